-- every teldatum (count date) that BRON or DUO 1A/1B deliver, with its schooljaar and peildatum type
with teldata as (
    select distinct teldatum from {{ ref('stg_bron_inschrijvingen') }}
    union
    select distinct teldatum from {{ ref('stg_duo_1b_bekostigd') }}
    union
    select distinct teldatum from {{ ref('stg_duo_1a_tlv') }}
)

select
    teldatum,
    {{ schooljaar('teldatum') }} as schooljaar,
    case month(teldatum) when 10 then '1 oktober' when 2 then '1 februari' end as peildatum_type
from teldata
where teldatum is not null
