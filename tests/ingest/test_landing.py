"""Landing behaviour: schema files, metadata, skip/replace/remove, unrecognised files, pseudonyms and the key file."""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dagster_project.contracts import FAMILIES, FAMILY_BY_NAME
from dagster_project.ingest import ingest_all, ingest_family, list_families
from dagster_project.ingest.schema import landing_schema
from dagster_project.settings import Settings
from tests.support.ingest_files import (
    B1_HEADER,
    BSN_A,
    BSN_B,
    TOTAAL_HEADER,
    TOTAAL_ROWS,
    b1_row,
    csv_bytes,
    headers,
    landing_file,
    manifest,
    pseudonym_of,
    sha,
    write,
)

TOTAAL = "Totaal_aantal_leerlingen_sbo_en_so_PO2401_1_10_2024.csv"
B1 = "Bekostigde_leerlingen_PO2401_1_10_2024.csv"
BRON = "BRON_inschrijvingen_20241001.csv"


def bron_row(number: str, volgnummer: str = "1") -> list[object]:
    return ["20241001", number, "15-3-2016", "M", "9711", volgnummer, "00AB", "00AB00", "WEC", "SO", None, None, "J",
            "N", "N", None, "N", None, None, "0", "PO2401", "L", "PO2401-2024-00001", "1-8-2024", "31-7-2025", "31",
            None, "5", "1-8-2020", None]


def test_list_families_matches_contract() -> None:
    assert list_families() == [f.name for f in FAMILIES]
    assert {"duo_1a_tlv", "duo_1b_bekostigd", "bron_inschrijvingen", "ref_regio_indeling",
            "opendata_po_vestigingen"} <= set(list_families())


def test_empty_raw_writes_a_typed_schema_file_per_family(settings: Settings) -> None:
    results = ingest_all(settings)
    assert [r.family for r in results] == list_families()
    assert all(r.files_seen == 0 for r in results)
    con = duckdb.connect()
    for fam in FAMILIES:
        path = settings.landing_dir / fam.name / "_schema.parquet"
        assert pl.read_parquet(path).height == 0
        # a dbt-style glob over the folder must work and give the contract's landing types
        described = con.sql(f"describe select * from read_parquet('{path.parent}/*.parquet', union_by_name=true)")
        types = {r[0]: r[1] for r in described.fetchall()}
        for col in fam.columns:
            expected = {"code": "VARCHAR", "text": "VARCHAR", "pupil_id": "VARCHAR", "int": "BIGINT",
                        "decimal": "DOUBLE", "date": "DATE", "bool": "BOOLEAN"}[col.kind]
            assert types[col.landing] == expected, (fam.name, col.landing)
        assert types["_source_row"] == "BIGINT" and types["_loaded_at"] == "TIMESTAMP"
    for name in ("_manifest.parquet", "_quarantine.parquet", "_unrecognised.parquet"):
        assert pl.read_parquet(settings.landing_dir / name).height == 0


def test_landed_rows_carry_load_metadata_and_file_name_parts(settings: Settings) -> None:
    path = write(settings, f"2024/{TOTAAL}", csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS))
    ingest_family("duo_1a_totaal", settings)
    df = pl.read_parquet(landing_file(settings, "duo_1a_totaal", TOTAAL.removesuffix(".csv")))
    assert df.columns == list(landing_schema(FAMILY_BY_NAME["duo_1a_totaal"]))
    assert df["_source_file"].unique().to_list() == [f"2024/{TOTAAL}"]
    assert df["_source_sha256"].unique().to_list() == [sha(path)]
    assert df["_source_row"].to_list() == [2, 3]  # header is line 1
    assert df["bestand_swv_code"].unique().to_list() == ["PO2401"]
    assert df["bestand_datum"].unique().to_list() == [dt.date(2024, 10, 1)]
    assert df["bestand_variant"].unique().to_list() == ["sbo_en_so"]
    assert df.select("schoolsoort", "met_tlv_dit_swv", "met_tlv_ander_swv", "totaal").rows() == \
        [("SBO", 10, 2, 12), ("SO", 5, 1, 6)]
    assert not list(settings.landing_dir.rglob("*.tmp")), "no temporary files are left behind"


