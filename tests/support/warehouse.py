"""Warehouses for tests: the dbt manifest prepared once, and a synthetic delivery set generated, ingested and built."""

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


def build_synthetic_warehouse(tmp_path: Path, select: str, *, seed: int, scale: str = "tiny") -> Settings:
    """Generate ``scale`` deliveries (``seed``) under ``tmp_path/raw``, ingest them, build and test ``select``.

    Minutes of dbt: a test that can read the shared tiny warehouse (``tiny_warehouse`` fixture) reads that instead.

    Returns the settings of the run: the build file is ``settings.build_db``, dbt's artefacts (manifest included)
    are in ``tmp_path/dbt_target``.
    """
    from dagster_project.ingest import ingest_all
    from dagster_project.synthetic import generate

    settings = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "warehouse")
    generate(settings.raw_dir, scale=scale, seed=seed)
    ingest_all(settings)
    build_then_test(settings, select, tmp_path / "dbt_target")
    return settings
