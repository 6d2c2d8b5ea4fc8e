-- Aantal leerlingen and deelnamepercentage binnen swv-regio from the DUO open data (1 October): per po SWV
-- (bao, sbo, so) and per vo SWV (vmbo_havo_vwo, vavo, pro, vso), plus the landelijk row per sector.
-- Pupils of vestigingen whose PC4 has no SWV are in mart_opendata_vestigingen_zonder_swv, not here.
with vestigingen as (
    select * from {{ ref('mart_opendata_vestigingen_regio') }}
    where swv_code is not null
),

categorieen as (
    select distinct sector, categorie from {{ ref('mart_opendata_vestigingen_regio') }}
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
        cast(coalesce(p.aantal, 0) as double) as aantal
    from swvs as s
    inner join categorieen as c on c.sector = s.sector
    left join per_swv_categorie as p
        on p.sector = s.sector and p.swv_code = s.swv_code and p.peildatum = s.peildatum
        and p.categorie = c.categorie
),

swv_totaal as (
    select sector, swv_code, peildatum, sum(aantal) as totaal
    from swv_categorie_gevuld
    group by all
),

swv_rijen as (
    select
        'aantal_leerlingen' as indicator, g.sector, g.swv_code, g.schooljaar, g.peildatum, g.categorie,
        g.aantal as teller, cast(null as double) as noemer, g.aantal as waarde
    from swv_categorie_gevuld as g
    union all
    select
        'aantal_leerlingen', t.sector, t.swv_code, min(g.schooljaar), t.peildatum, 'totaal',
        t.totaal, cast(null as double), t.totaal
    from swv_totaal as t
    inner join swv_categorie_gevuld as g on g.sector = t.sector and g.swv_code = t.swv_code and g.peildatum = t.peildatum
    group by t.sector, t.swv_code, t.peildatum, t.totaal
    union all
    select
        'deelnamepercentage', g.sector, g.swv_code, g.schooljaar, g.peildatum, g.categorie,
        g.aantal, t.totaal, case when t.totaal > 0 then 100.0 * g.aantal / t.totaal end
    from swv_categorie_gevuld as g
    inner join swv_totaal as t on t.sector = g.sector and t.swv_code = g.swv_code and t.peildatum = g.peildatum
),

landelijk_rijen as (
    select
        indicator, sector, cast(null as varchar) as swv_code, schooljaar, peildatum, categorie,
        sum(teller) as teller,
        sum(noemer) as noemer,
        case
            when indicator = 'aantal_leerlingen' then sum(teller)
            when sum(noemer) > 0 then 100.0 * sum(teller) / sum(noemer)
        end as waarde,
        {{ exact_sum('waarde') }} / count(waarde) as waarde_gemiddelde_swv
    from swv_rijen
    group by indicator, sector, schooljaar, peildatum, categorie
)

select
    indicator, sector, swv_code, schooljaar, peildatum, 'binnen_regio' as populatie,
    'swv' as grain, swv_code as grain_code, swv_code as grain_naam, categorie,
    teller, noemer, waarde, cast(null as double) as waarde_gemiddelde_swv
from swv_rijen
union all
select
    indicator, sector, swv_code, schooljaar, peildatum, 'binnen_regio' as populatie,
    'landelijk' as grain, 'NL' as grain_code, 'Nederland' as grain_naam, categorie,
    teller, noemer, waarde, waarde_gemiddelde_swv
from landelijk_rijen
