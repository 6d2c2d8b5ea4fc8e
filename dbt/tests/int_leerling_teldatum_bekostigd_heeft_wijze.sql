-- exactly the sbo/so/vso pupils outside cluster 1/2 have a wijze van bepaling, and every bekostigd SWV has one (error)
select leerling_id, teldatum, onderwijstype, cluster, swv_bekostigd, wijze_van_bepaling
from {{ ref('int_leerling_teldatum') }}
where (wijze_van_bepaling is not null) <> (onderwijstype in ('sbo', 'so', 'vso') and coalesce(cluster, 0) not in (1, 2))
   or (swv_bekostigd is not null and wijze_van_bepaling is null)
