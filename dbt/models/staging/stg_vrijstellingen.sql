-- vrijstellingen: landing parquet typed and renamed only; one row per delivered row (gemeente x schooljaar x onderwijssoort x artikel).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'vrijstellingen') }}

),

renamed as (

    select
        cast(gemeentecode as varchar) as gemeentecode,
        cast(gemeentenaam as varchar) as gemeentenaam,
        cast(schooljaar as varchar) as schooljaar,
        cast(onderwijssoort as varchar) as onderwijssoort,
        cast(artikel as varchar) as artikel,
        cast(aantal as bigint) as aantal,
        cast(aantal_gemaskeerd as boolean) as aantal_gemaskeerd,
        cast(bestand_schooljaar as varchar) as bestand_schooljaar,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