def test_unchanged_file_is_skipped_changed_file_replaced_removed_file_dropped(settings: Settings) -> None:
    path = write(settings, TOTAAL, csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS))
    target = landing_file(settings, "duo_1a_totaal", TOTAAL.removesuffix(".csv"))
    first = ingest_family("duo_1a_totaal", settings)
    assert (first.files_loaded, first.rows_loaded) == (1, 2)
    mtime = target.stat().st_mtime_ns

    again = ingest_family("duo_1a_totaal", settings)
    assert (again.files_loaded, again.files_skipped_unchanged, again.rows_loaded) == (0, 1, 0)
    assert target.stat().st_mtime_ns == mtime

    write(settings, TOTAAL, csv_bytes(TOTAAL_HEADER, [["VSO", 7, 0, 7]]))
    changed = ingest_family("duo_1a_totaal", settings)
    assert (changed.files_loaded, changed.rows_loaded) == (1, 1)
    assert pl.read_parquet(target)["schoolsoort"].to_list() == ["VSO"]
    assert manifest(settings)["sha256"].to_list() == [sha(path)]

    path.unlink()
    removed = ingest_family("duo_1a_totaal", settings)
    assert removed.files_removed == 1 and not target.exists()
    assert manifest(settings).height == 0
    assert (settings.landing_dir / "duo_1a_totaal" / "_schema.parquet").exists()


def test_unrecognised_files_are_reported_and_left_in_place(settings: Settings, caplog) -> None:
    odd = write(settings, "notities.xlsx", b"PK\x03\x04 not a csv")
    strange = write(settings, "export (3).csv", b"a;b\n1;2\n")
    renamed = write(settings, "totaal sbo so PO2401 kopie.csv", csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS))
    write(settings, "README.md", b"ignored")
    write(settings, "_archief/old.csv", b"ignored")
    with caplog.at_level(logging.WARNING):
        result = ingest_family("duo_1a_totaal", settings)
    unrec = pl.read_parquet(settings.landing_dir / "_unrecognised.parquet").sort("path")
    assert unrec["path"].to_list() == ["export (3).csv", "notities.xlsx"]
    assert unrec["reason"].to_list() == [
        "name matches no family pattern and the header fits no family contract",
        "not a CSV file and the name matches no family pattern",
    ]
    assert odd.read_bytes() == b"PK\x03\x04 not a csv" and strange.exists() and renamed.exists()
    assert any("2 unrecognised file(s)" in r.message for r in caplog.records if r.levelno == logging.WARNING)
    # a renamed file whose header fits exactly one family is recognised by its header
    assert result.files_loaded == 1
    row = manifest(settings).row(0, named=True)
    assert row["path"] == "totaal sbo so PO2401 kopie.csv"
    assert "recognised by header" in row["message"]


def test_same_pupil_gets_the_same_pseudonym_in_bron_and_1b(settings: Settings) -> None:
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_B, beschikking="PO2401-2024-00002")]))
    write(settings, BRON, csv_bytes(headers("bron_inschrijvingen"), [bron_row(BSN_A), bron_row("100000004")]))
    ingest_family("duo_1b_bekostigd", settings)
    bron = ingest_family("bron_inschrijvingen", settings)
    assert bron.rows_loaded == 2 and bron.rows_quarantined == 0
    b1_ids = pl.read_parquet(landing_file(settings, "duo_1b_bekostigd", B1.removesuffix(".csv")))["leerling_id"]
    bron_ids = pl.read_parquet(landing_file(settings, "bron_inschrijvingen", BRON.removesuffix(".csv")))["leerling_id"]
    assert b1_ids.to_list() == [pseudonym_of(BSN_A), pseudonym_of(BSN_B)]
    # 100000004 is an onderwijsnummer: starts with 10 and 1*9 - 4*1 = 5 (remainder 5 modulo 11)
    assert bron_ids.to_list() == [pseudonym_of(BSN_A), pseudonym_of("100000004")]
    assert all(len(p) == 64 for p in bron_ids)


def test_lost_leading_zero_of_a_bsn_gives_the_same_pseudonym(settings: Settings) -> None:
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row("10000008")]))  # BSN 010000008 as Excel shows it
    ingest_family("duo_1b_bekostigd", settings)
    ids = pl.read_parquet(landing_file(settings, "duo_1b_bekostigd", B1.removesuffix(".csv")))["leerling_id"]
    assert ids.to_list() == [pseudonym_of("010000008")]


