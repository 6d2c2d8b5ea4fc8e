"""End to end at tiny scale: generate → nightly → published marts; failed check; idempotency."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from openpyxl import load_workbook

from dagster_project.assets.checks import WAREHOUSE_BUILD_KEY
from dagster_project.assets.exports import EXPORTS_KEY
from dagster_project.assets.release import PUBLISHED_KEY
from dagster_project.release import swap
from dagster_project.settings import Settings
from tests.support.shared_warehouse import SharedWarehouse, copy_warehouse

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.xdist_group("e2e")]


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def row_sets(db_path: Path) -> dict[str, list[tuple]]:
    """``schema.table`` → sorted rows of every table and view of a DuckDB file (a multiset comparison)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        names = con.execute("select table_schema, table_name from information_schema.tables "
                            "where table_catalog = current_database() order by 1, 2").fetchall()
        return {f"{s}.{t}": sorted(con.execute(f'select * from "{s}"."{t}"').fetchall(), key=repr) for s, t in names}
    finally:
        con.close()


def export_row_sets(exports: Path) -> dict[str, list[tuple]]:
    """Relative path → sorted rows of every exported parquet file."""
    out = {}
    for p in sorted(exports.rglob("*.parquet")):
        out[p.relative_to(exports).as_posix()] = sorted(
            duckdb.sql(f"select * from read_parquet('{p.as_posix()}')").fetchall(), key=repr)
    return out


def _row_difference(first: list[tuple], second: list[tuple], shown: int = 3) -> str:
    """A few rows only in the first run and only in the second, for the failure message."""
    a, b = set(map(repr, first)), set(map(repr, second))
    return (f"{len(a - b)} rows only in run 1, e.g. {sorted(a - b)[:shown]}; "
            f"{len(b - a)} only in run 2, e.g. {sorted(b - a)[:shown]}")


@pytest.fixture(scope="module")
def first_run(dbt_manifest: Path, tiny_warehouse: SharedWarehouse, tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, Any]:
    """The shared tiny warehouse (one successful nightly run), copied: the tests below run the job again on it.

    The snapshots are taken of the copy before any test changes it; a file copy keeps every byte.
    """
    settings = copy_warehouse(tiny_warehouse, tmp_path_factory.mktemp("e2e_warehouse"))
    return {
        "settings": settings,
        "manifest": dbt_manifest,
        "db_digest": hashlib.sha256(settings.published_db.read_bytes()).hexdigest(),
        "exports_digest": tree_digest(settings.exports_dir),
        "row_sets": row_sets(settings.published_db),
        "export_rows": export_row_sets(settings.exports_dir),
    }


# What a tiny run must publish, written from the indicator catalogue (docs/indicators.md), not read from the code:
# every indicator mart and its pub_ model, each with rows at each of its grains.
INDICATOR_GRAINS = {
    "aantal_leerlingen": {"swv", "vestiging", "swv_ander", "landelijk"},
    "deelnamepercentage": {"swv", "landelijk"},
    "gewichtenleerlingen": {"swv", "vestiging", "landelijk"},  # po only
    "apc_leerlingen": {"swv", "vestiging", "landelijk"},  # vo only
    "leerlingprognose": {"swv", "vestiging", "landelijk"},  # vestiging: po prognoses are per vestiging
    "peildatum_1_februari": {"swv", "vestiging", "swv_ander", "landelijk"},
    "cluster_1_2": {"swv", "landelijk"},
    # flow indicators (two 1 Octobers in the tiny set: one year of flows)
    "instroom_vanuit_po": {"swv", "vestiging", "landelijk"},  # vo only
    "uitstroom_naar_vo": {"swv", "vestiging", "landelijk"},  # po only
    "uitstroom_naar_vervolgonderwijs": {"swv", "vestiging", "landelijk"},  # vo only
    "terugstroom": {"swv", "vestiging", "landelijk"},
}
INDICATOR_SECTORS = {  # the others: po and vo
    "gewichtenleerlingen": {"po"},
    "apc_leerlingen": {"vo"},
    # peildatum_1_februari: po and vo (vo = pupils entering vso between 1 October and 1 February, which the tiny set
    # has since it sends regular vo pupils to vso during the school year)
    "instroom_vanuit_po": {"vo"},
    "uitstroom_naar_vo": {"po"},
    "uitstroom_naar_vervolgonderwijs": {"vo"},
}
# the gemeentetabel: per gemeente of a SWV and the SWV's total, for both blokken
GEMEENTETABEL_GRAINS = {"gemeente", "swv"}
# the tiny set is generated without discrepancies: the reconciliation finds no difference that is a discrepancy
# (informational rows, e.g. a 1B SWV that BRON cannot derive for an enrolment older than the first snapshot, may exist)
RECONCILIATION_MARTS = ("mart_recon_1a_intern", "mart_recon_1b_1a", "mart_recon_bron_1b", "mart_recon_1a_vestigingen_bron")
PUB_SCHEMA = "masking"  # the schema of the masked pub_ marts


