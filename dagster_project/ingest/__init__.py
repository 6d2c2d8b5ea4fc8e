"""Ingest: recognise, validate, type and pseudonymise RAW deliveries into landing parquet (no Dagster imports)."""

from dagster_project.ingest.run import FamilyResult, ingest_all, ingest_family, list_families, unrecognised

__all__ = ["FamilyResult", "ingest_all", "ingest_family", "list_families", "unrecognised"]
