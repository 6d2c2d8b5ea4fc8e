"""Ingest the deliveries of one family (or all) from RAW into landing parquet, with manifest and quarantine."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dagster_project.contracts import FAMILIES, FAMILY_BY_NAME, FILENAME_COLUMNS
from dagster_project.ingest import landing
from dagster_project.ingest.pseudonym import load_key
from dagster_project.ingest.reader import FileRefused, read_table
from dagster_project.ingest.recognise import Delivery, Unrecognised, classify, parse_datum
from dagster_project.ingest.schema import landing_schema
from dagster_project.ingest.validate import validate
from dagster_project.settings import Settings

_log = logging.getLogger("dagster_project.ingest")
LARGE_FILE_BYTES = 20_000_000  # files above this log each phase with rows/s


@dataclass
class FamilyResult:
    """What one ingest of a family did."""

    family: str
    files_seen: int = 0
    files_loaded: int = 0
    files_skipped_unchanged: int = 0
    files_refused: list[str] = field(default_factory=list)  # one message per refused file, naming it
    files_removed: int = 0  # landings removed because their file left RAW
    rows_loaded: int = 0
    rows_quarantined: int = 0
    bytes: int = 0  # bytes of the files (re)loaded
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds else 0.0

    @property
    def rows_per_s(self) -> float:
        return self.rows_loaded / self.seconds if self.seconds else 0.0

    def metadata(self) -> dict[str, object]:
        """Plain values for Dagster asset metadata."""
        return {
            "files_seen": self.files_seen, "files_loaded": self.files_loaded,
            "files_skipped_unchanged": self.files_skipped_unchanged, "files_refused": len(self.files_refused),
            "files_removed": self.files_removed, "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined, "bytes": self.bytes, "seconds": round(self.seconds, 3),
            "mb_per_s": round(self.mb_per_s, 1), "rows_per_s": round(self.rows_per_s),
            "refusals": "\n".join(self.files_refused),
        }


def list_families() -> list[str]:
    """Every family name (landing folder / dbt source table), in contract order."""
    return [f.name for f in FAMILIES]


def ingest_all(settings: Settings, log: logging.Logger | None = None) -> list[FamilyResult]:
    """Ingest every family; a family's failure never stops the others (refusals are in the results)."""
    return [ingest_family(name, settings, log, warn_unrecognised=(i == 0)) for i, name in enumerate(list_families())]


