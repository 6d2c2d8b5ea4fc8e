-- per 1 October teldatum t a fingerprint of everything a flow row of t (int_leerling_stroom) reads, and nothing
-- more: the input fingerprints of the 1 October snapshots t, t-1, t-2 and t-3 (the pairs ending on t, the mbo / ho
-- enrolments at t), the pupils' previous-enrolment vestiging on those snapshots (the bekostigd SWV by previous
-- enrolment can move when a snapshot of another teldatum changes a pupil's history), and the cluster 1 / 2
-- instellingen list. A re-delivered snapshot outside t-3..t (an older 1 October, any 1 February) leaves the flows
-- of t as they are unless it moves such a previous enrolment.
with oktober as (
    select teldatum from {{ ref('int_teldatum_invoer') }}
    where month(teldatum) = 10 and day(teldatum) = 1
),

venster as (
    -- the snapshots the flows of t read: t - jaren for jaren 0..3
    select o.teldatum, cast(o.teldatum - to_years(j.jaren) as date) as teldatum_gelezen
    from oktober as o
    cross join (values (0), (1), (2), (3)) as j (jaren)
),

invoer as (
    select v.teldatum, string_agg(i.teldatum || ':' || i.invoer_hash, ',' order by i.teldatum) as invoer
    from venster as v
    inner join {{ ref('int_teldatum_invoer') }} as i on i.teldatum = v.teldatum_gelezen
    group by v.teldatum
),

historie as (
    select teldatum, count(*) as rijen, sum(hash(leerling_id, vorige_vestigingscode)::hugeint) as som
    from {{ ref('int_leerling_teldatum') }}
    group by teldatum
),

paar_historie as (
    select v.teldatum, string_agg(h.teldatum || ':' || h.rijen || ':' || h.som, ',' order by h.teldatum) as historie
    from venster as v
    inner join historie as h on h.teldatum = v.teldatum_gelezen
    group by v.teldatum
),

cluster12 as (
    select count(*) as rijen, coalesce(sum(hash(*columns(*))::hugeint), 0) as som
    from {{ ref('int_cluster12_instellingen') }}
)

select
    t.teldatum,
    {{ schooljaar('t.teldatum') }} as schooljaar,
    md5(concat_ws('|', t.invoer, coalesce(p.historie, ''), c.rijen, c.som)) as invoer_hash
from invoer as t
left join paar_historie as p on p.teldatum = t.teldatum
cross join cluster12 as c
