-- one row per pupil ever enrolled in po: the schooladvies vo that counts. That is the advies of the pupil's last po
-- enrolment (bao, sbo or so): its herzien (revised) advies where one is recorded, else its first advies, each as in
-- the latest snapshot of that enrolment that carries one; a double advies (e.g. vmbo-gt/havo) has a low and a high
-- level, a single advies the same level twice.
with po_snapshots as (
    select
        b.leerling_id,
        b.inschrijvingsvolgnummer,
        b.teldatum,
        b.datum_inschrijving,
        b.vestigingscode,
        lower(b.onderwijssoort) as onderwijssoort,
        b.advies_vo,
        b.advies_vo_herzien
    from {{ ref('stg_bron_inschrijvingen') }} as b
    inner join {{ ref('onderwijssoort') }} as o on o.onderwijssoort = lower(b.onderwijssoort)
    where o.sector = 'po'
),

laatste_po_inschrijving as (
    -- the most recent po enrolment: latest start, then the highest volgnummer
    select leerling_id, inschrijvingsvolgnummer, vestigingscode, onderwijssoort
    from po_snapshots
    qualify row_number() over (
        partition by leerling_id
        order by datum_inschrijving desc nulls last,
            try_cast(inschrijvingsvolgnummer as bigint) desc nulls last, inschrijvingsvolgnummer desc,
            teldatum desc
    ) = 1
),

advies_van_inschrijving as (
    -- on that enrolment: the latest herzien advies, else the latest first advies (a herzien advies wins)
    select
        s.leerling_id,
        coalesce(
            arg_max(s.advies_vo_herzien, s.teldatum) filter (where s.advies_vo_herzien is not null),
            arg_max(s.advies_vo, s.teldatum) filter (where s.advies_vo is not null)
        ) as advies_vo,
        arg_max(s.advies_vo, s.teldatum) filter (where s.advies_vo is not null) as advies_vo_eerste,
        count(s.advies_vo_herzien) > 0 as is_herzien_advies
    from po_snapshots as s
    inner join laatste_po_inschrijving as l
        on l.leerling_id = s.leerling_id and l.inschrijvingsvolgnummer = s.inschrijvingsvolgnummer
    where s.advies_vo is not null or s.advies_vo_herzien is not null
    group by s.leerling_id
),

met_niveaus as (
    select
        l.leerling_id,
        l.inschrijvingsvolgnummer as po_inschrijvingsvolgnummer,
        l.vestigingscode as po_vestigingscode,
        l.onderwijssoort as po_onderwijssoort,
        a.advies_vo,
        a.advies_vo_eerste,
        coalesce(a.is_herzien_advies, false) as is_herzien_advies,
        -- no advies on the last po enrolment: geen_advies; a code the seed does not know: onbekend
        case
            when a.advies_vo is null then 'geen_advies'
            else coalesce(c.advies_soort, 'onbekend')
        end as advies_soort,
        c.niveau_laag as advies_niveau_laag,
        c.niveau_hoog as advies_niveau_hoog,
        nl.rang as advies_rang_laag,
        nh.rang as advies_rang_hoog
    from laatste_po_inschrijving as l
    left join advies_van_inschrijving as a on a.leerling_id = l.leerling_id
    left join {{ ref('advies_vo') }} as c on c.advies_vo = a.advies_vo
    left join {{ ref('advies_niveau') }} as nl on nl.niveau = c.niveau_laag
    left join {{ ref('advies_niveau') }} as nh on nh.niveau = c.niveau_hoog
)

select
    leerling_id,
    po_inschrijvingsvolgnummer,
    po_vestigingscode,
    po_onderwijssoort,
    advies_vo,
    advies_vo_eerste,
    is_herzien_advies,
    advies_soort,
    -- the filter value: the level, both levels of a double advies joined by '/', else the kind
    case
        when advies_soort = 'regulier' and advies_niveau_laag = advies_niveau_hoog then advies_niveau_laag
        when advies_soort = 'regulier' then advies_niveau_laag || '/' || advies_niveau_hoog
        else advies_soort
    end as advies,
    advies_niveau_laag,
    advies_niveau_hoog,
    advies_rang_laag,
    advies_rang_hoog,
    coalesce(advies_rang_laag < advies_rang_hoog, false) as is_dubbel_advies
from met_niveaus
