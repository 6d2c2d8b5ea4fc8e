-- duo_1a_totaal: landing parquet typed and renamed only; one row per delivered row (SWV x schoolsoort x teldatum).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'duo_1a_totaal') }}

),

renamed as (

    select
        cast(schoolsoort as varchar) as schoolsoort,
        cast(met_tlv_dit_swv as bigint) as met_tlv_dit_swv,
        cast(met_tlv_ander_swv as bigint) as met_tlv_ander_swv,
        cast(totaal as bigint) as totaal,
        cast(bestand_swv_code as varchar) as swv_code,
        cast(bestand_datum as date) as teldatum,
        cast(bestand_variant as varchar) as bestand_variant,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
