"""A generated ``tiny`` delivery set ingests completely, and no raw pupil number survives past ingest."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dagster_project.dbt_runner import run_dbt
from dagster_project.ingest import ingest_all
from dagster_project.ingest.parsers import is_valid_bsn, is_valid_onderwijsnummer
from dagster_project.settings import REPO_ROOT, Settings

PUPIL_HEADERS = ("PERSOONSGEBONDEN_NUMMER", "BSN_OWN")

@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, list]:
    root = tmp_path_factory.mktemp("tiny")
    settings = Settings(raw_dir=root / "raw", warehouse_dir=root / "warehouse")
    subprocess.run([sys.executable, "-m", "dagster_project.synthetic", "--scale", "tiny", "--seed", "1",
                    "--out", str(settings.raw_dir)], check=True, capture_output=True, cwd=REPO_ROOT)
    mp = pytest.MonkeyPatch()
    mp.setenv("PASSEND_PSEUDONYM_KEY", "tiny-test-key")
    try:
        results = ingest_all(settings)
    finally:
        mp.undo()
    return settings, results


def raw_pupil_numbers(raw_dir: Path) -> set[str]:
    """Every pupil number in the generated CSVs, as delivered and zero-padded to 9 digits."""
    numbers: set[str] = set()
    for path in raw_dir.rglob("*.csv"):
        with open(path, encoding="cp1252", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=";")
            cols = [h for h in reader.fieldnames or [] if h.strip().upper() in PUPIL_HEADERS]
            for row in reader:
                for c in cols:
                    if row[c] and row[c].strip():
                        numbers |= {row[c].strip(), row[c].strip().zfill(9)}
    return numbers


def test_every_generated_family_lands_without_refusals(tiny) -> None:
    settings, results = tiny
    by_family = {r.family: r for r in results}
    assert not [m for r in results for m in r.files_refused]
    generated = {p.name for p in settings.raw_dir.rglob("*.csv")}
    manifest = pl.read_parquet(settings.landing_dir / "_manifest.parquet")
    assert set(manifest["path"].str.split("/").list.last()) == generated
    assert (manifest["status"] == "loaded").all()
    assert pl.read_parquet(settings.landing_dir / "_unrecognised.parquet").height == 0
    for fam in ("duo_1a_tlv", "duo_1a_totaal", "duo_1b_bekostigd", "bron_inschrijvingen", "ref_swv",
                "ref_vestigingen", "ref_regio_indeling", "verzuim", "prognose_po", "decentraal_tlv"):
        assert by_family[fam].rows_loaded > 0, fam
    # the only rows quarantined are pupil numbers failing both checks (reported to the generator's owner)
    q = pl.read_parquet(settings.landing_dir / "_quarantine.parquet")
    assert set(q["reason"].unique()) <= {"pupil number fails the 11-proef (BSN) and onderwijsnummer check"}
    invalid = {n for n in raw_pupil_numbers(settings.raw_dir)
               if len(n) == 9 and not (is_valid_bsn(n) or is_valid_onderwijsnummer(n))}
    assert (q.height == 0) == (not invalid)


def test_no_raw_pupil_number_in_landing_or_warehouse(tiny, tmp_path: Path) -> None:
    settings, _ = tiny
    numbers = raw_pupil_numbers(settings.raw_dir)
    assert len(numbers) > 1000  # the scan is meaningful
    needles = sorted(numbers)
    parquet_files = sorted(settings.warehouse_dir.rglob("*.parquet"))
    assert any("bron_inschrijvingen" in str(p) for p in parquet_files)
    for path in parquet_files:
        df = pl.read_parquet(path)
        for name, dtype in df.schema.items():
            col = df[name].cast(pl.String) if dtype != pl.String else df[name]
            hits = df.filter(col.str.contains_any(needles).fill_null(False))
            assert hits.height == 0, f"raw pupil number in {path.relative_to(settings.warehouse_dir)} column {name}"
    # the warehouse: staging views over the landing, built by dbt, scanned table by table
    run_dbt(["run", "--quiet", "--select", "path:models/staging"], settings, target_path=tmp_path / "dbt_target")
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        relations = con.sql("select table_schema, table_name from information_schema.tables "
                            "where table_schema not in ('information_schema', 'pg_catalog')").fetchall()
        assert any(name == "stg_bron_inschrijvingen" for _, name in relations)
        for schema, name in relations:
            df = pl.from_arrow(con.sql(f'select * from "{schema}"."{name}"').to_arrow_table())
            for c, dtype in df.schema.items():
                col = df[c].cast(pl.String) if dtype != pl.String else df[c]
                assert not col.str.contains_any(needles).fill_null(False).any(), \
                    f"raw pupil number in {schema}.{name}.{c}"
    finally:
        con.close()
