-- duo_1a_tlv: landing parquet typed and renamed only; one row per delivered row (SWV x vestiging x teldatum).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'duo_1a_tlv') }}

),

renamed as (

    select
        cast(schoolsoort as varchar) as schoolsoort,
        cast(vestigingscode as varchar) as vestigingscode,
        cast(deelnemende_vestiging as boolean) as deelnemende_vestiging,
        cast(totaal as bigint) as totaal,
        cast(aantal_hoog_tlv as bigint) as aantal_hoog_tlv,
        cast(aantal_hoog_rp as bigint) as aantal_hoog_rp,
        cast(aantal_hoog_overig as bigint) as aantal_hoog_overig,
        cast(aantal_midden_tlv as bigint) as aantal_midden_tlv,
        cast(aantal_midden_rp as bigint) as aantal_midden_rp,
        cast(aantal_midden_overig as bigint) as aantal_midden_overig,
        cast(aantal_laag_tlv as bigint) as aantal_laag_tlv,
        cast(aantal_laag_rp as bigint) as aantal_laag_rp,
        cast(aantal_laag_overig as bigint) as aantal_laag_overig,
        cast(aantal_sbo_tlv as bigint) as aantal_sbo_tlv,
        cast(aantal_sbo_overig as bigint) as aantal_sbo_overig,
        cast(bestand_swv_code as varchar) as swv_code,
        cast(bestand_datum as date) as teldatum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
