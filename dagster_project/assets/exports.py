"""The exports asset: parquet datasets and SWV packages of the checked build, written into ``WAREHOUSE/build/exports``."""

import dataclasses
import json
import shutil
from typing import Any

from dagster import AssetExecutionContext, AssetKey, Failure, MaterializeResult, asset

from dagster_project.assets.checks import WAREHOUSE_BUILD_KEY, build_fingerprint
from dagster_project.assets.dbt import CHECKS_PASSED_MARKER
from dagster_project.exports import export_all
from dagster_project.resources import BUILD_DB_POOL, PassendSettings
from dagster_project.settings import Settings

EXPORTS_GROUP = "exports"
EXPORTS_KEY = AssetKey([EXPORTS_GROUP, "build_exports"])


def require_checked_build(settings: Settings) -> None:
    """Refuse a build whose blocking checks did not pass, or that changed after they passed (size/mtime)."""
    marker = settings.build_dir / CHECKS_PASSED_MARKER
    if not marker.exists() or json.loads(marker.read_text(encoding="utf-8")) != build_fingerprint(settings):
        raise Failure("the build file has not passed the publication checks (or changed since): "
                      f"materialise {WAREHOUSE_BUILD_KEY.to_user_string()} with its checks first; nothing was published")


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
                        workers=settings.export_workers)
    return MaterializeResult(metadata=report_metadata(report))
