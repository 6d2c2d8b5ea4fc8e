-- Uitstroom naar vervolgonderwijs (vo): the vo pupils of the SWV on 1 October t-1 (vmbo_havo_vwo, pro at the SWV of
-- their vestiging; vso binnen swv-regio, cluster 3/4) found on 1 October t in bekostigd mbo, hbo or wo (and no longer
-- in po/vo), by destination, as a share of all of them found there. A student in both ho and mbo counts in ho.
-- Persons: VAVO 1. Filter herkomst (the vo onderwijssoort at t-1) restricts teller and noemer; mbo_niveau the teller.
{% set filters = ['herkomst', 'mbo_niveau'] %}

with leavers as (
    select
        'vo' as sector,
        schooljaar,
        teldatum as peildatum,
        cast(null as varchar) as populatie,
        herkomst_swv_vestiging as swv_code,
        herkomst_vestigingscode as vestigingscode,
        vervolg_onderwijssoort as categorie,
        herkomst_onderwijssoort as herkomst,
        case when vervolg_onderwijssoort = 'mbo' then coalesce(cast(vervolg_mbo_niveau as varchar), 'onbekend') end
            as mbo_niveau,
        true as in_teller,
        true as in_noemer
    from {{ ref('int_leerling_stroom') }}
    where jaren = 1
      and stroom_status = 'vervolgonderwijs'
      and herkomst_sector = 'vo'
      and not herkomst_is_cluster_1_2
),

swv_rows as (
    {{ flow_share_rows('leavers', 'uitstroom_naar_vervolgonderwijs', filters, noemer_filters=['herkomst']) }}
)

{{ indicator_mart_rows('swv_rows', 'pct', filters) }}
