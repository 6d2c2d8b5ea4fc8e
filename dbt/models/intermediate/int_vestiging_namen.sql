-- the latest name of every vestiging code in the vestigingen register (the newest snapshot wins)
select
    vestigingscode,
    arg_max(vestigingsnaam, coalesce(snapshot_datum, date '1900-01-01')) as vestigingsnaam
from {{ ref('stg_ref_vestigingen') }}
group by vestigingscode
