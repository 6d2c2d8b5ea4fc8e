-- ref_vestigingen: landing parquet typed and renamed only; one row per delivered row (vestiging).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'ref_vestigingen') }}

),

renamed as (

    select
        cast(vestigingscode as varchar) as vestigingscode,
        cast(brin as varchar) as brin,
        cast(vestigingsnaam as varchar) as vestigingsnaam,
        cast(schoolsoort as varchar) as schoolsoort,
        cast(postcode as varchar) as postcode,
        cast(gemeentecode as varchar) as gemeentecode,
        cast(gemeentenaam as varchar) as gemeentenaam,
        cast(bestuursnummer as varchar) as bestuursnummer,
        cast(swv_code as varchar) as swv_code,
        cast(cluster as bigint) as cluster,
        cast(bestand_datum as date) as snapshot_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
