-- Terugstroom: pupils in sbo or so (po) or vso (vo) on 1 October t-1 who are in regular education on 1 October t
-- (sbo -> bao, so -> bao, vso -> vmbo_havo_vwo / pro), as a share of all pupils of that onderwijstype at t-1. Counted
-- at the SWV of t-1: sbo at the SWV of its vestiging (populatie null); so and vso both at the SWV that funds them
-- (bekostigd) and at the SWV of the school's region (binnen_regio); cluster 1/2 not counted. Grain vestiging = the
-- sbo/so/vso school the pupil left. Filter zorgcategorie ((v)so at t-1) restricts teller and noemer.
{% set filters = ['zorgcategorie'] %}

with special as (
    select
        s.*,
        case s.herkomst_onderwijstype
            when 'sbo' then 'sbo_naar_bao' when 'so' then 'so_naar_bao' when 'vso' then 'vso_naar_vo'
        end as categorie,
        case when s.herkomst_onderwijstype in ('so', 'vso') then coalesce(s.herkomst_zorgcategorie, 'onbekend') end
            as zorgcategorie,
        s.stroom_status = 'po_vo' and (
            (s.herkomst_onderwijstype in ('sbo', 'so') and s.bestemming_onderwijstype = 'bao')
            or (s.herkomst_onderwijstype = 'vso' and s.bestemming_onderwijstype in ('vmbo_havo_vwo', 'pro'))
        ) as in_teller
    from {{ ref('int_leerling_stroom') }} as s
    where s.jaren = 1
      and s.stroom_status <> 'nieuw'
      and s.herkomst_onderwijstype in ('sbo', 'so', 'vso')
      and not s.herkomst_is_cluster_1_2
),

populations as (
    select
        herkomst_sector as sector, schooljaar, teldatum as peildatum,
        case when herkomst_onderwijstype = 'sbo' then null else 'bekostigd' end as populatie,
        case when herkomst_onderwijstype = 'sbo' then herkomst_swv_vestiging else herkomst_swv_bekostigd end
            as swv_code,
        herkomst_vestigingscode as vestigingscode, categorie, zorgcategorie, in_teller, true as in_noemer
    from special
    union all
    select
        herkomst_sector, schooljaar, teldatum, 'binnen_regio', herkomst_swv_regio, herkomst_vestigingscode,
        categorie, zorgcategorie, in_teller, true
    from special
    where herkomst_onderwijstype in ('so', 'vso')
),

swv_rows as (
    {{ flow_share_rows('populations', 'terugstroom', filters, noemer_filters=filters, noemer_keys=['categorie']) }}
)

{{ indicator_mart_rows('swv_rows', 'pct', filters) }}
