"""Lost leading zeros of letter-and-digit codes (``6FL00`` for ``06FL00``) are restored and counted in the manifest."""

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
    manifest,
    quarantine,
    write,
)

B1 = "Bekostigde_leerlingen_PO2401_1_10_2024.csv"
INSTELLING, VESTIGING = B1_HEADER.index("INSTELLINGSCODE"), B1_HEADER.index("VESTIGINGSCODE")


def _row(bsn: str, volgnummer: int, instelling: str, vestiging: str) -> list[object]:
    row = b1_row(bsn, beschikking=f"PO2401-2024-{volgnummer:05d}")
    row[INSTELLING], row[VESTIGING] = instelling, vestiging
    return row


def test_letter_and_digit_codes_get_their_leading_zeros_back(settings: Settings) -> None:
    write(settings, B1, csv_bytes(B1_HEADER, [
        _row(BSN_A, 1, "6FL", "6FL00"),             # line 2: 06FL / 06FL00, one zero lost in both
        _row(BSN_B, 2, "01UC", "1UC05"),            # line 3: vestiging 01UC05 lost its zero, the BRIN did not
        _row(BSN_LEADING_ZERO, 3, "00AB", "6FL0"),  # line 4: 006FL0 is no vestigingscode shape: not guessed
    ]))
    result = ingest_family("duo_1b_bekostigd", settings)
    landed = pl.read_parquet(landing_file(settings, "duo_1b_bekostigd", B1.removesuffix(".csv"))).sort("_source_row")
    assert landed.select("_source_row", "instellingscode", "vestigingscode").rows() == [
        (2, "06FL", "06FL00"), (3, "01UC", "01UC05")]
    assert quarantine(settings).select("row", "column", "value", "reason").rows() == [
        (4, "VESTIGINGSCODE", "6FL0", "code is not 6 characters")]
    row = manifest(settings).row(0, named=True)
    # repairs on landed rows: line 2 INSTELLINGSCODE + VESTIGINGSCODE, line 3 VESTIGINGSCODE = 3
    assert row["codes_repaired"] == 3 == result.codes_repaired
    assert row["message"] == ("restored lost leading zeros in 3 code(s): INSTELLINGSCODE 1 (e.g. row 2: 6FL -> 06FL), "
                              "VESTIGINGSCODE 2 (e.g. row 2: 6FL00 -> 06FL00)")


def test_all_digit_codes_are_counted_as_repairs_too(settings: Settings) -> None:
    header = ["VESTIGINGSCODE", "BRIN", "VESTIGINGSNAAM", "SCHOOLSOORT", "POSTCODE", "GEMEENTECODE", "GEMEENTENAAM",
              "BESTUURSNUMMER", "SWV_CODE", "CLUSTER"]
    write(settings, "vestigingen_20240101.csv", csv_bytes(header, [
        ["12345", "12", "De Klimop", "BAO", "9711 AA", "14", "Groningen", "1234", "PO2001", None],
        ["00AB00", "00AB", "De Linde", "BAO", "9711 AB", "0014", "Groningen", "01234", "PO2001", None],
    ]))
    result = ingest_family("ref_vestigingen", settings)
    # line 2: vestigingscode 012345, BRIN 0012, gemeente 0014, bestuur 01234 = 4; line 3 is complete = 0
    assert result.codes_repaired == 4
    assert manifest(settings)["codes_repaired"].to_list() == [4]


def test_a_complete_file_has_no_repairs(settings: Settings) -> None:
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    ingest_family("duo_1b_bekostigd", settings)
    row = manifest(settings).row(0, named=True)
    assert (row["codes_repaired"], row["message"]) == (0, None)
