-- inspectie: landing parquet typed and renamed only; one row per delivered row (vestiging x datum).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'inspectie') }}

),

renamed as (

    select
        cast(vestigingscode as varchar) as vestigingscode,
        cast(arrangement as varchar) as arrangement,
        cast(datum as date) as datum,
        cast(rapport_url as varchar) as rapport_url,
        cast(bestand_datum as date) as snapshot_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
