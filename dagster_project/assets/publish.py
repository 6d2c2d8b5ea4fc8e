"""The publish asset: exports of the checked build, then the atomic swap onto the published warehouse."""


import dataclasses
import json
import shutil
from typing import Any

from dagster import AssetExecutionContext, AssetKey, Failure, MaterializeResult, MetadataValue, asset

from dagster_project.assets.checks import WAREHOUSE_BUILD_KEY, build_fingerprint
from dagster_project.assets.dbt import CHECKS_PASSED_MARKER
from dagster_project.publish.exports import export_all
from dagster_project.publish.swap import publish
from dagster_project.resources import BUILD_DB_POOL, PassendSettings

PUBLISHED_KEY = AssetKey(["warehouse", "published"])


def _report_metadata(report: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        return {f.name: str(getattr(report, f.name))[:2000] for f in dataclasses.fields(report)}
    return {"report": str(report)[:2000]}


@asset(
    key=PUBLISHED_KEY,
    deps=[WAREHOUSE_BUILD_KEY],
    group_name="publication",
    pool=BUILD_DB_POOL,
    kinds={"duckdb", "parquet"},
    description="Published warehouse WAREHOUSE/passend.duckdb and exports WAREHOUSE/exports/, replaced atomically "
    "only when every blocking check on the build passed.",
)
def published_warehouse(context: AssetExecutionContext, passend: PassendSettings) -> MaterializeResult:
    settings = passend.get()
    marker = settings.build_dir / CHECKS_PASSED_MARKER
    if not marker.exists() or json.loads(marker.read_text(encoding="utf-8")) != build_fingerprint(settings):
        raise Failure("the build file has not passed the publication checks (or changed since): "
                      "materialise warehouse/build with its checks first; nothing was published")
    if settings.build_exports_dir.exists():
        shutil.rmtree(settings.build_exports_dir)
    settings.build_exports_dir.mkdir(parents=True)
    report = export_all(settings.build_db, settings.build_exports_dir, run_id=context.run_id, log=context.log)
    result = publish(settings, run_id=context.run_id)
    marker.unlink(missing_ok=True)
    context.log.info(f"published warehouse: {result.published_db}; exports: {result.exports_dir}")
    return MaterializeResult(metadata={
        "published_db": MetadataValue.path(str(result.published_db)),
        "exports_dir": MetadataValue.path(str(result.exports_dir)),
        "recovered_half_done_swap": result.recovered,
        **_report_metadata(report),
    })
