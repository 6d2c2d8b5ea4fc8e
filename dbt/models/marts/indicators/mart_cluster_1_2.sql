-- Percentage leerlingen cluster 1 en 2 (1 October): pupils living in the SWV's region (home PC4) enrolled in
-- cluster 1 resp. 2 (and together), over the SWV's own bao + sbo (po) or vmbo_havo_vwo + pro (vo) pupils at its
-- vestigingen, the same noemer as mart_deelnamepercentage. The national reformatorische SWVs have no region, so no
-- pupil can live in it: they get no row (a 0 % would read as a measured value).
with pupils as (
    select sector, schooljaar, peildatum, onderwijstype, is_cluster_1_2, cluster_1_2, swv_woon, swv_vestiging,
        telgewicht
    from {{ ref('int_indicator_leerlingen') }}
    where peildatum_type = '1 oktober'
),

teller_pupils as (
    -- cluster 1 / 2 pupils by the SWV region of their home
    select sector, schooljaar, peildatum, cluster_1_2, swv_woon as swv_code, telgewicht
    from pupils
    where is_cluster_1_2 and swv_woon is not null and swv_woon not in {{ reformatorische_swvs() }}
),

teller_per_categorie as (
    select sector, schooljaar, peildatum, 'cluster_' || cluster_1_2 as categorie, swv_code, telgewicht
    from teller_pupils
    union all
    select sector, schooljaar, peildatum, 'totaal', swv_code, telgewicht
    from teller_pupils
),

teller as (
    select sector, schooljaar, peildatum, cast(null as varchar) as populatie, categorie, swv_code,
        'swv' as grain, swv_code as grain_code, sum(telgewicht) as teller
    from teller_per_categorie
    group by all
),

noemer as (
    -- as the other deelnamepercentages: bao + sbo (po), vmbo_havo_vwo + pro (vo, VAVO 1/2) at the SWV of the vestiging
    select sector, schooljaar, peildatum, swv_vestiging as swv_code, 'swv' as grain, swv_vestiging as grain_code,
        sum(telgewicht) as noemer
    from pupils
    where onderwijstype in ('bao', 'sbo', 'vmbo_havo_vwo', 'pro')
      and swv_vestiging is not null and swv_vestiging not in {{ reformatorische_swvs() }}
    group by all
),

categories as (
    select distinct n.sector, n.schooljaar, n.peildatum, cast(null as varchar) as populatie, c.categorie
    from noemer as n
    cross join (values ('cluster_1'), ('cluster_2'), ('totaal')) as c (categorie)
),

rates as (
    {{ zero_filled_rates('teller', 'noemer', combos_rel='categories') }}
),

swv_rows as (
    {{ pct_rows('rates', 'cluster_1_2') }}
)

{{ indicator_mart_rows('swv_rows', 'pct') }}
