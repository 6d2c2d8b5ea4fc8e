-- one row per pupil per teldatum: the enrolment that counts (bekostigd, active on the teldatum, highest
-- inschrijvingsvolgnummer) with its populations: bekostigd SWV (+ wijze van bepaling), regio, vestiging and woon SWV.
-- Incremental by teldatum (macros/incremental/teldatum_incremental.sql): a run computes only the teldata whose inputs
-- changed, and also those where the pupil's previous enrolment (int_inschrijving_historie, built from every snapshot)
-- now has another vestiging than the one the row was computed with.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ teldata_verwijderen(leerling_historie_gewijzigd()) }}"
) }}
-- depends_on: {{ ref('int_teldatum_invoer') }}
with actieve_inschrijvingen as (
    select
        b.*,
        lower(b.onderwijssoort) as onderwijssoort_code,
        o.sector as dashboard_sector,
        o.onderwijstype,
        o.telgewicht,
        o.leerweg
    from {{ ref('stg_bron_inschrijvingen') }} as b
    inner join {{ ref('onderwijssoort') }} as o on o.onderwijssoort = lower(b.onderwijssoort)
    where o.sector in ('po', 'vo')
      and b.is_bekostigde_inschrijving
      and {{ actief_op('b.teldatum', 'b.datum_inschrijving', 'b.datum_uitschrijving') }}
      and {{ teldata_te_berekenen('b.teldatum') }}
),

telt as (
    select *
    from actieve_inschrijvingen
    qualify row_number() over (
        partition by leerling_id, teldatum
        order by try_cast(inschrijvingsvolgnummer as bigint) desc nulls last, inschrijvingsvolgnummer desc
    ) = 1
),

categorie_1b as (
    -- the ondersteuningscategorie DUO 1B funds the pupil in (ground truth where BRON has no valid TLV)
    select b.leerling_id, b.teldatum, min(oc.niveau) as niveau_1b
    from {{ ref('stg_duo_1b_bekostigd') }} as b
    inner join {{ ref('ondersteuningscategorie') }} as oc on oc.ondersteuningscategorie = b.ondersteuningscategorie
    where oc.niveau <> 'sbo'
      and {{ teldata_te_berekenen('b.teldatum') }}
    group by b.leerling_id, b.teldatum
),

met_context as (
    select
        t.*,
        d.schooljaar,
        i.invoer_hash,
        d.peildatum_type,
        v.vestiging_pc4,
        v.vestiging_gemeentecode,
        case t.dashboard_sector when 'po' then v.swv_po_regio else v.swv_vo_regio end as swv_regio,
        case t.dashboard_sector when 'po' then v.swv_po_vestiging else v.swv_vo_vestiging end as swv_van_vestiging,
        w.gemeentecode as woon_gemeentecode,
        case t.dashboard_sector when 'po' then w.po_swv_code else w.vo_swv_code end as swv_woon,
        coalesce(sv.residentieel, false) as residentieel,
        so.cluster as cluster_code,
        tc.zorgcategorie as tlv_zorgcategorie,
        c1b.niveau_1b as zorgcategorie_1b,
        h.vorige_vestigingscode,
        h.vorige_onderwijssoort,
        h.vorige_datum_uitschrijving,
        case t.dashboard_sector when 'po' then pv.swv_po_vestiging else pv.swv_vo_vestiging end as swv_vorige_vestiging,
        -- a valid TLV covers the teldatum
        (coalesce(t.beschikkingsnummer, t.tlv_swv_code) is not null
            and {{ actief_op('t.teldatum', 't.tlv_begindatum', 't.tlv_einddatum', eind_inclusief=true) }})
            as heeft_geldige_tlv,
        coalesce(regexp_extract(t.beschikkingsnummer, '^((PO|VO)[0-9]{4})-', 1), t.tlv_swv_code) as swv_tlv
    from telt as t
    inner join {{ ref('int_teldata') }} as d on d.teldatum = t.teldatum
    inner join {{ ref('int_teldatum_invoer') }} as i on i.teldatum = t.teldatum
    left join {{ ref('int_vestiging_teldatum') }} as v on v.teldatum = t.teldatum and v.vestigingscode = t.vestigingscode
    left join {{ ref('int_regio_indeling_teldatum') }} as w on w.teldatum = t.teldatum and w.pc4 = t.woon_pc4
    left join {{ ref('soort_verblijf') }} as sv on sv.soort_verblijf = t.soort_verblijf
    left join {{ ref('soort_onderwijs') }} as so on so.soort_onderwijs = t.soort_onderwijs
    left join {{ ref('tlv_categorie') }} as tc on tc.tlv_categorie = t.tlv_categorie
    left join {{ ref('int_inschrijving_historie') }} as h
        on h.leerling_id = t.leerling_id and h.inschrijvingsvolgnummer = t.inschrijvingsvolgnummer
    left join {{ ref('int_vestiging_teldatum') }} as pv on pv.teldatum = t.teldatum and pv.vestigingscode = h.vorige_vestigingscode
    left join categorie_1b as c1b on c1b.leerling_id = t.leerling_id and c1b.teldatum = t.teldatum
),