def ingest_family(family: str, settings: Settings, log: logging.Logger | None = None, *,
                  warn_unrecognised: bool = True) -> FamilyResult:
    """Land every RAW delivery of ``family``: unchanged files are skipped, changed ones replaced, removed ones dropped.

    Also rewrites ``landing/_unrecognised.parquet`` (warning about those files unless ``warn_unrecognised`` is false)
    and the combined ``_manifest.parquet`` / ``_quarantine.parquet``.
    """
    log = log or _log
    if family not in FAMILY_BY_NAME:
        raise ValueError(f"unknown ingest family {family!r}; expected one of {', '.join(list_families())}")
    fam = FAMILY_BY_NAME[family]
    start = time.perf_counter()
    result = FamilyResult(family)
    landing_dir = settings.landing_dir
    landing_dir.mkdir(parents=True, exist_ok=True)
    with landing.locked(landing_dir / landing.STATE_DIR / f"{family}.lock"):
        deliveries, unknown = classify(settings.raw_dir)
        mine = [d for d in deliveries if d.family.name == family]
        result.files_seen = len(mine)
        names = _landing_names(mine)
        old_manifest, old_quarantine = landing.read_state(landing_dir, family)
        old_by_path = {r["path"]: r for r in old_manifest.iter_rows(named=True)}
        manifest_rows: list[dict] = []
        quarantine_parts: list[pl.DataFrame] = []
        key: bytes | None = None
        for d in mine:
            raw = d.path.read_bytes()
            sha = hashlib.sha256(raw).hexdigest()
            old = old_by_path.get(d.rel)
            target = landing_dir / family / f"{names[d.rel]}.parquet"
            if old and old["sha256"] == sha and old["status"] == "loaded" and target.exists():
                result.files_skipped_unchanged += 1
                manifest_rows.append(old)
                quarantine_parts.append(old_quarantine.filter(pl.col("file") == d.rel))
                continue
            if key is None and any(c.kind == "pupil_id" for c in fam.columns):
                key = load_key(settings.pseudonym_key_file, log)
            row, quarantine = _load_file(d, raw, sha, target, key or b"", old, log)
            manifest_rows.append(row)
            if row["status"] == "loaded":
                result.files_loaded += 1
                result.rows_loaded += row["rows_loaded"]
                result.rows_quarantined += row["rows_quarantined"]
                result.bytes += len(raw)
                quarantine_parts.append(quarantine)
            else:
                result.files_refused.append(row["message"])
                if row["landing_file"]:  # the last good version stays landed, with its quarantine
                    quarantine_parts.append(old_quarantine.filter(pl.col("file") == d.rel))
        result.files_removed = _remove_orphans(landing_dir / family, {r["landing_file"] for r in manifest_rows},
                                               landing_dir, log)
        landing.write_schema_file(landing_dir, fam)
        manifest = pl.DataFrame(manifest_rows, schema=landing.MANIFEST_SCHEMA) if manifest_rows \
            else landing.empty(landing.MANIFEST_SCHEMA)
        quarantine = pl.concat([landing.conform(q, landing.QUARANTINE_SCHEMA) for q in quarantine_parts]) \
            if quarantine_parts else landing.empty(landing.QUARANTINE_SCHEMA)
        landing.write_state(landing_dir, family, manifest, quarantine)
    with landing.locked(landing_dir / ".ingest.lock"):
        landing.publish_combined(landing_dir)
        landing.write_unrecognised(landing_dir, _unrecognised_frame(unknown))
    if unknown and warn_unrecognised:
        msg = (f"{len(unknown)} unrecognised file(s) in RAW left in place (see landing/_unrecognised.parquet): "
               + "; ".join(f"{u.rel} ({u.reason})" for u in unknown[:5]))
        result.warnings.append(msg)
        log.warning(msg)
    result.seconds = time.perf_counter() - start
    log.info("ingest %s: %d file(s) seen, %d loaded, %d unchanged, %d refused, %d removed; %d rows loaded, "
             "%d quarantined; %.1f MB in %.2f s (%.1f MB/s, %.0f rows/s)", family, result.files_seen,
             result.files_loaded, result.files_skipped_unchanged, len(result.files_refused), result.files_removed,
             result.rows_loaded, result.rows_quarantined, result.bytes / 1e6, result.seconds, result.mb_per_s,
             result.rows_per_s)
    return result


def _landing_names(deliveries: list[Delivery]) -> dict[str, str]:
    """``<file stem>``; stems that occur twice in a family (different folders) get a short hash of their path."""
    stems: dict[str, int] = {}
    for d in deliveries:
        stems[d.path.stem] = stems.get(d.path.stem, 0) + 1
    return {d.rel: d.path.stem if stems[d.path.stem] == 1
            else f"{d.path.stem}__{hashlib.sha1(d.rel.encode()).hexdigest()[:8]}" for d in deliveries}


