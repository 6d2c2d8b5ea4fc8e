"""A pupil twice in one DUO 1B file with another ondersteuningscategorie is named at ingest: both rows, the
differing columns; neither row is counted."""

from __future__ import annotations

import polars as pl

from dagster_project.ingest import ingest_family
from dagster_project.settings import Settings
from tests.support.ingest_files import (
    B1_HEADER,
    BSN_A,
    BSN_B,
    BSN_LEADING_ZERO,
    b1_row,
    csv_bytes,
    landing_file,
    quarantine,
    write,
)

B1 = "Bekostigde_leerlingen_PO2401_1_10_2024.csv"
CATEGORY = B1_HEADER.index("ONDERSTEUNINGSCATEGORIE")


def _row(bsn: str, beschikking: int, volgnummer: str, category: str) -> list[object]:
    row = b1_row(bsn, beschikking=f"PO2401-2024-{beschikking:05d}", volgnummer=volgnummer)
    row[CATEGORY] = category
    return row


def test_a_pupil_with_two_categories_is_quarantined_naming_both_rows(settings: Settings) -> None:
    write(settings, B1, csv_bytes(B1_HEADER, [
        _row(BSN_A, 1, "1", "SO_VSO_LAAG"),             # line 2 } pupil A: another volgnummer, another category
        _row(BSN_B, 2, "1", "SO_VSO_LAAG"),             # line 3   pupil B once: lands
        _row(BSN_A, 3, "2", "SO_VSO_HOOG"),             # line 4 }
        _row(BSN_LEADING_ZERO, 4, "1", "SO_VSO_MIDDE"),  # line 5 } pupil C: the same volgnummer, another category
        _row(BSN_LEADING_ZERO, 4, "1", "SO_VSO_HOOG"),   # line 6 }
    ]))
    result = ingest_family("duo_1b_bekostigd", settings)
    assert (result.rows_loaded, result.rows_quarantined) == (1, 4)
    landed = pl.read_parquet(landing_file(settings, "duo_1b_bekostigd", B1.removesuffix(".csv")))
    assert landed["_source_row"].to_list() == [3]
    q = quarantine(settings).sort("row").select("row", "column", "value", "reason").rows()
    tail = "no row of the pupil is landed (which category is funded is ambiguous)"
    assert q == [
        (2, "ONDERSTEUNINGSCATEGORIE", "SO_VSO_LAAG",
         "pupil in 2 rows of this file with different ONDERSTEUNINGSCATEGORIE; this row: BESCHIKKINGSNUMMER "
         "PO2401-2024-00001, ONDERSTEUNINGSCATEGORIE SO_VSO_LAAG, INSCHRIJVINGSVOLGNUMMER 1; row 4: BESCHIKKINGSNUMMER "
         "PO2401-2024-00003, ONDERSTEUNINGSCATEGORIE SO_VSO_HOOG, INSCHRIJVINGSVOLGNUMMER 2; differing columns: "
         f"BESCHIKKINGSNUMMER, ONDERSTEUNINGSCATEGORIE, INSCHRIJVINGSVOLGNUMMER; {tail}"),
        (4, "ONDERSTEUNINGSCATEGORIE", "SO_VSO_HOOG",
         "pupil in 2 rows of this file with different ONDERSTEUNINGSCATEGORIE; this row: BESCHIKKINGSNUMMER "
         "PO2401-2024-00003, ONDERSTEUNINGSCATEGORIE SO_VSO_HOOG, INSCHRIJVINGSVOLGNUMMER 2; row 2: BESCHIKKINGSNUMMER "
         "PO2401-2024-00001, ONDERSTEUNINGSCATEGORIE SO_VSO_LAAG, INSCHRIJVINGSVOLGNUMMER 1; differing columns: "
         f"BESCHIKKINGSNUMMER, ONDERSTEUNINGSCATEGORIE, INSCHRIJVINGSVOLGNUMMER; {tail}"),
        (5, "ONDERSTEUNINGSCATEGORIE", "SO_VSO_MIDDE",
         "pupil in 2 rows of this file with different ONDERSTEUNINGSCATEGORIE; this row: ONDERSTEUNINGSCATEGORIE "
         "SO_VSO_MIDDE; row 6: ONDERSTEUNINGSCATEGORIE SO_VSO_HOOG; differing columns: ONDERSTEUNINGSCATEGORIE; "
         f"{tail}"),
        (6, "ONDERSTEUNINGSCATEGORIE", "SO_VSO_HOOG",
         "pupil in 2 rows of this file with different ONDERSTEUNINGSCATEGORIE; this row: ONDERSTEUNINGSCATEGORIE "
         "SO_VSO_HOOG; row 5: ONDERSTEUNINGSCATEGORIE SO_VSO_MIDDE; differing columns: ONDERSTEUNINGSCATEGORIE; "
         f"{tail}"),
    ]


def test_a_pupil_twice_with_the_same_category_is_not_a_conflict(settings: Settings) -> None:
    """Two enrolments of one pupil in one category (another volgnummer) both land; the same volgnummer twice is a
    duplicate key (the later row quarantined), as before."""
    write(settings, B1, csv_bytes(B1_HEADER, [
        _row(BSN_A, 1, "1", "SO_VSO_LAAG"),  # line 2
        _row(BSN_A, 2, "2", "SO_VSO_LAAG"),  # line 3: another enrolment, same category: lands
        _row(BSN_A, 3, "2", "SO_VSO_LAAG"),  # line 4: repeats the key of line 3
    ]))
    result = ingest_family("duo_1b_bekostigd", settings)
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert quarantine(settings).select("row", "reason").rows() == [
        (4, "duplicate of row 3 (same leerling_id+inschrijvingsvolgnummer)")]
