"""Write the dbt staging layer (``stg_*.sql``, ``_staging.yml``, ``_sources.yml``) from the input contracts.

``python -m dagster_project.dbt_staging`` rewrites the files; ``--check`` only reports which files differ (exit 1).
The generated files are checked in, so a reader of the dbt project sees plain SQL and yml; a test fails when they
no longer match the contracts. What a staging model holds follows from its family's contract alone:

* one column per contract column, under its landing name, cast to the SQL type of its kind (codes stay text);
* ``<column>_gemaskeerd`` after a count delivered as ``<5`` when 1-4 (ingest adds it);
* the file-name parts of the family (``bestand_swv_code``, ``bestand_datum``, ...), under the staging name and with
  the tests the family's contract gives them (``Family.staging_filename_columns``), else as landed;
* the load metadata a model is traced back with (``_source_file``, ``_source_row``).

Data tests: ``not_null`` on every column the contract does not allow empty, ``accepted_values`` for every code list,
one ``unique_combination`` of the family key per delivered file. The open-data families are not generated: their
staging derives columns (the 6-character vestigingscode from BRIN + number, lower-case codes), so it is written by
hand in ``dbt/models/staging/opendata``; their landing tables are still declared in the generated ``_sources.yml``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from dagster_project.contracts import (
    FAMILIES,
    FILENAME_COLUMNS,
    OPENDATA_FAMILIES,
    Column,
    Family,
    FilenameColumn,
)
from dagster_project.ingest.schema import filename_parts, is_maskable
from dagster_project.settings import DBT_PROJECT_DIR

STAGING_DIR = DBT_PROJECT_DIR / "models" / "staging"
GENERATED_NOTE = "generated from dagster_project/contracts by `python -m dagster_project.dbt_staging`; do not edit"

SQL_TYPES = {"code": "varchar", "text": "varchar", "pupil_id": "varchar", "int": "bigint", "decimal": "double",
             "date": "date", "bool": "boolean"}
KIND_DESCRIPTIONS = {
    "code": "code (text, leading zeros kept)",
    "text": "text",
    "int": "whole number",
    "decimal": "decimal number",
    "date": "date",
    "bool": "boolean (J/N as delivered)",
    "pupil_id": "leerling_id: keyed pseudonym of the pupil number (BSN/OWN)",
}
# file-name parts kept under their landing name, where a family's contract does not rename them
FILENAME_DEFAULTS = {
    "bestand_swv_code": FilenameColumn("bestand_swv_code", "bestand_swv_code", "SWV code from the delivered file name"),
    "bestand_datum": FilenameColumn("bestand_datum", "bestand_datum", "date from the delivered file name"),
    "bestand_schooljaar": FilenameColumn("bestand_schooljaar", "bestand_schooljaar",
                                         "schooljaar from the delivered file name"),
    "bestand_variant": FilenameColumn("bestand_variant", "bestand_variant", "variant from the delivered file name"),
    "bestand_jaar": FilenameColumn("bestand_jaar", "bestand_jaar", "year from the delivered file name"),
}
FILENAME_SQL_TYPES = {"bestand_swv_code": "varchar", "bestand_datum": "date", "bestand_schooljaar": "varchar",
                      "bestand_variant": "varchar", "bestand_jaar": "bigint"}
METADATA = (
    ("_source_file", "varchar", "delivered file, path relative to RAW"),
    ("_source_row", "bigint", "line number in the delivered file (header = 1)"),
)


@dataclass(frozen=True)
class StagingColumn:
    """One column of a staging model: where it comes from in landing, its type, description and data tests."""

    landing: str
    name: str
    sql_type: str
    description: str
    not_null: bool = False
    accepted_values: tuple[str, ...] | None = None


def generated_families() -> tuple[Family, ...]:
    """The families whose staging model is generated (all but the open-data files)."""
    opendata = {f.name for f in OPENDATA_FAMILIES}
    return tuple(f for f in FAMILIES if f.name not in opendata)


def _contract_column(col: Column) -> StagingColumn:
    description = f"{col.header}: {col.description or KIND_DESCRIPTIONS[col.kind]}"
    if col.code_list and not col.description:
        description += f" ({', '.join(col.code_list)})"
    return StagingColumn(col.landing, col.landing, SQL_TYPES[col.kind], description, not_null=not col.nullable,
                         accepted_values=col.code_list)


def staging_columns(family: Family) -> list[StagingColumn]:
    """The columns of ``stg_<family>`` in order: contract columns, file-name parts, load metadata."""
    columns: list[StagingColumn] = []
    for col in family.columns:
        columns.append(_contract_column(col))
        if is_maskable(col):
            columns.append(StagingColumn(f"{col.landing}_gemaskeerd", f"{col.landing}_gemaskeerd", "boolean",
                                         "true when the count was delivered masked as '<5'"))
    declared = {c.landing: c for c in family.staging_filename_columns}
    unknown = set(declared) - {FILENAME_COLUMNS[p] for p in filename_parts(family)}
    if unknown:
        raise ValueError(f"family {family.name}: staging_filename_columns {sorted(unknown)} are not file-name parts "
                         "of its file-name pattern")
    for part in filename_parts(family):
        landing = FILENAME_COLUMNS[part]
        fc = declared.get(landing, FILENAME_DEFAULTS[landing])
        columns.append(StagingColumn(landing, fc.name, FILENAME_SQL_TYPES[landing], fc.description,
                                     not_null=fc.not_null))
    columns.extend(StagingColumn(name, name, sql_type, description, not_null=True)
                   for name, sql_type, description in METADATA)
    names = [c.name for c in columns]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"family {family.name}: staging columns {duplicates} appear twice")
    return columns


def _quote(text: str) -> str:
    """A yml double-quoted scalar (JSON string syntax is valid yml)."""
    return json.dumps(text, ensure_ascii=False)


def render_sql(family: Family) -> str:
    """``stg_<family>.sql``: the landing source, then one CTE that types and renames it."""
    casts = []
    for c in staging_columns(family):
        casts.append(f"        cast({c.landing} as {c.sql_type}) as {c.name}")
    lines = [
        f"-- {family.name}: landing parquet typed and renamed only; one row per delivered row ({family.grain}).",
        f"-- {GENERATED_NOTE}.",
        "with source as (",
        "",
        f"    select * from {{{{ source('landing', '{family.name}') }}}}",
        "",
        "),",
        "",
        "renamed as (",
        "",
        "    select",
        ",\n".join(casts),
        "    from source",
        "",
        ")",
        "",
        "select * from renamed",
        "",
    ]
    return "\n".join(lines)


def render_model_yml(family: Family) -> list[str]:
    """The yml lines of ``stg_<family>`` in the models list of ``_staging.yml``."""
    lines = [f"  - name: stg_{family.name}",
             "    description: " + _quote(f"Landing {family.name}, typed and renamed only. {family.description} "
                                         f"Grain: {family.grain}."),
             "    columns:"]
    for c in staging_columns(family):
        lines += [f"      - name: {c.name}", f"        description: {_quote(c.description)}"]
        if c.not_null or c.accepted_values:
            lines.append("        data_tests:")
        if c.not_null:
            lines.append("          - not_null")
        if c.accepted_values:
            values = ", ".join("'" + v.replace("'", "''") + "'" for v in c.accepted_values)
            lines += ["          - accepted_values:", "              arguments:", f"                values: [{values}]"]
    if family.key:
        lines += ["    data_tests:", "      - unique_combination:", "          arguments:",
                  f"            columns: [{', '.join((*family.key, '_source_file'))}]"]
    return lines


def render_staging_yml() -> str:
    """``_staging.yml``: every generated staging model with its column descriptions and data tests."""
    lines = [f"# {GENERATED_NOTE}.", "version: 2", "", "models:"]
    for family in generated_families():
        lines += render_model_yml(family)
    return "\n".join(lines) + "\n"


def render_sources_yml() -> str:
    """``_sources.yml``: the landing source, one table per family of the contracts."""
    lines = [
        f"# {GENERATED_NOTE}.",
        "version: 2",
        "",
        "sources:",
        "  - name: landing",
        "    description: >",
        "      Typed, validated, pseudonymised landing parquet written by ingest (one folder per family of",
        "      dagster_project/contracts, plus a zero-row _schema.parquet so an empty family never fails).",
        "    config:",
        "      meta:",
        "        external_location: \"read_parquet('{{ env_var(\\\"PASSEND_LANDING\\\") }}/{name}/*.parquet', "
        "union_by_name = true)\"",
        "    tables:",
    ]
    for family in FAMILIES:
        lines += [f"      - name: {family.name}",
                  f"        description: {_quote(f'{family.description} Grain: {family.grain}.')}"]
    return "\n".join(lines) + "\n"


def rendered_files(staging_dir: Path = STAGING_DIR) -> dict[Path, str]:
    """Every generated file (path -> content)."""
    files = {staging_dir / f"stg_{f.name}.sql": render_sql(f) for f in generated_families()}
    files[staging_dir / "_staging.yml"] = render_staging_yml()
    files[staging_dir / "_sources.yml"] = render_sources_yml()
    return files


def stale_files(staging_dir: Path = STAGING_DIR) -> list[Path]:
    """Generated files whose checked-in content differs from what the contracts give (or that are missing), and
    ``stg_*.sql`` files at the top of the staging folder that no contract generates."""
    files = rendered_files(staging_dir)
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    stale += sorted(p for p in staging_dir.glob("stg_*.sql") if p not in files)
    return stale


def write(staging_dir: Path = STAGING_DIR) -> list[Path]:
    """Write every generated file, delete staging SQL no contract generates; the paths changed."""
    changed = stale_files(staging_dir)
    files = rendered_files(staging_dir)
    for path in changed:
        if path in files:
            path.write_text(files[path], encoding="utf-8")
        else:
            path.unlink()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that differ; exit 1 if any")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for path in stale:
            print(f"out of date: {path.relative_to(DBT_PROJECT_DIR.parent)}")
        if stale:
            print("run `python -m dagster_project.dbt_staging` to regenerate")
        return 1 if stale else 0
    for path in write():
        print(f"wrote {path.relative_to(DBT_PROJECT_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
