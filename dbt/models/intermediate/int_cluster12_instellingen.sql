-- the instellingen (BRIN) of cluster 1 (visueel) and cluster 2 (auditief/communicatief) education, one row per BRIN
select
    brin,
    max(cast(cluster as integer)) as cluster12
from {{ ref('stg_ref_cluster12') }}
group by brin
