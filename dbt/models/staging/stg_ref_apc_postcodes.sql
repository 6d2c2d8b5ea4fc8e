-- ref_apc_postcodes: landing parquet typed and renamed only; one row per delivered row (PC4 x jaar).
select
    cast(pc4 as varchar) as pc4,
    cast(jaar as bigint) as jaar,
    cast(bestand_datum as date) as snapshot_datum,
    cast(_source_file as varchar) as _source_file,
    cast(_source_row as bigint) as _source_row
from {{ source('landing', 'ref_apc_postcodes') }}
