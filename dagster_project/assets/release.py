"""The release asset: the atomic swap of the checked build and its exports onto the published warehouse."""

from dagster import AssetExecutionContext, AssetKey, Failure, MaterializeResult, MetadataValue, asset

from dagster_project.assets.dbt import AUDIT_PASSED_MARKER, CHECKS_PASSED_MARKER, SCAN_PASSED_MARKER
from dagster_project.assets.exports import EXPORTS_KEY, require_checked_build, require_passed
from dagster_project.release.swap import publish
from dagster_project.resources import BUILD_DB_POOL, PassendSettings

RELEASE_GROUP = "release"
PUBLISHED_KEY = AssetKey([RELEASE_GROUP, "published_warehouse"])


@asset(
    key=PUBLISHED_KEY,
    deps=[EXPORTS_KEY],
    group_name=RELEASE_GROUP,
    pool=BUILD_DB_POOL,
    kinds={"duckdb"},
    description="Published warehouse WAREHOUSE/passend.duckdb and exports WAREHOUSE/exports/, replaced atomically "
    "only when every blocking check on the build (and its exports) passed.",
)
def published_warehouse(context: AssetExecutionContext, passend: PassendSettings) -> MaterializeResult:
    settings = passend.get()
    require_checked_build(settings)
    if not settings.build_exports_dir.is_dir():
        raise Failure(f"{settings.build_exports_dir} does not exist: materialise {EXPORTS_KEY.to_user_string()} "
                      "first; nothing was published")
    require_passed(settings, (SCAN_PASSED_MARKER,), f"{EXPORTS_KEY.to_user_string()} (its export scan)")
    result = publish(settings, run_id=context.run_id)
    for marker in (CHECKS_PASSED_MARKER, AUDIT_PASSED_MARKER, SCAN_PASSED_MARKER):
        (settings.build_dir / marker).unlink(missing_ok=True)
    context.log.info(f"published warehouse: {result.published_db}; exports: {result.exports_dir}")
    return MaterializeResult(metadata={
        "published_db": MetadataValue.path(str(result.published_db)),
        "exports_dir": MetadataValue.path(str(result.exports_dir)),
        "recovered_half_done_swap": result.recovered,
    })
