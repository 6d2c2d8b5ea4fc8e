"""`make query` opens the published warehouse read-only in the DuckDB CLI of the pinned engine."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb

from dagster_project.cli import duckdb_cli, query_command
from dagster_project.settings import REPO_ROOT, Settings


def _published(warehouse: Path) -> None:
    warehouse.mkdir(parents=True)
    con = duckdb.connect(str(warehouse / "passend.duckdb"))
    con.execute("create table t as select 42 as x")
    con.close()


def _make_query(warehouse: Path, sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", "query", f"WAREHOUSE={warehouse}", f"SQL={sql}"],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)


def test_cli_is_installed_at_the_engine_version() -> None:
    out = subprocess.run([str(duckdb_cli()), "-version"], capture_output=True, text=True, check=True).stdout
    # the CLI reports e.g. "v1.5.6 (Variegata) 069cc9f9b5"; the Python engine "1.5.6"
    assert out.split()[0] == f"v{duckdb.__version__}"


def test_make_query_reads_and_cannot_write(tmp_path: Path) -> None:
    _published(tmp_path / "wh")
    read = _make_query(tmp_path / "wh", "select x + 1 as y from t")
    assert read.returncode == 0, read.stderr
    assert "43" in read.stdout  # 42 + 1
    write = _make_query(tmp_path / "wh", "create table u (i integer)")
    assert write.returncode != 0
    assert "read-only" in write.stderr
    con = duckdb.connect(str(tmp_path / "wh" / "passend.duckdb"), read_only=True)
    assert con.execute("select count(*) from information_schema.tables where table_name = 'u'").fetchone() == (0,)
    con.close()


def test_make_query_without_a_warehouse_says_what_to_do(tmp_path: Path) -> None:
    missing = _make_query(tmp_path / "nothing", "select 1")
    assert missing.returncode != 0
    assert f"no published warehouse at {tmp_path / 'nothing'}/passend.duckdb" in missing.stderr
    assert "make run" in missing.stderr


def test_run_end_shows_the_make_query_command(tmp_path: Path) -> None:
    assert query_command(Settings(raw_dir=tmp_path, warehouse_dir=(REPO_ROOT / "data" / "warehouse").resolve())) \
        == "make query"
    assert query_command(Settings(raw_dir=tmp_path, warehouse_dir=tmp_path / "wh")) == f"make query WAREHOUSE={tmp_path / 'wh'}"
