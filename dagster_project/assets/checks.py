"""The checked warehouse build: a gate asset after dbt and the blocking GX publication checks on it."""


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

from dagster_project.assets.dbt import CHECKS_PASSED_MARKER
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
    marker = settings.build_dir / CHECKS_PASSED_MARKER
    if failed:
        marker.unlink(missing_ok=True)
        context.log.error("blocking publication checks failed:\n" + failure_text(failed))
    else:
        marker.write_text(json.dumps(build_fingerprint(settings)), encoding="utf-8")
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


def build_check_assets(dbt_assets: AssetsDefinition, upstream: Sequence[AssetKey] = ()) -> AssetsDefinition:
    """The gate asset after every dbt asset (and ``upstream``, the ingest assets, so a failed ingest stops it)."""
    return _gate_asset(dbt_assets, upstream)