met_wijze as (
    select
        *,
        onderwijstype in ('sbo', 'so', 'vso') and coalesce(cluster_code, 0) not in (1, 2) as wordt_door_swv_bekostigd,
        case
            when heeft_geldige_tlv and swv_tlv is not null then 'tlv'
            when residentieel then 'woonplaats'
            -- the SWV of the previous enrolment's vestiging, looked up when the pupil enters sbo/(v)so (first
            -- enrolment there, po -> vso transition, or re-enrolment after a gap); the home PC4's SWV when no
            -- previous enrolment exists (recorded as vorige_inschrijving, as DUO 1B does)
            else 'vorige_inschrijving'
        end as wijze_afgeleid
    from met_context
)

select
    leerling_id,
    teldatum,
    peildatum_type,
    schooljaar,
    dashboard_sector as sector,
    onderwijssoort_code as onderwijssoort,
    onderwijstype,
    cast(telgewicht as double) as telgewicht,
    leerweg,
    inschrijvingsvolgnummer,
    datum_inschrijving,
    vestigingscode,
    brin,
    vestiging_pc4,
    vestiging_gemeentecode,
    woon_pc4,
    woon_gemeentecode,
    geboortedatum,
    {{ leeftijd('geboortedatum', 'teldatum') }} as leeftijd,
    geslacht,
    leerjaar,
    case when dashboard_sector = 'po' then gewicht end as gewicht,
    lwoo,
    nieuwkomer,
    opp,
    residentieel,
    advies_vo,
    soort_onderwijs,
    case when onderwijstype in ('so', 'vso') then
        coalesce(case when heeft_geldige_tlv then tlv_zorgcategorie end, zorgcategorie_1b, tlv_zorgcategorie, 'laag')
    end as zorgcategorie,
    case when onderwijstype in ('so', 'vso') then
        case
            when heeft_geldige_tlv and tlv_zorgcategorie is not null then 'tlv'
            when zorgcategorie_1b is not null then '1b'
            when tlv_zorgcategorie is not null then 'verlopen_tlv'
            else 'standaard_laag'
        end
    end as zorgcategorie_herkomst,
    case when onderwijstype in ('so', 'vso') then cluster_code end as cluster,
    beschikkingsnummer,
    heeft_geldige_tlv,
    case when wordt_door_swv_bekostigd then
        case wijze_afgeleid
            when 'tlv' then swv_tlv
            when 'woonplaats' then swv_woon
            else coalesce(swv_vorige_vestiging, case when vorige_vestigingscode is null then swv_woon end)
        end
    end as swv_bekostigd,
    case when wordt_door_swv_bekostigd then wijze_afgeleid end as wijze_van_bepaling,
    -- false when the SWV falls back on the home PC4 because BRON shows no previous enrolment: with two snapshots a
    -- year an enrolment between them (or before the first) is invisible, so "first enrolment" cannot be told apart
    case when wordt_door_swv_bekostigd then
        wijze_afgeleid = 'tlv' or residentieel or vorige_vestigingscode is not null
    end as bepaling_afleidbaar,
    swv_regio,
    case when onderwijstype in ('so', 'vso') then swv_regio else swv_van_vestiging end as swv_vestiging,
    swv_woon,
    vorige_vestigingscode,
    invoer_hash
from met_wijze
