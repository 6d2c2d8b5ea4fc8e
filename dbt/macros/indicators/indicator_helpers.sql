{#- Shared SQL of the indicator marts: percentages, filter cubes, benchmark rows, names. See docs/indicators.md. -#}

{#- Percentage 0-100 of teller over noemer; null when the noemer is null or zero (never a division by zero). -#}
{% macro indicator_pct(teller, noemer) -%}
    case when coalesce({{ noemer }}, 0) = 0 then null else 100.0 * {{ teller }} / {{ noemer }} end
{%- endmacro %}


{#- Percentage change of teller against noemer (prognose vs last count); null on a zero noemer. -#}
{% macro indicator_change_pct(teller, noemer) -%}
    case when coalesce({{ noemer }}, 0) = 0 then null else 100.0 * ({{ teller }} - {{ noemer }}) / {{ noemer }} end
{%- endmacro %}


{#- waarde of one row: kind 'pct' (teller/noemer in %), 'count' (= teller), 'change' (% change vs noemer) or
    'difference' (teller - noemer, two counts; may be negative). -#}
{% macro indicator_waarde(kind, teller='teller', noemer='noemer') -%}
    {%- if kind == 'pct' -%}{{ indicator_pct(teller, noemer) }}
    {%- elif kind == 'change' -%}{{ indicator_change_pct(teller, noemer) }}
    {%- elif kind == 'count' -%}{{ teller }}
    {%- elif kind == 'difference' -%}({{ teller }} - {{ noemer }})
    {%- else -%}{{ exceptions.raise_compiler_error("indicator_waarde: unknown kind " ~ kind) }}
    {%- endif -%}
{%- endmacro %}


{#- GROUP BY tail that pre-aggregates the filter columns one dimension at a time: the grouping sets are the total
    (every filter null = "all") and one set per filter, so a published row sets at most one filter column. Crossed
    filter cells are never computed, hence never published: they are mostly tiny (1-4) and drive secondary masking. -#}
{% macro filter_grouping_sets(filters) -%}
    {%- if filters | length > 0 -%}
    , grouping sets ((){% for f in filters %}, ({{ f }}){% endfor %})
    {%- endif -%}
{%- endmacro %}


{#- HAVING clause of filter_grouping_sets: drop the set of a filter whose value a row does not have (a null filter
    value on a row means "not applicable", e.g. zorgcategorie for bao; only "all" keeps it). With `total_only_grain`
    (e.g. 'swv_ander', the grensverkeer rows) rows of that grain keep only the all-null total. -#}
{% macro filter_grouping_having(filters, total_only_grain=none) -%}
    {%- if filters | length > 0 -%}
    having {% for f in filters %}(grouping({{ f }}) = 1 or {{ f }} is not null){% if not loop.last %} and {% endif %}{% endfor %}
    {%- if total_only_grain is not none %}
        and (grain <> '{{ total_only_grain }}' or ({% for f in filters %}grouping({{ f }}){% if not loop.last %} + {% endif %}{% endfor %}) = {{ filters | length }})
    {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- sum(expr) that is the same in every run: summed exactly in decimal(38,12), returned as double. A parallel sum of
    doubles depends on the order in which DuckDB's threads meet the rows, so fractional numbers (VO prognose
    shares, SWV means) would differ in their last bits between two runs on the same input. -#}
{% macro exact_sum(expr) -%}
    cast(sum(cast({{ expr }} as decimal(38, 12))) as double)
{%- endmacro %}


{#- Landelijk benchmark rows from the grain = 'swv' rows of `relation`: pooled Σteller/Σnoemer per sector and the
    mean of the SWV values beside it as waarde_gemiddelde_swv. `keys` are the columns besides the standard ones that
    identify a row (filters and extras such as jaar). For counts and differences of counts the mean is taken over
    every SWV of the sector with pupils on 1 October of that schooljaar (a SWV without pupils in the cell counts as 0,
    and so does its difference); rate marts are
    zero-filled before this macro. Sums of numbers that may be fractional go through exact_sum. -#}
{% macro landelijk_rows(relation, kind, keys=[]) -%}
    select
        r.indicator,
        r.sector,
        cast(null as varchar) as swv_code,
        r.schooljaar,
        r.peildatum,
        r.populatie,
        'landelijk' as grain,
        'NL' as grain_code,
        r.categorie,
        {% for k in keys %}r.{{ k }},
        {% endfor -%}
        {{ exact_sum('r.teller') }} as teller,
        {{ exact_sum('r.noemer') }} as noemer,
        {{ indicator_waarde(kind, exact_sum('r.teller'), exact_sum('r.noemer')) }} as waarde,
        {% if kind in ('count', 'difference') -%}
        {{ exact_sum('r.waarde') }} / max(n.n_swv) as waarde_gemiddelde_swv
        {%- else -%}
        {{ exact_sum('r.waarde') }} / count(r.waarde) as waarde_gemiddelde_swv
        {%- endif %}
    from {{ relation }} as r
    {% if kind in ('count', 'difference') -%}
    inner join (
        -- every SWV with pupils at its vestigingen on 1 October of that schooljaar
        select sector, schooljaar, count(distinct swv_vestiging) as n_swv
        from {{ ref('int_leerling_teldatum') }}
        where peildatum_type = '1 oktober'
        group by all
    ) as n on n.sector = r.sector and n.schooljaar = r.schooljaar
    {%- endif %}
    where r.grain = 'swv'
    group by all
{%- endmacro %}


{#- Attach grain_naam to the rows of `relation` and put the columns in the contract order. -#}
{% macro indicator_final_select(relation, filters=[], extras=[]) -%}
    select
        r.indicator,
        r.sector,
        r.swv_code,
        r.schooljaar,
        r.peildatum,
        r.populatie,
        r.grain,
        r.grain_code,
        case r.grain
            when 'landelijk' then 'Nederland'
            when 'vestiging' then vn.vestigingsnaam
            else coalesce(sn.swv_naam, r.grain_code)
        end as grain_naam,
        r.categorie,
        {% for c in filters + extras %}r.{{ c }},
        {% endfor -%}
        cast(r.teller as double) as teller,
        cast(r.noemer as double) as noemer,
        cast(r.waarde as double) as waarde,
        cast(r.waarde_gemiddelde_swv as double) as waarde_gemiddelde_swv
    from {{ relation }} as r
    left join {{ ref('int_swv_namen') }} as sn
        on r.grain in ('swv', 'swv_ander') and sn.swv_code = r.grain_code
    left join {{ ref('int_vestiging_namen') }} as vn
        on r.grain = 'vestiging' and vn.vestigingscode = r.grain_code
{%- endmacro %}


{#- The end of every indicator mart, as one select: the rows of `swv_rows` (grains swv, vestiging, gemeente,
    swv_ander), the landelijk benchmark rows computed from its swv rows (landelijk_rows with `kind`: 'pct', 'count',
    'change' or 'difference'), grain_naam and the contract column order (indicator_final_select). A mart whose
    categories are computed in different ways passes lists: relations and their kinds, pairwise. `filters` are the
    mart's filter columns, `extras` further key columns (e.g. jaar, soort); both identify a row for the benchmark. -#}
{% macro indicator_mart_rows(swv_rows, kind, filters=[], extras=[]) -%}
    {%- set relations = [swv_rows] if swv_rows is string else swv_rows -%}
    {%- set kinds = [kind] if kind is string else kind -%}
    {%- if relations | length != kinds | length -%}
        {{ exceptions.raise_compiler_error("indicator_mart_rows: one kind per relation") }}
    {%- endif -%}
    {%- set all_rows -%}
    (
        {%- for r in relations %}
        {% if not loop.first %}union all by name
        {% endif -%}
        select * from {{ r }}
        union all by name
        {{ landelijk_rows(r, kinds[loop.index0], filters + extras) }}
        {%- endfor %}
    )
    {%- endset -%}
    {{ indicator_final_select(all_rows, filters, extras) }}
{%- endmacro %}


{#- The national SWVs for reformatorisch onderwijs: they have no region, so region-based indicators give no value. -#}
{% macro reformatorische_swvs() -%}
    ('PO0001', 'VO0001')
{%- endmacro %}


{#- Age band of the po leeftijd filter on the teldatum: '<=4', '5' .. '12', '>=13'. -#}
{% macro leeftijdsgroep_po(leeftijd) -%}
    case
        when {{ leeftijd }} is null then 'onbekend'
        when {{ leeftijd }} <= 4 then '<=4'
        when {{ leeftijd }} >= 13 then '>=13'
        else cast({{ leeftijd }} as varchar)
    end
{%- endmacro %}


{#- Rate rows with explicit zeros: the one zero-fill of every rate mart.

    `teller_rel`: one row per unit and non-empty cell (sector, schooljaar, peildatum, populatie, categorie, <cells>,
    swv_code, grain, grain_code, teller). `noemer_rel`: one noemer per unit and value of `noemer_keys` (sector,
    schooljaar, peildatum, swv_code, grain, grain_code, <noemer_keys>, noemer). `cells` are the columns besides
    populatie and categorie that identify a cell (filters, extra keys); `noemer_keys` the cell columns the noemer
    depends on (e.g. populatie, categorie, a filter that describes a subpopulation), matched null-safe.

    Every cell seen in a sector, schooljaar and peildatum (in the teller rows, plus `combos_rel` for cells that must
    exist without any teller) is given to every unit of the grains in `fill_grains` (default: every grain), with
    teller 0 where the unit has none, so the unit takes part in the mean of SWV values instead of missing; the units
    are those of the noemer and of the teller rows. With `every_unit` false (the default) a cell goes only to the
    units with a noemer for it (the same `noemer_keys` values); with `every_unit` true to every unit of the grain,
    noemer 0 where it has none (the schooladvies and apc marts). Rows of the other grains are the teller rows as
    they are (the non-empty cells). The noemer is 0 where `noemer_rel` has none. The options exist because the marts
    publish different cells: a flow mart lists every vestiging with pupils, a distribution mart only its
    non-empty cells. -#}
{% macro zero_filled_rates(teller_rel, noemer_rel, cells=[], noemer_keys=[], combos_rel=none, fill_grains=none,
                           every_unit=false) -%}
    {%- set spine_keys = [] if every_unit else noemer_keys -%}
    {%- set unit_columns = ['sector', 'schooljaar', 'peildatum', 'swv_code', 'grain', 'grain_code'] + spine_keys -%}
    {%- set grain_filter -%}
        {%- if fill_grains is not none %}where grain in ('{{ fill_grains | join("', '") }}'){% endif -%}
    {%- endset -%}
    with combos as (
        select distinct sector, schooljaar, peildatum, populatie, categorie{% for c in cells %}, {{ c }}{% endfor %}
        from {{ teller_rel }}
        {% if combos_rel is not none -%}
        union
        select distinct sector, schooljaar, peildatum, populatie, categorie{% for c in cells %}, {{ c }}{% endfor %}
        from {{ combos_rel }}
        {%- endif %}
    ),

    units as (
        select distinct {{ unit_columns | join(', ') }}
        from {{ noemer_rel }}
        {{ grain_filter }}
        union
        select distinct {{ unit_columns | join(', ') }}
        from {{ teller_rel }}
        {{ grain_filter }}
    ),

    spine as (
        select c.*, u.swv_code, u.grain, u.grain_code
        from combos as c
        inner join units as u
            on c.sector = u.sector and c.schooljaar = u.schooljaar and c.peildatum = u.peildatum
            {% for k in spine_keys %}and c.{{ k }} is not distinct from u.{{ k }} {% endfor %}
    ),

    filled as (
        select s.*, coalesce(t.teller, 0) as teller
        from spine as s
        left join {{ teller_rel }} as t
            on s.sector = t.sector and s.schooljaar = t.schooljaar and s.peildatum = t.peildatum
            and s.grain = t.grain and s.grain_code = t.grain_code and s.swv_code is not distinct from t.swv_code
            and s.categorie = t.categorie and s.populatie is not distinct from t.populatie
            {% for c in cells %}and s.{{ c }} is not distinct from t.{{ c }} {% endfor %}
        {%- if fill_grains is not none %}
        union all
        -- the grains not filled: their non-empty cells
        select sector, schooljaar, peildatum, populatie, categorie{% for c in cells %}, {{ c }}{% endfor %},
            swv_code, grain, grain_code, teller
        from {{ teller_rel }}
        where grain not in ('{{ fill_grains | join("', '") }}')
        {%- endif %}
    )

    select
        f.*,
        coalesce(n.noemer, 0) as noemer
    from filled as f
    left join {{ noemer_rel }} as n
        on f.sector = n.sector and f.schooljaar = n.schooljaar and f.peildatum = n.peildatum
        and f.grain = n.grain and f.grain_code = n.grain_code and f.swv_code is not distinct from n.swv_code
        {% for k in noemer_keys %}and f.{{ k }} is not distinct from n.{{ k }} {% endfor %}
{%- endmacro %}


{#- The swv / vestiging rows of a rate mart from `rates_rel` (one row per unit and cell with teller and noemer, zero
    filled): the standard columns, the mart's `columns` (filters and key columns), waarde = indicator_pct and an
    empty waarde_gemiddelde_swv, which the landelijk rows of indicator_mart_rows fill. -#}
{% macro pct_rows(rates_rel, indicator, columns=[]) -%}
    select
        '{{ indicator }}' as indicator,
        sector, swv_code, schooljaar, peildatum, populatie, grain, grain_code, categorie,
        {% for c in columns %}{{ c }}, {% endfor %}
        teller,
        noemer,
        {{ indicator_pct('teller', 'noemer') }} as waarde,
        cast(null as double) as waarde_gemiddelde_swv
    from {{ rates_rel }}
{%- endmacro %}