def _load_file(d: Delivery, raw: bytes, sha: str, target: Path, key: bytes, old: dict | None,
               log: logging.Logger) -> tuple[dict, pl.DataFrame]:
    """Parse, validate and land one file; a refusal leaves any earlier landing of it untouched."""
    t0 = time.perf_counter()
    loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    large = len(raw) >= LARGE_FILE_BYTES
    row = {"path": d.rel, "family": d.family.name, "landing_file": None, "sha256": sha, "landed_sha256": None,
           "bytes": len(raw), "encoding": None, "delimiter": None, "rows_read": None, "rows_loaded": 0,
           "rows_quarantined": 0, "status": "refused", "message": None, "seconds": None, "loaded_at": loaded_at}
    try:
        parts = _file_parts(d)
        table = read_table(raw, d.family, d.rel)
        row.update(encoding=table.encoding, delimiter=table.delimiter, rows_read=table.frame.height)
        if large:
            log.info("%s: read %d rows in %.1f s (%.0f rows/s)", d.rel, table.frame.height, time.perf_counter() - t0,
                     table.frame.height / max(time.perf_counter() - t0, 1e-9))
        checked = validate(table.frame, d.family, parts, key, d.rel)
        if large:
            log.info("%s: validated in %.1f s (%.0f rows/s so far)", d.rel, time.perf_counter() - t0,
                     table.frame.height / max(time.perf_counter() - t0, 1e-9))
        frame = checked.landed.with_columns(
            *[pl.lit(v).alias(FILENAME_COLUMNS[k]) for k, v in parts.items() if k in FILENAME_COLUMNS],
            pl.lit(d.rel).alias("_source_file"), pl.lit(sha).alias("_source_sha256"),
            pl.lit(loaded_at).alias("_loaded_at"),
        )
        landing.write_parquet_atomic(landing.conform(frame, landing_schema(d.family)), target)
    except Exception as exc:  # a refusal, or an unexpected error: either way this file alone fails
        if not isinstance(exc, FileRefused):
            log.exception("unexpected error while loading %s", d.rel)
            exc = FileRefused(f"{d.rel}: could not be loaded ({type(exc).__name__}: {exc}); expected a file "
                              "readable under the contract of " + d.family.name)
        row["message"] = str(exc)
        row["seconds"] = time.perf_counter() - t0
        if old and old["landing_file"] and (target.parent.parent / old["landing_file"]).exists():
            row["landing_file"], row["landed_sha256"] = old["landing_file"], old["landed_sha256"]
            row["message"] += f" (the earlier version, sha256 {old['landed_sha256'][:12]}, stays landed)"
        log.error("refused %s", row["message"])
        return row, landing.empty(landing.QUARANTINE_SCHEMA)
    notes = []
    if d.by_header:
        notes.append("recognised by header (file name matches no pattern)")
    if table.extra_columns:
        notes.append(f"ignored column(s) not in the contract: {', '.join(table.extra_columns)}")
    if table.blank_lines:
        notes.append(f"skipped {table.blank_lines} blank line(s)")
    if table.frame.height == 0:
        notes.append("header only: 0 rows")
    seconds = time.perf_counter() - t0
    q = checked.quarantine
    row.update(landing_file=f"{d.family.name}/{target.name}", landed_sha256=sha, rows_loaded=frame.height,
               rows_quarantined=q["row"].n_unique() if q.height else 0, status="loaded",
               message="; ".join(notes) or None, seconds=seconds)
    for note in notes:
        log.warning("%s: %s", d.rel, note)
    if row["rows_quarantined"]:
        first = q.row(0, named=True)
        log.warning("%s: %d row(s) quarantined, e.g. row %d column %s: %s", d.rel, row["rows_quarantined"],
                    first["row"], first["column"], first["reason"])
    log.info("landed %s -> %s: %d rows, %d quarantined, %.2f MB in %.2f s (%.0f rows/s, %.1f MB/s)", d.rel,
             row["landing_file"], frame.height, row["rows_quarantined"], len(raw) / 1e6, seconds,
             table.frame.height / max(seconds, 1e-9), len(raw) / 1e6 / max(seconds, 1e-9))
    quarantine = q.with_columns(pl.lit(d.family.name).alias("family"), pl.lit(d.rel).alias("file"),
                                pl.lit(sha).alias("sha256"), pl.lit(loaded_at).alias("loaded_at"))
    return row, quarantine


def _file_parts(d: Delivery) -> dict[str, object]:
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


def _remove_orphans(folder: Path, keep: set[str | None], landing_dir: Path, log: logging.Logger) -> int:
    """Delete landing parquet whose RAW file is gone (the landing mirrors RAW)."""
    removed = 0
    if not folder.exists():
        return 0
    for p in folder.glob("*.parquet"):
        rel = p.relative_to(landing_dir).as_posix()
        if p.name == "_schema.parquet" or rel in keep:
            continue
        p.unlink()
        removed += 1
        log.info("removed %s: its file is no longer in RAW", rel)
    return removed


def unrecognised(settings: Settings) -> list[Unrecognised]:
    """Files in RAW that no family recognises (also written to ``landing/_unrecognised.parquet``)."""
    return classify(settings.raw_dir)[1]


def _unrecognised_frame(unknown: list[Unrecognised]) -> pl.DataFrame:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return pl.DataFrame({"path": [u.rel for u in unknown], "bytes": [u.bytes for u in unknown],
                         "reason": [u.reason for u in unknown], "seen_at": [now] * len(unknown)},
                        schema=landing.UNRECOGNISED_SCHEMA)
