{% macro log_duckdb_settings() %}
{#- Logs the DuckDB limits this dbt invocation runs under (memory_limit, threads, temp_directory: the pipeline's
    Settings, handed to dbt/profiles.yml as environment variables); run as the project's on-run-start hook. -#}
{%- if execute -%}
  {%- set row = run_query(
      "select current_setting('memory_limit'), current_setting('threads'), current_setting('temp_directory')"
  ).rows[0] -%}
  {{- log("duckdb settings: memory_limit=" ~ row[0] ~ ", threads=" ~ row[1] ~ ", temp_directory=" ~ row[2], info=True) -}}
{%- endif -%}
{% endmacro %}
