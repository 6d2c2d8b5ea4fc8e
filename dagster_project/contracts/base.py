"""The building blocks of the input contracts: column kinds, ``Column``, ``Family`` and the shared patterns.

Column kinds:
  code      text that keeps leading zeros (``width`` = the zero-padded width Excel may have lost)
  text      free text
  int       whole number (counts must be >= 0 unless ``signed``)
  decimal   number with decimal comma or point (``0,30``)
  date      YYYYMMDD, D-M-YYYY, DD-MM-YYYY or ISO YYYY-MM-DD
  bool      J/N, Ja/Nee, 1/0, true/false
  pupil_id  BSN (9 digits, 11-proef) or onderwijsnummer: replaced at ingest by a keyed pseudonym
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["code", "text", "int", "decimal", "date", "bool", "pupil_id"]

SWV_CODE_RE = r"(?:PO|VO)\d{4}"
BESCHIKKINGSNUMMER_RE = re.compile(r"^(?P<swv>(?:PO|VO)\d{4})-(?P<jaar>\d{4})-(?P<volgnummer>\d{5})$")


@dataclass(frozen=True)
class Column:
    header: str  # as delivered (case-insensitive match)
    landing: str  # name in landing parquet
    kind: Kind
    required: bool = True  # header must be present
    nullable: bool = False  # empty value allowed
    width: int | None = None  # zero-padded width for codes (leading zeros restored)
    code_list: tuple[str, ...] | None = None
    aliases: tuple[str, ...] = ()
    pattern: str | None = None  # regex a non-empty value must match (after padding)
    signed: bool = False  # ints: negative allowed
    description: str | None = None  # staging column description; default: the kind (and code list)


@dataclass(frozen=True)
class FilenameColumn:
    """A file-name part as it appears in the family's staging model (name, description, not_null test)."""

    landing: str  # landing column of the part (a value of FILENAME_COLUMNS)
    name: str  # staging column name
    description: str
    not_null: bool = False


@dataclass(frozen=True)
class Family:
    name: str  # landing folder / dbt source table name
    filename: str  # regex on the file name; named groups swv, datum (D_M_YYYY or YYYYMMDD), schooljaar
    columns: tuple[Column, ...]
    description: str
    grain: str
    key: tuple[str, ...] = field(default_factory=tuple)  # landing columns unique per file
    # file-name parts renamed or described in staging (others keep their landing name, see dagster_project.dbt_staging)
    staging_filename_columns: tuple[FilenameColumn, ...] = ()

    @property
    def filename_re(self) -> re.Pattern[str]:
        return re.compile(self.filename, re.IGNORECASE)



# Metadata columns ingest adds to every landing row.
LOAD_METADATA = ("_source_file", "_source_sha256", "_source_row", "_loaded_at")
# Columns ingest adds from the file name where the pattern has them.
FILENAME_COLUMNS = {"swv": "bestand_swv_code", "datum": "bestand_datum", "schooljaar": "bestand_schooljaar",
                    "variant": "bestand_variant", "jaar": "bestand_jaar"}

# file-name parts that become record columns in staging
SNAPSHOT_DATUM = (FilenameColumn("bestand_datum", "snapshot_datum",
                                 "date of the reference snapshot (from the file name)"),)
