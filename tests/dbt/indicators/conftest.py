"""Fixture of the indicator invariant tests: the shared tiny warehouse, read only."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from tests.support.shared_warehouse import SharedWarehouse


@pytest.fixture(scope="session")
def tiny_indicators(tiny_warehouse: SharedWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the shared tiny warehouse (seed 11): its nightly run built every indicator mart and
    ran their dbt tests, which passed (the run published)."""
    con = duckdb.connect(str(tiny_warehouse.published_db), read_only=True)
    yield con
    con.close()
