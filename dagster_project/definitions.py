"""The one Dagster ``Definitions``: ingest → staging → intermediate → marts → masking → exports → release (one asset
group per stage), job ``nightly``, schedule and RAW sensor."""

from __future__ import annotations

from dagster import AssetSelection, Definitions, define_asset_job, in_process_executor

from dagster_project.assets.checks import build_check_assets, disclosure_audit, publication_checks
from dagster_project.assets.dbt import build_dbt_assets
from dagster_project.assets.exports import build_exports, export_scan
from dagster_project.assets.ingest import ingest_assets
from dagster_project.assets.release import published_warehouse
from dagster_project.assets.run_report import run_report
from dagster_project.automation import build_automation
from dagster_project.resources import PassendSettings, dbt_cli_resource

dbt_warehouse = build_dbt_assets()
warehouse_build = build_check_assets(dbt_warehouse, [key for a in ingest_assets for key in a.keys])

nightly = define_asset_job(
    "nightly",
    selection=AssetSelection.all(),
    # one process, one step at a time: ingest steps are short (a subprocess each costs more than the step) and
    # every step after ingest shares the warehouse build pool anyway
    executor_def=in_process_executor,
    description="Everything: ingest every family, dbt build with its tests, publication checks, exports and the "
    "atomic swap. The schedule, the RAW sensor and `make run` all start this job.",
)
nightly_schedule, raw_deliveries_sensor = build_automation(nightly)

defs = Definitions(
    assets=[*ingest_assets, dbt_warehouse, warehouse_build, build_exports, published_warehouse],
    asset_checks=[publication_checks, disclosure_audit, run_report, export_scan],
    jobs=[nightly],
    schedules=[nightly_schedule],
    sensors=[raw_deliveries_sensor],
    resources={"passend": PassendSettings(), "dbt": dbt_cli_resource()},
)
