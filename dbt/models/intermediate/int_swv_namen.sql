-- the latest name of every SWV code in the SWV register (reference snapshots are dated; the newest wins)
select
    swv_code,
    arg_max(swv_naam, coalesce(snapshot_datum, date '1900-01-01')) as swv_naam
from {{ ref('stg_ref_swv') }}
group by swv_code
