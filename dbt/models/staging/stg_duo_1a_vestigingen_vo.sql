-- duo_1a_vestigingen_vo: landing parquet typed and renamed only; one row per delivered row (SWV x vestiging x teldatum).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'duo_1a_vestigingen_vo') }}

),

renamed as (

    select
        cast(vestigingscode as varchar) as vestigingscode,
        cast(totaal as bigint) as totaal,
        cast(nieuwkomers as bigint) as nieuwkomers,
        cast(vavo_gedeeltelijk_bekostigd as bigint) as vavo_gedeeltelijk_bekostigd,
        cast(lwoo as bigint) as lwoo,
        cast(pro as bigint) as pro,
        cast(bestand_swv_code as varchar) as swv_code,
        cast(bestand_datum as date) as teldatum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
