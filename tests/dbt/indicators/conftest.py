"""Fixture of the indicator invariant tests: a tiny synthetic delivery set generated, ingested and built with dbt."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from tests.support.warehouse import build_synthetic_warehouse

INDICATORS = "path:models/marts/indicators"


@pytest.fixture(scope="session")
def tiny_indicators(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to a warehouse built from a tiny synthetic set (indicator marts and their tests pass)."""
    settings = build_synthetic_warehouse(tmp_path_factory.mktemp("tiny_indicators"), INDICATORS, seed=7)
    con = duckdb.connect(str(settings.build_db), read_only=True)
    yield con
    con.close()
