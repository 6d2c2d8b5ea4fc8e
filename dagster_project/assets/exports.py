"""The exports asset: parquet datasets and SWV packages of the checked build, written into ``WAREHOUSE/build/exports``."""

import dataclasses
import json
import shutil
from typing import Any

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from dagster_project.assets.checks import WAREHOUSE_BUILD_KEY, build_fingerprint, record_check
from dagster_project.assets.dbt import AUDIT_PASSED_MARKER, CHECKS_PASSED_MARKER, SCAN_PASSED_MARKER
from dagster_project.checks.export_scan import scan_exports
from dagster_project.exports import export_all
from dagster_project.resources import BUILD_DB_POOL, PassendSettings
from dagster_project.settings import Settings

EXPORTS_GROUP = "exports"
EXPORTS_KEY = AssetKey([EXPORTS_GROUP, "build_exports"])


def require_passed(settings: Settings, markers: tuple[str, ...], what: str) -> None:
    """Refuse a build whose blocking checks did not pass, or that changed after they passed (size/mtime)."""
    for name in markers:
        marker = settings.build_dir / name
        if not marker.exists() or json.loads(marker.read_text(encoding="utf-8")) != build_fingerprint(settings):
            raise Failure(f"the build file has not passed its blocking checks ({name} missing, or the build changed "
                          f"since): materialise {what} with its checks first; nothing was published")


def require_checked_build(settings: Settings) -> None:
    """The GX publication checks and the disclosure audit passed on this very build file."""
    require_passed(settings, (CHECKS_PASSED_MARKER, AUDIT_PASSED_MARKER), WAREHOUSE_BUILD_KEY.to_user_string())


def report_metadata(report: Any) -> dict[str, Any]:
    """A dataclass report's fields as short strings, for the Dagster UI."""
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        return {f.name: str(getattr(report, f.name))[:2000] for f in dataclasses.fields(report)}
    return {"report": str(report)[:2000]}


@asset(
    key=EXPORTS_KEY,
    deps=[WAREHOUSE_BUILD_KEY],
    group_name=EXPORTS_GROUP,
    pool=BUILD_DB_POOL,
    kinds={"parquet", "xlsx"},
    description="Exports of the checked build in WAREHOUSE/build/exports/: parquet per pub_ table (+ manifest.json) "
    "and one package per SWV (gegevensbestand, gemeentetabel, charts). Not yet published: the release swaps them in.",
)
def build_exports(context: AssetExecutionContext, passend: PassendSettings) -> MaterializeResult:
    settings = passend.get()
    require_checked_build(settings)
    if settings.build_exports_dir.exists():
        shutil.rmtree(settings.build_exports_dir)
    settings.build_exports_dir.mkdir(parents=True)
    report = export_all(settings.build_db, settings.build_exports_dir, run_id=context.run_id, log=context.log,
                        workers=settings.export_workers,
                        previous_dir=None if settings.full_refresh else settings.exports_dir)
    return MaterializeResult(metadata=report_metadata(report))


@asset_check(
    asset=EXPORTS_KEY,
    name="export_scan",
    blocking=True,
    pool=BUILD_DB_POOL,
    description="Scan of every export file before release: no number passing the BSN 11-proef anywhere, no other "
    "SWV named in an SWV's package (its grensverkeer partners excepted), valid xlsx tabs and PNG charts.",
)
def export_scan(context: AssetCheckExecutionContext, passend: PassendSettings) -> AssetCheckResult:
    settings = passend.get()
    scan = scan_exports(settings.build_db, settings.build_exports_dir)
    findings = {"bsn_like": scan.bsn_like[:20], "other_swv": scan.other_swv[:20], "bad_files": scan.bad_files[:20]}
    record_check(settings, SCAN_PASSED_MARKER, scan.ok)
    if not scan.ok:
        context.log.error(f"export scan failed; nothing will be published: {findings}")
    return AssetCheckResult(
        passed=scan.ok,
        severity=AssetCheckSeverity.ERROR,
        description=f"{scan.files} files scanned: nothing found" if scan.ok else f"failed: {findings}",
        metadata={"files": scan.files, "bsn_like": len(scan.bsn_like), "other_swv": len(scan.other_swv),
                  "bad_files": len(scan.bad_files), "findings": MetadataValue.json(findings)},
    )
