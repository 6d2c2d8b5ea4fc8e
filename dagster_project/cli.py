"""Command line: ``python -m dagster_project.cli run --raw DIR --warehouse DIR --seed N`` runs the nightly job once."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagster_project.settings import REPO_ROOT, Settings

# Instance config for `make dev` / the daemon. It sets no `concurrency.pools.default_limit` (that would limit every
# pool); the one limited pool, the warehouse build pool (one step at a time), is set in the instance's storage by
# ensure_dagster_home (dagster.yaml cannot name a pool's limit).
DAGSTER_YAML = """\
# written by `python -m dagster_project.cli init-home` (make dev); see docs/operations.md
# the pool warehouse_build is limited to 1 in the instance storage (dagster instance concurrency get warehouse_build)
telemetry:
  enabled: false
"""
BUILD_DB_POOL_LIMIT = 1


@dataclass
class RunOutcome:
    """What one execution of ``nightly`` did: success, where it published, and what failed."""

    success: bool
    run_id: str
    settings: Settings
    generated: bool = False
    failures: list[str] = field(default_factory=list)


def ensure_dagster_home(home: Path) -> Path:
    """Create ``DAGSTER_HOME`` (``dagster.yaml``) and limit the warehouse build pool to 1 step at a time in it.

    Only that pool is limited: ingest steps (no pool) and any other pool run as the executor allows.
    """
    from dagster import DagsterInstance

    from dagster_project.resources import BUILD_DB_POOL

    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or "default_limit" in config.read_text(encoding="utf-8"):  # older homes limited every pool
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    with DagsterInstance.from_config(str(home)) as instance:
        instance.event_log_storage.set_concurrency_slots(BUILD_DB_POOL, BUILD_DB_POOL_LIMIT)
    return home


def has_deliveries(raw_dir: Path) -> bool:
    from dagster_project.automation import raw_files

    return bool(raw_files(raw_dir))


def generate_if_empty(settings: Settings, *, scale: str, seed: int) -> bool:
    """Write the synthetic ``scale`` data set into RAW when it holds no deliveries; True when it did."""
    settings.raw_dir.mkdir(parents=True, exist_ok=True)
    if has_deliveries(settings.raw_dir):
        return False
    from dagster_project.synthetic import generate

    print(f"{settings.raw_dir} holds no deliveries: generating the synthetic '{scale}' data set (seed {seed})")
    generate(settings.raw_dir, scale, seed)
    return True


def run_config(settings: Settings, log_level: str = "INFO") -> dict[str, Any]:
    from dagster_project.resources import PassendSettings

    return {
        "resources": {"passend": {"config": PassendSettings.config_of(settings)}},
        "loggers": {"console": {"config": {"log_level": log_level}}},
    }


def _failures(result: Any) -> list[str]:
    """Failed checks (name, rows) and failed steps (message) of an in-process run."""
    lines = []
    from dagster import AssetCheckSeverity

    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed and evaluation.severity != AssetCheckSeverity.WARN:  # warnings are in the summary
            key = evaluation.asset_check_key
            lines.append(f"check {key.asset_key.to_user_string()}:{key.name} failed: {evaluation.description or ''}")
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            data = event.step_failure_data
            message = ""
            if data.user_failure_data is not None and data.user_failure_data.description:
                message = data.user_failure_data.description
            elif data.error is not None:
                error = data.error
                while error.cause is not None and (error.cls_name or "").startswith("Dagster"):
                    error = error.cause  # the user's exception, not Dagster's wrapper
                message = error.message.strip()
            lines.append(f"step {event.step_key} failed: {message}")
    return lines


def run_pipeline(settings: Settings, *, seed: int = 42, scale: str = "demo", instance: Any = None,
                 log_level: str = "INFO", asset_selection: Sequence[Any] | None = None) -> RunOutcome:
    """Generate if RAW is empty, prepare the manifest, then execute the same ``nightly`` job as the schedule.

    ``asset_selection`` (asset keys) runs only part of the job, e.g. the publication steps on an existing build.
    """
    os.environ.update(settings.env())  # what code without the run's resources reads, via Settings.from_env()
    generated = generate_if_empty(settings, scale=scale, seed=seed)
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    from dagster_project.release.swap import recover

    if recover(settings):
        print("finished the publication a killed run had left half done")
    from dagster_project.dbt_project import prepare_manifest

    if prepare_manifest(settings):  # a no-op when make did it already and the project is unchanged
        print("prepared the dbt manifest (the dbt project changed since it was last prepared)")

    from dagster import DagsterInstance

    from dagster_project.definitions import defs  # after the manifest exists

    job = defs.resolve_job_def("nightly")
    owned = instance is None
    instance = instance or DagsterInstance.ephemeral()
    try:
        result = job.execute_in_process(run_config=run_config(settings, log_level), instance=instance,
                                        raise_on_error=False, asset_selection=asset_selection)
    finally:
        if owned:
            instance.dispose()
    return RunOutcome(result.success, result.run_id, settings, generated, [] if result.success else _failures(result))


def duckdb_cli() -> Path:
    """The DuckDB CLI of the pinned engine, installed into the virtualenv by the PyPI package ``duckdb-cli``."""
    return Path(sys.executable).parent / "duckdb"


def query_command(settings: Settings) -> str:
    """The ``make query`` command that opens this run's published warehouse read-only."""
    if settings.warehouse_dir == (REPO_ROOT / "data" / "warehouse").resolve():
        return "make query"
    return f"make query WAREHOUSE={settings.warehouse_dir}"