def test_key_file_is_generated_once_with_mode_0600(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                                   caplog) -> None:
    monkeypatch.delenv("PASSEND_PSEUDONYM_KEY")
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    with caplog.at_level(logging.WARNING):
        ingest_family("duo_1b_bekostigd", settings)
    key_file = settings.pseudonym_key_file
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert any("PASSEND_PSEUDONYM_KEY is not set" in r.message for r in caplog.records)
    key = key_file.read_bytes()
    first = pl.read_parquet(landing_file(settings, "duo_1b_bekostigd", B1.removesuffix(".csv")))["leerling_id"][0]
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_B, beschikking="PO2401-2024-00002")]))
    ingest_family("duo_1b_bekostigd", settings)
    assert key_file.read_bytes() == key
    again = pl.read_parquet(landing_file(settings, "duo_1b_bekostigd", B1.removesuffix(".csv")))["leerling_id"][0]
    assert again == first != pseudonym_of(BSN_A)


def test_masked_counts_become_null_with_a_flag(settings: Settings) -> None:
    header = headers("verzuim")
    write(settings, "verzuim_2023-2024.csv", csv_bytes(header, [
        ["14", "Groningen", "2023-2024", "PO", "ABSOLUUT", "<5"],
        ["14", "Groningen", "2023-2024", "PO", "RELATIEF", "12"],
    ]))
    ingest_family("verzuim", settings)
    df = pl.read_parquet(landing_file(settings, "verzuim", "verzuim_2023-2024"))
    assert df.select("gemeentecode", "categorie", "aantal", "aantal_gemaskeerd").rows() == [
        ("0014", "ABSOLUUT", None, True), ("0014", "RELATIEF", 12, False)]
    assert df["bestand_schooljaar"].unique().to_list() == ["2023-2024"]


def test_same_name_in_two_folders_is_one_delivery(settings: Settings) -> None:
    """One family x SWV x teldatum in two folders: identical bytes land once, different bytes are refused."""
    write(settings, f"a/{TOTAAL}", csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS))
    write(settings, f"b/{TOTAAL}", csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS))
    result = ingest_family("duo_1a_totaal", settings)
    # 2 rows (SBO, SO) once, not 4
    assert (result.files_loaded, len(result.files_duplicate), result.rows_loaded) == (1, 1, 2)
    assert result.files_duplicate[0].startswith(f"b/{TOTAAL}: the same content (sha256 ")
    write(settings, f"b/{TOTAAL}", csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS[:1]))
    result = ingest_family("duo_1a_totaal", settings)
    # a/ is landed unchanged and stays; the different b/ is refused
    assert (result.files_loaded, result.files_skipped_unchanged, len(result.files_refused)) == (0, 1, 1)
    assert result.files_refused[0].startswith(f"b/{TOTAAL}: another file for duo_1a_totaal SWV PO2401 x datum "
                                              f"2024-10-01 x variant sbo_en_so is landed: a/{TOTAAL}")
    files = sorted(p.name for p in (settings.landing_dir / "duo_1a_totaal").glob("Totaal*.parquet"))
    assert len(files) == 1 and files[0].startswith(TOTAAL.removesuffix(".csv") + "__")


def test_refused_new_file_lands_nothing(settings: Settings, tmp_path: Path) -> None:
    write(settings, TOTAAL, b"SCHOOLSOORT;TOTAAL\nSBO;12\n")
    result = ingest_family("duo_1a_totaal", settings)
    assert result.files_loaded == 0 and len(result.files_refused) == 1
    assert result.files_refused[0].startswith(f"{TOTAAL}: header misses required column(s) MET_TLV_DIT_SWV")
    assert [p.name for p in (settings.landing_dir / "duo_1a_totaal").iterdir()] == ["_schema.parquet"]
    assert manifest(settings).select("status", "landing_file").rows() == [("refused", None)]


def test_an_unexpected_error_fails_only_that_file(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from dagster_project.ingest import run

    real_validate = run.validate_files

    def flaky(frame, family, files, key):  # fails every batch holding the PO2401 file
        if any("PO2401" in f.path for f in files):
            raise RuntimeError("boom")
        return real_validate(frame, family, files, key)

    monkeypatch.setattr(run, "validate_files", flaky)
    write(settings, TOTAAL, csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS))
    write(settings, TOTAAL.replace("PO2401", "PO2402"), csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS))
    result = ingest_family("duo_1a_totaal", settings)
    assert result.files_loaded == 1
    assert result.files_refused == [f"{TOTAAL}: could not be loaded (RuntimeError: boom); expected a file readable "
                                    "under the contract of duo_1a_totaal"]


def test_unknown_family_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(ValueError, match="unknown ingest family 'duo_2c'"):
        ingest_family("duo_2c", settings)
