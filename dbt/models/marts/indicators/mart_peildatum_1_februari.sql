-- Peildatum 1 februari: pupils new in sbo / so (po) or vso (vo) on 1 February compared with the preceding 1 October,
-- counted at the SWV that funds them (bekostigd). Pupils already in (v)so on 1 October (at any school) are not new.
{% set filters = ['zorgcategorie', 'leeftijdsgroep'] %}

with februari as (
    select leerling_id, sector, schooljaar, peildatum, onderwijstype, swv_bekostigd, swv_regio, vestigingscode,
        zorgcategorie, leeftijd
    from {{ ref('int_indicator_leerlingen') }}
    where peildatum_type = '1 februari'
      and onderwijstype in ('sbo', 'so', 'vso') and not is_cluster_1_2
),

oktober as (
    select leerling_id, schooljaar, onderwijstype
    from {{ ref('int_leerling_teldatum') }}
    where peildatum_type = '1 oktober'
),

schooljaren_met_oktober as (
    select distinct schooljaar from oktober
),

nieuw as (
    -- new in sbo: not in sbo on 1 October; new in (v)so: neither in so nor in vso on 1 October
    select f.*
    from februari as f
    inner join schooljaren_met_oktober as s on s.schooljaar = f.schooljaar
    left join oktober as o on o.leerling_id = f.leerling_id and o.schooljaar = f.schooljaar
    where o.leerling_id is null
        or (f.onderwijstype = 'sbo' and o.onderwijstype <> 'sbo')
        or (f.onderwijstype in ('so', 'vso') and o.onderwijstype not in ('so', 'vso'))
),

counted as (
    select
        sector, schooljaar, peildatum, 'bekostigd' as populatie, onderwijstype as categorie,
        swv_bekostigd as swv_code, vestigingscode,
        case when onderwijstype in ('so', 'vso') then coalesce(swv_regio, 'onbekend') end as swv_ander_code,
        case when onderwijstype in ('so', 'vso') then coalesce(zorgcategorie, 'onbekend') end as zorgcategorie,
        case
            when onderwijstype <> 'so' then null
            when leeftijd < 8 then '<8'
            when leeftijd >= 8 then '>=8'
            else 'onbekend'
        end as leeftijdsgroep
    from nieuw
    where swv_bekostigd is not null
),

per_grain as (
    select *, 'swv' as grain, swv_code as grain_code from counted
    union all
    select *, 'vestiging' as grain, vestigingscode as grain_code from counted
    union all
    select *, 'swv_ander' as grain, swv_ander_code as grain_code from counted where swv_ander_code is not null
),

swv_rows as (
    select
        'peildatum_1_februari' as indicator,
        sector, swv_code, schooljaar, peildatum, populatie, grain, grain_code, categorie,
        {{ filters | join(', ') }},
        cast(count(*) as double) as teller,
        cast(null as double) as noemer,
        cast(count(*) as double) as waarde,
        cast(null as double) as waarde_gemiddelde_swv
    from per_grain
    group by indicator, sector, swv_code, schooljaar, peildatum, populatie, grain, grain_code, categorie
        {{ filter_grouping_sets(filters) }}
    {{ filter_grouping_having(filters, total_only_grain='swv_ander') }}
),

all_rows as (
    select * from swv_rows
    union all by name
    {{ landelijk_rows('swv_rows', 'count', filters) }}
)

{{ indicator_final_select('all_rows', filters) }}
