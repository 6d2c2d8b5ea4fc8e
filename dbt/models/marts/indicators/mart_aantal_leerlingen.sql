-- Aantal leerlingen on 1 October per SWV, vestiging and landelijk: po bao / sbo / so, vo vmbo_havo_vwo / pro / vso
-- (VAVO counts ½); (v)so both as bekostigd and as binnen swv-regio, with the other SWV involved (grain swv_ander).
{% set filters = ['zorgcategorie', 'leeftijdsgroep', 'residentieel', 'onderwijssoort', 'leerweg', 'lwoo'] %}

with pupils as (
    select
        sector,
        schooljaar,
        peildatum,
        onderwijstype as categorie,
        swv_vestiging,
        swv_bekostigd,
        swv_regio,
        vestigingscode,
        telgewicht,
        case when onderwijstype in ('so', 'vso') then coalesce(zorgcategorie, 'onbekend') end as zorgcategorie,
        case when sector = 'po' then {{ leeftijdsgroep_po('leeftijd') }} end as leeftijdsgroep,
        case when onderwijstype in ('so', 'vso') then coalesce(residentieel, false) end as residentieel,
        case
            when onderwijstype <> 'vmbo_havo_vwo' then null
            when onderwijssoort like 'vmbo%' then 'vmbo'
            else onderwijssoort
        end as onderwijssoort,
        case when onderwijssoort in ('vmbo_b', 'vmbo_k', 'vmbo_gt') then onderwijssoort end as leerweg,
        case when onderwijstype = 'vmbo_havo_vwo' then coalesce(lwoo, false) end as lwoo
    from {{ ref('int_indicator_leerlingen') }}
    where peildatum_type = '1 oktober'
      and not is_cluster_1_2
),

counted as (
    -- bao, sbo, vmbo_havo_vwo, pro at the SWV of their vestiging; (v)so at the SWV that funds them
    select
        *,
        case when categorie in ('so', 'vso') then 'bekostigd' end as populatie,
        case when categorie in ('so', 'vso') then swv_bekostigd else swv_vestiging end as swv_code,
        case when categorie in ('so', 'vso') then coalesce(swv_regio, 'onbekend') end as swv_ander_code
    from pupils
    union all
    -- (v)so also at the SWV whose region holds the vestiging
    select
        *,
        'binnen_regio' as populatie,
        swv_regio as swv_code,
        coalesce(swv_bekostigd, 'onbekend') as swv_ander_code
    from pupils
    where categorie in ('so', 'vso')
),

aggregated_once as (
    select
        sector, schooljaar, peildatum, populatie, categorie, swv_code, swv_ander_code, vestigingscode,
        {{ filters | join(', ') }},
        sum(telgewicht) as teller
    from counted
    where swv_code is not null
    group by all
),

per_grain as (
    select *, 'swv' as grain, swv_code as grain_code from aggregated_once
    union all
    select *, 'vestiging' as grain, vestigingscode as grain_code from aggregated_once
    union all
    select *, 'swv_ander' as grain, swv_ander_code as grain_code from aggregated_once where swv_ander_code is not null
),

swv_rows as (
    select
        'aantal_leerlingen' as indicator,
        sector, swv_code, schooljaar, peildatum, populatie, grain, grain_code, categorie,
        {{ filters | join(', ') }},
        sum(teller) as teller,
        cast(null as double) as noemer,
        sum(teller) as waarde,
        cast(null as double) as waarde_gemiddelde_swv
    from per_grain
    group by indicator, sector, swv_code, schooljaar, peildatum, populatie, grain, grain_code, categorie
        {{ filter_grouping_sets(filters) }}
    {{ filter_grouping_having(filters, total_only_grain='swv_ander') }}
)

{{ indicator_mart_rows('swv_rows', 'count', filters) }}
