"""Table-driven bad-input suite: each messy delivery ends in an exact, explained outcome; earlier landings survive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
import pytest

from dagster_project.ingest import ingest_family
from dagster_project.settings import Settings
from tests.support.ingest_files import (
    B1_HEADER,
    BSN_A,
    BSN_B,
    BSN_INVALID,
    TOTAAL_HEADER,
    TOTAAL_ROWS,
    b1_row,
    csv_bytes,
    landing_file,
    manifest,
    quarantine,
    sha,
    write,
)

TOTAAL = "Totaal_aantal_leerlingen_sbo_en_so_PO2401_1_10_2024.csv"
OTHER_TOTAAL = "Totaal_aantal_leerlingen_sbo_en_so_PO2402_1_10_2024.csv"  # a second file of the family, always good
B1 = "Bekostigde_leerlingen_PO2401_1_10_2024.csv"
OTHER_B1 = "Bekostigde_leerlingen_PO2402_1_10_2024.csv"
GEMEENTEN = "gemeenten_20240101.csv"
OTHER_GEMEENTEN = "gemeenten_20230101.csv"
VESTIGINGEN = "vestigingen_20240101.csv"
OTHER_VESTIGINGEN = "vestigingen_20230101.csv"

GOOD_TOTAAL = csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS)
GOOD_B1 = csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_B, beschikking="PO2401-2024-00002")])
GOOD_B1_OTHER = csv_bytes(B1_HEADER, [b1_row(BSN_A, beschikking="PO2402-2024-00001", swv="PO2402")])
GEM_HEADER = ["GEMEENTECODE", "GEMEENTENAAM"]
GOOD_GEM = csv_bytes(GEM_HEADER, [["0014", "Groningen"], ["0363", "Amsterdam"]])
VEST_HEADER = ["VESTIGINGSCODE", "BRIN", "VESTIGINGSNAAM", "SCHOOLSOORT", "POSTCODE", "GEMEENTECODE", "GEMEENTENAAM",
               "BESTUURSNUMMER", "SWV_CODE", "CLUSTER"]
GOOD_VEST = csv_bytes(VEST_HEADER, [["00AB00", "00AB", "De Klimop", "BAO", "9711 AA", "0014", "Groningen", "01234",
                                     "PO2001", None]])


@dataclass
class Case:
    id: str
    family: str
    name: str  # delivered file name (a good version of it is landed first)
    data: bytes  # the messy version dropped over it
    good: bytes  # the earlier, good version of the same file
    other: tuple[str, bytes]  # another file of the family, landed before and never touched
    outcome: str  # "refused" | "loaded"
    message: str | None = None  # substring of the refusal / manifest message
    quarantined: list[tuple[int, str, str, str | None]] = field(default_factory=list)  # row, column, reason, value
    rows_loaded: int | None = None
    check: Callable[[pl.DataFrame], None] | None = None  # assertions on the new landing


def _totaal(rows, **kw) -> bytes:
    return csv_bytes(TOTAAL_HEADER, rows, **kw)


def _check_cp1252(df: pl.DataFrame) -> None:
    assert df["vestigingsnaam"].to_list() == ["Basisschool ’t Kofschip Ëlst"]


def _check_leading_zeros(df: pl.DataFrame) -> None:
    assert df.select("vestigingscode", "brin", "gemeentecode", "bestuursnummer").row(0) == \
        ("012345", "0012", "0014", "01234")


def _check_dates(df: pl.DataFrame) -> None:
    # Excel serial 43678 = 1899-12-30 + 43678 days = 2019-08-01 (hand: 2019-08-01 is serial 43678 in Excel)
    assert df["datum_inschrijving"].to_list() == [dt.date(2019, 8, 1), dt.date(2020, 8, 1), dt.date(2021, 8, 1)]
    assert df["teldatum"].unique().to_list() == [dt.date(2024, 10, 1)]


def _check_bom(df: pl.DataFrame) -> None:
    assert df["schoolsoort"].to_list() == ["SBO", "SO"]


def _check_extra(df: pl.DataFrame) -> None:
    assert "opmerking" not in df.columns and df["totaal"].to_list() == [12, 6]


CASES = [
    Case("wrong_delimiter", "duo_1a_totaal", TOTAAL, _totaal(TOTAAL_ROWS, delimiter="|"), GOOD_TOTAAL,
         (OTHER_TOTAAL, GOOD_TOTAAL), "refused",
         message=f"{TOTAAL}: header misses required column(s) SCHOOLSOORT, MET_TLV_DIT_SWV, MET_TLV_ANDER_SWV, TOTAAL"),
    Case("comma_delimiter", "duo_1a_totaal", TOTAAL, _totaal(TOTAAL_ROWS, delimiter=","), GOOD_TOTAAL,
         (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=2),
    Case("tab_delimiter_crlf", "duo_1a_totaal", TOTAAL, _totaal(TOTAAL_ROWS, delimiter="\t", newline="\r\n"),
         GOOD_TOTAAL, (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=2),
    Case("utf8_bom", "duo_1a_totaal", TOTAAL, b"\xef\xbb\xbf" + GOOD_TOTAAL, _totaal([["SBO", 1, 1, 2]]),
         (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=2, check=_check_bom),
    Case("utf16_excel_unicode_text", "duo_1a_totaal", TOTAAL, _totaal(TOTAAL_ROWS, delimiter="\t", encoding="utf-16"),
         _totaal([["SBO", 1, 1, 2]]), (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=2, check=_check_bom),
    Case("bom_but_not_utf8", "duo_1a_totaal", TOTAAL, b"\xef\xbb\xbf" + _totaal(TOTAAL_ROWS).replace(b"SO;", b"S\xd6;"),
         GOOD_TOTAAL, (OTHER_TOTAAL, GOOD_TOTAAL), "refused",
         message=f"{TOTAAL}: starts with a byte-order mark but is not valid utf-8"),
    Case("cp1252_names", "ref_vestigingen", VESTIGINGEN,
         csv_bytes(VEST_HEADER, [["00AB00", "00AB", "Basisschool ’t Kofschip Ëlst", "BAO", "9711 AA", "0014",
                                  "Groningen", "01234", "PO2001", None]], encoding="cp1252"),
         GOOD_VEST, (OTHER_VESTIGINGEN, GOOD_VEST), "loaded", rows_loaded=1, check=_check_cp1252),
    Case("lost_leading_zeros", "ref_vestigingen", VESTIGINGEN,
         csv_bytes(VEST_HEADER, [["12345", "12", "De Klimop", "BAO", "9711 AA", "14", "Groningen", "1234",
                                  "PO2001", None]]),
         GOOD_VEST, (OTHER_VESTIGINGEN, GOOD_VEST), "loaded", rows_loaded=1, check=_check_leading_zeros),
    Case("excel_dates", "duo_1b_bekostigd", B1,
         csv_bytes(B1_HEADER, [b1_row(BSN_A, inschrijving="43678", teldatum="01-10-2024"),
                               b1_row(BSN_B, inschrijving="2020-08-01 00:00:00", teldatum="20241001",
                                      beschikking="PO2401-2024-00002"),
                               b1_row("10000008", inschrijving="1/8/2021", teldatum="2024-10-01",
                                      beschikking="PO2401-2024-00003")]),
         GOOD_B1, (OTHER_B1, GOOD_B1_OTHER), "loaded", rows_loaded=3, check=_check_dates),
    Case("duplicate_rows", "duo_1a_totaal", TOTAAL, _totaal([*TOTAAL_ROWS, ["SBO", 10, 2, 12]]), GOOD_TOTAAL,
         (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=2,
         quarantined=[(4, "SCHOOLSOORT", "duplicate of row 2 (same schoolsoort)", "SBO")]),
    Case("truncated_last_line", "duo_1a_totaal", TOTAAL,
         _totaal(TOTAAL_ROWS, final_newline=False)[:-3], GOOD_TOTAAL, (OTHER_TOTAAL, GOOD_TOTAAL), "refused",
         message=f"{TOTAAL}: truncated: last line 3 has 3 of 4 fields and no line ending"),
    Case("row_with_extra_field", "duo_1a_totaal", TOTAAL, _totaal([TOTAAL_ROWS[0], [*TOTAAL_ROWS[1], 99]]),
         GOOD_TOTAAL, (OTHER_TOTAAL, GOOD_TOTAAL), "refused",
         message=f"{TOTAAL}: not a well-formed ';'-separated file with 4 columns per line"),
    Case("empty_file", "duo_1a_totaal", TOTAAL, b"", GOOD_TOTAAL, (OTHER_TOTAAL, GOOD_TOTAAL), "refused",
         message=f"{TOTAAL}: empty file; expected a header line with columns SCHOOLSOORT;MET_TLV_DIT_SWV"),
    # the landed GOOD_TOTAAL has 2 rows (SBO, SO): a header-only re-delivery would silently replace them with 0
    Case("header_only_over_landed_rows", "duo_1a_totaal", TOTAAL, _totaal([]), GOOD_TOTAAL,
         (OTHER_TOTAAL, GOOD_TOTAAL), "refused",
         message=f"{TOTAAL}: header only (0 rows) over a landed delivery of 2 row(s)"),
    Case("unknown_extra_column", "duo_1a_totaal", TOTAAL,
         csv_bytes([*TOTAAL_HEADER, "OPMERKING"], [[*r, "x"] for r in TOTAAL_ROWS]), _totaal([["SBO", 1, 1, 2]]),
         (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=2,
         message="ignored column(s) not in the contract: OPMERKING", check=_check_extra),
    Case("missing_column", "duo_1a_totaal", TOTAAL, csv_bytes(TOTAAL_HEADER[:3], [r[:3] for r in TOTAAL_ROWS]),
         GOOD_TOTAAL, (OTHER_TOTAAL, GOOD_TOTAAL), "refused",
         message=f"{TOTAAL}: header misses required column(s) TOTAAL"),
    Case("swv_in_name_differs_everywhere", "duo_1b_bekostigd", B1,
         csv_bytes(B1_HEADER, [b1_row(BSN_A, swv="PO2402", beschikking="PO2402-2024-00001"),
                               b1_row(BSN_B, swv="PO2402", beschikking="PO2402-2024-00002")]),
         GOOD_B1, (OTHER_B1, GOOD_B1_OTHER), "refused",
         message=f"{B1}: the file name says SWV PO2401 but column SAMENWERKINGSVERBAND holds PO2402 on all 2 rows"),
    Case("swv_in_name_differs_on_one_row", "duo_1b_bekostigd", B1,
         csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_B, swv="PO2402", beschikking="PO2402-2024-00002")]),
         GOOD_B1, (OTHER_B1, GOOD_B1_OTHER), "loaded", rows_loaded=1,
         quarantined=[(3, "SAMENWERKINGSVERBAND", "SWV differs from the file name's SWV PO2401", "PO2402")]),
    Case("teldatum_in_name_differs", "duo_1b_bekostigd", B1,
         csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_B, teldatum="1-2-2025", beschikking="PO2401-2024-00002")]),
         GOOD_B1, (OTHER_B1, GOOD_B1_OTHER), "loaded", rows_loaded=1,
         quarantined=[(3, "TELDATUM", "teldatum differs from the file name's teldatum 2024-10-01", "1-2-2025")]),
    Case("non_numeric_count", "duo_1a_totaal", TOTAAL, _totaal([["SBO", "tien", 2, 12], TOTAAL_ROWS[1]]),
         GOOD_TOTAAL, (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=1,
         quarantined=[(2, "MET_TLV_DIT_SWV", "not a whole number", "tien")]),
    Case("negative_count", "duo_1a_totaal", TOTAAL, _totaal([TOTAAL_ROWS[0], ["SO", 5, 1, -6]]), GOOD_TOTAAL,
         (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=1,
         quarantined=[(3, "TOTAAL", "negative count; expected >= 0", "-6")]),
    Case("code_not_in_list", "duo_1a_totaal", TOTAAL, _totaal([TOTAAL_ROWS[0], ["BAO", 5, 1, 6]]), GOOD_TOTAAL,
         (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=1,
         quarantined=[(3, "SCHOOLSOORT", "not in code list SBO/SO/VSO", "BAO")]),
    Case("empty_required_value", "duo_1a_totaal", TOTAAL, _totaal([TOTAAL_ROWS[0], ["SO", 5, 1, None]]),
         GOOD_TOTAAL, (OTHER_TOTAAL, GOOD_TOTAAL), "loaded", rows_loaded=1,
         quarantined=[(3, "TOTAAL", "empty value; expected a whole number", None)]),
    Case("invalid_bsn", "duo_1b_bekostigd", B1,
         csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_INVALID, beschikking="PO2401-2024-00002")]),
         GOOD_B1, (OTHER_B1, GOOD_B1_OTHER), "loaded", rows_loaded=1,
         quarantined=[(3, "BSN_OWN", "pupil number fails the 11-proef (BSN) and onderwijsnummer check", "pseudo")]),
    Case("malformed_beschikkingsnummer", "duo_1b_bekostigd", B1,
         csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_B, beschikking="PO2401/24/2")]),
         GOOD_B1, (OTHER_B1, GOOD_B1_OTHER), "loaded", rows_loaded=1,
         quarantined=[(3, "BESCHIKKINGSNUMMER", "does not match pattern", "PO2401/24/2")]),
    Case("beschikkingsnummer_of_other_swv", "duo_1b_bekostigd", B1,
         csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_B, beschikking="PO2405-2024-00002")]),
         GOOD_B1, (OTHER_B1, GOOD_B1_OTHER), "loaded", rows_loaded=1,
         quarantined=[(3, "BESCHIKKINGSNUMMER", "beschikkingsnummer SWV prefix differs from SAMENWERKINGSVERBAND",
                       "PO2405-2024-00002")]),
    Case("date_not_real", "duo_1b_bekostigd", B1,
         csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_B, inschrijving="31-02-2020",
                                                      beschikking="PO2401-2024-00002")]),
         GOOD_B1, (OTHER_B1, GOOD_B1_OTHER), "loaded", rows_loaded=1,
         quarantined=[(3, "DATUM_INSCHRIJVING", "not a date; expected YYYYMMDD", "31-02-2020")]),
    Case("gemeente_too_long", "ref_gemeenten", GEMEENTEN, csv_bytes(GEM_HEADER, [["0014", "Groningen"],
                                                                            ["12345", "Nergens"]]),
         GOOD_GEM, (OTHER_GEMEENTEN, GOOD_GEM), "loaded", rows_loaded=1,
         quarantined=[(3, "GEMEENTECODE", "code is not 4 characters", "12345")]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, settings: Settings) -> None:
    write(settings, case.name, case.good)
    write(settings, case.other[0], case.other[1])
    first = ingest_family(case.family, settings)
    assert first.files_loaded == 2 and not first.files_refused
    stem, other_stem = case.name.removesuffix(".csv"), case.other[0].removesuffix(".csv")
    own, other = landing_file(settings, case.family, stem), landing_file(settings, case.family, other_stem)
    own_before, other_before = sha(own), sha(other)

    write(settings, case.name, case.data)
    result = ingest_family(case.family, settings)

    assert sha(other) == other_before, "another file's landing must never change"
    assert result.files_skipped_unchanged == 1
    row = manifest(settings).filter(pl.col("path") == case.name).row(0, named=True)
    q = quarantine(settings).filter(pl.col("file") == case.name).sort("row", "column")
    if case.outcome == "refused":
        assert row["status"] == "refused"
        assert len(result.files_refused) == 1 and case.message in result.files_refused[0]
        assert case.message in row["message"]
        assert sha(own) == own_before, "a refused file leaves its earlier landing untouched"
        assert "stays landed" in row["message"]
        return
    assert row["status"] == "loaded" and result.files_loaded == 1
    if case.message:
        assert case.message in row["message"]
    landed = pl.read_parquet(own)
    assert landed.height == case.rows_loaded == row["rows_loaded"]
    assert row["rows_quarantined"] == len({r for r, *_ in case.quarantined})
    assert q.height == len(case.quarantined)
    for got, (line, column, reason, value) in zip(q.iter_rows(named=True), case.quarantined, strict=True):
        assert (got["row"], got["column"]) == (line, column)
        assert reason in got["reason"]
        if value == "pseudo":
            assert got["value"].startswith("pseudoniem:") and BSN_INVALID not in got["value"]
        else:
            assert got["value"] == value
    assert set(landed["_source_row"].to_list()).isdisjoint({r for r, *_ in case.quarantined})
    if case.check:
        case.check(landed)


def test_header_only_first_delivery_loads_with_zero_rows(settings: Settings) -> None:
    """With nothing landed before, a header-only file is a delivery of 0 rows (warned, not refused)."""
    write(settings, TOTAAL, _totaal([]))
    result = ingest_family("duo_1a_totaal", settings)
    assert (result.files_loaded, result.files_refused, result.rows_loaded) == (1, [], 0)
    row = manifest(settings).filter(pl.col("path") == TOTAAL).row(0, named=True)
    assert (row["status"], row["rows_loaded"], row["message"]) == ("loaded", 0, "header only: 0 rows")
    # a header-only file over that 0-row landing replaces nothing of value: it loads again
    write(settings, TOTAAL, _totaal([]) + b"\n")
    again = ingest_family("duo_1a_totaal", settings)
    assert (again.files_loaded, again.files_refused) == (1, [])
