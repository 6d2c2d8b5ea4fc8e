-- BRON-derived bekostigd pupils (int_leerling_teldatum) vs DUO 1B per pupil and teldatum (teldata delivered by both);
-- one row per difference with its reason code; is_afwijking = false marks what BRON cannot decide (informational)
with teldata_beide as (
    select teldatum from {{ ref('stg_bron_inschrijvingen') }}
    intersect
    select teldatum from {{ ref('stg_duo_1b_bekostigd') }}
),

bron as (
    select
        l.leerling_id,
        l.teldatum,
        l.swv_bekostigd as swv_code,
        l.vestigingscode,
        case when l.onderwijstype = 'sbo' then 'sbo' else l.zorgcategorie end as niveau,
        l.onderwijstype = 'sbo' or l.zorgcategorie_herkomst = 'tlv' as niveau_afleidbaar,
        l.wijze_van_bepaling,
        l.bepaling_afleidbaar
    from {{ ref('int_leerling_teldatum') }} as l
    inner join teldata_beide as t on t.teldatum = l.teldatum
    where l.swv_bekostigd is not null
),

rijen_1b as (
    select
        b.leerling_id,
        b.teldatum,
        b.swv_code,
        b.vestigingscode,
        oc.niveau,
        wb.wijze_van_bepaling,
        count(*) over (partition by b.leerling_id, b.teldatum) as aantal_rijen
    from {{ ref('stg_duo_1b_bekostigd') }} as b
    inner join teldata_beide as t on t.teldatum = b.teldatum
    left join {{ ref('ondersteuningscategorie') }} as oc on oc.ondersteuningscategorie = b.ondersteuningscategorie
    left join {{ ref('wijze_van_bepaling') }} as wb on wb.wijze_van_bepaling_1b = b.wijze_van_bepaling
),

dubbel as (
    select leerling_id, teldatum, min(swv_code) as swv_code_1b, max(aantal_rijen) as aantal_rijen
    from rijen_1b
    where aantal_rijen > 1
    group by leerling_id, teldatum
),

enkel_1b as (
    select * from rijen_1b where aantal_rijen = 1
),

gekoppeld as (
    select
        coalesce(b.leerling_id, e.leerling_id) as leerling_id,
        coalesce(b.teldatum, e.teldatum) as teldatum,
        b.leerling_id is not null as in_bron,
        e.leerling_id is not null as in_1b,
        b.swv_code as swv_bron,
        e.swv_code as swv_1b,
        b.vestigingscode as vestiging_bron,
        e.vestigingscode as vestiging_1b,
        b.niveau as niveau_bron,
        e.niveau as niveau_1b,
        b.wijze_van_bepaling as wijze_bron,
        e.wijze_van_bepaling as wijze_1b,
        b.niveau_afleidbaar,
        b.bepaling_afleidbaar
    from bron as b
    full outer join enkel_1b as e on e.leerling_id = b.leerling_id and e.teldatum = b.teldatum
    -- pupils listed twice in 1B are reported once as dubbel_in_1b and not compared further
    anti join dubbel as d on d.leerling_id = coalesce(b.leerling_id, e.leerling_id)
        and d.teldatum = coalesce(b.teldatum, e.teldatum)
),

redenen as (
    select *, 'ontbreekt_in_1b' as reden_code from gekoppeld where in_bron and not in_1b
    union all
    select *, 'ontbreekt_in_bron' from gekoppeld where in_1b and not in_bron
    union all
    select *, case when bepaling_afleidbaar then 'ander_swv' else 'swv_niet_afleidbaar' end
    from gekoppeld where in_bron and in_1b and swv_bron is distinct from swv_1b
    union all
    select *, 'andere_categorie'
    from gekoppeld where in_bron and in_1b and niveau_afleidbaar and niveau_bron is distinct from niveau_1b
    union all
    select *, 'andere_vestiging'
    from gekoppeld where in_bron and in_1b and vestiging_bron is distinct from vestiging_1b
    union all
    select *, case when (wijze_bron = 'tlv') <> (wijze_1b = 'tlv') then 'andere_wijze_van_bepaling'
                   else 'wijze_label_verschilt' end
    from gekoppeld where in_bron and in_1b and wijze_bron is distinct from wijze_1b
),

alle_redenen as (
    select
        reden_code, leerling_id, teldatum, swv_bron, swv_1b, vestiging_bron, vestiging_1b, niveau_bron, niveau_1b,
        wijze_bron, wijze_1b, 1 as aantal_rijen_1b
    from redenen
    union all
    select
        'dubbel_in_1b', d.leerling_id, d.teldatum, b.swv_code, d.swv_code_1b, b.vestigingscode, null, b.niveau, null,
        b.wijze_van_bepaling, null, d.aantal_rijen
    from dubbel as d
    left join bron as b on b.leerling_id = d.leerling_id and b.teldatum = d.teldatum
)

select
    'BRON vs DUO 1B' as controle,
    a.reden_code,
    r.is_afwijking,
    a.leerling_id,
    a.teldatum,
    coalesce(a.swv_1b, a.swv_bron) as swv_code,
    a.swv_bron,
    a.swv_1b,
    a.vestiging_bron,
    a.vestiging_1b,
    a.niveau_bron,
    a.niveau_1b,
    a.wijze_bron,
    a.wijze_1b,
    a.aantal_rijen_1b
from alle_redenen as a
inner join {{ ref('reconciliatie_reden') }} as r on r.reden_code = a.reden_code
