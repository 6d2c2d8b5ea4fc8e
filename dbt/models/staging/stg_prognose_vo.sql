-- prognose_vo: landing parquet typed and renamed only; one row per delivered row (instelling x onderwijstype x jaar).
select
    cast(brin as varchar) as brin,
    cast(onderwijstype as varchar) as onderwijstype,
    cast(jaar as bigint) as jaar,
    cast(aantal as bigint) as aantal,
    cast(bestand_datum as date) as snapshot_datum,
    cast(_source_file as varchar) as _source_file,
    cast(_source_row as bigint) as _source_row
from {{ source('landing', 'prognose_vo') }}
