-- duo_1b_bekostigd: landing parquet typed and renamed only; one row per delivered row (pupil x teldatum).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'duo_1b_bekostigd') }}

),

renamed as (

    select
        cast(leerling_id as varchar) as leerling_id,
        cast(beschikkingsnummer as varchar) as beschikkingsnummer,
        cast(leeftijd_teldatum as bigint) as leeftijd_teldatum,
        cast(instellingscode as varchar) as instellingscode,
        cast(vestigingscode as varchar) as vestigingscode,
        cast(vestigingsnaam as varchar) as vestigingsnaam,
        cast(vestiging_swv_code as varchar) as vestiging_swv_code,
        cast(vestiging_swv_naam as varchar) as vestiging_swv_naam,
        cast(ondersteuningscategorie as varchar) as ondersteuningscategorie,
        cast(inschrijvingsvolgnummer as varchar) as inschrijvingsvolgnummer,
        cast(datum_inschrijving as date) as datum_inschrijving,
        cast(datum_uitschrijving as date) as datum_uitschrijving,
        cast(begin_datum_tlv as date) as begin_datum_tlv,
        cast(eind_datum_tlv as date) as eind_datum_tlv,
        cast(residentiele_leerling as boolean) as residentiele_leerling,
        cast(hoofd_onderwijssoort as varchar) as hoofd_onderwijssoort,
        cast(wijze_van_bepaling as varchar) as wijze_van_bepaling,
        cast(teldatum as date) as teldatum,
        cast(swv_code as varchar) as swv_code,
        cast(bestand_swv_code as varchar) as bestand_swv_code,
        cast(bestand_datum as date) as bestand_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
