-- decentraal_tlv: landing parquet typed and renamed only; one row per delivered row (SWV x schooljaar x schoolsoort x afgifteduur).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'decentraal_tlv') }}

),

renamed as (

    select
        cast(schoolsoort as varchar) as schoolsoort,
        cast(afgifteduur as varchar) as afgifteduur,
        cast(aangevraagd as bigint) as aangevraagd,
        cast(toegekend as bigint) as toegekend,
        cast(afgewezen as bigint) as afgewezen,
        cast(bestand_swv_code as varchar) as bestand_swv_code,
        cast(bestand_schooljaar as varchar) as bestand_schooljaar,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
