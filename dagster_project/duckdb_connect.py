"""Every DuckDB connection the project opens: ``connect()`` applies the run's memory limit, threads and spill folder."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from dagster_project.settings import Settings


def connect(database: os.PathLike[str] | str = ":memory:", *, read_only: bool = False,
            settings: Settings | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``database`` (default in-memory) under ``settings``' DuckDB limits.

    The limits are applied with ``SET`` after connecting rather than as connect-time config: DuckDB refuses a second
    connection to an already open file "with a different configuration", and ``SET`` of these global settings works
    on a shared database instance too. ``settings`` defaults to ``Settings.from_env()``.
    """
    settings = settings or Settings.from_env()
    con = duckdb.connect(str(database), read_only=read_only)
    try:
        config = settings.duckdb_config()
        Path(config["temp_directory"]).mkdir(parents=True, exist_ok=True)
        for name, value in config.items():
            if name == "temp_directory" and _current(con, name) == value:
                # DuckDB refuses to set the spill folder again once a query of this database instance has spilled,
                # even to the same folder; a second connection to an open file shares that instance.
                continue
            con.execute(f"set {name} = '{_quote(value)}'")
    except BaseException:
        con.close()
        raise
    return con


def _current(con: duckdb.DuckDBPyConnection, name: str) -> str:
    return con.execute("select current_setting(?)", [name]).fetchone()[0]


def _quote(value: str) -> str:
    return value.replace("'", "''")
