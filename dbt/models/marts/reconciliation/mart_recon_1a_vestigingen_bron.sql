-- DUO 1A vestigingen files (bo/sbo on 1 February, vo on 1 October) vs the BRON count of counting pupils at the same
-- vestiging and teldatum (int_leerling_teldatum; headcount); one row per differing measure.
-- vo as DUO describes the file: Totaal includes the partly funded vavo pupils and excludes the nieuwkomers
-- (categorie 1, BRON's nieuwkomer flag), who are counted beside it; vavo, lwoo and pro count pupils of Totaal
with bron_po as (
    select teldatum, vestigingscode, count(*) as totaal
    from {{ ref('int_leerling_teldatum') }}
    where onderwijstype in ('bao', 'sbo')
    group by all
),

bron_vo as (
    select
        teldatum,
        vestigingscode,
        count(*) filter (where nieuwkomer is not true) as totaal,
        count(*) filter (where nieuwkomer) as nieuwkomers,
        count(*) filter (where nieuwkomer is not true and onderwijssoort = 'vavo') as vavo_gedeeltelijk_bekostigd,
        count(*) filter (where nieuwkomer is not true and lwoo) as lwoo,
        count(*) filter (where nieuwkomer is not true and onderwijstype = 'pro') as pro
    from {{ ref('int_leerling_teldatum') }}
    where onderwijstype in ('vmbo_havo_vwo', 'pro')
    group by all
),

bron_teldata as (
    select distinct teldatum from {{ ref('stg_bron_inschrijvingen') }}
),

metingen_1a as (
    select 'po' as sector, swv_code, teldatum, vestigingscode, 'totaal' as meting, totaal as aantal_1a
    from {{ ref('stg_duo_1a_vestigingen_po') }}
    union all
    select 'vo', swv_code, teldatum, vestigingscode, meting, aantal_1a
    from (
        unpivot (
            select swv_code, teldatum, vestigingscode, totaal, nieuwkomers, vavo_gedeeltelijk_bekostigd, lwoo, pro
            from {{ ref('stg_duo_1a_vestigingen_vo') }}
        )
        on totaal, nieuwkomers, vavo_gedeeltelijk_bekostigd, lwoo, pro
        into name meting value aantal_1a
    )
),

metingen_bron as (
    select 'po' as sector, teldatum, vestigingscode, 'totaal' as meting, totaal as aantal_bron from bron_po
    union all
    select 'vo', teldatum, vestigingscode, meting, aantal_bron
    from (
        unpivot bron_vo
        on totaal, nieuwkomers, vavo_gedeeltelijk_bekostigd, lwoo, pro
        into name meting value aantal_bron
    )
),

-- the SWVs that delivered a 1A vestigingen file per sector and teldatum
bestanden_1a as (
    select distinct sector, swv_code, teldatum from metingen_1a
),

-- BRON vestigingen of an SWV that delivered a file, with the SWV they belong to
bron_met_swv as (
    select m.*, v.swv_po_vestiging, v.swv_vo_vestiging,
        case m.sector when 'po' then v.swv_po_vestiging else v.swv_vo_vestiging end as swv_code
    from metingen_bron as m
    left join {{ ref('int_vestiging_teldatum') }} as v on v.teldatum = m.teldatum and v.vestigingscode = m.vestigingscode
),

vergeleken as (
    select
        a.sector, a.swv_code, a.teldatum, a.vestigingscode, a.meting, a.aantal_1a,
        coalesce(b.aantal_bron, 0) as aantal_bron, 'totaal_verschilt' as reden_code
    from metingen_1a as a
    inner join bron_teldata as t on t.teldatum = a.teldatum
    left join metingen_bron as b
        on b.sector = a.sector and b.teldatum = a.teldatum and b.vestigingscode = a.vestigingscode and b.meting = a.meting
    union all
    select
        b.sector, b.swv_code, b.teldatum, b.vestigingscode, b.meting, 0, b.aantal_bron, 'vestiging_ontbreekt_in_1a'
    from bron_met_swv as b
    inner join bestanden_1a as f on f.sector = b.sector and f.swv_code = b.swv_code and f.teldatum = b.teldatum
    anti join metingen_1a as a
        on a.sector = b.sector and a.teldatum = b.teldatum and a.vestigingscode = b.vestigingscode and a.meting = b.meting
    where b.meting = 'totaal'
)

select
    'DUO 1A vestigingen vs BRON' as controle,
    reden_code,
    sector,
    swv_code,
    teldatum,
    vestigingscode,
    meting,
    aantal_1a,
    aantal_bron,
    aantal_bron - aantal_1a as verschil
from vergeleken
where aantal_1a <> aantal_bron
