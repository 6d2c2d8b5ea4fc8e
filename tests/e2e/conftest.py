"""Shared fixtures of the end-to-end tests: the dbt manifest and one tiny synthetic data set per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagster_project.settings import Settings
from dagster_project.synthetic import generate

TINY_SEED = 11


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    """``dbt/target/manifest.json``, prepared the one way (``prepare_manifest``: locked, a no-op when fresh)."""
    from dagster_project.dbt_project import MANIFEST_PATH, prepare_manifest

    prepare_manifest()
    return MANIFEST_PATH


@pytest.fixture(scope="session")
def tiny_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RAW folder with the synthetic ``tiny`` data set (seed 11), generated once per session; never written to."""
    raw = tmp_path_factory.mktemp("tiny_raw")
    generate(raw, "tiny", TINY_SEED)
    return raw


def _run_nightly(raw: Path, warehouse: Path, asset_selection=None):
    """Execute the ``nightly`` job (or a part: ``asset_selection``) in-process on ``raw`` → ``warehouse``."""
    from dagster_project.cli import run_pipeline

    settings = Settings(raw_dir=raw, warehouse_dir=warehouse)
    with pytest.MonkeyPatch.context() as mp:
        for name in ("PASSEND_RAW", "PASSEND_WAREHOUSE", "PASSEND_MASK_THRESHOLD", "PASSEND_DUCKDB_MEMORY_LIMIT",
                     "PASSEND_DUCKDB_THREADS"):
            mp.delenv(name, raising=False)  # run_pipeline sets them; the context restores them
        mp.setenv("PASSEND_PSEUDONYM_KEY", "e2e-test-key-not-secret")
        return run_pipeline(settings, seed=TINY_SEED, scale="tiny", log_level="WARNING", asset_selection=asset_selection)


@pytest.fixture(scope="session")
def run_nightly():
    """``run_nightly(raw, warehouse, asset_selection=None) -> RunOutcome``: the job ``make run`` runs, in-process."""
    return _run_nightly
