"""Prepare dbt's manifest (``dbt/target/manifest.json``) outside Dagster's import: ``python -m dagster_project.dbt_manifest``."""

from __future__ import annotations

from dagster_project.dbt_runner import run_dbt
from dagster_project.settings import DBT_PROJECT_DIR, Settings


def prepare_manifest() -> None:
    run_dbt(["parse", "--quiet"], Settings.from_env())
    print(f"dbt manifest ready: {DBT_PROJECT_DIR / 'target' / 'manifest.json'}")


if __name__ == "__main__":
    prepare_manifest()
