"""The dbt project as Dagster assets: ``dbt build`` into the warehouse build file, dbt tests as asset checks.

The manifest is prepared outside Dagster's import (``make manifest`` / ``python -m dagster_project.dbt_manifest``);
when it is missing, Definitions still load with a single asset that fails with instructions.
"""


import json
import logging
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, Failure, MaterializeResult, asset
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dagster_project.assets.ingest import landing_key
from dagster_project.dbt_runner import dbt_environment, dbt_vars_args
from dagster_project.release.swap import recover
from dagster_project.resources import BUILD_DB_POOL, PassendSettings
from dagster_project.settings import DBT_PROJECT_DIR, Settings

MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"
LAYER_GROUPS = ("staging", "intermediate", "marts", "masking")
CHECKS_PASSED_MARKER = "checks_passed.json"

logger = logging.getLogger(__name__)


def dbt_target_dir(settings: Settings) -> Path:
    """dbt's target folder of one warehouse (artifacts, partial parse); kept out of ``dbt/target``."""
    return settings.build_dir / "dbt_target"


def reset_build(settings: Settings) -> None:
    """Start a build from an empty file: finish a half-done publication first, then drop the old build."""
    recover(settings)
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    for path in (settings.build_db, settings.build_db.with_name(settings.build_db.name + ".wal"),
                 settings.build_dir / CHECKS_PASSED_MARKER):
        path.unlink(missing_ok=True)
    if settings.build_exports_dir.exists():
        shutil.rmtree(settings.build_exports_dir)


def describe_dbt_failures(run_results: Mapping[str, Any] | None) -> str:
    """One line per failed dbt node: the test or model, its status, failing row count and message."""
    lines = []
    for res in (run_results or {}).get("results", []):
        status = str(res.get("status", "")).lower()
        if status in {"fail", "error", "runtime error"}:
            failures = res.get("failures")
            rows = f", {failures} failing rows" if failures is not None else ""
            message = (res.get("message") or "").strip().replace("\n", " ")[:500]
            lines.append(f"- {res.get('unique_id')}: {status}{rows}: {message}")
    return "\n".join(lines) or "- (no failed node in run_results.json; see the dbt log above)"


# dbt sources whose tables are ingest families (landing/<family>/*.parquet), see dbt/models/staging/*/_sources.yml
LANDING_SOURCES: frozenset[str] = frozenset({"landing", "opendata"})


def dbt_layer(dbt_resource_props: Mapping[str, Any]) -> str | None:
    """The stage of a dbt node: its model folder (staging, intermediate, marts, masking); seeds (code lists) are
    staging; None for anything else."""
    if dbt_resource_props.get("resource_type") == "seed":
        return "staging"
    fqn = dbt_resource_props.get("fqn") or []
    if len(fqn) > 2 and fqn[1] in LAYER_GROUPS:
        return fqn[1]
    return None


class PassendDbtTranslator(DagsterDbtTranslator):
    """dbt sources ``landing.<family>`` and ``opendata.<family>`` are the ingest assets; a model is in the group of
    its layer and its key starts with it (``marts/mart_x``), so group and key name the same stage."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props.get("resource_type") == "source" and dbt_resource_props.get("source_name") in LANDING_SOURCES:
            return landing_key(dbt_resource_props["name"])
        layer = dbt_layer(dbt_resource_props)
        if layer:
            return AssetKey([layer, dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_layer(dbt_resource_props) or "dbt"


def _build_dbt_assets() -> AssetsDefinition:

    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    known_nodes = set(json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))["nodes"])

    @dbt_assets(
        manifest=MANIFEST_PATH,
        project=project,
        dagster_dbt_translator=PassendDbtTranslator(),
        pool=BUILD_DB_POOL,
        name="dbt_warehouse",
    )
    def dbt_warehouse(context: AssetExecutionContext, dbt: DbtCliResource, passend: PassendSettings) -> Iterator[Any]:
        """``dbt build`` (models + tests, threads 1) into ``WAREHOUSE/build/passend.duckdb``."""
        settings = passend.get()
        reset_build(settings)
        with dbt_environment(settings):
            # parse first (the build reuses its partial-parse state): a project changed since the manifest was
            # prepared would otherwise fail mid-build on nodes Dagster does not know
            run_vars = dbt_vars_args(settings, [])
            parsed = dbt.cli(["parse", *run_vars], target_path=dbt_target_dir(settings)).wait().get_artifact("manifest.json")
            stale = sorted(set(parsed["nodes"]) - known_nodes)
            if stale:
                raise Failure(f"the dbt project changed after {MANIFEST_PATH} was prepared ({len(stale)} new nodes, e.g. "
                              f"{', '.join(stale[:5])}): run `make manifest` and reload the definitions")
            invocation = dbt.cli(["build", *run_vars], context=context, raise_on_error=False,
                                 target_path=dbt_target_dir(settings))
            yield from invocation.stream()
        if not invocation.is_successful():
            try:
                run_results = invocation.get_artifact("run_results.json")
            except Exception:  # run_results.json is absent when dbt failed before running anything
                run_results = None
            raise Failure(
                description="dbt build failed; nothing will be published:\n" + describe_dbt_failures(run_results),
                metadata={"run_results": json.dumps(run_results)[:20000] if run_results else ""},
            )

    return dbt_warehouse


def _manifest_missing_asset() -> AssetsDefinition:
    @asset(key=AssetKey(["dbt", "manifest_missing"]), group_name="dbt", pool=BUILD_DB_POOL,
           deps=[landing_key(f) for f in _family_names()])
    def dbt_manifest_missing() -> MaterializeResult:
        """Placeholder while dbt/target/manifest.json is missing: fails with instructions."""
        raise Failure(f"dbt manifest {MANIFEST_PATH} is missing: run `make manifest` "
                      "(or `python -m dagster_project.dbt_manifest`) and reload the definitions")

    return dbt_manifest_missing


def _family_names() -> list[str]:
    from dagster_project.contracts import FAMILIES

    return [f.name for f in FAMILIES]


def build_dbt_assets() -> AssetsDefinition:
    """The dbt assets, or a failing placeholder (with a logged warning) when the manifest is not prepared."""
    if MANIFEST_PATH.exists():
        return _build_dbt_assets()
    logger.warning("dbt manifest %s is missing: run `make manifest`; dbt assets are replaced by a failing placeholder",
                   MANIFEST_PATH)
    return _manifest_missing_asset()
