-- Peildatum 1 februari.
-- so (po) and vso (vo): pupils new in (v)so on 1 February compared with the preceding 1 October, counted at the SWV
-- that funds them (bekostigd); pupils already in so or vso on 1 October (at any school) are not new.
-- sbo (po): the difference between the sbo pupils on 1 February and on the preceding 1 October (it feeds the sbo
-- groeibekostiging and can be negative), schoolgaand: at the SWV of the sbo vestiging, like the other sbo
-- indicators; teller = count on 1 February, noemer = count on 1 October, waarde = teller - noemer.
{% set filters = ['zorgcategorie', 'leeftijdsgroep'] %}

with februari as (
    select leerling_id, sector, schooljaar, peildatum, onderwijstype, swv_bekostigd, swv_regio, vestigingscode,
        zorgcategorie, leeftijd
    from {{ ref('int_indicator_leerlingen') }}
    where peildatum_type = '1 februari'
      and onderwijstype in ('so', 'vso') and not is_cluster_1_2
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
    -- new in (v)so: neither in so nor in vso on 1 October
    select f.*
    from februari as f
    inner join schooljaren_met_oktober as s on s.schooljaar = f.schooljaar
    left join oktober as o on o.leerling_id = f.leerling_id and o.schooljaar = f.schooljaar
    where o.leerling_id is null or o.onderwijstype not in ('so', 'vso')
),

counted as (
    select
        sector, schooljaar, peildatum, 'bekostigd' as populatie, onderwijstype as categorie,
        swv_bekostigd as swv_code, vestigingscode,
        coalesce(swv_regio, 'onbekend') as swv_ander_code,
        coalesce(zorgcategorie, 'onbekend') as zorgcategorie,
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
    select *, 'swv_ander' as grain, swv_ander_code as grain_code from counted
),

nieuw_rows as (
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

sbo_pupils as (
    -- sbo pupils on 1 February and on the 1 October of the same schooljaar, at the SWV of their vestiging
    select schooljaar, peildatum_type, swv_vestiging as swv_code, vestigingscode, telgewicht
    from {{ ref('int_indicator_leerlingen') }}
    where onderwijstype = 'sbo' and swv_vestiging is not null
      and peildatum_type in ('1 oktober', '1 februari')
),

sbo_peildata as (
    -- schooljaren with both snapshots, and their 1 February date
    select schooljaar, peildatum
    from {{ ref('int_indicator_leerlingen') }}
    where peildatum_type = '1 februari'
      and schooljaar in (select schooljaar from schooljaren_met_oktober)
    group by all
),

sbo_per_grain as (
    select schooljaar, peildatum_type, swv_code, 'swv' as grain, swv_code as grain_code, telgewicht from sbo_pupils
    union all
    select schooljaar, peildatum_type, swv_code, 'vestiging', vestigingscode, telgewicht from sbo_pupils
),

sbo_counts as (
    select
        schooljaar, swv_code, grain, grain_code,
        coalesce(sum(telgewicht) filter (where peildatum_type = '1 februari'), 0) as aantal_februari,
        coalesce(sum(telgewicht) filter (where peildatum_type = '1 oktober'), 0) as aantal_oktober
    from sbo_per_grain
    group by all
),

sbo_rows as (
    select
        'peildatum_1_februari' as indicator,
        'po' as sector, c.swv_code, c.schooljaar, p.peildatum, cast(null as varchar) as populatie,
        c.grain, c.grain_code, 'sbo' as categorie,
        {% for f in filters %}cast(null as varchar) as {{ f }},
        {% endfor -%}
        cast(c.aantal_februari as double) as teller,
        cast(c.aantal_oktober as double) as noemer,
        cast({{ indicator_waarde('difference', 'c.aantal_februari', 'c.aantal_oktober') }} as double) as waarde,
        cast(null as double) as waarde_gemiddelde_swv
    from sbo_counts as c
    inner join sbo_peildata as p on p.schooljaar = c.schooljaar
)

{{ indicator_mart_rows(['nieuw_rows', 'sbo_rows'], ['count', 'difference'], filters) }}
