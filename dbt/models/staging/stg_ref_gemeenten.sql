-- ref_gemeenten: landing parquet typed and renamed only; one row per delivered row (gemeente).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'ref_gemeenten') }}

),

renamed as (

    select
        cast(gemeentecode as varchar) as gemeentecode,
        cast(gemeentenaam as varchar) as gemeentenaam,
        cast(bestand_datum as date) as snapshot_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
