-- bron_inschrijvingen: landing parquet typed and renamed only; one row per delivered row (pupil x enrolment x teldatum).
-- generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit.
with source as (

    select * from {{ source('landing', 'bron_inschrijvingen') }}

),

renamed as (

    select
        cast(teldatum as date) as teldatum,
        cast(leerling_id as varchar) as leerling_id,
        cast(geboortedatum as date) as geboortedatum,
        cast(geslacht as varchar) as geslacht,
        cast(woon_pc4 as varchar) as woon_pc4,
        cast(inschrijvingsvolgnummer as varchar) as inschrijvingsvolgnummer,
        cast(brin as varchar) as brin,
        cast(vestigingscode as varchar) as vestigingscode,
        cast(sector as varchar) as sector,
        cast(onderwijssoort as varchar) as onderwijssoort,
        cast(leerjaar as bigint) as leerjaar,
        cast(mbo_niveau as bigint) as mbo_niveau,
        cast(is_bekostigde_inschrijving as boolean) as is_bekostigde_inschrijving,
        cast(lwoo as boolean) as lwoo,
        cast(nieuwkomer as boolean) as nieuwkomer,
        cast(gewicht as double) as gewicht,
        cast(opp as boolean) as opp,
        cast(advies_vo as varchar) as advies_vo,
        cast(advies_vo_herzien as varchar) as advies_vo_herzien,
        cast(soort_verblijf as varchar) as soort_verblijf,
        cast(tlv_swv_code as varchar) as tlv_swv_code,
        cast(tlv_categorie as varchar) as tlv_categorie,
        cast(beschikkingsnummer as varchar) as beschikkingsnummer,
        cast(tlv_begindatum as date) as tlv_begindatum,
        cast(tlv_einddatum as date) as tlv_einddatum,
        cast(soort_onderwijs as varchar) as soort_onderwijs,
        cast(uitstroomprofiel as varchar) as uitstroomprofiel,
        cast(verblijfsjaar as bigint) as verblijfsjaar,
        cast(datum_inschrijving as date) as datum_inschrijving,
        cast(datum_uitschrijving as date) as datum_uitschrijving,
        cast(bestand_datum as date) as bestand_datum,
        cast(_source_file as varchar) as _source_file,
        cast(_source_row as bigint) as _source_row
    from source

)

select * from renamed
