-- per teldatum a fingerprint of every input the pupil-level models read for that teldatum: the BRON snapshot, the DUO
-- 1B rows, and the vestigingen and regio-indeling in force on it (provenance columns left out: a renamed file with the
-- same rows is the same input). The incremental models compare it with the fingerprint their rows carry.
with bron as (
    select teldatum, count(*) as rijen, sum(hash(*columns(* exclude (_source_file, _source_row, bestand_datum)))::hugeint) as som
    from {{ ref('stg_bron_inschrijvingen') }}
    group by teldatum
),

bekostigd_1b as (
    select teldatum, count(*) as rijen, sum(hash(*columns(* exclude (_source_file, _source_row, bestand_datum)))::hugeint) as som
    from {{ ref('stg_duo_1b_bekostigd') }}
    group by teldatum
),

vestigingen as (
    select teldatum, count(*) as rijen, sum(hash(*columns(*))::hugeint) as som
    from {{ ref('int_vestiging_teldatum') }}
    group by teldatum
),

regio as (
    select teldatum, count(*) as rijen, sum(hash(*columns(*))::hugeint) as som
    from {{ ref('int_regio_indeling_teldatum') }}
    group by teldatum
)

select
    d.teldatum,
    d.schooljaar,
    md5(concat_ws('|',
        d.teldatum, d.schooljaar, d.peildatum_type,
        coalesce(b.rijen, 0), coalesce(b.som, 0),
        coalesce(e.rijen, 0), coalesce(e.som, 0),
        coalesce(v.rijen, 0), coalesce(v.som, 0),
        coalesce(r.rijen, 0), coalesce(r.som, 0)
    )) as invoer_hash
from {{ ref('int_teldata') }} as d
left join bron as b on b.teldatum = d.teldatum
left join bekostigd_1b as e on e.teldatum = d.teldatum
left join vestigingen as v on v.teldatum = d.teldatum
left join regio as r on r.teldatum = d.teldatum
