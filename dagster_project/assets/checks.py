"""The checked warehouse build: a gate asset after dbt, and the blocking checks on it before anything is released:
the GX publication checks and the disclosure audit."""


import json
import os
from collections.abc import Iterable, Sequence
from typing import Any

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from dagster_project.assets.dbt import AUDIT_PASSED_MARKER, CHECKS_PASSED_MARKER
from dagster_project.checks.disclosure_audit import AuditReport, audit_warehouse
from dagster_project.checks.publication import run_publication_checks
from dagster_project.duckdb_connect import connect
from dagster_project.resources import BUILD_DB_POOL, PassendSettings
from dagster_project.settings import Settings

# the checked build belongs to the masking stage: its blocking checks are on the masked (pub_) tables
MASKING_GROUP = "masking"
WAREHOUSE_BUILD_KEY = AssetKey([MASKING_GROUP, "checked_build"])
MAX_ROWS_SHOWN = 20


def table_row_counts(db_path: os.PathLike[str] | str) -> dict[str, int]:
    """``schema.table`` → row count of every base table in a DuckDB file (opened read-only)."""
    con = connect(str(db_path), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        return {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0] for s, t in tables}
    finally:
        con.close()


def build_fingerprint(settings: Settings) -> dict[str, int]:
    """Size and mtime of the build file: publish refuses a build changed after its checks passed."""
    st = settings.build_db.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def record_check(settings: Settings, marker: str, passed: bool) -> None:
    """Write the marker of a passed blocking check (the build's fingerprint), or remove it when the check failed:
    what comes after the check refuses a build without the markers of this very file."""
    path = settings.build_dir / marker
    if passed:
        path.write_text(json.dumps(build_fingerprint(settings)), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def _rows_text(failing_rows: Any) -> str:
    """A short, readable rendering of a check's failing rows (count, list of dicts or a data frame)."""
    if failing_rows is None:
        return ""
    if hasattr(failing_rows, "head") and hasattr(failing_rows, "to_dict"):  # pandas
        n = len(failing_rows)
        rows = failing_rows.head(MAX_ROWS_SHOWN).to_dict(orient="records")
        return f"{n} rows: {rows}"
    if hasattr(failing_rows, "to_dicts"):  # polars
        return f"{failing_rows.height} rows: {failing_rows.head(MAX_ROWS_SHOWN).to_dicts()}"
    if isinstance(failing_rows, Sequence) and not isinstance(failing_rows, str):
        shown = list(failing_rows[:MAX_ROWS_SHOWN])
        more = f" (+{len(failing_rows) - MAX_ROWS_SHOWN} more)" if len(failing_rows) > MAX_ROWS_SHOWN else ""
        return f"{len(failing_rows)} rows: {shown}{more}"
    return str(failing_rows)[:2000]


def summarise_outcomes(outcomes: Iterable[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(all outcomes, failed blocking outcomes) as plain dicts: name, asset, passed, blocking, rows, description."""
    rows = []
    for o in outcomes:
        rows.append({
            "name": getattr(o, "name", "?"),
            "asset": str(getattr(o, "asset", None) or getattr(o, "model", "") or ""),
            "passed": bool(getattr(o, "passed", False)),
            "blocking": bool(getattr(o, "blocking", True)),
            "failing_rows": _rows_text(getattr(o, "failing_rows", None)),
            "description": str(getattr(o, "description", "") or ""),
        })
    return rows, [r for r in rows if r["blocking"] and not r["passed"]]


def failure_text(failed: Sequence[dict[str, Any]]) -> str:
    return "\n".join(f"- {r['name']} ({r['asset']}): {r['description']}; failing rows: {r['failing_rows']}"
                     for r in failed)


def _gate_asset(dbt_assets: AssetsDefinition, upstream: Sequence[AssetKey]) -> AssetsDefinition:
    @asset(
        key=WAREHOUSE_BUILD_KEY,
        deps=sorted({*dbt_assets.keys, *upstream}, key=lambda k: k.path),
        group_name=MASKING_GROUP,
        pool=BUILD_DB_POOL,
        kinds={"duckdb"},
        description="The warehouse build file WAREHOUSE/build/passend.duckdb after `dbt build`, before publication.",
    )
    def warehouse_build(context: AssetExecutionContext, passend: PassendSettings) -> MaterializeResult:
        settings = passend.get()
        if not settings.build_db.exists():
            raise Failure(f"{settings.build_db} does not exist: dbt build did not produce the warehouse")
        counts = table_row_counts(settings.build_db)
        return MaterializeResult(metadata={
            "path": MetadataValue.path(str(settings.build_db)),
            "tables": len(counts),
            "row_counts": MetadataValue.json(counts),
        })

    return warehouse_build


@asset_check(
    asset=WAREHOUSE_BUILD_KEY,
    name="publication_checks",
    blocking=True,
    pool=BUILD_DB_POOL,
    description="GX Core suites on the build (masking, value ranges, code formats, row counts): a failed blocking "
    "expectation stops publication and lists the failing rows.",
)
def publication_checks(context: AssetCheckExecutionContext, passend: PassendSettings) -> AssetCheckResult:
    settings = passend.get()
    outcomes, failed = summarise_outcomes(run_publication_checks(settings.build_db, threshold=settings.mask_threshold))
    for r in outcomes:
        if not r["passed"] and not r["blocking"]:
            context.log.warning(f"non-blocking check {r['name']} failed: {r['failing_rows']}")
    record_check(settings, CHECKS_PASSED_MARKER, not failed)
    if failed:
        context.log.error("blocking publication checks failed:\n" + failure_text(failed))
    return AssetCheckResult(
        passed=not failed,
        severity=AssetCheckSeverity.ERROR,
        description=("failed: " + failure_text(failed)) if failed else f"{len(outcomes)} checks passed",
        metadata={
            "checks": len(outcomes),
            "failed_blocking": MetadataValue.json(failed),
            "outcomes": MetadataValue.json(outcomes),
        },
    )


def audit_summary(reports: Sequence[AuditReport]) -> list[dict[str, Any]]:
    """One line per audited pub_ mart: cell counts and what an outsider could recover."""
    return [{"model": r.model, "cells": r.cells, "masked": r.masked, "relations": r.relations,
             "primary_leaks": len(r.primary_leaks), "single_masked": len(r.single_masked), "pinned": len(r.pinned),
             "narrowed_primary": len(r.narrowed), "unmatched_rows": r.unmatched_rows, "ok": r.ok} for r in reports]


def audit_failure_text(reports: Sequence[AuditReport]) -> str:
    """The cells that leak and why: published small counts, relations with one masked cell, cells the LP pins."""
    lines = []
    for r in reports:
        if r.ok:
            continue
        lines.append(f"- {r.model}: {len(r.primary_leaks)} published small counts, {len(r.single_masked)} relations "
                     f"with one masked cell, {len(r.pinned)} masked cells pinned by combining relations, "
                     f"{r.unmatched_rows} rows not matching the mart")
        for label, cells in (("small count", r.primary_leaks), ("only masked cell of a relation", r.single_masked),
                             ("pinned", r.pinned)):
            lines += [f"    {label}: {c}" for c in cells[:MAX_ROWS_SHOWN]]
    return "\n".join(lines)


@asset_check(
    asset=WAREHOUSE_BUILD_KEY,
    name="disclosure_audit",
    blocking=True,
    pool=BUILD_DB_POOL,
    description="Independent disclosure audit of every masked pub_ mart against its mart: no published count below "
    "the threshold, no relation with exactly one masked cell, and no masked cell whose value an outsider pins by "
    "combining every relation (LP per component). A failure stops publication and names the cells.",
)
def disclosure_audit(context: AssetCheckExecutionContext, passend: PassendSettings) -> AssetCheckResult:
    settings = passend.get()
    reports = audit_warehouse(settings.build_db, threshold=settings.mask_threshold)
    summary = audit_summary(reports)
    failed = [r for r in reports if not r.ok]
    record_check(settings, AUDIT_PASSED_MARKER, not failed and bool(reports))
    text = ""
    if failed or not reports:
        text = audit_failure_text(reports) or "- no masked pub_ mart with its mart was found in the build"
        context.log.error("disclosure audit failed; nothing will be published:\n" + text)
    return AssetCheckResult(
        passed=not failed and bool(reports),
        severity=AssetCheckSeverity.ERROR,
        description=("failed:\n" + text) if text else f"{len(reports)} marts audited: nothing recoverable",
        metadata={"marts": MetadataValue.json(summary),
                  "masked_cells": sum(r.masked for r in reports), "cells": sum(r.cells for r in reports),
                  "narrowed_primary": sum(len(r.narrowed) for r in reports)},
    )


def build_check_assets(dbt_assets: AssetsDefinition, upstream: Sequence[AssetKey] = ()) -> AssetsDefinition:
    """The gate asset after every dbt asset (and ``upstream``, the ingest assets, so a failed ingest stops it)."""
    return _gate_asset(dbt_assets, upstream)
