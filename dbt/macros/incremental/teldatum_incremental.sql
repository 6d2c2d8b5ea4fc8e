{#- Incremental by teldatum: the one pattern of the pupil-level intermediate models.

    A model that uses it:
        {{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
                  pre_hook="{{ teldata_verwijderen() }}") }}
        -- depends_on: {{ ref('int_teldatum_invoer') }}
        select ..., i.invoer_hash from ... inner join {{ ref('int_teldatum_invoer') }} as i on i.teldatum = x.teldatum
        where {{ teldata_te_berekenen('x.teldatum') }}

    int_teldatum_invoer holds, per teldatum, a fingerprint (invoer_hash) of every input of that teldatum; each row of
    an incremental model carries the fingerprint it was computed from. Before the model runs, the pre-hook deletes
    every teldatum whose fingerprint changed (a re-delivered snapshot) or that no longer exists (its file left RAW),
    plus what the model's extra condition names (`extra_verwijderen`, e.g. rows whose cross-teldatum history moved).
    The model then computes exactly the teldata it no longer holds. The rows of the model therefore always agree with
    the fingerprints they carry: a run that fails between the delete and the insert leaves those teldata absent, and
    the next run computes them. On a first build or `--full-refresh` both macros select everything.

    A model whose rows of teldatum t read other teldata too (int_leerling_stroom: the snapshots t-1..t-3) names its
    own fingerprint model (`invoer='int_stroom_invoer'`), one row per teldatum with
    `invoer_hash` over everything a row of that teldatum reads. -#}

{#- SQL for the pre-hook: delete the teldata of {{ this }} that are stale. -#}
{% macro teldata_verwijderen(extra_verwijderen=none, invoer='int_teldatum_invoer') -%}
    {%- if is_incremental() -%}
    delete from {{ this }} as m
    where not exists (
            select 1 from {{ ref(invoer) }} as i
            where i.teldatum = m.teldatum and i.invoer_hash = m.invoer_hash
        )
        {%- if extra_verwijderen %}
        or m.teldatum in ({{ extra_verwijderen }})
        {%- endif %}
    {%- else -%}
    select 1 as niets_te_verwijderen
    {%- endif -%}
{%- endmacro %}

{#- Filter of the model's select: only the teldata {{ this }} does not hold (after the pre-hook's delete). -#}
{% macro teldata_te_berekenen(teldatum_column) -%}
    {%- if is_incremental() -%}
    {{ teldatum_column }} not in (select distinct teldatum from {{ this }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- The teldata of int_leerling_teldatum whose pupil's previous enrolment (int_inschrijving_historie, built from every
    snapshot, so a snapshot of another teldatum can move it) now has another vestiging than the row was computed with:
    the bekostigd SWV by "vorige inschrijving" depends on it. -#}
{% macro leerling_historie_gewijzigd() -%}
    select distinct l.teldatum
    from {{ this }} as l
    left join {{ ref('int_inschrijving_historie') }} as h
        on h.leerling_id = l.leerling_id and h.inschrijvingsvolgnummer = l.inschrijvingsvolgnummer
    where h.vorige_vestigingscode is distinct from l.vorige_vestigingscode
{%- endmacro %}
