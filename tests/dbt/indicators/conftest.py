"""Fixture of the indicator invariant tests: a tiny synthetic delivery set generated, ingested and built with dbt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dagster_project.dbt_runner import run_dbt
from dagster_project.settings import Settings

INDICATORS = "path:models/marts/indicators"


def build_tiny_indicator_warehouse(tmp_path: Path, seed: int = 7) -> duckdb.DuckDBPyConnection:
    """Generate ``tiny`` deliveries, ingest them, build the indicator marts (+ upstream) and run the marts' tests."""
    from dagster_project.ingest import ingest_all
    from dagster_project.synthetic import generate

    settings = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "warehouse")
    generate(settings.raw_dir, scale="tiny", seed=seed)
    ingest_all(settings)
    run_dbt(["build", "--quiet", "--select", f"+{INDICATORS}", "--exclude-resource-type", "test"], settings,
            target_path=tmp_path / "dbt_target")
    run_dbt(["test", "--quiet", "--select", INDICATORS], settings, target_path=tmp_path / "dbt_target")
    return duckdb.connect(str(settings.build_db), read_only=True)


@pytest.fixture(scope="session")
def tiny_indicators(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to a warehouse built from a tiny synthetic set (indicator marts and their tests pass)."""
    con = build_tiny_indicator_warehouse(tmp_path_factory.mktemp("tiny_indicators"))
    yield con
    con.close()
