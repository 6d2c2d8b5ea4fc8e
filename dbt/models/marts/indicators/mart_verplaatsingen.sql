-- Verplaatsingen naar / vanaf mijn scholen: pupils who changed vestigingscode between 1 October t-1 and 1 October t
-- within one sector (po -> po, vo -> vo; po -> vo is no verplaatsing, nor a change of onderwijssoort at the same
-- vestiging). naar_mijn_scholen: counted at the vestiging (and its SWV) of t, noemer = the unit's pupils of that
-- bestemming onderwijssoort at t; vanaf_mijn_scholen: counted at the vestiging (and SWV) of t-1, noemer = the unit's
-- pupils of that herkomst onderwijssoort at t-1. bao, sbo and vo pupils belong to the SWV of their vestiging, (v)so
-- pupils to the SWV that funds them (bekostigd). Persons count 1 (VAVO too).
{% set extras = ['herkomst_onderwijssoort', 'bestemming_onderwijssoort', 'swv_relatie'] %}

with paren as (
    select
        schooljaar,
        teldatum,
        herkomst_sector as sector,
        bestemming_sector,
        herkomst_onderwijssoort,
        bestemming_onderwijssoort,
        herkomst_vestigingscode,
        bestemming_vestigingscode,
        case when herkomst_onderwijstype in ('so', 'vso') then herkomst_swv_bekostigd else herkomst_swv_vestiging end
            as herkomst_swv,
        case when bestemming_onderwijstype in ('so', 'vso') then bestemming_swv_bekostigd else bestemming_swv_vestiging end
            as bestemming_swv,
        coalesce(herkomst_is_cluster_1_2, false) as herkomst_cluster_1_2,
        coalesce(bestemming_is_cluster_1_2, false) as bestemming_cluster_1_2
    from {{ ref('int_leerling_stroom') }}
    where jaren = 1 and stroom_status = 'po_vo'
),

verplaatst as (
    select
        *,
        case when herkomst_swv = bestemming_swv then 'binnen_swv' else 'buiten_swv' end as swv_relatie
    from paren
    where bestemming_onderwijssoort is not null
      and herkomst_vestigingscode <> bestemming_vestigingscode
      and sector = bestemming_sector
),

teller_pupils as (
    -- naar: at my vestiging at t (cluster 1 / 2 pupils there are not the SWV's); its noemer counts the bestemming
    -- onderwijssoort at t
    select sector, schooljaar, teldatum as peildatum, 'naar_mijn_scholen' as categorie,
        bestemming_swv as swv_code, bestemming_vestigingscode as vestigingscode,
        herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie,
        bestemming_onderwijssoort as noemer_onderwijssoort
    from verplaatst
    where not bestemming_cluster_1_2
    union all
    -- vanaf: at my vestiging at t-1; its noemer counts the herkomst onderwijssoort at t-1
    select sector, schooljaar, teldatum, 'vanaf_mijn_scholen',
        herkomst_swv, herkomst_vestigingscode,
        herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie,
        herkomst_onderwijssoort
    from verplaatst
    where not herkomst_cluster_1_2
),

teller as (
    select sector, schooljaar, peildatum, cast(null as varchar) as populatie, categorie, swv_code, 'swv' as grain,
        swv_code as grain_code, herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie,
        noemer_onderwijssoort, count(*) as teller
    from teller_pupils
    where swv_code is not null
    group by all
    union all
    select sector, schooljaar, peildatum, null, categorie, swv_code, 'vestiging', vestigingscode,
        herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie, noemer_onderwijssoort, count(*)
    from teller_pupils
    where swv_code is not null
    group by all
),

leerlingen as (
    -- the pupils of each unit per onderwijssoort on a 1 October (persons)
    select
        l.sector,
        l.teldatum,
        l.onderwijssoort,
        case when l.onderwijstype in ('so', 'vso') then l.swv_bekostigd else l.swv_vestiging end as swv_code,
        l.vestigingscode
    from {{ ref('int_indicator_leerlingen') }} as l
    where l.peildatum_type = '1 oktober' and not l.is_cluster_1_2
),

leerlingen_per_unit as (
    select sector, teldatum, onderwijssoort, swv_code, 'swv' as grain, swv_code as grain_code, count(*) as aantal
    from leerlingen
    where swv_code is not null
    group by all
    union all
    select sector, teldatum, onderwijssoort, swv_code, 'vestiging', vestigingscode, count(*)
    from leerlingen
    where swv_code is not null
    group by all
),

teldata as (
    select distinct teldatum, schooljaar from {{ ref('int_leerling_stroom') }} where jaren = 1
),

noemer as (
    -- per schooljaar: naar_mijn_scholen over the unit's pupils of an onderwijssoort at t, vanaf_mijn_scholen over
    -- those at t-1
    select u.sector, d.schooljaar, d.teldatum as peildatum, c.categorie, u.onderwijssoort as noemer_onderwijssoort,
        u.swv_code, u.grain, u.grain_code, u.aantal as noemer
    from teldata as d
    cross join (values ('naar_mijn_scholen'), ('vanaf_mijn_scholen')) as c (categorie)
    inner join leerlingen_per_unit as u
        on u.teldatum = case c.categorie when 'naar_mijn_scholen' then d.teldatum
            else cast(d.teldatum - interval 1 year as date) end
),

rates as (
    -- swv grain: every cell seen in a sector and schooljaar at every SWV with pupils of its noemer onderwijssoort
    -- (teller 0); vestiging grain: the non-empty cells
    {{ zero_filled_rates('teller', 'noemer', extras + ['noemer_onderwijssoort'],
                         noemer_keys=['categorie', 'noemer_onderwijssoort'], fill_grains=['swv']) }}
),

swv_rows as (
    {{ pct_rows('rates', 'verplaatsingen', extras) }}
)

{{ indicator_mart_rows('swv_rows', 'pct', extras=extras) }}
