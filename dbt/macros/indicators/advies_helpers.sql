{#- Shared formulas of the schooladvies indicators (docs/indicators.md, "Schooladvies en plaatsing"). -#}

{#- A placement against an advies: 'boven' when the placement's rang is above the advies' high level, 'onder' when
    below its low level, else 'conform' (a double advies is conform at either of its levels). -#}
{% macro plaatsing_tov_advies(plaatsing_rang, advies_rang_laag, advies_rang_hoog) -%}
    case
        when {{ plaatsing_rang }} > {{ advies_rang_hoog }} then 'boven'
        when {{ plaatsing_rang }} < {{ advies_rang_laag }} then 'onder'
        else 'conform'
    end
{%- endmacro %}


{#- The position of a pupil at t against the advies (categorie of the schooladvies marts), first match wins:
    zonder_advies (no advies that names a level or vso: geen advies, geen advies mogelijk, onbekend);
    niet_meer_in_onderwijs (found at t in no bekostigd po, vo, mbo or ho enrolment);
    vso (in vso at t in verblijfsjaar 3: vso has no leerjaar, verblijfsjaar 3 stands in for leerjaar 3);
    leerjaar_3_boven_advies / leerjaar_3_conform_advies / leerjaar_3_onder_advies (regular vo leerjaar 3 at a level
    of the advies order, with a regulier advies); niet_in_leerjaar_3 (vo or vso, not in leerjaar / verblijfsjaar 3);
    overig (everything else: still in po, vavo, mbo or ho, a brugjaar in leerjaar 3, a vso advies in regular vo). -#}
{% macro advies_positie(s) -%}
    case
        when {{ s }}.advies_soort not in ('regulier', 'vso') then 'zonder_advies'
        when {{ s }}.stroom_status = 'uit_bekostigd_onderwijs' then 'niet_meer_in_onderwijs'
        when {{ s }}.bestemming_onderwijssoort = 'vso' and {{ s }}.bestemming_verblijfsjaar = 3 then 'vso'
        when {{ s }}.bestemming_sector = 'vo' and {{ s }}.bestemming_onderwijssoort <> 'vso'
            and {{ s }}.bestemming_leerjaar = 3 and {{ s }}.plaatsing_rang is not null and {{ s }}.advies_soort = 'regulier'
            then 'leerjaar_3_' || {{ plaatsing_tov_advies(s ~ '.plaatsing_rang', s ~ '.advies_rang_laag', s ~ '.advies_rang_hoog') }} || '_advies'
        when {{ s }}.bestemming_onderwijssoort = 'vso' then 'niet_in_leerjaar_3'
        when {{ s }}.bestemming_sector = 'vo' and {{ s }}.bestemming_onderwijssoort <> 'vavo'
            and {{ s }}.bestemming_leerjaar is distinct from 3 then 'niet_in_leerjaar_3'
        else 'overig'
    end
{%- endmacro %}


{#- Rows of a distribution over categorie with a 'totaal' and filters one at a time (the schooladvies marts), as
    the CTEs up to `rates` (for pct_rows). `pupils` has sector, schooljaar, peildatum, populatie, swv_code,
    vestigingscode, categorie and the filter columns. teller = pupils of the categorie in the filter cell; noemer =
    the 'totaal' of that cell, where a filter in `categorie_filters` (a breakdown of one categorie only, its value
    null on the others) takes the noemer of the all-filters cell. At grain swv every categorie x filter value seen in
    the sector and schooljaar exists for every SWV (zero_filled_rates: teller 0, so the SWV takes part in the mean of
    SWV values); vestiging rows list the non-empty cells. -#}
{% macro verdeling_rows(pupils, filters, categorie_filters=[]) -%}
    per_grain as (
        select *, 'swv' as grain, swv_code as grain_code from {{ pupils }}
        union all
        select *, 'vestiging' as grain, vestigingscode as grain_code from {{ pupils }}
    ),

    met_totaal as (
        select sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code, categorie
            {%- for f in filters %}, {{ f }}{% endfor %}
        from per_grain
        union all
        select sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code, 'totaal'
            {%- for f in filters %}, {% if f in categorie_filters %}cast(null as varchar){% else %}{{ f }}{% endif %}{% endfor %}
        from per_grain
    ),

    teller_cube as (
        select sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code, categorie,
            {{ filters | join(', ') }},
            count(*) as teller
        from met_totaal
        where swv_code is not null and grain_code is not null
        group by sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code, categorie
            {{ filter_grouping_sets(filters) }}
        {{ filter_grouping_having(filters) }}
    ),

    {%- set noemer_filters = filters | reject('in', categorie_filters) | list %}

    totaal as (
        -- the noemer of a cell: its 'totaal' (a categorie filter is null on every 'totaal' row)
        select sector, schooljaar, peildatum, populatie, swv_code, grain, grain_code,
            {% for f in noemer_filters %}{{ f }}, {% endfor %}
            teller as noemer
        from teller_cube
        where categorie = 'totaal'
    ),

    rates as (
        {{ zero_filled_rates('teller_cube', 'totaal', filters, noemer_keys=['populatie'] + noemer_filters,
                             fill_grains=['swv'], every_unit=true) }}
    )
{%- endmacro %}
