"""Helpers for ingest tests: a fixed pseudonym key, hand-written delivered files and landing readers."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from dagster_project.contracts import FAMILY_BY_NAME
from dagster_project.settings import Settings

TEST_KEY = "test-pseudonym-key"

# Valid BSNs, checked by hand with the 11-proef (9a+8b+7c+6d+5e+4f+3g+2h-1i divisible by 11):
#   123456782: 9+16+21+24+25+24+21+16 - 2 = 154 = 14*11
#   111222333: 9+8+7+12+10+8+9+6 - 3     =  66 =  6*11
#   010000008: 0+8+0+0+0+0+0+0 - 8       =   0
BSN_A, BSN_B, BSN_LEADING_ZERO = "123456782", "111222333", "010000008"
# Invalid: 123456789: 154 - 9 + 2 = 147 = 13*11 + 4
BSN_INVALID = "123456789"


def pseudonym_of(number: str, version: str = "blake2b") -> str:
    """Expected pseudonym, computed independently of the package: keyed BLAKE2b-256 (the default version) or
    HMAC-SHA256 (the version before it), straight from Python's hashlib/hmac."""
    if version == "hmac-sha256":
        return hmac.new(TEST_KEY.encode(), number.encode(), hashlib.sha256).hexdigest()
    return hashlib.blake2b(number.encode(), key=TEST_KEY.encode(), digest_size=32).hexdigest()


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]], *, delimiter: str = ";",
              encoding: str = "utf-8", newline: str = "\n", final_newline: bool = True) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join("" if v is None else str(v) for v in r) for r in rows]
    text = newline.join(lines) + (newline if final_newline else "")
    return text.encode(encoding)


def headers(family: str) -> list[str]:
    return [c.header for c in FAMILY_BY_NAME[family].columns]


TOTAAL_HEADER = headers("duo_1a_totaal")  # SCHOOLSOORT;MET_TLV_DIT_SWV;MET_TLV_ANDER_SWV;TOTAAL
TOTAAL_ROWS = [["SBO", 10, 2, 12], ["SO", 5, 1, 6]]

B1_HEADER = headers("duo_1b_bekostigd")


def b1_row(bsn: str = BSN_A, *, beschikking: str | None = "PO2401-2024-00001", swv: str = "PO2401",
           teldatum: str = "1-10-2024", volgnummer: str = "1", wijze: str = "TLV",
           inschrijving: str = "1-8-2020") -> list[object]:
    return [bsn, beschikking, 8, "00AB", "00AB00", "De Klimop", "PO2401", "SWV Klimop", "SO_VSO_LAAG", volgnummer,
            inschrijving, None, "1-8-2024", "31-7-2025", "N", "SO", wijze, teldatum, swv]


def write(settings: Settings, name: str, data: bytes) -> Path:
    path = settings.raw_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def landing_file(settings: Settings, family: str, stem: str) -> Path:
    return settings.landing_dir / family / f"{stem}.parquet"


def manifest(settings: Settings) -> pl.DataFrame:
    return pl.read_parquet(settings.landing_dir / "_manifest.parquet")


def quarantine(settings: Settings) -> pl.DataFrame:
    return pl.read_parquet(settings.landing_dir / "_quarantine.parquet")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
