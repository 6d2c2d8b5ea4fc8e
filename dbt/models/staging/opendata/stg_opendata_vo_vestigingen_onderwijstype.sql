-- opendata_vo_vestigingen_onderwijstype: landing parquet typed and renamed only; the 12 leerjaar x man/vrouw
-- counts stay as delivered, plus their row total.
select
    cast(bestand_jaar as bigint) as jaar,
    cast(brin as varchar) as brin,
    cast(vestigingsnummer as varchar) as vestigingsnummer,
    cast(brin || vestigingsnummer as varchar) as vestigingscode,
    cast(vestigingsnaam as varchar) as vestigingsnaam,
    cast(plaatsnaam as varchar) as plaatsnaam,
    cast(provincie as varchar) as provincie,
    cast(onderwijstype as varchar) as onderwijstype,
    cast(vmbo_sector as varchar) as vmbo_sector,
    cast(afdeling as varchar) as afdeling,
    cast(elementcode as varchar) as elementcode,
    cast(opleidingsnaam as varchar) as opleidingsnaam,
    {%- for jaar in range(1, 7) %}
    cast(leerjaar_{{ jaar }}_man as bigint) as leerjaar_{{ jaar }}_man,
    cast(leerjaar_{{ jaar }}_vrouw as bigint) as leerjaar_{{ jaar }}_vrouw,
    {%- endfor %}
    cast(
        {%- for jaar in range(1, 7) %}
        leerjaar_{{ jaar }}_man + leerjaar_{{ jaar }}_vrouw{{ ' +' if not loop.last }}
        {%- endfor %}
    as bigint) as aantal_leerlingen,
    cast(_source_file as varchar) as _source_file,
    cast(_source_row as bigint) as _source_row
from {{ source('opendata', 'opendata_vo_vestigingen_onderwijstype') }}
