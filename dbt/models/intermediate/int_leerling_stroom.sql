-- one row per pupil per pair of 1 October snapshots (t - jaren -> t, jaren 1, 2 or 3): where the pupil was at the
-- herkomst snapshot and where the pupil is at t (po / vo enrolment that counts, else bekostigd mbo / hbo / wo, else
-- not found: left bekostigd education), plus the pupils new at t. Flows count persons (VAVO 1, not ½).
-- No advies here: the schooladvies that counts is one row per pupil in int_leerling_advies (it reads every snapshot,
-- also later ones, so a copy keyed on t would go stale for teldata this model does not recompute).
-- Incremental by teldatum (macros/incremental/teldatum_incremental.sql) on its own fingerprint int_stroom_invoer:
-- the flows ending on t are computed again when anything they read changed, also a re-delivered t-1.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ teldata_verwijderen(invoer='int_stroom_invoer') }}"
) }}
-- depends_on: {{ ref('int_stroom_invoer') }}

with bron_oktober as (
    -- the BRON 1 October snapshots delivered: a pair is only built when both of its snapshots exist
    select distinct teldatum
    from {{ ref('stg_bron_inschrijvingen') }}
    where month(teldatum) = 10 and day(teldatum) = 1
),

paren as (
    select
        t.teldatum,
        h.teldatum as teldatum_herkomst,
        j.jaren
    from bron_oktober as t
    cross join (values (1), (2), (3)) as j (jaren)
    inner join bron_oktober as h on h.teldatum = cast(t.teldatum - to_years(j.jaren) as date)
    where {{ teldata_te_berekenen('t.teldatum') }}
),

leerlingen_oktober as (
    -- the po / vo enrolment that counts on a 1 October, with the BRON fields the pupil-level model does not carry
    select
        l.leerling_id,
        l.teldatum,
        l.sector,
        l.onderwijssoort,
        l.onderwijstype,
        l.leerweg,
        l.vestigingscode,
        l.brin,
        l.leerjaar,
        b.verblijfsjaar,
        coalesce(l.lwoo, false) as lwoo,
        l.zorgcategorie,
        l.cluster,
        l.is_cluster_1_2,
        l.residentieel,
        b.uitstroomprofiel,
        l.swv_vestiging,
        l.swv_regio,
        l.swv_bekostigd
    from {{ ref('int_indicator_leerlingen') }} as l
    left join {{ ref('stg_bron_inschrijvingen') }} as b
        on b.leerling_id = l.leerling_id
        and b.teldatum = l.teldatum
        and b.inschrijvingsvolgnummer = l.inschrijvingsvolgnummer
    where l.peildatum_type = '1 oktober'
),

vervolgonderwijs as (
    -- bekostigd mbo / hbo / wo enrolments active on a 1 October; a student in both counts in ho (ho before mbo),
    -- within a sector the highest inschrijvingsvolgnummer
    select
        b.leerling_id,
        b.teldatum,
        o.onderwijstype as vervolg_onderwijssoort,
        case when o.onderwijstype = 'mbo' then b.mbo_niveau end as vervolg_mbo_niveau,
        b.vestigingscode as vervolg_vestigingscode
    from {{ ref('stg_bron_inschrijvingen') }} as b
    inner join {{ ref('onderwijssoort') }} as o on o.onderwijssoort = lower(b.onderwijssoort)
    where o.sector in ('mbo', 'ho')
      and b.is_bekostigde_inschrijving
      and month(b.teldatum) = 10 and day(b.teldatum) = 1
      and {{ actief_op('b.teldatum', 'b.datum_inschrijving', 'b.datum_uitschrijving') }}
    qualify row_number() over (
        partition by b.leerling_id, b.teldatum
        order by case o.sector when 'ho' then 0 else 1 end,
            try_cast(b.inschrijvingsvolgnummer as bigint) desc nulls last, b.inschrijvingsvolgnummer desc
    ) = 1
),

herkomst as (
    select p.teldatum, p.teldatum_herkomst, p.jaren, l.*
    from paren as p
    inner join leerlingen_oktober as l on l.teldatum = p.teldatum_herkomst
),

bestemming as (
    select p.teldatum, p.teldatum_herkomst, p.jaren, l.*
    from paren as p
    inner join leerlingen_oktober as l on l.teldatum = p.teldatum
),

