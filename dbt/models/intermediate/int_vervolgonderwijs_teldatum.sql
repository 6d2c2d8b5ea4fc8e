-- one row per student per teldatum in mbo / hbo / wo (outflow destinations): the active enrolment with the highest
-- inschrijvingsvolgnummer, bekostigd or not. Incremental by teldatum (macros/incremental/teldatum_incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ teldata_verwijderen() }}"
) }}
with actieve_inschrijvingen as (
    select
        b.*,
        lower(b.onderwijssoort) as onderwijssoort_code,
        o.sector as dashboard_sector
    from {{ ref('stg_bron_inschrijvingen') }} as b
    inner join {{ ref('onderwijssoort') }} as o on o.onderwijssoort = lower(b.onderwijssoort)
    where o.sector in ('mbo', 'ho')
      and {{ actief_op('b.teldatum', 'b.datum_inschrijving', 'b.datum_uitschrijving') }}
      and {{ teldata_te_berekenen('b.teldatum') }}
),

telt as (
    select *
    from actieve_inschrijvingen
    qualify row_number() over (
        partition by leerling_id, teldatum
        order by is_bekostigde_inschrijving desc,
            try_cast(inschrijvingsvolgnummer as bigint) desc nulls last, inschrijvingsvolgnummer desc
    ) = 1
)

select
    t.leerling_id,
    t.teldatum,
    d.peildatum_type,
    d.schooljaar,
    t.dashboard_sector as sector,
    t.onderwijssoort_code as onderwijssoort,
    t.mbo_niveau,
    t.is_bekostigde_inschrijving,
    t.inschrijvingsvolgnummer,
    t.vestigingscode,
    t.brin,
    t.woon_pc4,
    w.vo_swv_code as swv_woon_vo,
    t.geboortedatum,
    {{ leeftijd('t.geboortedatum', 't.teldatum') }} as leeftijd,
    i.invoer_hash
from telt as t
inner join {{ ref('int_teldata') }} as d on d.teldatum = t.teldatum
inner join {{ ref('int_teldatum_invoer') }} as i on i.teldatum = t.teldatum
left join {{ ref('int_regio_indeling_teldatum') }} as w on w.teldatum = t.teldatum and w.pc4 = t.woon_pc4
