{#- Generic tests of the indicator marts (keys with nullable filter columns, ranges, teller <= noemer). -#}

{#- No two rows share the same values of `columns` (nulls compare equal: null filter = "all"). -#}
{% test indicator_unique_key(model, columns) %}
    select {{ columns | join(', ') }}, count(*) as n_rows
    from {{ model }}
    group by all
    having count(*) > 1
{% endtest %}


{#- Every non-null value of the column lies in [min_value, max_value] (either bound may be omitted). -#}
{% test indicator_value_range(model, column_name, min_value=none, max_value=none, where_clause='true') %}
    select *
    from {{ model }}
    where {{ column_name }} is not null
      and ({{ where_clause }})
      and (
        {% if min_value is not none %}{{ column_name }} < {{ min_value }}{% else %}false{% endif %}
        or {% if max_value is not none %}{{ column_name }} > {{ max_value }} + 1e-9{% else %}false{% endif %}
      )
{% endtest %}


{#- teller never exceeds noemer (up to rounding of the ½ VAVO weights). -#}
{% test indicator_teller_le_noemer(model, where_clause='true') %}
    select *
    from {{ model }}
    where teller > noemer + 1e-9 and ({{ where_clause }})
{% endtest %}


{#- The landelijk teller equals the sum of the SWV tellers of the same cell (Σ SWVs = landelijk). -#}
{% test indicator_landelijk_is_sum_of_swv(model, keys) %}
    select {{ keys | join(', ') }},
        sum(case when grain = 'swv' then teller else 0 end) as teller_swv,
        sum(case when grain = 'landelijk' then teller else 0 end) as teller_landelijk
    from {{ model }}
    where grain in ('swv', 'landelijk')
    group by all
    having abs(sum(case when grain = 'swv' then teller else 0 end)
             - sum(case when grain = 'landelijk' then teller else 0 end)) > 1e-9
{% endtest %}
