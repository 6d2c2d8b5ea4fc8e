-- ref_apc_postcodes: landing parquet typed and renamed only; one row per delivered row (PC4 x jaar).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'ref_apc_postcodes') }}

),

renamed as (

    select
        cast(pc4 as varchar) as pc4,
        cast(jaar as bigint) as jaar,
        cast(bestand_datum as date) as snapshot_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
