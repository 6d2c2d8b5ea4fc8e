"""A generated ``tiny`` delivery set ingests completely, and no raw pupil number survives past ingest.

Both tests read the shared tiny warehouse (seed 11, one nightly run: generate → ingest → dbt build → exports): its
deliveries, the landing manifest its ingest wrote, every parquet file of the warehouse folder (landing and exports)
and every relation of the published DuckDB file (staging views, intermediate, marts, masking).
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import polars as pl

from dagster_project.ingest.parsers import is_valid_bsn, is_valid_onderwijsnummer
from tests.support.shared_warehouse import SharedWarehouse

PUPIL_HEADERS = ("PERSOONSGEBONDEN_NUMMER", "BSN_OWN")
# families every generated set delivers rows of
FAMILIES_WITH_ROWS = ("duo_1a_tlv", "duo_1a_totaal", "duo_1b_bekostigd", "bron_inschrijvingen", "ref_swv",
                      "ref_vestigingen", "ref_regio_indeling", "verzuim", "prognose_po", "decentraal_tlv")


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


def _hits(frame: pl.DataFrame, needles: list[str]) -> list[str]:
    """The columns of ``frame`` in which some value (as text) contains one of ``needles``."""
    found = []
    for name, dtype in frame.schema.items():
        col = frame[name].cast(pl.String) if dtype != pl.String else frame[name]
        if col.str.contains_any(needles).fill_null(False).any():
            found.append(name)
    return found


def test_every_generated_family_lands_without_refusals(tiny_warehouse: SharedWarehouse) -> None:
    settings = tiny_warehouse.settings
    manifest = pl.read_parquet(settings.landing_dir / "_manifest.parquet")
    generated = {p.name for p in settings.raw_dir.rglob("*.csv")}
    assert set(manifest["path"].str.split("/").list.last()) == generated
    assert manifest.filter(pl.col("status") != "loaded").height == 0, "every delivered file landed (none refused)"
    assert pl.read_parquet(settings.landing_dir / "_unrecognised.parquet").height == 0
    loaded = dict(manifest.group_by("family").agg(pl.col("rows_loaded").sum()).iter_rows())
    assert [fam for fam in FAMILIES_WITH_ROWS if not loaded.get(fam)] == []
    # the only rows quarantined are pupil numbers failing both checks (reported to the generator's owner)
    q = pl.read_parquet(settings.landing_dir / "_quarantine.parquet")
    assert set(q["reason"].unique()) <= {"pupil number fails the 11-proef (BSN) and onderwijsnummer check"}
    invalid = {n for n in raw_pupil_numbers(settings.raw_dir)
               if len(n) == 9 and not (is_valid_bsn(n) or is_valid_onderwijsnummer(n))}
    assert (q.height == 0) == (not invalid)


def test_no_raw_pupil_number_in_landing_warehouse_or_exports(tiny_warehouse: SharedWarehouse) -> None:
    settings = tiny_warehouse.settings
    numbers = raw_pupil_numbers(settings.raw_dir)
    assert len(numbers) > 1000  # the scan is meaningful
    needles = sorted(numbers)
    parquet_files = sorted(settings.warehouse_dir.rglob("*.parquet"))
    assert any("bron_inschrijvingen" in str(p) for p in parquet_files)
    assert any(settings.exports_dir in p.parents for p in parquet_files)
    for path in parquet_files:
        hits = _hits(pl.read_parquet(path), needles)
        assert not hits, f"raw pupil number in {path.relative_to(settings.warehouse_dir)} columns {hits}"
    # the published warehouse, relation by relation: staging views over the landing, and every table dbt built
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        relations = con.sql("select table_schema, table_name from information_schema.tables "
                            "where table_schema not in ('information_schema', 'pg_catalog')").fetchall()
        assert {"stg_bron_inschrijvingen", "int_leerling_teldatum"} <= {name for _, name in relations}
        for schema, name in relations:
            frame = pl.from_arrow(con.sql(f'select * from "{schema}"."{name}"').to_arrow_table())
            hits = _hits(frame, needles)
            assert not hits, f"raw pupil number in {schema}.{name} columns {hits}"
