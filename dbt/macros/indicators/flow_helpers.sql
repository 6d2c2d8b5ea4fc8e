{#- Shared SQL of the flow indicator marts (instroom, uitstroom, terugstroom; docs/indicators.md). -#}

{#- Share rows of a flow indicator from one row per counted pupil in `pupils_rel` (columns sector, schooljaar,
    peildatum, populatie, swv_code, vestigingscode, categorie, <filters>, in_teller boolean, in_noemer boolean).

    grain swv (swv_code) and vestiging (vestigingscode, within swv_code). Filters are pre-aggregated one at a time.
    A filter in `noemer_filters` describes a subpopulation (an attribute of the counted pupils, e.g. their
    herkomst): it restricts teller and noemer. Any other filter refines the categorie (an attribute of where the
    pupils went, e.g. the vmbo leerweg): it restricts the teller only, the noemer stays that of all pupils.
    `noemer_keys` are columns besides the unit whose value the noemer depends on (e.g. categorie when each categorie
    has a noemer of its own; then every categorie with a noemer gets rows, teller 0 where nobody is in the teller).
    Every categorie x filter value seen in a sector and schooljaar is given to every unit (swv and vestiging) with a
    noemer for it (zero_filled_rates: teller 0 when none of its pupils is in it), so the mean of the SWV values
    counts every SWV that has such pupils. -#}
{% macro flow_share_rows(pupils_rel, indicator, filters, noemer_filters=[], noemer_keys=[]) -%}
    with flow_units as (
        select *, 'swv' as grain, swv_code as grain_code from {{ pupils_rel }} where swv_code is not null
        union all
        select *, 'vestiging' as grain, vestigingscode as grain_code
        from {{ pupils_rel }} where swv_code is not null and vestigingscode is not null
    ),

    flow_teller as (
        select
            sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code, categorie,
            {% for f in filters %}{{ f }}, {% endfor %}
            count(*) as teller
        from flow_units
        where in_teller
        group by sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code, categorie
            {{ filter_grouping_sets(filters) }}
        {{ filter_grouping_having(filters) }}
    ),

    flow_noemer as (
        select
            sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code,
            {% for k in noemer_keys %}{{ k }}, {% endfor %}
            {% for f in noemer_filters %}{{ f }}, {% endfor %}
            count(*) as noemer
        from flow_units
        where in_noemer
        group by sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code
            {%- for k in noemer_keys %}, {{ k }}{% endfor %}
            {{ filter_grouping_sets(noemer_filters) }}
        {{ filter_grouping_having(noemer_filters) }}
    ),

    {%- set extra_cells = noemer_filters or 'categorie' in noemer_keys %}
    {%- if extra_cells %}

    flow_combos as (
        -- cells that exist without a teller anywhere in the sector and schooljaar
        {%- if noemer_filters %}
        -- a categorie of the sector exists (teller 0) for every value of a filter that restricts the noemer
        select distinct c.sector, c.schooljaar, c.peildatum, c.populatie, c.categorie
            {%- for f in filters %},
            {% if f in noemer_filters %}n.{{ f }}{% else %}null{% endif %} as {{ f }}{% endfor %}
        from flow_teller as c
        inner join flow_noemer as n
            on n.sector = c.sector and n.schooljaar = c.schooljaar and n.peildatum = c.peildatum
            and n.populatie is not distinct from c.populatie
            {% for k in noemer_keys %}and n.{{ k }} is not distinct from c.{{ k }} {% endfor %}
        where {% for f in filters %}c.{{ f }} is null{% if not loop.last %} and {% endif %}{% endfor %}
        {%- endif %}
        {%- if 'categorie' in noemer_keys %}
        {% if noemer_filters %}union{% endif %}
        -- each categorie has a noemer of its own: it exists (teller 0) wherever that noemer does
        select distinct sector, schooljaar, peildatum, populatie, categorie
            {%- for f in filters %}, {% if f in noemer_filters %}{{ f }}{% else %}null{% endif %} as {{ f }}{% endfor %}
        from flow_noemer
        {%- endif %}
    ),
    {%- endif %}

    flow_rates as (
        {{ zero_filled_rates('flow_teller', 'flow_noemer', filters,
                             noemer_keys=['populatie'] + noemer_keys + noemer_filters,
                             combos_rel='flow_combos' if extra_cells else none) }}
    )

    {{ pct_rows('flow_rates', indicator, filters) }}
{%- endmacro %}
