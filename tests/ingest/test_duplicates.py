"""A delivery is counted once: identical copies are skipped, two different files for one family x SWV x teldatum
are refused as ambiguous."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dagster_project.ingest import ingest_family
from dagster_project.settings import Settings
from tests.support.ingest_files import (
    B1_HEADER,
    BSN_A,
    BSN_B,
    BSN_LEADING_ZERO,
    TOTAAL_HEADER,
    TOTAAL_ROWS,
    b1_row,
    csv_bytes,
    manifest,
    sha,
    write,
)

FAMILY = "duo_1b_bekostigd"
ORIGINAL = "Bekostigde_leerlingen_PO2001_01_10_2025.csv"
COPY = "Bekostigde_leerlingen_PO2001_01_10_2025 (1).csv"  # what a browser names a second download


def _b1(*bsns: str) -> bytes:
    return csv_bytes(B1_HEADER, [b1_row(b, swv="PO2001", beschikking=f"PO2001-2025-{i:05d}", teldatum="1-10-2025")
                                 for i, b in enumerate(bsns, start=1)])


THREE_PUPILS = _b1(BSN_A, BSN_B, BSN_LEADING_ZERO)


def _landed_rows(settings: Settings) -> pl.DataFrame:
    return pl.read_parquet(settings.landing_dir / FAMILY / "*.parquet")


def _status(settings: Settings) -> dict[str, tuple[str, str | None]]:
    return {r["path"]: (r["status"], r["landing_file"]) for r in manifest(settings).iter_rows(named=True)}


def test_browser_copy_with_the_same_bytes_is_skipped_once(settings: Settings) -> None:
    write(settings, ORIGINAL, THREE_PUPILS)
    write(settings, COPY, THREE_PUPILS)
    result = ingest_family(FAMILY, settings)
    # 3 pupils, once: not 6
    assert (result.files_seen, result.files_loaded, result.rows_loaded) == (2, 1, 3)
    assert _landed_rows(settings).height == 3
    assert result.files_duplicate == [
        f"{COPY}: the same content (sha256 {sha(settings.raw_dir / COPY)[:12]}) as {ORIGINAL}; skipped, not counted "
        "twice (delete the copy from RAW)"]
    assert result.files_refused == []
    assert _status(settings) == {ORIGINAL: ("loaded", f"{FAMILY}/{ORIGINAL.removesuffix('.csv')}.parquet"),
                                 COPY: ("duplicate", None)}
    again = ingest_family(FAMILY, settings)  # the next run: still once, the original unchanged
    assert (again.files_skipped_unchanged, again.files_loaded, len(again.files_duplicate)) == (1, 0, 1)
    assert _landed_rows(settings).height == 3


def test_copy_arriving_after_the_original_landed_is_skipped(settings: Settings) -> None:
    write(settings, ORIGINAL, THREE_PUPILS)
    assert ingest_family(FAMILY, settings).rows_loaded == 3
    write(settings, COPY, THREE_PUPILS)
    result = ingest_family(FAMILY, settings)
    assert (result.files_skipped_unchanged, result.files_loaded, len(result.files_duplicate)) == (1, 0, 1)
    assert _landed_rows(settings).height == 3


def test_a_copy_alone_is_recognised_by_its_name_without_the_suffix(settings: Settings) -> None:
    write(settings, COPY, THREE_PUPILS)
    result = ingest_family(FAMILY, settings)
    assert (result.files_loaded, result.rows_loaded) == (1, 3)
    landed = _landed_rows(settings)
    # the file-name parts come from "Bekostigde_leerlingen_PO2001_01_10_2025": SWV PO2001, 1 October 2025
    assert landed.select("bestand_swv_code", "bestand_datum").unique().rows() == [("PO2001", dt.date(2025, 10, 1))]
    assert manifest(settings)["message"].to_list() == [None]  # by name, not "recognised by header"


def test_a_different_second_file_for_a_landed_delivery_is_refused(settings: Settings) -> None:
    write(settings, ORIGINAL, THREE_PUPILS)
    ingest_family(FAMILY, settings)
    before = sha(settings.landing_dir / FAMILY / f"{ORIGINAL.removesuffix('.csv')}.parquet")
    write(settings, COPY, _b1(BSN_A))  # another version: 1 pupil
    result = ingest_family(FAMILY, settings)
    assert result.files_refused == [
        f"{COPY}: another file for {FAMILY} SWV PO2001 x datum 2025-10-01 is landed: {ORIGINAL}; expected one file "
        f"per {FAMILY} SWV PO2001 x datum 2025-10-01 (delete the wrong one from RAW; to replace a delivery, "
        "overwrite its file)"]
    assert sha(settings.landing_dir / FAMILY / f"{ORIGINAL.removesuffix('.csv')}.parquet") == before
    assert _landed_rows(settings).height == 3  # the landed 3, not 3 + 1
    assert _status(settings)[COPY] == ("refused", None)


def test_two_different_new_files_for_one_delivery_are_both_refused(settings: Settings) -> None:
    other_spelling = "Bekostigde_leerlingen_PO2001_1_10_2025.csv"  # the same SWV and teldatum, written without zeros
    write(settings, ORIGINAL, THREE_PUPILS)
    write(settings, other_spelling, _b1(BSN_A))
    result = ingest_family(FAMILY, settings)
    assert (result.files_loaded, len(result.files_refused)) == (0, 2)
    names = f"{ORIGINAL}, {other_spelling}"  # in RAW order: '0' sorts before '1'
    for path, message in zip((ORIGINAL, other_spelling), result.files_refused, strict=True):
        assert message == (f"{path}: ambiguous: 2 different files for {FAMILY} SWV PO2001 x datum 2025-10-01 "
                           f"({names}); expected one file per {FAMILY} SWV PO2001 x datum 2025-10-01, so none of "
                           "them is counted (delete the wrong one from RAW)")
    assert _landed_rows(settings).height == 0
    assert set(_status(settings).values()) == {("refused", None)}
    (settings.raw_dir / other_spelling).unlink()  # the user removes the wrong one: the other lands
    assert ingest_family(FAMILY, settings).rows_loaded == 3


def test_ambiguity_keeps_the_one_earlier_landing(settings: Settings) -> None:
    """The landed file changes while a second file for the same delivery appears: both are refused, and the one
    earlier landing (3 pupils) stays; the other file never landed, so nothing is counted twice."""
    write(settings, ORIGINAL, THREE_PUPILS)
    ingest_family(FAMILY, settings)
    write(settings, ORIGINAL, _b1(BSN_A, BSN_B))
    write(settings, COPY, _b1(BSN_A))
    result = ingest_family(FAMILY, settings)
    assert len(result.files_refused) == 2
    assert "stays landed" in next(m for m in result.files_refused if m.startswith(f"{ORIGINAL}:"))
    assert _landed_rows(settings).height == 3


def test_identical_files_of_two_swvs_are_two_deliveries(settings: Settings) -> None:
    """Two SWVs may deliver the same counts byte for byte (the Totaal file has no SWV column): both land."""
    for swv in ("PO2401", "PO2402"):
        write(settings, f"Totaal_aantal_leerlingen_sbo_en_so_{swv}_1_10_2024.csv", csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS))
    result = ingest_family("duo_1a_totaal", settings)
    assert (result.files_loaded, result.rows_loaded, result.files_duplicate) == (2, 4, [])  # 2 files x 2 rows
