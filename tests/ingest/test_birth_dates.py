"""Implausible birth dates (a school pupil under 2 or over 30 on the teldatum) are quarantined, naming the age."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dagster_project.ingest import ingest_family
from dagster_project.settings import Settings
from tests.support.ingest_files import BSN_A, csv_bytes, headers, landing_file, quarantine, write

BRON = "BRON_inschrijvingen_20241001.csv"  # teldatum 1 October 2024
BRON_HEADER = headers("bron_inschrijvingen")


def _bron(volgnummer: int, born: str, sector: str, onderwijssoort: str) -> list[object]:
    values = {"PEILDATUM": "20241001", "PERSOONSGEBONDEN_NUMMER": BSN_A, "GEBOORTEDATUM": born, "GESLACHT": "M",
              "INSCHRIJVINGSVOLGNUMMER": str(volgnummer), "BRIN": "00AB", "VESTIGINGSCODE": "00AB00",
              "SECTOR": sector, "ONDERWIJSSOORT": onderwijssoort, "BEKOSTIGD": "J", "LWOO": "N", "NIEUWKOMER": "N",
              "OPP": "N", "SOORT_VERBLIJF": "0", "DATUM_INSCHRIJVING": "1-8-2020",
              "MBO_NIVEAU": "2" if sector == "MBO" else None}
    return [values.get(h) for h in BRON_HEADER]


ROWS = [  # line, birth date as delivered, sector, onderwijssoort; age on 2024-10-01 worked out by hand
    _bron(1, "20160512", "PO", "BAO"),   # line 2: 2024 - 2016 = 8, birthday passed              -> lands
    _bron(2, "44927", "PO", "BAO"),      # line 3: Excel serial 44927 = 2023-01-01: 2024 - 2023 = 1 -> quarantined
    _bron(3, "20221002", "PO", "BAO"),   # line 4: 2024 - 2022 = 2, birthday 2 Oct not yet: 1     -> quarantined
    _bron(4, "20221001", "PO", "BAO"),   # line 5: 2 exactly (birthday on the teldatum)            -> lands
    _bron(5, "19900115", "VO", "HAVO"),  # line 6: 2024 - 1990 = 34                                -> quarantined
    _bron(6, "19931002", "VO", "HAVO"),  # line 7: 2024 - 1993 = 31, birthday not yet: 30         -> lands
    _bron(7, "19800301", "VO", "VAVO"),  # line 8: 44, adult education (VAVO)                      -> lands
    _bron(8, "19700630", "MBO", "MBO"),  # line 9: 54, mbo                                         -> lands
]


def test_implausible_birth_dates_are_quarantined_with_the_age(settings: Settings) -> None:
    write(settings, BRON, csv_bytes(BRON_HEADER, ROWS))
    result = ingest_family("bron_inschrijvingen", settings)
    assert (result.rows_loaded, result.rows_quarantined) == (5, 3)
    q = quarantine(settings).sort("row").select("file", "row", "column", "value", "reason").rows()
    assert q == [
        (BRON, 3, "GEBOORTEDATUM", "44927", "implausible birth date: aged 1 on the teldatum 2024-10-01; expected at "
         "least 2 (an Excel day number read as a date?)"),
        (BRON, 4, "GEBOORTEDATUM", "20221002", "implausible birth date: aged 1 on the teldatum 2024-10-01; expected "
         "at least 2 (an Excel day number read as a date?)"),
        (BRON, 6, "GEBOORTEDATUM", "19900115", "implausible birth date: aged 34 on the teldatum 2024-10-01; expected "
         "at most 30 for a school pupil (older only in mbo, ho or VAVO)"),
    ]
    landed = pl.read_parquet(landing_file(settings, "bron_inschrijvingen", BRON.removesuffix(".csv")))
    assert sorted(landed["_source_row"].to_list()) == [2, 5, 7, 8, 9]
    assert landed.filter(pl.col("_source_row") == 5)["geboortedatum"].item() == dt.date(2022, 10, 1)
