"""Warehouses for tests: the dbt manifest prepared once, and a selection built then tested."""

from __future__ import annotations

from pathlib import Path

from dagster_project.dbt_runner import run_dbt
from dagster_project.settings import Settings


def dbt_manifest() -> Path:
    """``dbt/target/manifest.json``, prepared the one way the project has (locked, a no-op when it is fresh)."""
    from dagster_project.dbt_project import MANIFEST_PATH, prepare_manifest

    prepare_manifest()
    return MANIFEST_PATH


def build_then_test(settings: Settings, select: str, target_path: Path) -> None:
    """``dbt build`` of ``select`` and everything upstream without tests, then ``dbt test`` of ``select`` only.

    Upstream models are tested by their owners' suites; a failing test of ``select`` raises ``DbtError`` naming it.
    """
    run_dbt(["build", "--quiet", "--select", f"+{select}", "--exclude-resource-type", "test"], settings,
            target_path=target_path)
    run_dbt(["test", "--quiet", "--select", select], settings, target_path=target_path)
