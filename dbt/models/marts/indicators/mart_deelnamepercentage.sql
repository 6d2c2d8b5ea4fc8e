-- Deelnamepercentage on 1 October: po sbo (schoolgaand) and so (bekostigd / binnen regio) over bao + sbo; vo pro,
-- lwoo and vso (bekostigd / binnen regio) over vmbo_havo_vwo + pro. The po sbo 2 % threshold is flagged.
{% set filters = ['zorgcategorie'] %}

with pupils as (
    select
        sector, schooljaar, peildatum, onderwijstype, swv_vestiging, swv_bekostigd, swv_regio, telgewicht, lwoo,
        case when onderwijstype in ('so', 'vso') then coalesce(zorgcategorie, 'onbekend') end as zorgcategorie
    from {{ ref('int_indicator_leerlingen') }}
    where peildatum_type = '1 oktober'
      and not is_cluster_1_2
),

teller_pupils as (
    select sector, schooljaar, peildatum, cast(null as varchar) as populatie, onderwijstype as categorie,
        swv_vestiging as swv_code, zorgcategorie, telgewicht
    from pupils where onderwijstype in ('sbo', 'pro')
    union all
    select sector, schooljaar, peildatum, null, 'lwoo', swv_vestiging, zorgcategorie, telgewicht
    from pupils where onderwijstype = 'vmbo_havo_vwo' and lwoo
    union all
    select sector, schooljaar, peildatum, 'bekostigd', onderwijstype, swv_bekostigd, zorgcategorie, telgewicht
    from pupils where onderwijstype in ('so', 'vso')
    union all
    select sector, schooljaar, peildatum, 'binnen_regio', onderwijstype, swv_regio, zorgcategorie, telgewicht
    from pupils where onderwijstype in ('so', 'vso')
),

teller_cube as (
    select
        sector, schooljaar, peildatum, populatie, categorie, swv_code, 'swv' as grain, swv_code as grain_code,
        {{ filters | join(', ') }},
        sum(telgewicht) as teller
    from teller_pupils
    where swv_code is not null
    group by sector, schooljaar, peildatum, populatie, categorie, swv_code {{ filter_grouping_sets(filters) }}
    {{ filter_grouping_having(filters) }}
),

noemer as (
    -- po: bao + sbo, vo: vmbo_havo_vwo + pro (VAVO ½), at the SWV of the vestiging
    select sector, schooljaar, peildatum, swv_vestiging as swv_code, 'swv' as grain, swv_vestiging as grain_code,
        sum(telgewicht) as noemer
    from pupils
    where onderwijstype in ('bao', 'sbo', 'vmbo_havo_vwo', 'pro') and swv_vestiging is not null
    group by all
),

vereiste_cellen as (
    -- every categorie x populatie of the sector exists for every unit with a noemer, also when no SWV has a teller
    -- pupil in it (e.g. no vso pupil anywhere): the all-filters row with teller 0
    select distinct n.sector, n.schooljaar, n.peildatum, c.populatie, c.categorie
        {%- for f in filters %}, cast(null as varchar) as {{ f }}{% endfor %}
    from noemer as n
    inner join (
        values
            ('po', cast(null as varchar), 'sbo'), ('po', 'bekostigd', 'so'), ('po', 'binnen_regio', 'so'),
            ('vo', null, 'pro'), ('vo', null, 'lwoo'), ('vo', 'bekostigd', 'vso'), ('vo', 'binnen_regio', 'vso')
    ) as c (sector, populatie, categorie) on c.sector = n.sector
),

rates as (
    {{ zero_filled_rates('teller_cube', 'noemer', filters, combos_rel='vereiste_cellen') }}
),

swv_rows as (
    {{ pct_rows('rates', 'deelnamepercentage', filters) }}
),

named as (
    {{ indicator_mart_rows('swv_rows', 'pct', filters) }}
)

select
    *,
    -- sbo deelname above 2 % of bao + sbo: the SWV pays for the sbo pupils above the threshold (WPO art. 19)
    case when sector = 'po' and categorie = 'sbo' then waarde > {{ var('sbo_drempel_procent', 2) }} end
        as boven_sbo_drempel
from named
