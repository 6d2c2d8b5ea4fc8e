-- opendata_vsv_swv: landing parquet typed and renamed only; one row per vo vestiging with its vo SWV.
select
    cast(bestand_jaar as bigint) as jaar,
    cast(swv_code as varchar) as swv_code,
    cast(brin as varchar) as brin,
    cast(vestigingsnummer as varchar) as vestigingsnummer,
    cast(brin || vestigingsnummer as varchar) as vestigingscode,
    cast(aantal_leerlingen as bigint) as aantal_leerlingen,
    cast(vsv_totaal as bigint) as vsv_totaal,
    cast(vsv_vmbo as bigint) as vsv_vmbo,
    cast(vsv_mbo as bigint) as vsv_mbo,
    cast(vsv_overig as bigint) as vsv_overig,
    cast(_source_file as varchar) as _source_file,
    cast(_source_row as bigint) as _source_row
from {{ source('opendata', 'opendata_vsv_swv') }}
