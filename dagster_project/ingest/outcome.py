"""The outcome of one delivered file: its manifest row, and what a refusal, a landing frame or a landed file records.

Shared by the two ways a file is landed: whole files validated together in batches (``ingest.run``) and one large
file read and landed batch by batch (``ingest.stream``). Per file it holds what was read (``ReadFile``), the manifest
row before anything is known (``manifest_row``), a refusal that keeps any earlier landing (``refused``), the landing
rows with file-name parts and load metadata (``landing_frame``) and the manifest row and quarantine of a landed file
(``loaded``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dagster_project.contracts import FILENAME_COLUMNS
from dagster_project.ingest import landing
from dagster_project.ingest.reader import FileRefused, RawTable
from dagster_project.ingest.recognise import Delivery, parse_datum
from dagster_project.ingest.schema import landing_schema
from dagster_project.ingest.validate import Repair


@dataclass
class ReadFile:
    """A file read into text columns, waiting for its batch's validation."""

    delivery: Delivery
    sha: str
    target: Path
    old: dict | None  # its previous manifest row
    parts: dict[str, object]  # file-name parts, typed
    table: RawTable
    row: dict  # its manifest row, filled in as it goes
    seconds: float  # spent on this file alone so far


def header_only(rel: str, landed_rows: int) -> str:
    """The refusal of a header-only file over a landed delivery of ``landed_rows`` rows."""
    return (f"{rel}: header only (0 rows) over a landed delivery of {landed_rows} row(s); expected the rows of the "
            "delivery (re-deliver it; delete the file from RAW to withdraw the delivery)")


def manifest_row(d: Delivery, size: int, sha: str) -> dict:
    """A file's manifest row before anything is known about its content (status refused until it lands)."""
    return {"path": d.rel, "family": d.family.name, "landing_file": None, "sha256": sha, "landed_sha256": None,
            "bytes": size, "encoding": None, "delimiter": None, "rows_read": None, "rows_loaded": 0,
            "rows_quarantined": 0, "codes_repaired": 0, "status": "refused", "message": None, "seconds": None,
            "loaded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None)}


def landed_rows(old: dict | None, target: Path) -> int:
    """Rows of the version of this path that is landed now (0 when none is)."""
    if not old or not old["landing_file"] or not (target.parent.parent / old["landing_file"]).exists():
        return 0
    return pl.scan_parquet(target.parent.parent / old["landing_file"]).select(pl.len()).collect().item()


def refused(row: dict, exc: Exception, old: dict | None, target: Path, seconds: float, log: logging.Logger) -> dict:
    """The manifest row of a refused file: its message, and the earlier landed version that stays (if any)."""
    if not isinstance(exc, FileRefused):  # an unexpected error: this file alone fails
        log.error("unexpected error while loading %s", row["path"], exc_info=exc)
        exc = FileRefused(f"{row['path']}: could not be loaded ({type(exc).__name__}: {exc}); expected a file "
                          "readable under the contract of " + row["family"])
    row = {**row, "message": str(exc), "seconds": seconds}
    if old and old["landing_file"] and (target.parent.parent / old["landing_file"]).exists():
        row["landing_file"], row["landed_sha256"] = old["landing_file"], old["landed_sha256"]
        row["message"] += f" (the earlier version, sha256 {old['landed_sha256'][:12]}, stays landed)"
    log.error("refused %s", row["message"])
    return row


def landing_frame(f: ReadFile, landed: pl.DataFrame) -> pl.DataFrame:
    """Validated rows of ``f`` as landing rows: the family's landing schema, with file-name parts and load metadata."""
    frame = landed.with_columns(
        *[pl.lit(v).alias(FILENAME_COLUMNS[k]) for k, v in f.parts.items() if k in FILENAME_COLUMNS],
        pl.lit(f.delivery.rel).alias("_source_file"), pl.lit(f.sha).alias("_source_sha256"),
        pl.lit(f.row["loaded_at"]).alias("_loaded_at"),
    )
    return landing.conform(frame, landing_schema(f.delivery.family))


def loaded(f: ReadFile, rows_loaded: int, q: pl.DataFrame, seconds: float, log: logging.Logger,
           repairs: Sequence[Repair] = ()) -> tuple[dict, pl.DataFrame]:
    """The manifest row and quarantine of a file whose landing parquet is written (``rows_loaded`` rows)."""
    d, table, loaded_at, rows_read = f.delivery, f.table, f.row["loaded_at"], f.row["rows_read"]
    notes = []
    if d.by_header:
        notes.append("recognised by header (file name matches no pattern)")
    if table.extra_columns:
        notes.append(f"ignored column(s) not in the contract: {', '.join(table.extra_columns)}")
    if table.blank_lines:
        notes.append(f"skipped {table.blank_lines} blank line(s)")
    if rows_read == 0:
        notes.append("header only: 0 rows")
    if repairs:
        notes.append(f"restored lost leading zeros in {sum(r.count for r in repairs)} code(s): " + ", ".join(
            f"{r.column} {r.count} (e.g. row {r.row}: {r.delivered} -> {r.restored})" for r in repairs))
    size = f.row["bytes"]
    row = {**f.row, "landing_file": f"{d.family.name}/{f.target.name}", "landed_sha256": f.sha,
           "rows_loaded": rows_loaded, "rows_quarantined": q["row"].n_unique() if q.height else 0,
           "codes_repaired": sum(r.count for r in repairs),
           "status": "loaded", "message": "; ".join(notes) or None, "seconds": seconds}
    for note in notes:
        log.warning("%s: %s", d.rel, note)
    if row["rows_quarantined"]:
        first = q.row(0, named=True)
        log.warning("%s: %d row(s) quarantined, e.g. row %d column %s: %s", d.rel, row["rows_quarantined"],
                    first["row"], first["column"], first["reason"])
    log.info("landed %s -> %s: %d rows, %d quarantined, %.2f MB in %.2f s (%.0f rows/s, %.1f MB/s)", d.rel,
             row["landing_file"], rows_loaded, row["rows_quarantined"], size / 1e6, seconds,
             rows_read / max(seconds, 1e-9), size / 1e6 / max(seconds, 1e-9))
    quarantine = q.with_columns(pl.lit(d.family.name).alias("family"), pl.lit(d.rel).alias("file"),
                                pl.lit(f.sha).alias("sha256"), pl.lit(loaded_at).alias("loaded_at"))
    return row, quarantine


def file_parts(d: Delivery) -> dict[str, object]:
    parts: dict[str, object] = {}
    for k, v in d.parts.items():
        if k == "datum":
            try:
                parts[k] = parse_datum(v)
            except ValueError as exc:
                raise FileRefused(f"{d.rel}: the date {v!r} in the file name is not a real date; expected "
                                  "D_M_YYYY, YYYYMMDD or YYYY-MM-DD") from exc
        elif k == "swv":
            parts[k] = v.upper()
        elif k == "jaar":
            parts[k] = int(v)
        elif k == "variant":
            parts[k] = v.lower()
        else:
            parts[k] = v
    return parts
