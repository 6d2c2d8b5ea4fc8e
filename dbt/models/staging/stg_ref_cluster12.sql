-- ref_cluster12: landing parquet typed and renamed only; one row per delivered row (instelling).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'ref_cluster12') }}

),

renamed as (

    select
        cast(brin as varchar) as brin,
        cast(instellingsnaam as varchar) as instellingsnaam,
        cast(cluster as bigint) as cluster,
        cast(bestand_datum as date) as snapshot_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
