-- every po / wec / vo enrolment of a pupil seen in any BRON snapshot, with the enrolment directly before it
-- (the pupil's history across teldata; vorige_* feed the bekostigd SWV "vorige inschrijving")
with inschrijvingen as (
    select
        b.leerling_id,
        b.inschrijvingsvolgnummer,
        b.teldatum,
        b.vestigingscode,
        b.brin,
        lower(b.onderwijssoort) as onderwijssoort,
        o.sector,
        b.datum_inschrijving,
        b.datum_uitschrijving
    from {{ ref('stg_bron_inschrijvingen') }} as b
    inner join {{ ref('onderwijssoort') }} as o on o.onderwijssoort = lower(b.onderwijssoort)
    where o.sector in ('po', 'vo')
),

per_inschrijving as (
    select
        leerling_id,
        inschrijvingsvolgnummer,
        arg_max(vestigingscode, teldatum) as vestigingscode,
        arg_max(brin, teldatum) as brin,
        arg_max(onderwijssoort, teldatum) as onderwijssoort,
        arg_max(sector, teldatum) as sector,
        min(datum_inschrijving) as datum_inschrijving,
        max(datum_uitschrijving) as datum_uitschrijving,
        min(teldatum) as eerste_teldatum,
        max(teldatum) as laatste_teldatum,
        count(*) as aantal_teldata
    from inschrijvingen
    group by leerling_id, inschrijvingsvolgnummer
)

select
    *,
    row_number() over pupil_history as volgorde,
    lag(inschrijvingsvolgnummer) over pupil_history as vorige_inschrijvingsvolgnummer,
    lag(vestigingscode) over pupil_history as vorige_vestigingscode,
    lag(onderwijssoort) over pupil_history as vorige_onderwijssoort,
    lag(sector) over pupil_history as vorige_sector,
    lag(datum_uitschrijving) over pupil_history as vorige_datum_uitschrijving,
    lag(laatste_teldatum) over pupil_history as vorige_laatste_teldatum
from per_inschrijving
window pupil_history as (
    partition by leerling_id
    order by datum_inschrijving, try_cast(inschrijvingsvolgnummer as bigint) nulls last, inschrijvingsvolgnummer
)
