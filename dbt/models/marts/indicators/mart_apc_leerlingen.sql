-- Leerlingen in apc-gebieden (vo, 1 October): share of vmbo_havo_vwo and pro pupils (and both) whose home PC4 is an
-- armoedeprobleemcumulatiegebied, per SWV and vestiging of the school (VAVO counts ½ in teller and noemer).
with pupils as (
    select sector, schooljaar, peildatum, onderwijstype, swv_vestiging as swv_code, vestigingscode, woon_pc4,
        telgewicht, year(peildatum) as teljaar
    from {{ ref('int_indicator_leerlingen') }}
    where peildatum_type = '1 oktober'
      and onderwijstype in ('vmbo_havo_vwo', 'pro') and swv_vestiging is not null
),

apc as (
    select distinct pc4, jaar from {{ ref('stg_ref_apc_postcodes') }}
),

apc_jaar_per_schooljaar as (
    -- the apc list of the teldatum's year, else the latest earlier list, else the earliest list there is
    select t.schooljaar, coalesce(max(case when a.jaar <= t.teljaar then a.jaar end), min(a.jaar)) as apc_jaar
    from (select distinct schooljaar, teljaar from pupils) as t
    cross join (select distinct jaar from apc) as a
    group by t.schooljaar
),

pupils_apc as (
    select p.*, apc.pc4 is not null as woont_in_apc
    from pupils as p
    left join apc_jaar_per_schooljaar as j on j.schooljaar = p.schooljaar
    left join apc on apc.pc4 = p.woon_pc4 and apc.jaar = j.apc_jaar
),

per_categorie as (
    select *, onderwijstype as categorie from pupils_apc
    union all
    select *, 'totaal' as categorie from pupils_apc
),

per_grain as (
    select *, 'swv' as grain, swv_code as grain_code from per_categorie
    union all
    select *, 'vestiging' as grain, vestigingscode as grain_code from per_categorie
),

aggregated as (
    select sector, schooljaar, peildatum, cast(null as varchar) as populatie, categorie, swv_code, grain, grain_code,
        sum(case when woont_in_apc then telgewicht else 0 end) as teller,
        sum(telgewicht) as noemer
    from per_grain
    group by all
),

rates as (
    -- every categorie at every SWV (teller 0 and noemer 0, waarde null, where it has no such pupils); vestiging rows
    -- are the categories the vestiging has pupils of
    {{ zero_filled_rates('aggregated', 'aggregated', noemer_keys=['categorie'], fill_grains=['swv'], every_unit=true) }}
),

swv_rows as (
    {{ pct_rows('rates', 'apc_leerlingen') }}
)

{{ indicator_mart_rows('swv_rows', 'pct') }}
