-- the pupils the indicator marts count: int_leerling_teldatum with peildatum and the cluster 1 / 2 flag. SWVs fund
-- cluster 3 and 4 only, so most indicators leave out (v)so pupils in cluster 1 or 2 (by soort onderwijs, else by the
-- instelling's listed cluster). A view: a table would copy the largest relation of the warehouse for three columns.
{{ config(materialized='view') }}

select
    l.*,
    l.teldatum as peildatum,
    l.onderwijstype in ('so', 'vso')
        and (coalesce(l.cluster, 0) in (1, 2) or c.cluster12 is not null) as is_cluster_1_2,
    cast(case
        when l.onderwijstype not in ('so', 'vso') then null
        when l.cluster in (1, 2) then l.cluster
        else c.cluster12
    end as integer) as cluster_1_2
from {{ ref('int_leerling_teldatum') }} as l
left join {{ ref('int_cluster12_instellingen') }} as c on c.brin = l.brin
