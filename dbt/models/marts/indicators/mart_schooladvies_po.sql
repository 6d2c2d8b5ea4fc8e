-- Schooladvies en plaatsing (po): the pupils who left po of the SWV (in po on 1 October t-3, no longer in po on
-- 1 October t-2), counted at the SWV and vestiging of t-3, by their position on 1 October t against the advies of
-- their last po enrolment. Share of all leavers of the filter cell.
{% set filters = ['po_onderwijssoort', 'advies', 'vo_onderwijssoort'] %}

with drie_jaar as (
    -- in po on 1 October t-3, where on 1 October t (cluster 1 / 2 so pupils are not the SWV's)
    select *
    from {{ ref('int_leerling_stroom') }}
    where jaren = 3 and herkomst_sector = 'po' and not coalesce(herkomst_is_cluster_1_2, false)
),

een_jaar_later as (
    -- the same pupils on 1 October t-2
    select leerling_id, teldatum_herkomst, bestemming_sector
    from {{ ref('int_leerling_stroom') }}
    where jaren = 1 and herkomst_sector = 'po'
),

verlaters as (
    select
        d.*,
        coalesce(a.advies_soort, 'geen_advies') as advies_soort,
        coalesce(a.advies, 'geen_advies') as advies,
        a.advies_rang_laag,
        a.advies_rang_hoog,
        r.rang as plaatsing_rang
    from drie_jaar as d
    inner join een_jaar_later as e
        on e.leerling_id = d.leerling_id and e.teldatum_herkomst = d.teldatum_herkomst
    left join {{ ref('int_leerling_advies') }} as a on a.leerling_id = d.leerling_id
    left join {{ ref('advies_niveau') }} as r on r.niveau = d.bestemming_onderwijssoort
    where e.bestemming_sector is distinct from 'po'
),

pupils as (
    select
        'po' as sector,
        schooljaar,
        teldatum as peildatum,
        cast(null as varchar) as populatie,
        herkomst_swv_vestiging as swv_code,
        herkomst_vestigingscode as vestigingscode,
        {{ advies_positie('v') }} as categorie,
        herkomst_onderwijssoort as po_onderwijssoort,
        advies,
        -- where a pupil without advies is at t: the onderwijssoort, mbo / hbo / wo, or niet_in_onderwijs
        case when {{ advies_positie('v') }} = 'zonder_advies' then
            coalesce(bestemming_onderwijssoort, vervolg_onderwijssoort, 'niet_in_onderwijs')
        end as vo_onderwijssoort
    from verlaters as v
),

{{ verdeling_rows('pupils', filters, categorie_filters=['vo_onderwijssoort']) }},

swv_rows as (
    {{ pct_rows('rates', 'schooladvies_po', filters) }}
)

{{ indicator_mart_rows('swv_rows', 'pct', filters) }}
