"""The dbt project as Dagster assets: ``dbt build`` into the warehouse build file, dbt tests as asset checks.

The manifest comes from ``dagster_project.dbt_project.prepare_manifest`` (``make manifest``), never from a parse in
the run: a run only checks, by a hash of the project's files, that the manifest it loaded is still the project's.
"""


import json
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, Failure
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from dagster_project.assets.ingest import landing_key
from dagster_project.dbt_project import (
    MANIFEST_PATH,
    ManifestNotReadyError,
    dbt_project,
    prepare_if_dev,
    project_fingerprint,
    require_fresh_manifest,
)
from dagster_project.dbt_runner import dbt_environment, dbt_vars_args
from dagster_project.release.swap import recover
from dagster_project.resources import BUILD_DB_POOL, PassendSettings
from dagster_project.settings import Settings

LAYER_GROUPS = ("staging", "intermediate", "marts", "masking")
CHECKS_PASSED_MARKER = "checks_passed.json"
AUDIT_PASSED_MARKER = "disclosure_audit_passed.json"
SCAN_PASSED_MARKER = "export_scan_passed.json"


def dbt_target_dir(settings: Settings) -> Path:
    """dbt's target folder of one warehouse (artifacts, partial parse); kept out of ``dbt/target``."""
    return settings.build_dir / "dbt_target"


def build_state(settings: Settings) -> dict[str, str]:
    """What a build file is built from: the dbt project (models, macros, seeds: ``project_fingerprint``), the
    DuckDB version (the incremental fingerprints use DuckDB's ``hash``) and the pseudonym version and key of the landed
    pupil-level data (a migrated landing must not be built onto tables holding the old ``leerling_id``s). The kept
    build is only reused when it matches."""
    import duckdb

    from dagster_project.ingest.pseudonym import landing_pseudonyms

    return {"dbt_project": project_fingerprint(), "duckdb": duckdb.__version__,
            "pseudonyms": landing_pseudonyms(settings.landing_dir) or "none"}


def needs_full_refresh(settings: Settings) -> str | None:
    """Why this run must rebuild the build file from nothing, or None when it may build incrementally on it."""
    if settings.full_refresh:
        return "full refresh asked for (FULL_REFRESH=1 / PASSEND_FULL_REFRESH)"
    if not settings.build_db.exists():
        return f"no build file yet at {settings.build_db}"
    try:
        recorded = json.loads(settings.build_state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "the build file has no record of a finished dbt build (first run of this version, or a failed full build)"
    if recorded != build_state(settings):
        return ("the dbt project, the DuckDB version or the pseudonyms of the landing (version or key) changed since the "
                "build file was built")
    return None


def prepare_build(settings: Settings) -> str | None:
    """Get the build area ready for ``dbt build``: finish a half-done publication first, forget the checks and exports
    of the previous build, and drop the build file when the run must rebuild everything.

    The build file itself is kept across runs: the pupil-level intermediate models are incremental by teldatum on it.
    Returns why the build starts from nothing, or None for an incremental build.
    """
    recover(settings)
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    for marker in (CHECKS_PASSED_MARKER, AUDIT_PASSED_MARKER, SCAN_PASSED_MARKER):
        (settings.build_dir / marker).unlink(missing_ok=True)
    if settings.build_exports_dir.exists():
        shutil.rmtree(settings.build_exports_dir)
    reason = needs_full_refresh(settings)
    if reason is not None:
        settings.build_state_file.unlink(missing_ok=True)  # recorded again only when this full build succeeds
        for path in (settings.build_db, settings.build_db.with_name(settings.build_db.name + ".wal")):
            path.unlink(missing_ok=True)
    return reason


def record_build_state(settings: Settings) -> None:
    """After a successful ``dbt build``: the build file is consistent with the project, later runs may build on it."""
    tmp = settings.build_state_file.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(build_state(settings)), encoding="utf-8")
    tmp.replace(settings.build_state_file)


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


def build_dbt_assets() -> AssetsDefinition:
    """The dbt models, seeds and tests as assets and asset checks, from the prepared manifest.

    Under ``dagster dev`` a missing or stale manifest is prepared first (``prepare_if_dev``); elsewhere a missing one
    stops the definitions from loading with what to do (``make manifest``) rather than loading a different graph.
    """
    prepare_if_dev()
    if not MANIFEST_PATH.exists():
        raise ManifestNotReadyError(f"dbt manifest {MANIFEST_PATH} is missing: run `make manifest` "
                                    "(python -m dagster_project.dbt_project) before loading the definitions")

    @dbt_assets(
        manifest=MANIFEST_PATH,
        project=dbt_project(),
        dagster_dbt_translator=PassendDbtTranslator(),
        pool=BUILD_DB_POOL,
        name="dbt_warehouse",
    )
    def dbt_warehouse(context: AssetExecutionContext, dbt: DbtCliResource, passend: PassendSettings) -> Iterator[Any]:
        """``dbt build`` (models + tests, threads 1) into ``WAREHOUSE/build/passend.duckdb``."""
        try:  # the loaded graph must be the project's: a changed project would fail mid-build on unknown nodes
            require_fresh_manifest()
        except ManifestNotReadyError as exc:
            raise Failure(str(exc)) from exc
        settings = passend.get()
        full = prepare_build(settings)
        context.log.info(f"dbt build from nothing: {full}" if full else
                         "dbt build incremental on the kept build file: only changed teldata are computed")
        with dbt_environment(settings):
            invocation = dbt.cli(["build", *dbt_vars_args(settings, [])], context=context, raise_on_error=False,
                                 target_path=dbt_target_dir(settings))
            yield from invocation.stream()
        if invocation.is_successful():
            record_build_state(settings)
        else:  # an incremental model's rows always match their fingerprints, so the next run may still build on it
            try:
                run_results = invocation.get_artifact("run_results.json")
            except Exception:  # run_results.json is absent when dbt failed before running anything
                run_results = None
            raise Failure(
                description="dbt build failed; nothing will be published:\n" + describe_dbt_failures(run_results),
                metadata={"run_results": json.dumps(run_results)[:20000] if run_results else ""},
            )

    return dbt_warehouse
