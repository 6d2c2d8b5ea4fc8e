"""The landing parquet schema of a family: contract columns, file-name parts and load metadata."""

from __future__ import annotations

import re

import polars as pl

from dagster_project.contracts import FILENAME_COLUMNS, Column, Family

KIND_DTYPES: dict[str, pl.DataType] = {
    "code": pl.String(), "text": pl.String(), "pupil_id": pl.String(), "int": pl.Int64(), "decimal": pl.Float64(),
    "date": pl.Date(), "bool": pl.Boolean(),
}
FILENAME_DTYPES: dict[str, pl.DataType] = {
    "bestand_swv_code": pl.String(), "bestand_datum": pl.Date(), "bestand_schooljaar": pl.String(),
    "bestand_variant": pl.String(), "bestand_jaar": pl.Int64(),
}
METADATA_DTYPES: dict[str, pl.DataType] = {
    "_source_file": pl.String(), "_source_sha256": pl.String(), "_source_row": pl.Int64(),
    "_loaded_at": pl.Datetime("us"),
}
MASKABLE_COLUMNS = ("aantal",)  # nullable counts delivered as '<5' when 1-4 (verzuim, vrijstellingen)


def is_maskable(col: Column) -> bool:
    return col.kind == "int" and col.nullable and col.landing in MASKABLE_COLUMNS


def filename_parts(family: Family) -> list[str]:
    """Named groups of the family's file-name pattern, in FILENAME_COLUMNS order."""
    groups = set(re.compile(family.filename).groupindex)
    return [g for g in FILENAME_COLUMNS if g in groups]


def landing_schema(family: Family) -> dict[str, pl.DataType]:
    """Column name -> polars dtype of every landing parquet of ``family`` (same for every file)."""
    schema: dict[str, pl.DataType] = {}
    for col in family.columns:
        schema[col.landing] = KIND_DTYPES[col.kind]
        if is_maskable(col):
            schema[f"{col.landing}_gemaskeerd"] = pl.Boolean()
    for part in filename_parts(family):
        name = FILENAME_COLUMNS[part]
        schema[name] = FILENAME_DTYPES[name]
    schema.update(METADATA_DTYPES)
    return schema


QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "family": pl.String(), "file": pl.String(), "sha256": pl.String(), "row": pl.Int64(), "column": pl.String(),
    "value": pl.String(), "reason": pl.String(), "loaded_at": pl.Datetime("us"),
}
MANIFEST_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String(), "family": pl.String(), "landing_file": pl.String(), "sha256": pl.String(),
    "landed_sha256": pl.String(), "bytes": pl.Int64(), "encoding": pl.String(), "delimiter": pl.String(),
    "rows_read": pl.Int64(), "rows_loaded": pl.Int64(), "rows_quarantined": pl.Int64(),
    "codes_repaired": pl.Int64(), "status": pl.String(),
    "message": pl.String(), "seconds": pl.Float64(), "loaded_at": pl.Datetime("us"),
}
UNRECOGNISED_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String(), "bytes": pl.Int64(), "reason": pl.String(), "seen_at": pl.Datetime("us"),
}
