-- every vestiging (school location) as registered on each teldatum, with its PC4 and its po / vo SWV
-- (swv_*_vestiging: the register's SWV of that sector, else the SWV whose region holds the vestiging's PC4)
with snapshot_per_teldatum as (
    {{ snapshot_per_teldatum(ref('int_teldata'), ref('stg_ref_vestigingen')) }}
),

vestigingen as (
    select
        s.teldatum,
        v.vestigingscode,
        v.brin,
        v.vestigingsnaam,
        v.schoolsoort,
        left(v.postcode, 4) as vestiging_pc4,
        v.gemeentecode as vestiging_gemeentecode,
        v.gemeentenaam as vestiging_gemeentenaam,
        v.bestuursnummer,
        upper(trim(v.swv_code)) as swv_code_register,
        v.cluster
    from snapshot_per_teldatum as s
    inner join {{ ref('stg_ref_vestigingen') }} as v on v.snapshot_datum = s.snapshot_datum
)

select
    v.*,
    r.po_swv_code as swv_po_regio,
    r.vo_swv_code as swv_vo_regio,
    coalesce({{ swv_code_or_null('v.swv_code_register', 'PO') }}, r.po_swv_code) as swv_po_vestiging,
    coalesce({{ swv_code_or_null('v.swv_code_register', 'VO') }}, r.vo_swv_code) as swv_vo_vestiging
from vestigingen as v
left join {{ ref('int_regio_indeling_teldatum') }} as r on r.teldatum = v.teldatum and r.pc4 = v.vestiging_pc4
