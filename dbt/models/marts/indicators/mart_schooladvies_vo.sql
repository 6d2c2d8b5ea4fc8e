-- Schooladvies en plaatsing (vo): the pupils who entered vo from po on 1 October t-2 (in po on 1 October t-3, in vo
-- leerjaar 1 or in vso on 1 October t-2), counted at the SWV and vestiging of t-2, by their position on 1 October t
-- against the advies of their last po enrolment. Share of all entrants of the filter cell.
{% set filters = ['vo_onderwijssoort', 'nog_in_swv'] %}

with twee_jaar as (
    -- in vo on 1 October t-2, where on 1 October t (cluster 1 / 2 vso pupils are not the SWV's)
    select *
    from {{ ref('int_leerling_stroom') }}
    where jaren = 2 and herkomst_sector = 'vo' and not coalesce(herkomst_is_cluster_1_2, false)
      and (herkomst_leerjaar = 1 and herkomst_onderwijssoort not in ('vso', 'vavo') or herkomst_onderwijssoort = 'vso')
),

vanuit_po as (
    -- entrants: in po one year before (1 October t-3)
    select leerling_id, teldatum
    from {{ ref('int_leerling_stroom') }}
    where jaren = 1 and herkomst_sector = 'po' and bestemming_sector = 'vo'
),

instromers as (
    select
        d.*,
        coalesce(a.advies_soort, 'geen_advies') as advies_soort,
        a.advies_rang_laag,
        a.advies_rang_hoog,
        r.rang as plaatsing_rang
    from twee_jaar as d
    inner join vanuit_po as p on p.leerling_id = d.leerling_id and p.teldatum = d.teldatum_herkomst
    left join {{ ref('int_leerling_advies') }} as a on a.leerling_id = d.leerling_id
    left join {{ ref('advies_niveau') }} as r on r.niveau = d.bestemming_onderwijssoort
),

pupils as (
    select
        'vo' as sector,
        schooljaar,
        teldatum as peildatum,
        cast(null as varchar) as populatie,
        herkomst_swv_vestiging as swv_code,
        herkomst_vestigingscode as vestigingscode,
        {{ advies_positie('i') }} as categorie,
        herkomst_onderwijssoort as vo_onderwijssoort,
        -- still at a vestiging of the same SWV on 1 October t (bekostigd vo or vso)
        case when bestemming_swv_vestiging = herkomst_swv_vestiging then 'ja' else 'nee' end as nog_in_swv
    from instromers as i
),

{{ verdeling_rows('pupils', filters) }},

swv_rows as (
    {{ pct_rows('rates', 'schooladvies_vo', filters) }}
)

{{ indicator_mart_rows('swv_rows', 'pct', filters) }}
