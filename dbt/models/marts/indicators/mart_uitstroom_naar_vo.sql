-- Uitstroom naar vo (po): the po pupils of the SWV on 1 October t-1 (bao, sbo at the SWV of their vestiging; so
-- binnen swv-regio, cluster 3/4) found on 1 October t in bekostigd vo, by destination (vmbo_havo_vwo, pro, vso), as a
-- share of all of them found in vo. Pupils still in po at t, in no bekostigd vo enrolment, or gone are not counted.
-- Persons: VAVO 1. Filters on the herkomst (bao / sbo / so, so zorgcategorie) restrict teller and noemer; filters on
-- the destination (vmbo leerweg, lwoo, vso zorgcategorie, vso uitstroomprofiel) the teller only.
{% set filters = ['herkomst', 'so_zorgcategorie', 'leerweg', 'lwoo', 'vso_zorgcategorie', 'uitstroomprofiel'] %}

with leavers as (
    select
        'po' as sector,
        schooljaar,
        teldatum as peildatum,
        cast(null as varchar) as populatie,
        herkomst_swv_vestiging as swv_code,
        herkomst_vestigingscode as vestigingscode,
        bestemming_onderwijstype as categorie,
        herkomst_onderwijstype as herkomst,
        case when herkomst_onderwijstype = 'so' then coalesce(herkomst_zorgcategorie, 'onbekend') end
            as so_zorgcategorie,
        case when bestemming_onderwijssoort in ('vmbo_b', 'vmbo_k', 'vmbo_gt') then bestemming_onderwijssoort end
            as leerweg,
        case when bestemming_onderwijstype = 'vmbo_havo_vwo' then coalesce(bestemming_lwoo, false) end as lwoo,
        case when bestemming_onderwijstype = 'vso' then coalesce(bestemming_zorgcategorie, 'onbekend') end
            as vso_zorgcategorie,
        case when bestemming_onderwijstype = 'vso' then lower(coalesce(bestemming_uitstroomprofiel, 'onbekend')) end
            as uitstroomprofiel,
        true as in_teller,
        true as in_noemer
    from {{ ref('int_leerling_stroom') }}
    where jaren = 1
      and stroom_status = 'po_vo'
      and herkomst_sector = 'po'
      and not herkomst_is_cluster_1_2
      and bestemming_sector = 'vo'
),

swv_rows as (
    {{ flow_share_rows('leavers', 'uitstroom_naar_vo', filters, noemer_filters=['herkomst', 'so_zorgcategorie']) }}
)

{{ indicator_mart_rows('swv_rows', 'pct', filters) }}
