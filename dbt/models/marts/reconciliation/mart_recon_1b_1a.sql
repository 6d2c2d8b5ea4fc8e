-- DUO 1B (pupils) aggregated vs DUO 1A (counts) per SWV x teldatum x schoolsoort x vestiging x soort (tlv | rp |
-- overig) x niveau (hoog | midden | laag | sbo); one row per cell where they differ, with its reason code
with leerlingen_1b as (
    select
        b.swv_code,
        b.teldatum,
        b.hoofd_onderwijssoort as schoolsoort,
        b.vestigingscode,
        case
            when b.wijze_van_bepaling = 'TLV' then 'tlv'
            when b.hoofd_onderwijssoort <> 'SBO' and b.residentiele_leerling then 'rp'
            else 'overig'
        end as soort,
        oc.niveau
    from {{ ref('stg_duo_1b_bekostigd') }} as b
    inner join {{ ref('ondersteuningscategorie') }} as oc on oc.ondersteuningscategorie = b.ondersteuningscategorie
),

cellen_1b as (
    select swv_code, teldatum, schoolsoort, vestigingscode, soort, niveau, count(*) as aantal_1b
    from leerlingen_1b
    group by all
),

cellen_1a_breed as (
    unpivot (
        select
            swv_code, teldatum, schoolsoort, vestigingscode,
            aantal_hoog_tlv, aantal_hoog_rp, aantal_hoog_overig,
            aantal_midden_tlv, aantal_midden_rp, aantal_midden_overig,
            aantal_laag_tlv, aantal_laag_rp, aantal_laag_overig,
            aantal_sbo_tlv, aantal_sbo_overig
        from {{ ref('stg_duo_1a_tlv') }}
    )
    on aantal_hoog_tlv, aantal_hoog_rp, aantal_hoog_overig,
       aantal_midden_tlv, aantal_midden_rp, aantal_midden_overig,
       aantal_laag_tlv, aantal_laag_rp, aantal_laag_overig,
       aantal_sbo_tlv, aantal_sbo_overig
    into name kolom value aantal_1a
),

cellen_1a as (
    select
        swv_code, teldatum, schoolsoort, vestigingscode,
        split_part(kolom, '_', 3) as soort,
        split_part(kolom, '_', 2) as niveau,
        cast(sum(aantal_1a) as bigint) as aantal_1a
    from cellen_1a_breed
    group by all
),

vestigingen_1a as (
    select distinct swv_code, teldatum, schoolsoort, vestigingscode from {{ ref('stg_duo_1a_tlv') }}
),

vergeleken as (
    select
        coalesce(b.swv_code, a.swv_code) as swv_code,
        coalesce(b.teldatum, a.teldatum) as teldatum,
        coalesce(b.schoolsoort, a.schoolsoort) as schoolsoort,
        coalesce(b.vestigingscode, a.vestigingscode) as vestigingscode,
        coalesce(b.soort, a.soort) as soort,
        coalesce(b.niveau, a.niveau) as niveau,
        coalesce(b.aantal_1b, 0) as aantal_1b,
        a.aantal_1a
    from cellen_1b as b
    full outer join cellen_1a as a
        on a.swv_code = b.swv_code and a.teldatum = b.teldatum and a.schoolsoort = b.schoolsoort
        and a.vestigingscode = b.vestigingscode and a.soort = b.soort and a.niveau = b.niveau
)

select
    'DUO 1B vs 1A' as controle,
    case when v1a.vestigingscode is null then 'ontbreekt_in_1a' else 'aantal_verschilt' end as reden_code,
    v.swv_code,
    v.teldatum,
    v.schoolsoort,
    v.vestigingscode,
    v.soort,
    v.niveau,
    v.aantal_1b,
    coalesce(v.aantal_1a, 0) as aantal_1a,
    v.aantal_1b - coalesce(v.aantal_1a, 0) as verschil
from vergeleken as v
left join vestigingen_1a as v1a
    on v1a.swv_code = v.swv_code and v1a.teldatum = v.teldatum and v1a.schoolsoort = v.schoolsoort
    and v1a.vestigingscode = v.vestigingscode
where v.aantal_1b <> coalesce(v.aantal_1a, 0)
