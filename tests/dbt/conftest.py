"""Fixtures of the dbt model tests: land readable fixtures, build with dbt, query the build file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import duckdb
import pytest

from tests.support.landing import POPULATION_SELECT, Row, build_warehouse

DbtBuild = Callable[..., duckdb.DuckDBPyConnection]


@pytest.fixture
def dbt_build(tmp_path: Path) -> Iterator[DbtBuild]:
    """Factory: ``dbt_build(tables, select=..., exclude=...)`` -> read-only DuckDB connection to the build file.

    ``tables`` maps a landing family to rows (landing column names). Connections are closed afterwards.
    """
    opened: list[duckdb.DuckDBPyConnection] = []

    def _build(tables: Mapping[str, Iterable[Row]], *, select: Sequence[str] | None = POPULATION_SELECT,
               exclude: Sequence[str] | None = None) -> duckdb.DuckDBPyConnection:
        con = build_warehouse(tmp_path / f"build_{len(opened)}", tables, select=select, exclude=exclude)
        opened.append(con)
        return con

    yield _build
    for con in opened:
        con.close()
