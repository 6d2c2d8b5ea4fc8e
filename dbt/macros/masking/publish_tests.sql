{#- Generic tests of the published (pub_) marts: the privacy rules (no published count 1..4, masks consistent; docs/publication.md) restated in SQL. -#}

{#- No published count lies in 1 .. threshold-1 (zero stays zero; small counts are null). -#}
{% test pub_no_small_count(model, column_name, threshold=none) %}
    {%- set t = threshold if threshold is not none else var('mask_threshold') -%}
    select *
    from {{ model }}
    where {{ column_name }} > 0 and {{ column_name }} < {{ t }}
{% endtest %}


{#- gemaskeerd agrees with the nulls: a masked display has no waarde and is flagged; a flagged row has a null number;
    an unflagged row shows its waarde. -#}
{% test pub_gemaskeerd_consistent(model) %}
    select *
    from {{ model }}
    where gemaskeerd is null
       or (weergave in ('gemaskeerd', '<{{ var("mask_threshold") }}') and (not gemaskeerd or waarde is not null))
       or (gemaskeerd and teller is not null and noemer is not null and waarde is not null
           and waarde_gemiddelde_swv is not null)
       or (not gemaskeerd and waarde is not null and weergave is null)
{% endtest %}
