-- Leerlingprognose: % more or fewer pupils expected per future 1 October (up to 15 years ahead) against the last
-- 1 October count, plus a trend of the 5 counted years up to that count. po: DUO prognoses per vestiging; vo: per
-- instelling, split over SWVs pro rata by the instelling's last 1 October counts, vmbo_havo_vwo and pro apart.
with basis as (
    -- the last 1 October count in the warehouse is the basis of the prognosis
    select max(teldatum) as basis_teldatum, year(max(teldatum)) as basis_jaar
    from {{ ref('int_leerling_teldatum') }}
    where peildatum_type = '1 oktober'
),

oktober as (
    select l.*, year(l.teldatum) as jaar
    from {{ ref('int_leerling_teldatum') }} as l
    cross join basis as b
    where l.peildatum_type = '1 oktober' and year(l.teldatum) between b.basis_jaar - 4 and b.basis_jaar
),

telde_jaren as (
    -- history: the counted years among the 5 up to the basis (years before the first delivery are not zero)
    select distinct jaar from oktober
),

basis_schooljaar as (
    select distinct o.schooljaar from oktober as o cross join basis as b where o.teldatum = b.basis_teldatum
),

-- ---------------------------------------------------------------- po: per vestiging
prognose_po as (
    select p.vestigingscode, p.jaar, p.aantal
    from {{ ref('stg_prognose_po') }} as p
    cross join basis as b
    where p.jaar between b.basis_jaar + 1 and b.basis_jaar + 15
    qualify row_number() over (
        partition by p.vestigingscode, p.jaar order by p.snapshot_datum desc nulls last
    ) = 1
),

telling_po as (
    select vestigingscode, jaar, sum(telgewicht) as aantal, arg_max(swv_vestiging, teldatum) as swv_code
    from oktober
    where sector = 'po' and swv_vestiging is not null
    group by all
),

vestigingen_po as (
    -- vestigingen with a prognosis and a count on the basis date; their SWV is the one of the basis date
    select t.vestigingscode, t.swv_code, t.aantal as basis_aantal
    from telling_po as t
    cross join basis as b
    where t.jaar = b.basis_jaar and t.aantal > 0
        and t.vestigingscode in (select vestigingscode from prognose_po)
),

po_vestiging_rows as (
    select 'po' as sector, 'totaal' as categorie, v.swv_code, 'vestiging' as grain, v.vestigingscode as grain_code,
        j.jaar, 'telling' as soort, coalesce(t.aantal, 0) as teller, v.basis_aantal as noemer
    from vestigingen_po as v
    cross join telde_jaren as j
    left join telling_po as t on t.vestigingscode = v.vestigingscode and t.jaar = j.jaar
    union all
    select 'po', 'totaal', v.swv_code, 'vestiging', v.vestigingscode, p.jaar, 'prognose', p.aantal, v.basis_aantal
    from vestigingen_po as v
    inner join prognose_po as p on p.vestigingscode = v.vestigingscode
),

-- ---------------------------------------------------------------- vo: per instelling, split pro rata over SWVs
prognose_vo as (
    select p.brin, lower(p.onderwijstype) as categorie, p.jaar, p.aantal
    from {{ ref('stg_prognose_vo') }} as p
    cross join basis as b
    where p.jaar between b.basis_jaar + 1 and b.basis_jaar + 15
    qualify row_number() over (
        partition by p.brin, p.onderwijstype, p.jaar order by p.snapshot_datum desc nulls last
    ) = 1
),

telling_vo as (
    select brin, onderwijstype as categorie, swv_vestiging as swv_code, jaar, sum(telgewicht) as aantal
    from oktober
    where sector = 'vo' and onderwijstype in ('vmbo_havo_vwo', 'pro') and swv_vestiging is not null
    group by all
),

aandeel_vo as (
    -- share of each SWV in the instelling's pupils of that onderwijstype on the basis date
    select t.brin, t.categorie, t.swv_code, t.aantal as basis_aantal,
        t.aantal / sum(t.aantal) over (partition by t.brin, t.categorie) as aandeel
    from telling_vo as t
    cross join basis as b
    where t.jaar = b.basis_jaar
        and (t.brin, t.categorie) in (select brin, categorie from prognose_vo)
),

vo_swv_categorie_rows as (
    select 'vo' as sector, a.categorie, a.swv_code, j.jaar, 'telling' as soort,
        sum(coalesce(t.aantal, 0)) as teller, sum(a.basis_aantal) as noemer
    from aandeel_vo as a
    cross join telde_jaren as j
    left join telling_vo as t
        on t.brin = a.brin and t.categorie = a.categorie and t.swv_code = a.swv_code and t.jaar = j.jaar
    group by all
    union all
    select 'vo', a.categorie, a.swv_code, p.jaar, 'prognose', {{ exact_sum('p.aantal * a.aandeel') }}, sum(a.basis_aantal)
    from aandeel_vo as a
    inner join prognose_vo as p on p.brin = a.brin and p.categorie = a.categorie
    group by all
),

-- ---------------------------------------------------------------- grains
swv_rows_unnamed as (
    select sector, categorie, swv_code, 'swv' as grain, swv_code as grain_code, jaar, soort,
        sum(teller) as teller, sum(noemer) as noemer
    from po_vestiging_rows
    group by all
    union all
    select * from po_vestiging_rows
    union all
    select sector, categorie, swv_code, 'swv', swv_code, jaar, soort, teller, noemer
    from vo_swv_categorie_rows
    union all
    select sector, 'totaal', swv_code, 'swv', swv_code, jaar, soort, {{ exact_sum('teller') }}, sum(noemer)
    from vo_swv_categorie_rows
    group by all
),

swv_rows as (
    select
        'leerlingprognose' as indicator,
        r.sector, r.swv_code, s.schooljaar, b.basis_teldatum as peildatum, cast(null as varchar) as populatie,
        r.grain, r.grain_code, r.categorie, cast(r.jaar as integer) as jaar, r.soort,
        r.teller, r.noemer,
        {{ indicator_change_pct('r.teller', 'r.noemer') }} as waarde,
        cast(null as double) as waarde_gemiddelde_swv
    from swv_rows_unnamed as r
    cross join basis as b
    cross join basis_schooljaar as s
)

{{ indicator_mart_rows('swv_rows', 'change', extras=['jaar', 'soort']) }}
