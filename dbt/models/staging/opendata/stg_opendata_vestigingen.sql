-- opendata_vestigingen: landing parquet typed and renamed only; one row per bo or vo vestiging (address list).
select
    cast(bestand_variant as varchar) as sector_bestand,
    cast(vestigingscode as varchar) as vestigingscode,
    cast(brin as varchar) as brin,
    cast(vestigingsnaam as varchar) as vestigingsnaam,
    cast(straatnaam as varchar) as straatnaam,
    cast(huisnummer_toevoeging as varchar) as huisnummer_toevoeging,
    cast(postcode as varchar) as postcode,
    cast(plaatsnaam as varchar) as plaatsnaam,
    cast(gemeentecode as varchar) as gemeentecode,
    cast(gemeentenaam as varchar) as gemeentenaam,
    cast(provincie as varchar) as provincie,
    cast(denominatie as varchar) as denominatie,
    cast(bestuursnummer as varchar) as bestuursnummer,
    cast(onderwijsstructuur as varchar) as onderwijsstructuur,
    cast(_source_file as varchar) as _source_file,
    cast(_source_row as bigint) as _source_row
from {{ source('opendata', 'opendata_vestigingen') }}
