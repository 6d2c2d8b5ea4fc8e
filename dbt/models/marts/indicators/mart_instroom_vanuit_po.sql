-- Instroom vanuit po (vo): the vo pupils of leerjaar 1 on 1 October t who were in po on 1 October t-1, by their po
-- onderwijstype at t-1 (bao, sbo, so), as a share of all such entrants of the SWV. Repeaters (in vo at t-1) and
-- pupils from abroad (in no snapshot at t-1) are left out by construction. Counted at the SWV of the vo vestiging
-- at t (vso: binnen swv-regio); cluster 1/2 vso pupils are not counted (SWVs fund cluster 3 and 4). Persons: VAVO 1.
{% set filters = ['onderwijssoort'] %}

with entrants as (
    select
        'vo' as sector,
        schooljaar,
        teldatum as peildatum,
        cast(null as varchar) as populatie,
        bestemming_swv_vestiging as swv_code,
        bestemming_vestigingscode as vestigingscode,
        herkomst_onderwijstype as categorie,
        -- the vo onderwijssoort entered (a subpopulation: restricts teller and noemer)
        bestemming_onderwijssoort as onderwijssoort,
        true as in_teller,
        true as in_noemer
    from {{ ref('int_leerling_stroom') }}
    where jaren = 1
      and stroom_status = 'po_vo'
      and herkomst_sector = 'po'
      and bestemming_sector = 'vo'
      and not bestemming_is_cluster_1_2
      -- regular vo: leerjaar 1; vso has no leerjaar to go by: every po -> vso move is an entry into vo
      and (bestemming_leerjaar = 1 or bestemming_onderwijstype = 'vso')
),

swv_rows as (
    {{ flow_share_rows('entrants', 'instroom_vanuit_po', filters, noemer_filters=filters) }}
)

{{ indicator_mart_rows('swv_rows', 'pct', filters) }}
