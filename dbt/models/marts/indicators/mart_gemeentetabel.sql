-- Gemeentetabel (1 October): pupils per gemeente of each SWV, schoolgaand (at vestigingen in the gemeente) and
-- woonachtig (home in the gemeente), by onderwijstype and (v)so zorgcategorie, plus the swv row they add up to.
-- The SWV of a pupil: swv_bekostigd for sbo/so/vso where there is one, else swv_vestiging.
with leerlingen as (
    select
        sector, schooljaar, teldatum as peildatum, onderwijstype, zorgcategorie, telgewicht,
        vestiging_gemeentecode, woon_gemeentecode,
        case when onderwijstype in ('sbo', 'so', 'vso') and swv_bekostigd is not null then swv_bekostigd
             else swv_vestiging end as swv_code
    from {{ ref('int_leerling_teldatum') }}
    where peildatum_type = '1 oktober'
),

per_blok as (
    select *, 'schoolgaand' as blok, vestiging_gemeentecode as gemeentecode from leerlingen
    union all
    select *, 'woonachtig' as blok, woon_gemeentecode as gemeentecode from leerlingen
),

cube as (
    select
        sector, swv_code, schooljaar, peildatum, blok,
        case when grouping(gemeentecode) = 1 then 'swv' else 'gemeente' end as grain,
        coalesce(gemeentecode, swv_code) as grain_code,
        coalesce(onderwijstype, 'totaal') as categorie,
        zorgcategorie,
        sum(telgewicht) as teller
    from per_blok
    where swv_code is not null and gemeentecode is not null
    group by grouping sets (
        (sector, swv_code, schooljaar, peildatum, blok, gemeentecode, onderwijstype, zorgcategorie),
        (sector, swv_code, schooljaar, peildatum, blok, gemeentecode, onderwijstype),
        (sector, swv_code, schooljaar, peildatum, blok, gemeentecode),
        (sector, swv_code, schooljaar, peildatum, blok, onderwijstype, zorgcategorie),
        (sector, swv_code, schooljaar, peildatum, blok, onderwijstype),
        (sector, swv_code, schooljaar, peildatum, blok)
    )
    having grouping(zorgcategorie) = 1 or zorgcategorie is not null
)

select
    'gemeentetabel' as indicator, sector, swv_code, schooljaar, peildatum, blok as populatie, grain, grain_code,
    cast(null as varchar) as grain_naam, categorie, zorgcategorie,
    cast(teller as double) as teller, cast(null as double) as noemer, cast(teller as double) as waarde,
    cast(null as double) as waarde_gemiddelde_swv
from cube
