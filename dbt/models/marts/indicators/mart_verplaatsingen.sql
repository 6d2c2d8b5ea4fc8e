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
    -- naar: at my vestiging at t (cluster 1 / 2 pupils there are not the SWV's)
    select sector, schooljaar, teldatum as peildatum, 'naar_mijn_scholen' as categorie,
        bestemming_swv as swv_code, bestemming_vestigingscode as vestigingscode,
        herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie
    from verplaatst
    where not bestemming_cluster_1_2
    union all
    -- vanaf: at my vestiging at t-1
    select sector, schooljaar, teldatum, 'vanaf_mijn_scholen',
        herkomst_swv, herkomst_vestigingscode,
        herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie
    from verplaatst
    where not herkomst_cluster_1_2
),

teller as (
    select sector, schooljaar, peildatum, categorie, swv_code, 'swv' as grain, swv_code as grain_code,
        herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie, count(*) as teller
    from teller_pupils
    where swv_code is not null
    group by all
    union all
    select sector, schooljaar, peildatum, categorie, swv_code, 'vestiging', vestigingscode,
        herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie, count(*)
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

combos as (
    -- every cell seen in a sector and schooljaar exists for every SWV with pupils of that onderwijssoort (teller 0)
    select distinct sector, schooljaar, peildatum, categorie, herkomst_onderwijssoort, bestemming_onderwijssoort,
        swv_relatie
    from teller
),

swv_spine as (
    select c.*, u.swv_code, u.grain, u.grain_code
    from combos as c
    inner join teldata as d on d.schooljaar = c.schooljaar
    inner join leerlingen_per_unit as u
        on u.grain = 'swv' and u.sector = c.sector
        -- naar: the unit has pupils of the bestemming onderwijssoort at t; vanaf: of the herkomst one at t-1
        and u.teldatum = case c.categorie when 'naar_mijn_scholen' then d.teldatum
            else cast(d.teldatum - interval 1 year as date) end
        and u.onderwijssoort = case c.categorie when 'naar_mijn_scholen' then c.bestemming_onderwijssoort
            else c.herkomst_onderwijssoort end
),

gevuld as (
    select s.*, coalesce(t.teller, 0) as teller
    from swv_spine as s
    left join teller as t
        on t.grain = 'swv' and t.grain_code = s.grain_code and t.swv_code = s.swv_code and t.sector = s.sector
        and t.schooljaar = s.schooljaar and t.categorie = s.categorie
        and t.herkomst_onderwijssoort = s.herkomst_onderwijssoort
        and t.bestemming_onderwijssoort = s.bestemming_onderwijssoort and t.swv_relatie = s.swv_relatie
    union all by name
    select * from teller where grain = 'vestiging'
),

rates as (
    select g.*, coalesce(n.aantal, 0) as noemer
    from gevuld as g
    left join leerlingen_per_unit as n
        on n.grain = g.grain and n.grain_code = g.grain_code and n.swv_code = g.swv_code and n.sector = g.sector
        and n.teldatum = case g.categorie when 'naar_mijn_scholen' then g.peildatum
            else cast(g.peildatum - interval 1 year as date) end
        and n.onderwijssoort = case g.categorie when 'naar_mijn_scholen' then g.bestemming_onderwijssoort
            else g.herkomst_onderwijssoort end
),

swv_rows as (
    {{ pct_rows('rates', 'verplaatsingen', extras, populatie='cast(null as varchar)') }}
)

{{ indicator_mart_rows('swv_rows', 'pct', extras=extras) }}
