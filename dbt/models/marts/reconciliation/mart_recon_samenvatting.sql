-- overview of the funding reconciliation: rows per check x reason x SWV x teldatum over the four recon marts
with rijen as (
    select controle, reden_code, swv_code, teldatum from {{ ref('mart_recon_1a_intern') }}
    union all
    select controle, reden_code, swv_code, teldatum from {{ ref('mart_recon_1b_1a') }}
    union all
    select controle, reden_code, swv_code, teldatum from {{ ref('mart_recon_bron_1b') }}
    union all
    select controle, reden_code, swv_code, teldatum from {{ ref('mart_recon_1a_vestigingen_bron') }}
)

select
    r.controle,
    r.reden_code,
    d.is_afwijking,
    d.omschrijving,
    r.swv_code,
    r.teldatum,
    count(*) as aantal_rijen
from rijen as r
inner join {{ ref('reconciliatie_reden') }} as d on d.reden_code = r.reden_code
group by all
