-- prognose_po: landing parquet typed and renamed only; one row per delivered row (vestiging x jaar).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'prognose_po') }}

),

renamed as (

    select
        cast(vestigingscode as varchar) as vestigingscode,
        cast(jaar as bigint) as jaar,
        cast(aantal as bigint) as aantal,
        cast(bestand_datum as date) as snapshot_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
