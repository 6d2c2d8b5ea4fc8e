"""Run dbt in-process against the warehouse build file of a given ``Settings``.

By hand: ``python -m dagster_project.dbt_runner test --select <test> --store-failures`` runs dbt with the settings of
the environment (``PASSEND_WAREHOUSE`` …), as a pipeline run would.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from dagster_project.settings import DBT_PROJECT_DIR, Settings


class DbtError(RuntimeError):
    """dbt ended with an error or failing tests; the message lists the failed nodes."""


@contextmanager
def dbt_environment(settings: Settings) -> Iterator[None]:
    """Set the environment variables ``dbt/profiles.yml`` reads, restoring the old values afterwards."""
    new = settings.dbt_env()
    old = {k: os.environ.get(k) for k in new}
    os.environ.update(new)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_dbt(
    args: Sequence[str],
    settings: Settings,
    *,
    target_path: Path | None = None,
    raise_on_failure: bool = True,
):
    """Invoke ``dbt <args>`` in-process; returns dbt's ``dbtRunnerResult``.

    ``target_path`` defaults to ``dbt/target``; tests pass a folder of their own so parallel runs never share
    dbt's partial-parse state.
    """
    from dbt.cli.main import dbtRunner  # imported lazily: dbt is slow to import

    settings.build_dir.mkdir(parents=True, exist_ok=True)
    cli = [
        *args,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        *dbt_vars_args(settings, args),
    ]
    if target_path is not None:
        cli += ["--target-path", str(target_path)]
    with dbt_environment(settings):
        try:
            result = dbtRunner().invoke(cli)
        finally:
            release_dbt_duckdb()
    if raise_on_failure and not result.success:
        raise DbtError(_describe_failure(args, result))
    return result


def dbt_vars_args(settings: Settings, args: Sequence[str]) -> list[str]:
    """``--vars`` with the run's dbt variables (the mask threshold), unless ``args`` already pass their own."""
    if "--vars" in args:
        return []
    return ["--vars", json.dumps(settings.dbt_vars())]


def release_dbt_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after an in-process run.

    dbt-duckdb caches one database handle per process; left open, it holds the build file's lock and a later
    ``duckdb.connect(build_db, read_only=True)`` in the same process fails with "different configuration".
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - dbt-duckdb is a pinned dependency
        return
    with DuckDBConnectionManager._LOCK:
        env, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None  # the next run opens a fresh one
        if env is not None:
            env.close()
    DuckDBConnectionManager.close_all_connections()


def _describe_failure(args: Sequence[str], result) -> str:
    lines = [f"dbt {' '.join(args)} failed"]
    if result.exception is not None:
        lines.append(str(result.exception))
    res = getattr(result, "result", None)
    for node_result in getattr(res, "results", None) or []:
        status = str(getattr(node_result, "status", ""))
        if status.lower() in {"error", "fail", "runtime error"}:
            node = getattr(node_result, "node", None)
            name = getattr(node, "unique_id", "?")
            lines.append(f"- {name}: {status}: {getattr(node_result, 'message', '')}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m dagster_project.dbt_runner <dbt arguments>``: dbt against ``Settings.from_env()``'s build file."""
    args = list(sys.argv[1:] if argv is None else argv)
    result = run_dbt(args, Settings.from_env(), raise_on_failure=False)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
