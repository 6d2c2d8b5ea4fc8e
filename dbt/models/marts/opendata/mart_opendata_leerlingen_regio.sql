-- Aantal leerlingen and deelnamepercentage from the DUO open data (1 October) in the indicator shape: per po SWV
-- (bao, sbo, so) and per vo SWV (vmbo_havo_vwo, vavo, pro, vso), plus the landelijk row per sector.
-- Deelnamepercentage as the DPO manual defines it: po sbo and so over bao + sbo; vo pro and vso over
-- vmbo_havo_vwo + pro with VAVO at one half (vso is not in the noemer). The counts of aantal_leerlingen are persons
-- as published (VAVO 1). so and vso are binnen_regio (SWV of the vestiging's PC4); bao, sbo and the vo categories
-- are at the SWV of their vestiging (school-level list, else PC4 region; populatie null).
-- Pupils of vestigingen without an SWV are in mart_opendata_vestigingen_zonder_swv, not here.
with vestigingen as (
    select * from {{ ref('mart_opendata_vestigingen_regio') }}
    where swv_code is not null
),

categorieen as (
    -- every categorie of the sector, also when no vestiging has pupils in it
    select * from (
        values
            ('po', 'bao', false), ('po', 'sbo', false), ('po', 'so', true),
            ('vo', 'vmbo_havo_vwo', false), ('vo', 'vavo', false), ('vo', 'pro', false), ('vo', 'vso', true)
    ) as c (sector, categorie, is_binnen_regio)
),

swvs as (
    select distinct sector, swv_code, schooljaar, peildatum from vestigingen
),

per_swv_categorie as (
    select sector, swv_code, schooljaar, peildatum, categorie, sum(aantal_leerlingen) as aantal
    from vestigingen
    group by all
),

swv_categorie_gevuld as (
    -- every SWV gets every categorie of its sector, 0 where it has none
    select
        s.sector,
        s.swv_code,
        s.schooljaar,
        s.peildatum,
        c.categorie,
        case when c.is_binnen_regio then 'binnen_regio' end as populatie,
        cast(coalesce(p.aantal, 0) as double) as aantal
    from swvs as s
    inner join categorieen as c on c.sector = s.sector
    left join per_swv_categorie as p
        on p.sector = s.sector and p.swv_code = s.swv_code and p.peildatum = s.peildatum
        and p.categorie = c.categorie
),

swv_totaal as (
    select sector, swv_code, schooljaar, peildatum, sum(aantal) as totaal
    from swv_categorie_gevuld
    group by all
),

deelname_noemer as (
    -- po: bao + sbo; vo: vmbo_havo_vwo + pro, VAVO at one half; so and vso are not in the noemer
    select
        sector, swv_code, schooljaar, peildatum,
        sum(case
            when categorie in ('bao', 'sbo', 'vmbo_havo_vwo', 'pro') then aantal
            when categorie = 'vavo' then 0.5 * aantal
            else 0
        end) as noemer
    from swv_categorie_gevuld
    group by all
),

swv_rijen as (
    select
        'aantal_leerlingen' as indicator, sector, swv_code, schooljaar, peildatum, populatie, categorie,
        aantal as teller, cast(null as double) as noemer, aantal as waarde
    from swv_categorie_gevuld
    union all
    select
        'aantal_leerlingen', sector, swv_code, schooljaar, peildatum, null, 'totaal',
        totaal, cast(null as double), totaal
    from swv_totaal
    union all
    select
        'deelnamepercentage', g.sector, g.swv_code, g.schooljaar, g.peildatum, g.populatie, g.categorie,
        g.aantal, n.noemer, {{ indicator_pct('g.aantal', 'n.noemer') }}
    from swv_categorie_gevuld as g
    inner join deelname_noemer as n
        on n.sector = g.sector and n.swv_code = g.swv_code and n.peildatum = g.peildatum
    where g.categorie in ('sbo', 'so', 'pro', 'vso')
),

landelijk_rijen as (
    -- pooled sum(teller) / sum(noemer) over the SWVs, and the mean of the SWV values (the DPO benchmark)
    select
        indicator, sector, cast(null as varchar) as swv_code, schooljaar, peildatum, populatie, categorie,
        {{ exact_sum('teller') }} as teller,
        {{ exact_sum('noemer') }} as noemer,
        case
            when indicator = 'aantal_leerlingen' then {{ exact_sum('teller') }}
            else {{ indicator_pct(exact_sum('teller'), exact_sum('noemer')) }}
        end as waarde,
        {{ exact_sum('waarde') }} / count(waarde) as waarde_gemiddelde_swv
    from swv_rijen
    group by indicator, sector, schooljaar, peildatum, populatie, categorie
)

select
    indicator, sector, swv_code, schooljaar, peildatum, populatie,
    'swv' as grain, swv_code as grain_code, swv_code as grain_naam, categorie,
    teller, noemer, waarde, cast(null as double) as waarde_gemiddelde_swv
from swv_rijen
union all
select
    indicator, sector, swv_code, schooljaar, peildatum, populatie,
    'landelijk' as grain, 'NL' as grain_code, 'Nederland' as grain_naam, categorie,
    teller, noemer, waarde, waarde_gemiddelde_swv
from landelijk_rijen
