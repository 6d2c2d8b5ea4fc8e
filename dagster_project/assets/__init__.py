"""Dagster assets of the nightly pipeline: ingest → dbt → checks → publish."""
