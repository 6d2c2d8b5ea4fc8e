"""pub_gemeentetabel: pupils per gemeente of each SWV, schoolgaand and woonachtig, masked like the indicator marts."""

from dagster_project.masking.dbt_model import publish_model

SQL = """
with leerlingen as (
    select
        sector, schooljaar, teldatum as peildatum, onderwijstype, zorgcategorie, telgewicht,
        vestiging_gemeentecode, woon_gemeentecode,
        case when onderwijstype in ('sbo', 'so', 'vso') and swv_bekostigd is not null then swv_bekostigd
             else swv_vestiging end as swv_code
    from leerling_teldatum
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
order by all
"""


def model(dbt, session):
    dbt.config(materialized="table")
    session.register("leerling_teldatum", dbt.ref("int_leerling_teldatum"))
    return publish_model(session, session.sql(SQL), threshold=dbt.config.get("mask_threshold"))
