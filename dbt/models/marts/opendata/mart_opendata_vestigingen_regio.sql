-- Every vestiging of the DUO open data with its pupils per categorie on 1 October and its SWV: po categories to the
-- po SWV, vso and vo categories to the vo SWV. A vo vestiging (vmbo_havo_vwo, vavo, pro) listed in DUO's school-level
-- vo SWV list (vsv-per-swv, incl. the national VO0001) belongs to the SWV of that list (swv_bepaling 'schoollijst');
-- every other vestiging to the SWV whose region (official regio-indeling, by the PC4 of the vestiging's postcode)
-- holds it ('pc4_regio'). swv_code is null, with reden_geen_swv, where neither gives an SWV.
with po_wec as (
    select
        peildatum,
        schooljaar,
        case when soort_po = 'vso' then 'vo' else 'po' end as sector,
        case when soort_po = 'bo' then 'bao' else soort_po end as categorie,
        vestigingscode,
        brin,
        vestigingsnummer,
        vestigingsnaam,
        postcode,
        aantal_leerlingen,
        _source_file
    from {{ ref('stg_opendata_po_vestigingen') }}
),

vo_adressen as (
    select vestigingscode, postcode
    from {{ ref('stg_opendata_vestigingen') }}
    where sector_bestand = 'vo'
),

vo_per_categorie as (
    select
        make_date(cast(o.jaar as integer), 10, 1) as peildatum,
        cast(o.jaar as varchar) || '-' || cast(o.jaar + 1 as varchar) as schooljaar,
        'vo' as sector,
        case
            when o.onderwijstype ilike 'praktijkonderwijs%' then 'pro'
            when o.onderwijstype ilike '%vavo%' then 'vavo'
            else 'vmbo_havo_vwo'
        end as categorie,
        o.vestigingscode,
        o.brin,
        o.vestigingsnummer,
        min(o.vestigingsnaam) as vestigingsnaam,
        min(a.postcode) as postcode,
        sum(o.aantal_leerlingen) as aantal_leerlingen,
        min(o._source_file) as _source_file
    from {{ ref('stg_opendata_vo_vestigingen_onderwijstype') }} as o
    left join vo_adressen as a on a.vestigingscode = o.vestigingscode
    group by all
),

vestiging_leerlingen as (
    select * from po_wec
    union all by name
    select * from vo_per_categorie
),

regio_snapshots as (
    select distinct snapshot_datum from {{ ref('stg_ref_regio_indeling') }}
),

snapshot_per_peildatum as (
    -- the regio-indeling in force: the latest snapshot on or before the peildatum, else the earliest
    select
        p.peildatum,
        coalesce(max(s.snapshot_datum) filter (where s.snapshot_datum <= p.peildatum), min(s.snapshot_datum))
            as snapshot_datum
    from (select distinct peildatum from vestiging_leerlingen) as p
    cross join regio_snapshots as s
    group by p.peildatum
),

regio as (
    select pc4, snapshot_datum, po_swv_code, vo_swv_code
    from {{ ref('stg_ref_regio_indeling') }}
),

schoollijst_jaren as (
    select distinct jaar from {{ ref('stg_opendata_vsv_swv') }}
),

schoollijst_per_peildatum as (
    -- the school-level list in force: the latest year on or before the peildatum's year, else the earliest
    select
        p.peildatum,
        coalesce(max(j.jaar) filter (where j.jaar <= year(p.peildatum)), min(j.jaar)) as jaar
    from (select distinct peildatum from vestiging_leerlingen) as p
    cross join schoollijst_jaren as j
    group by p.peildatum
),

schoollijst as (
    select jaar, vestigingscode, min(swv_code) as swv_code
    from {{ ref('stg_opendata_vsv_swv') }}
    where regexp_matches(swv_code, '^VO[0-9]{4}$')
    group by all
),

met_pc4 as (
    select
        v.*,
        case
            when regexp_matches(replace(coalesce(v.postcode, ''), ' ', ''), '^[0-9]{4}')
                then left(replace(v.postcode, ' ', ''), 4)
        end as pc4
    from vestiging_leerlingen as v
),

met_regio as (
    select
        v.*,
        r.pc4 is not null as pc4_in_regio_indeling,
        case when v.sector = 'po' then r.po_swv_code else r.vo_swv_code end as regio_waarde,
        l.swv_code as schoollijst_swv
    from met_pc4 as v
    left join snapshot_per_peildatum as s on s.peildatum = v.peildatum
    left join regio as r on r.pc4 = v.pc4 and r.snapshot_datum = s.snapshot_datum
    left join schoollijst_per_peildatum as lj on lj.peildatum = v.peildatum
    left join schoollijst as l
        on v.categorie in ('vmbo_havo_vwo', 'vavo', 'pro') and l.jaar = lj.jaar and l.vestigingscode = v.vestigingscode
),

met_swv as (
    select
        *,
        case when regexp_matches(coalesce(regio_waarde, ''), '^(PO|VO)[0-9]{4}$') then regio_waarde end as regio_swv
    from met_regio
)

select
    peildatum,
    schooljaar,
    sector,
    categorie,
    vestigingscode,
    brin,
    vestigingsnummer,
    vestigingsnaam,
    postcode,
    pc4,
    coalesce(schoollijst_swv, regio_swv) as swv_code,
    case
        when schoollijst_swv is not null then 'schoollijst'
        when regio_swv is not null then 'pc4_regio'
    end as swv_bepaling,
    regio_swv,
    case
        when schoollijst_swv is not null or regio_swv is not null then null
        when pc4 is null and postcode is null then 'geen postcode bekend (vestiging niet in het adressenbestand)'
        when pc4 is null then 'postcode ' || postcode || ' heeft geen geldige pc4'
        when not pc4_in_regio_indeling then 'pc4 ' || pc4 || ' staat niet in de regio-indeling'
        when not regexp_matches(coalesce(regio_waarde, ''), '^(PO|VO)[0-9]{4}$')
            then 'pc4 ' || pc4 || ' hoort bij geen ' || sector || '-swv (regio-indeling: '
                || coalesce(regio_waarde, 'leeg') || ')'
    end as reden_geen_swv,
    aantal_leerlingen,
    _source_file
from met_swv