gekoppeld as (
    select
        coalesce(h.leerling_id, d.leerling_id) as leerling_id,
        coalesce(h.teldatum, d.teldatum) as teldatum,
        coalesce(h.teldatum_herkomst, d.teldatum_herkomst) as teldatum_herkomst,
        coalesce(h.jaren, d.jaren) as jaren,
        h.leerling_id is not null as in_herkomst,
        d.leerling_id is not null as in_bestemming,
        h.sector as herkomst_sector,
        h.onderwijssoort as herkomst_onderwijssoort,
        h.onderwijstype as herkomst_onderwijstype,
        h.leerweg as herkomst_leerweg,
        h.vestigingscode as herkomst_vestigingscode,
        h.brin as herkomst_brin,
        h.leerjaar as herkomst_leerjaar,
        h.verblijfsjaar as herkomst_verblijfsjaar,
        h.lwoo as herkomst_lwoo,
        h.zorgcategorie as herkomst_zorgcategorie,
        h.cluster as herkomst_cluster,
        h.is_cluster_1_2 as herkomst_is_cluster_1_2,
        h.residentieel as herkomst_residentieel,
        h.uitstroomprofiel as herkomst_uitstroomprofiel,
        h.swv_vestiging as herkomst_swv_vestiging,
        h.swv_regio as herkomst_swv_regio,
        h.swv_bekostigd as herkomst_swv_bekostigd,
        d.sector as bestemming_sector,
        d.onderwijssoort as bestemming_onderwijssoort,
        d.onderwijstype as bestemming_onderwijstype,
        d.leerweg as bestemming_leerweg,
        d.vestigingscode as bestemming_vestigingscode,
        d.brin as bestemming_brin,
        d.leerjaar as bestemming_leerjaar,
        d.verblijfsjaar as bestemming_verblijfsjaar,
        d.lwoo as bestemming_lwoo,
        d.zorgcategorie as bestemming_zorgcategorie,
        d.cluster as bestemming_cluster,
        d.is_cluster_1_2 as bestemming_is_cluster_1_2,
        d.residentieel as bestemming_residentieel,
        d.uitstroomprofiel as bestemming_uitstroomprofiel,
        d.swv_vestiging as bestemming_swv_vestiging,
        d.swv_regio as bestemming_swv_regio,
        d.swv_bekostigd as bestemming_swv_bekostigd
    from herkomst as h
    full outer join bestemming as d
        on d.leerling_id = h.leerling_id and d.teldatum = h.teldatum and d.jaren = h.jaren
)

select
    g.leerling_id,
    g.teldatum,
    {{ schooljaar('g.teldatum') }} as schooljaar,
    g.teldatum_herkomst,
    {{ schooljaar('g.teldatum_herkomst') }} as schooljaar_herkomst,
    g.jaren,
    case
        when not g.in_herkomst then 'nieuw'
        when g.in_bestemming then 'po_vo'
        when v.leerling_id is not null then 'vervolgonderwijs'
        else 'uit_bekostigd_onderwijs'
    end as stroom_status,
    g.herkomst_sector,
    g.herkomst_onderwijssoort,
    g.herkomst_onderwijstype,
    g.herkomst_leerweg,
    g.herkomst_vestigingscode,
    g.herkomst_brin,
    g.herkomst_leerjaar,
    g.herkomst_verblijfsjaar,
    g.herkomst_lwoo,
    g.herkomst_zorgcategorie,
    g.herkomst_cluster,
    g.herkomst_is_cluster_1_2,
    g.herkomst_residentieel,
    g.herkomst_uitstroomprofiel,
    g.herkomst_swv_vestiging,
    g.herkomst_swv_regio,
    g.herkomst_swv_bekostigd,
    g.bestemming_sector,
    g.bestemming_onderwijssoort,
    g.bestemming_onderwijstype,
    g.bestemming_leerweg,
    g.bestemming_vestigingscode,
    g.bestemming_brin,
    g.bestemming_leerjaar,
    g.bestemming_verblijfsjaar,
    g.bestemming_lwoo,
    g.bestemming_zorgcategorie,
    g.bestemming_cluster,
    g.bestemming_is_cluster_1_2,
    g.bestemming_residentieel,
    g.bestemming_uitstroomprofiel,
    g.bestemming_swv_vestiging,
    g.bestemming_swv_regio,
    g.bestemming_swv_bekostigd,
    case when g.in_herkomst and not g.in_bestemming then v.vervolg_onderwijssoort end as vervolg_onderwijssoort,
    case when g.in_herkomst and not g.in_bestemming then v.vervolg_mbo_niveau end as vervolg_mbo_niveau,
    case when g.in_herkomst and not g.in_bestemming then v.vervolg_vestigingscode end as vervolg_vestigingscode,
    i.invoer_hash
from gekoppeld as g
inner join {{ ref('int_stroom_invoer') }} as i on i.teldatum = g.teldatum
left join vervolgonderwijs as v on v.leerling_id = g.leerling_id and v.teldatum = g.teldatum