def _instance(use_home: bool) -> Any:
    if not use_home:
        return None
    from dagster import DagsterInstance

    home = Path(os.environ.get("DAGSTER_HOME") or REPO_ROOT / ".dagster_home").resolve()
    os.environ["DAGSTER_HOME"] = str(ensure_dagster_home(home))
    return DagsterInstance.get()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dagster_project.cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the nightly job once, in-process")
    run.add_argument("--raw", type=Path, default=None, help="deliveries folder (default: PASSEND_RAW or data/raw)")
    run.add_argument("--warehouse", type=Path, default=None,
                     help="warehouse folder (default: PASSEND_WAREHOUSE or data/warehouse)")
    run.add_argument("--seed", type=int, default=42, help="seed of the generated data set when RAW is empty")
    run.add_argument("--scale", default="demo", choices=("tiny", "demo", "national"),
                     help="scale of the generated data set when RAW is empty (default demo)")
    run.add_argument("--dagster-home", action="store_true",
                     help="record the run in DAGSTER_HOME (visible in `make dev`) instead of an ephemeral instance")
    sub.add_parser("init-home", help="create DAGSTER_HOME/dagster.yaml and limit the pool warehouse_build to 1, for `make dev`")
    args = parser.parse_args(argv)

    if args.command == "init-home":
        home = Path(os.environ.get("DAGSTER_HOME") or REPO_ROOT / ".dagster_home").resolve()
        print(f"DAGSTER_HOME ready: {ensure_dagster_home(home)}")
        return 0

    env = Settings.from_env()
    settings = dataclasses.replace(env, raw_dir=(args.raw or env.raw_dir).resolve(),
                                   warehouse_dir=(args.warehouse or env.warehouse_dir).resolve())
    outcome = run_pipeline(settings, seed=args.seed, scale=args.scale, instance=_instance(args.dagster_home))
    return finish_run(outcome)


def finish_run(outcome: RunOutcome) -> int:
    """Write and print the run summary, then the outcome; returns the exit code (``ingest.report.EXIT_*``)."""
    from dagster_project.ingest.report import (
        EXIT_FAILED,
        EXIT_MISSING_DELIVERY,
        build_run_report,
        has_warnings,
        summary_lines,
        write_run_report,
    )

    settings = outcome.settings
    # this run's build: published when the run succeeded, left in build/ when it failed
    db = settings.published_db if outcome.success else settings.build_db
    report = build_run_report(settings, run_id=outcome.run_id, build_db=db, run_failed=not outcome.success,
                              published=outcome.success)
    path = write_run_report(settings, report)
    print()
    print("\n".join(summary_lines(report, path)))
    code = report["exit_code"]
    if code == EXIT_FAILED:
        print(f"\nnightly run {outcome.run_id} FAILED; nothing was published "
              f"(the previous warehouse {settings.published_db} and exports are unchanged):", file=sys.stderr)
        for line in outcome.failures:
            print(f"  {line}", file=sys.stderr)
        print(f"exit code {code}", file=sys.stderr)
        return code
    if code == EXIT_MISSING_DELIVERY:
        missing = report["missing_deliveries"]
        print(f"\nnightly run {outcome.run_id} published, but {report['files']['refused_nothing_landed']} refused "
              "delivery(ies) have no earlier version landed, so what is published lacks them:", file=sys.stderr)
        for m in missing:
            print(f"  {m['family']} {m['delivery']} ({m['path']})", file=sys.stderr)
        print(f"exit code {code}: fix or re-deliver the file(s) and run again (see the summary above)", file=sys.stderr)
    elif has_warnings(report):
        print(f"\nnightly run {outcome.run_id} succeeded with warnings (see the summary above)")
    else:
        print(f"\nnightly run {outcome.run_id} succeeded")
    print(f"  published warehouse: {settings.published_db}")
    print(f"  exports:             {settings.exports_dir}")
    print(f"  query it:            {query_command(settings)}")
    print(f"     (the same as):    {duckdb_cli()} -readonly {settings.published_db}")
    return code


if __name__ == "__main__":
    sys.exit(main())
