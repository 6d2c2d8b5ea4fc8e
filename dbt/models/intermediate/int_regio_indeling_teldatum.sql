-- the official regio-indeling in force on each teldatum: PC4 -> gemeente, po SWV and vo SWV
with snapshot_per_teldatum as (
    {{ snapshot_per_teldatum(ref('int_teldata'), ref('stg_ref_regio_indeling')) }}
),

gemeente_snapshot as (
    {{ snapshot_per_teldatum(ref('int_teldata'), ref('stg_ref_gemeenten')) }}
),

gemeenten as (
    select g.teldatum, r.gemeentecode, lower(trim(r.gemeentenaam)) as gemeentenaam_lower
    from gemeente_snapshot as g
    inner join {{ ref('stg_ref_gemeenten') }} as r on r.snapshot_datum = g.snapshot_datum
)

select
    s.teldatum,
    r.pc4,
    r.gemeentenaam,
    g.gemeentecode,
    {{ swv_code_or_null('r.po_swv_code', 'PO') }} as po_swv_code,
    {{ swv_code_or_null('r.vo_swv_code', 'VO') }} as vo_swv_code
from snapshot_per_teldatum as s
inner join {{ ref('stg_ref_regio_indeling') }} as r on r.snapshot_datum = s.snapshot_datum
left join gemeenten as g on g.teldatum = s.teldatum and g.gemeentenaam_lower = lower(trim(r.gemeentenaam))
