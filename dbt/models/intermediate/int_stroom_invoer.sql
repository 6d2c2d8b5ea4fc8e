-- per 1 October teldatum t a fingerprint of everything a flow row of t (int_leerling_stroom) reads: the input
-- fingerprints of every teldatum up to t (the snapshots t-1..t-3 of the pairs and the mbo/ho enrolments at t; the
-- earlier teldata are more than a flow row reads, never less), the pupils' bekostigd SWV by previous enrolment on
-- t and t-1..t-3 (it can move when a snapshot of another teldatum changes a pupil's history), and the cluster 1 / 2
-- instellingen list
with oktober as (
    select teldatum from {{ ref('int_teldatum_invoer') }}
    where month(teldatum) = 10 and day(teldatum) = 1
),

tot_en_met as (
    select o.teldatum, string_agg(i.teldatum || ':' || i.invoer_hash, ',' order by i.teldatum) as invoer
    from oktober as o
    inner join {{ ref('int_teldatum_invoer') }} as i on i.teldatum <= o.teldatum
    group by o.teldatum
),

historie as (
    select teldatum, count(*) as rijen, sum(hash(leerling_id, vorige_vestigingscode)::hugeint) as som
    from {{ ref('int_leerling_teldatum') }}
    group by teldatum
),

paar_historie as (
    select o.teldatum, string_agg(h.teldatum || ':' || h.rijen || ':' || h.som, ',' order by h.teldatum) as historie
    from oktober as o
    cross join (values (0), (1), (2), (3)) as j (jaren)
    inner join historie as h on h.teldatum = cast(o.teldatum - to_years(j.jaren) as date)
    group by o.teldatum
),

cluster12 as (
    select count(*) as rijen, coalesce(sum(hash(*columns(*))::hugeint), 0) as som
    from {{ ref('int_cluster12_instellingen') }}
)

select
    t.teldatum,
    {{ schooljaar('t.teldatum') }} as schooljaar,
    md5(concat_ws('|', t.invoer, coalesce(p.historie, ''), c.rijen, c.som)) as invoer_hash
from tot_en_met as t
left join paar_historie as p on p.teldatum = t.teldatum
cross join cluster12 as c
