-- ref_regio_indeling: landing parquet typed and renamed only; one row per delivered row (PC4).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'ref_regio_indeling') }}

),

renamed as (

    select
        cast(pc4 as varchar) as pc4,
        cast(gemeentenaam as varchar) as gemeentenaam,
        cast(po_swv_code as varchar) as po_swv_code,
        cast(vo_swv_code as varchar) as vo_swv_code,
        cast(bestand_datum as date) as snapshot_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
