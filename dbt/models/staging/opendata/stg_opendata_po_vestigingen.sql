-- opendata_po_vestigingen: landing parquet typed and renamed only; one row per po/wec vestiging x soort_po.
select
    cast(peildatum as date) as peildatum,
    cast(bestand_schooljaar as varchar) as schooljaar,
    cast(brin as varchar) as brin,
    cast(vestigingsnummer as varchar) as vestigingsnummer,
    cast(brin || vestigingsnummer as varchar) as vestigingscode,
    cast(vestigingsnaam as varchar) as vestigingsnaam,
    cast(postcode as varchar) as postcode,
    cast(plaatsnaam as varchar) as plaatsnaam,
    cast(gemeentecode as varchar) as gemeentecode,
    cast(gemeentenaam as varchar) as gemeentenaam,
    cast(provincie as varchar) as provincie,
    cast(lower(soort_po) as varchar) as soort_po,
    cast(denominatie as varchar) as denominatie,
    cast(bestuursnummer as varchar) as bestuursnummer,
    cast(gemiddelde_afstand_m as double) as gemiddelde_afstand_m,
    cast(aantal_leerlingen as bigint) as aantal_leerlingen,
    cast(_source_file as varchar) as _source_file,
    cast(_source_row as bigint) as _source_row
from {{ source('opendata', 'opendata_po_vestigingen') }}
