-- flow balance of int_leerling_stroom: per pair of 1 October snapshots every pupil at the herkomst snapshot is found
-- at t (po_vo, vervolgonderwijs) or counted as left (uit_bekostigd_onderwijs), and every pupil at t is either found
-- from the herkomst snapshot (po_vo) or new (nieuw). Returns the pairs where a side does not add up.
with leerlingen as (
    select teldatum, count(*) as n
    from {{ ref('int_indicator_leerlingen') }}
    where peildatum_type = '1 oktober'
    group by teldatum
),

stromen as (
    select
        teldatum,
        teldatum_herkomst,
        jaren,
        count(*) filter (where stroom_status in ('po_vo', 'vervolgonderwijs', 'uit_bekostigd_onderwijs'))
            as n_herkomst,
        count(*) filter (where stroom_status in ('po_vo', 'nieuw')) as n_bestemming,
        count(*) filter (where stroom_status = 'nieuw' and herkomst_sector is not null) as nieuw_met_herkomst,
        count(*) filter (where stroom_status <> 'po_vo' and stroom_status <> 'nieuw' and bestemming_sector is not null)
            as weg_met_bestemming
    from {{ ref('int_leerling_stroom') }}
    group by all
)

select s.*, h.n as leerlingen_herkomst, b.n as leerlingen_bestemming
from stromen as s
left join leerlingen as h on h.teldatum = s.teldatum_herkomst
left join leerlingen as b on b.teldatum = s.teldatum
where s.n_herkomst <> coalesce(h.n, 0)
   or s.n_bestemming <> coalesce(b.n, 0)
   or s.nieuw_met_herkomst > 0
   or s.weg_met_bestemming > 0
