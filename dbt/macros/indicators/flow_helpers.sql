{#- Shared SQL of the flow indicator marts (instroom, uitstroom, terugstroom; docs/indicators.md). -#}

{#- Share rows of a flow indicator from one row per counted pupil in `pupils_rel` (columns sector, schooljaar,
    peildatum, populatie, swv_code, vestigingscode, categorie, <filters>, in_teller boolean, in_noemer boolean).

    grain swv (swv_code) and vestiging (vestigingscode, within swv_code). Filters are pre-aggregated one at a time.
    A filter in `noemer_filters` describes a subpopulation (an attribute of the counted pupils, e.g. their
    herkomst): it restricts teller and noemer. Any other filter refines the categorie (an attribute of where the
    pupils went, e.g. the vmbo leerweg): it restricts the teller only, the noemer stays that of all pupils.
    `noemer_keys` are columns besides the unit whose value the noemer depends on (e.g. categorie when each categorie
    has a noemer of its own; then every categorie with a noemer gets rows, teller 0 where nobody is in the teller). Every categorie x filter value seen in a sector and schooljaar is given to every unit
    with a noemer for it (teller 0 when none of its pupils is in it), so the mean of the SWV values counts every SWV
    that has such pupils. -#}
{% macro flow_share_rows(pupils_rel, indicator, filters, noemer_filters=[], noemer_keys=[]) -%}
    {%- set teller_filters = filters -%}
    with flow_units as (
        select *, 'swv' as grain, swv_code as grain_code from {{ pupils_rel }} where swv_code is not null
        union all
        select *, 'vestiging' as grain, vestigingscode as grain_code
        from {{ pupils_rel }} where swv_code is not null and vestigingscode is not null
    ),

    flow_teller as (
        select
            sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code, categorie,
            {% for f in teller_filters %}{{ f }}, {% endfor %}
            count(*) as teller
        from flow_units
        where in_teller
        group by sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code, categorie
            {{ filter_grouping_sets(teller_filters) }}
        {{ filter_grouping_having(teller_filters) }}
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

    flow_combos as (
        select distinct sector, schooljaar, peildatum, populatie, categorie
            {%- for f in teller_filters %}, {{ f }}{% endfor %}
        from flow_teller
        {%- if noemer_filters %}
        union
        -- a categorie of the sector also exists (teller 0) for every value of a filter that restricts the noemer
        select distinct c.sector, c.schooljaar, c.peildatum, c.populatie, c.categorie
            {%- for f in teller_filters %}, {% if f in noemer_filters %}n.{{ f }}{% else %}null{% endif %}{% endfor %}
        from flow_teller as c
        inner join flow_noemer as n
            on n.sector = c.sector and n.schooljaar = c.schooljaar and n.peildatum = c.peildatum
            and n.populatie is not distinct from c.populatie
            {% for k in noemer_keys %}and n.{{ k }} is not distinct from c.{{ k }} {% endfor %}
        where {% for f in teller_filters %}c.{{ f }} is null{% if not loop.last %} and {% endif %}{% endfor %}
        {%- endif %}
        {%- if 'categorie' in noemer_keys %}
        union
        -- each categorie has a noemer of its own: it exists (teller 0) wherever that noemer does
        select distinct sector, schooljaar, peildatum, populatie, categorie
            {%- for f in teller_filters %}, {% if f in noemer_filters %}{{ f }}{% else %}null{% endif %}{% endfor %}
        from flow_noemer
        {%- endif %}
    ),

    flow_spine as (
        -- every categorie x filter value of the sector and schooljaar at every unit with a noemer for it
        select c.*, n.swv_code, n.grain, n.grain_code, n.noemer
        from flow_combos as c
        inner join flow_noemer as n
            on n.sector = c.sector and n.schooljaar = c.schooljaar and n.peildatum = c.peildatum
            and n.populatie is not distinct from c.populatie
            {% for k in noemer_keys %}and n.{{ k }} is not distinct from c.{{ k }} {% endfor %}
            {% for f in noemer_filters %}and n.{{ f }} is not distinct from c.{{ f }} {% endfor %}
    )

    select
        '{{ indicator }}' as indicator,
        s.sector, s.swv_code, s.schooljaar, s.peildatum, s.populatie, s.grain, s.grain_code, s.categorie,
        {% for f in teller_filters %}s.{{ f }}, {% endfor %}
        cast(coalesce(t.teller, 0) as double) as teller,
        cast(s.noemer as double) as noemer,
        {{ indicator_pct('coalesce(t.teller, 0)', 's.noemer') }} as waarde,
        cast(null as double) as waarde_gemiddelde_swv
    from flow_spine as s
    left join flow_teller as t
        on t.sector = s.sector and t.schooljaar = s.schooljaar and t.peildatum = s.peildatum
        and t.populatie is not distinct from s.populatie and t.swv_code = s.swv_code
        and t.grain = s.grain and t.grain_code = s.grain_code and t.categorie = s.categorie
        {% for f in teller_filters %}and t.{{ f }} is not distinct from s.{{ f }} {% endfor %}
{%- endmacro %}
