-- Gewichtenleerlingen (po, 1 October): share of bao + sbo pupils with gewicht 0,30, with 1,20 and together, of all
-- bao + sbo pupils of the SWV (and of the vestiging).
with pupils as (
    select sector, schooljaar, peildatum, swv_vestiging as swv_code, vestigingscode, telgewicht,
        round(coalesce(gewicht, 0), 2) as gewicht
    from {{ ref('int_indicator_leerlingen') }}
    where peildatum_type = '1 oktober'
      and onderwijstype in ('bao', 'sbo') and swv_vestiging is not null
),

per_grain as (
    select *, 'swv' as grain, swv_code as grain_code from pupils
    union all
    select *, 'vestiging' as grain, vestigingscode as grain_code from pupils
),

teller_per_categorie as (
    select sector, schooljaar, peildatum, cast(null as varchar) as populatie,
        case gewicht when 0.3 then 'gewicht_0_30' when 1.2 then 'gewicht_1_20' end as categorie,
        swv_code, grain, grain_code, telgewicht
    from per_grain
    where gewicht in (0.3, 1.2)
    union all
    select sector, schooljaar, peildatum, null, 'totaal', swv_code, grain, grain_code, telgewicht
    from per_grain
    where gewicht in (0.3, 1.2)
),

teller as (
    select sector, schooljaar, peildatum, populatie, categorie, swv_code, grain, grain_code, sum(telgewicht) as teller
    from teller_per_categorie
    group by all
),

noemer as (
    select sector, schooljaar, peildatum, swv_code, grain, grain_code, sum(telgewicht) as noemer
    from per_grain
    group by all
),

combos as (
    -- every categorie for every unit, also when no pupil has that gewicht
    select distinct n.sector, n.schooljaar, n.peildatum, cast(null as varchar) as populatie, c.categorie
    from noemer as n
    cross join (values ('gewicht_0_30'), ('gewicht_1_20'), ('totaal')) as c (categorie)
),

rates as (
    {{ zero_filled_rates('teller', 'noemer', combos_rel='combos') }}
),

swv_rows as (
    {{ pct_rows('rates', 'gewichtenleerlingen') }}
)

{{ indicator_mart_rows('swv_rows', 'pct') }}
