-- ref_swv: landing parquet typed and renamed only; one row per delivered row (SWV).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'ref_swv') }}

),

renamed as (

    select
        cast(swv_code as varchar) as swv_code,
        cast(swv_naam as varchar) as swv_naam,
        cast(sector as varchar) as sector,
        cast(bestand_datum as date) as snapshot_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
