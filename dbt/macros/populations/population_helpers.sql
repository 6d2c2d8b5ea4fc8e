{#- Helpers for the population models (intermediate layer). -#}

{#- The value of `column` when it is an SWV code of `sector` ('PO' or 'VO'), else null ('Europoort', '', junk). -#}
{% macro swv_code_or_null(column, sector) -%}
    case when regexp_full_match(upper(trim({{ column }})), '{{ sector }}[0-9]{4}') then upper(trim({{ column }})) end
{%- endmacro %}

{#- Schooljaar `2024-2025` of a date: 1 August starts a new school year. -#}
{% macro schooljaar(date_column) -%}
    case when month({{ date_column }}) >= 8
        then cast(year({{ date_column }}) as varchar) || '-' || cast(year({{ date_column }}) + 1 as varchar)
        else cast(year({{ date_column }}) - 1 as varchar) || '-' || cast(year({{ date_column }}) as varchar)
    end
{%- endmacro %}

{#- Age in whole years on `on_date` of someone born on `birth_date`. -#}
{% macro leeftijd(birth_date, on_date) -%}
    (year({{ on_date }}) - year({{ birth_date }})
     - case when month({{ on_date }}) * 100 + day({{ on_date }}) < month({{ birth_date }}) * 100 + day({{ birth_date }})
            then 1 else 0 end)
{%- endmacro %}

{#- The snapshot (by `snapshot_datum`) of a dated reference table in force on each teldatum of `teldata`:
    the latest snapshot on or before the teldatum, else the earliest one. -#}
{% macro snapshot_per_teldatum(teldata_relation, snapshot_relation) -%}
    select
        t.teldatum,
        coalesce(max(s.snapshot_datum) filter (where s.snapshot_datum <= t.teldatum), min(s.snapshot_datum)) as snapshot_datum
    from {{ teldata_relation }} as t
    cross join (select distinct snapshot_datum from {{ snapshot_relation }}) as s
    group by t.teldatum
{%- endmacro %}

{#- True when a period from `begin` to `eind` (null = open-ended) covers `datum`. An enrolment is active from its
    inschrijving date up to its uitschrijving date, which is the first day without it (`eind_inclusief` false); a TLV
    is valid through its einddatum, 31 July (`eind_inclusief` true). A null `begin` is never active. -#}
{% macro actief_op(datum, begin, eind, eind_inclusief=false) -%}
    ({{ begin }} <= {{ datum }} and ({{ eind }} is null or {{ eind }} {{ '>=' if eind_inclusief else '>' }} {{ datum }}))
{%- endmacro %}
