"""Incremental by teldatum = full rebuild, table by table, on the tiny synthetic data set.

One warehouse is built with the last teldatum left out, then incrementally on the same build file: (1) the last
teldatum is delivered; (2) the snapshot before it is re-delivered with changed content (vestigingen swapped between
pupils, which also moves the previous enrolment of pupils who changed school at the last teldatum) and every file of
the first teldatum leaves RAW. After each step every relation of the warehouse is compared, row for row and
regardless of order, with a build from nothing of the same landing data.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dagster_project.dbt_runner import run_dbt
from dagster_project.ingest import ingest_all
from dagster_project.settings import Settings
from dagster_project.synthetic import generate

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental")]

SEED = 7
MODELS_ONLY = ["build", "--quiet", "--exclude-resource-type", "test", "unit_test"]  # the models' rows; dbt tests run elsewhere


def _date_tags(d: date) -> tuple[str, str]:
    """How a teldatum appears in delivered file names: BRON ``YYYYMMDD``, DUO ``DD_MM_YYYY``."""
    return d.strftime("%Y%m%d"), d.strftime("%d_%m_%Y")


def _files_of(raw: Path, d: date) -> list[Path]:
    tags = _date_tags(d)
    return sorted(p for p in raw.rglob("*.csv") if any(t in p.name for t in tags))


def _bron_teldata(raw: Path) -> list[date]:
    stems = sorted(p.stem.rsplit("_", 1)[1] for p in (raw / "bron").glob("BRON_inschrijvingen_*.csv"))
    return [date(int(s[:4]), int(s[4:6]), int(s[6:])) for s in stems]


def _swap_vestigingen(path: Path) -> int:
    """Re-deliver a BRON snapshot with changed content: every 4th po/vo row takes BRIN and vestiging of the next row
    of the same onderwijssoort at another vestiging. Returns how many rows changed."""
    lines = path.read_text(encoding="latin-1").splitlines()
    header = lines[0].split(";")
    brin, vest, sector, soort = (header.index(c) for c in ("BRIN", "VESTIGINGSCODE", "SECTOR", "ONDERWIJSSOORT"))
    rows = [line.split(";") for line in lines[1:]]
    changed = 0
    for i in range(0, len(rows), 4):
        row = rows[i]
        if row[sector] not in {"PO", "VO"}:
            continue
        donor = next((r for r in rows[i + 1:] if r[soort] == row[soort] and r[vest] != row[vest]), None)
        if donor is not None:
            row[brin], row[vest] = donor[brin], donor[vest]
            changed += 1
    path.write_text("\n".join([lines[0], *(";".join(r) for r in rows)]) + "\n", encoding="latin-1")
    return changed


def _relations(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, tuple[str, list[str]]]:
    """``schema.name`` -> (table type, columns) of every relation in ``catalog``."""
    rows = con.execute(
        "select c.table_schema, c.table_name, t.table_type, list(c.column_name order by c.ordinal_position) "
        "from information_schema.columns as c join information_schema.tables as t using (table_catalog, table_schema, "
        "table_name) where c.table_catalog = ? group by all", [catalog]).fetchall()
    return {f"{schema}.{name}": (kind, cols) for schema, name, kind, cols in rows}


def _view_sql(con: duckdb.DuckDBPyConnection, catalog: str, warehouse_dir: Path) -> dict[str, str]:
    """The definition of every view, its own warehouse folder (staging views read its landing parquet) left out."""
    rows = con.execute("select schema_name, view_name, sql from duckdb_views() where database_name = ?",
                       [catalog]).fetchall()
    return {f"{schema}.{name}": sql.replace(str(warehouse_dir), "WAREHOUSE") for schema, name, sql in rows}


def assert_same_warehouse(incremental_db: Path, full_db: Path) -> int:
    """Both files hold the same relations with the same columns; every table the same multiset of rows, every view
    the same definition (a view reads the tables compared). Returns how many tables were compared."""
    con = duckdb.connect()
    try:
        # the views name their own catalog ("passend"): attach the files under other names and compare tables only
        con.execute(f"attach '{incremental_db}' as inc (read_only)")
        con.execute(f"attach '{full_db}' as full_build (read_only)")
        inc, full = _relations(con, "inc"), _relations(con, "full_build")
        assert sorted(inc) == sorted(full), "the two builds hold different relations"
        # build/passend.duckdb of each warehouse
        assert _view_sql(con, "inc", incremental_db.parent.parent) == _view_sql(con, "full_build", full_db.parent.parent)
        differences, tables = {}, 0
        for rel, (kind, cols) in sorted(inc.items()):
            assert (kind, cols) == full[rel], f"{rel}: {kind} {cols} vs {full[rel]}"
            if kind != "BASE TABLE":
                continue
            tables += 1
            schema, name = rel.split(".")
            a, b = f'inc."{schema}"."{name}"', f'full_build."{schema}"."{name}"'
            only_inc = con.execute(f"select count(*) from (select * from {a} except all select * from {b})").fetchone()[0]
            only_full = con.execute(f"select count(*) from (select * from {b} except all select * from {a})").fetchone()[0]
            if only_inc or only_full:
                differences[rel] = (only_inc, only_full)
        assert not differences, f"rows only in the incremental / only in the full build: {differences}"
        return tables
    finally:
        con.close()


def _teldata_in(db: Path, relation: str) -> dict[date, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute(f"select teldatum, count(*) from {relation} group by all").fetchall())


def _full_build_of(incremental: Settings, root: Path, name: str, target: Path) -> Settings:
    """A build from nothing of the landing data ``incremental`` holds now (same pseudonyms, no second ingest)."""
    full = Settings(raw_dir=incremental.raw_dir, warehouse_dir=root / name)
    shutil.copytree(incremental.landing_dir, full.landing_dir)
    run_dbt(MODELS_ONLY, full, target_path=target)
    return full


def test_incremental_build_equals_full_rebuild(tmp_path: Path) -> None:
    source = tmp_path / "source"
    generate(source, "tiny", SEED)
    teldata = _bron_teldata(source)
    # tiny: four school years, 1 October and 1 February each; the steps use the first, the one before the last
    # (a 1 October) and the last (a 1 February) teldatum
    assert len(teldata) == 8, teldata
    first, before_last, last = teldata[0], teldata[-2], teldata[-1]
    assert (before_last.month, last.month) == (10, 2)

    raw = tmp_path / "raw"
    shutil.copytree(source, raw)
    for path in _files_of(raw, last):
        path.unlink()
    s = Settings(raw_dir=raw, warehouse_dir=tmp_path / "incremental")
    target = tmp_path / "dbt_target"
    ingest_all(s)
    run_dbt(MODELS_ONLY, s, target_path=target)
    assert last not in _teldata_in(s.build_db, "intermediate.int_leerling_teldatum")

    # step 1: the last teldatum is delivered
    for path in _files_of(source, last):
        dest = raw / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
    ingest_all(s)
    run_dbt(MODELS_ONLY, s, target_path=target)
    full1 = _full_build_of(s, tmp_path, "full1", target)
    assert last in _teldata_in(s.build_db, "intermediate.int_leerling_teldatum")
    assert assert_same_warehouse(s.build_db, full1.build_db) >= 30

    # step 2: the snapshot before the last is re-delivered with other content; the first teldatum disappears
    assert _swap_vestigingen(raw / "bron" / f"BRON_inschrijvingen_{_date_tags(before_last)[0]}.csv") > 20
    for path in _files_of(raw, first):
        path.unlink()
    ingest_all(s)
    run_dbt(MODELS_ONLY, s, target_path=target)
    full2 = _full_build_of(s, tmp_path, "full2", target)
    assert first not in _teldata_in(s.build_db, "intermediate.int_leerling_teldatum")
    assert assert_same_warehouse(s.build_db, full2.build_db) >= 30