def _grains_and_sectors(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[int, set[str], set[str]]:
    rows, grains, sectors = con.execute(
        f"select count(*), list(distinct grain), list(distinct sector) from {relation}").fetchone()
    return rows, set(grains or []), set(sectors or [])


def test_tiny_run_publishes_every_mart(first_run: dict[str, Any]) -> None:
    s: Settings = first_run["settings"]
    # the build file is copied onto the published path and kept as the next incremental run's state
    assert s.published_db.exists() and s.build_db.exists() and s.build_state_file.exists()
    assert not swap.journal_path(s).exists() and not swap.old_exports_dir(s).exists()
    problems = []
    with duckdb.connect(str(s.published_db), read_only=True) as con:
        for name, grains in INDICATOR_GRAINS.items():
            sectors = INDICATOR_SECTORS.get(name, {"po", "vo"})
            mart_rows, mart_grains, mart_sectors = _grains_and_sectors(con, f"marts.mart_{name}")
            pub_rows, pub_grains, pub_sectors = _grains_and_sectors(con, f'{PUB_SCHEMA}."pub_{name}"')
            if (mart_grains, mart_sectors) != (grains, sectors):
                problems.append(f"mart_{name}: grains {sorted(mart_grains)}, sectors {sorted(mart_sectors)}")
            if (pub_grains, pub_sectors) != (grains, sectors):
                problems.append(f"pub_{name}: grains {sorted(pub_grains)}, sectors {sorted(pub_sectors)}")
            if pub_rows != mart_rows:  # masking blanks values, it never drops or adds a row
                problems.append(f"pub_{name} has {pub_rows} rows, mart_{name} {mart_rows}")
        rows, grains, _ = _grains_and_sectors(con, f'{PUB_SCHEMA}."pub_gemeentetabel"')
        if not rows or grains != GEMEENTETABEL_GRAINS:
            problems.append(f"pub_gemeentetabel: {rows} rows, grains {sorted(grains)}")
        for name in RECONCILIATION_MARTS:
            con.execute(f"select count(*) from marts.{name}")  # built and published
        afwijkingen = con.execute("select controle, reden_code, swv_code, teldatum, aantal_rijen "
                                  "from marts.mart_recon_samenvatting where is_afwijking").fetchall()
        if afwijkingen:
            problems.append(f"discrepancies on a set generated without any: {afwijkingen[:5]}")
    assert not problems, "\n".join(problems)
    parquet = {p.name for p in (s.exports_dir / "parquet").iterdir()}
    for name in [*INDICATOR_GRAINS, "gemeentetabel"]:
        assert f"pub_{name}.parquet" in parquet or f"pub_{name}" in parquet, f"no parquet export of pub_{name}"


def test_gegevensbestand_tab_holds_the_pub_values(first_run: dict[str, Any]) -> None:
    """Every row of a SWV's deelnamepercentage tab is its pub_deelnamepercentage row: same numbers, masks shown.

    Read with openpyxl, independently of the writer: each sheet row is matched to the pub_ row with the same key
    (the header names the columns) and teller / noemer / waarde must equal the published values; a masked value is
    an empty number in pub_ and its label ('<5' or 'gemaskeerd') in the sheet. Two SWVs: a po SWV with sbo pupils
    (the national reformatorische SWV PO0001 has none, all its rows are 0) and the vo SWV with the most masked rows.
    """
    s: Settings = first_run["settings"]
    keys = ("sector", "schooljaar", "peildatum", "populatie", "grain", "grain_code", "categorie", "zorgcategorie")

    def key(row: dict) -> tuple:
        peil = row["peildatum"]
        return tuple(str(peil.date() if hasattr(peil, "date") else peil) if k == "peildatum" else row[k] for k in keys)

    with duckdb.connect(str(s.published_db), read_only=True) as con:
        po = con.execute(f"select min(swv_code) from {PUB_SCHEMA}.pub_deelnamepercentage "
                         "where grain = 'swv' and sector = 'po' and categorie = 'sbo' and teller > 0").fetchone()[0]
        vo = con.execute(f"select swv_code from {PUB_SCHEMA}.pub_deelnamepercentage where sector = 'vo' "
                         "and swv_code is not null group by 1 order by count(*) filter (where gemaskeerd) desc, 1 "
                         "limit 1").fetchone()[0]
        published = {}
        for code in (po, vo):
            rel = con.execute(f"select * from {PUB_SCHEMA}.pub_deelnamepercentage where swv_code = ?", [code])
            cols = [d[0] for d in rel.description]
            published[code] = {key(r): r for r in (dict(zip(cols, row, strict=True)) for row in rel.fetchall())}
    compared = masked = 0
    for code, pub in published.items():
        (xlsx,) = (s.exports_dir / "swv" / code).glob(f"gegevensbestand_{code}_*.xlsx")
        sheet = load_workbook(xlsx, read_only=True)["deelnamepercentage"]
        header, *lines = [list(r) for r in sheet.iter_rows(values_only=True)]
        sheet_rows = [dict(zip(header, line, strict=True)) for line in lines]
        assert len(sheet_rows) == len(pub) > 0, f"{code}: the tab has one row per published row of the SWV"
        for row in sheet_rows:
            p = pub[key(row)]
            for col in ("teller", "noemer", "waarde"):
                if p[col] is None and p["gemaskeerd"]:
                    assert row[col] in ("<5", "gemaskeerd"), (code, key(row), col, row[col])
                    masked += 1
                elif p[col] is None:
                    assert row[col] is None, (code, key(row), col, row[col])
                else:
                    assert row[col] == pytest.approx(p[col], rel=1e-12), (code, key(row), col, row[col], p[col])
                    compared += 1
        if code == po:  # the headline cell: sbo deelname of the latest schooljaar, no filter; waarde = 100 × t / n
            latest = max(r["schooljaar"] for r in sheet_rows)
            (sbo,) = [r for r in sheet_rows if r["grain"] == "swv" and r["categorie"] == "sbo"
                      and r["schooljaar"] == latest and r["zorgcategorie"] is None]
            assert sbo["teller"] > 0 and sbo["waarde"] == pytest.approx(100 * sbo["teller"] / sbo["noemer"])
    assert compared > 0 and masked > 0, (compared, masked)


def _inject_unmasked_small_count(db_path: Path) -> str | None:
    """Set one published, unmasked count to 3 (must be masked); returns the table, or None when there is none."""
    con = duckdb.connect(str(db_path))
    try:
        tables = con.execute(
            "select table_name from information_schema.columns where table_schema = 'masking' and column_name = 'teller' "
            "intersect select table_name from information_schema.tables where table_schema = 'masking' "
            "and table_type = 'BASE TABLE' order by 1").fetchall()
        for (table,) in tables:
            n = con.execute(f'update masking."{table}" set teller = 3 where rowid = '
                            f'(select min(rowid) from masking."{table}" where teller >= 5)').fetchone()[0]
            if n:
                return table
        return None
    finally:
        con.close()


def test_failed_blocking_check_leaves_published_warehouse_byte_identical(first_run: dict[str, Any],
                                                                        run_nightly) -> None:
    """A build with one unmasked count of 3 in a publish table: the blocking check fails, nothing is published.

    The build is the published file plus that one change, and only the publication steps of ``nightly`` run
    (``masking/checked_build``, its checks, the exports and the release): dbt itself is exercised by the other runs.
    """
    s: Settings = first_run["settings"]
    s.build_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(s.published_db, s.build_db)
    table = _inject_unmasked_small_count(s.build_db)
    assert table is not None, "no masking.* table with a count >= 5 to corrupt"

    outcome = run_nightly(s.raw_dir, s.warehouse_dir, asset_selection=[WAREHOUSE_BUILD_KEY, EXPORTS_KEY, PUBLISHED_KEY])

    assert not outcome.success
    failed_checks = [line for line in outcome.failures
                     if line.startswith(f"check {WAREHOUSE_BUILD_KEY.to_user_string()}:publication_checks")]
    assert failed_checks, outcome.failures
    assert "failing rows" in failed_checks[0]
    for skipped in (EXPORTS_KEY, PUBLISHED_KEY):  # skipped, not run
        assert not any(line.startswith(f"step {skipped.to_python_identifier()}") for line in outcome.failures)
    assert hashlib.sha256(s.published_db.read_bytes()).hexdigest() == first_run["db_digest"]
    assert tree_digest(s.exports_dir) == first_run["exports_digest"]


def test_killed_run_leaves_published_warehouse_byte_identical(first_run: dict[str, Any], tmp_path: Path) -> None:
    """SIGKILL the CLI (and its dbt child) while dbt writes the build file: published files stay as they were."""
    s: Settings = first_run["settings"]
    env = {**os.environ, "PASSEND_RAW": str(s.raw_dir), "PASSEND_WAREHOUSE": str(s.warehouse_dir),
           "PASSEND_PSEUDONYM_KEY": "e2e-test-key-not-secret"}
    env.pop("DAGSTER_HOME", None)
    s.build_db.unlink(missing_ok=True)  # a failed run's build is kept for inspection; wait for this run's own file
    log = tmp_path / "killed_run.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dagster_project.cli", "run", "--raw", str(s.raw_dir),
                                 "--warehouse", str(s.warehouse_dir)], env=env, start_new_session=True,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not s.build_db.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before dbt wrote the build file:\n" + log.read_text()[-3000:]
        assert s.build_db.exists(), "dbt did not start within 120 s"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert hashlib.sha256(s.published_db.read_bytes()).hexdigest() == first_run["db_digest"]
    assert tree_digest(s.exports_dir) == first_run["exports_digest"]


def test_second_run_with_unchanged_input_publishes_identical_content(first_run: dict[str, Any], run_nightly) -> None:
    """Runs after the failed and the killed run above: the next run recovers from both and publishes the same rows."""
    s: Settings = first_run["settings"]
    outcome = run_nightly(s.raw_dir, s.warehouse_dir)
    assert outcome.success, "\n".join(outcome.failures)
    second = row_sets(s.published_db)
    assert sorted(second) == sorted(first_run["row_sets"])
    changed = {name: _row_difference(first_run["row_sets"][name], rows) for name, rows in second.items()
               if rows != first_run["row_sets"][name]}
    exports = export_row_sets(s.exports_dir)
    assert sorted(exports) == sorted(first_run["export_rows"])
    changed_exports = [name for name, rows in exports.items() if rows != first_run["export_rows"][name]]
    assert not changed, f"tables whose rows differ between two runs on the same input: {changed}"
    assert not changed_exports, f"exports whose rows differ between two runs on the same input: {changed_exports}"

