"""Ingest the deliveries of one family (or all) from RAW into landing parquet, with manifest and quarantine.

It is the one place that decides, per file, between unchanged, duplicate, refused (keeping the earlier landing) and
landed, with the batch validation. What a file's outcome records (manifest row, refusal, landing frame) is
``ingest.outcome``, shared with the batch-by-batch landing of a large file (``ingest.stream``). The checks themselves
live in ``validate``, ``duplicates`` and ``reader``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dagster_project.contracts import FAMILIES, FAMILY_BY_NAME
from dagster_project.ingest import duplicates, landing, outcome, parallel, report
from dagster_project.ingest.pseudonym import PseudonymKey, check_landing, load_key, record_landing
from dagster_project.ingest.reader import FileRefused, read_table
from dagster_project.ingest.recognise import Delivery, Unrecognised, classify
from dagster_project.ingest.validate import FILE_INDEX, Repair, SourceFile, validate_files
from dagster_project.settings import Settings

_log = logging.getLogger("dagster_project.ingest")
LARGE_FILE_BYTES = 20_000_000  # files above this log each phase with rows/s
BATCH_MAX_BYTES = 50_000_000  # small files are validated together up to Settings.ingest_batch_rows rows or this many bytes


@dataclass
class FamilyResult:
    """What one ingest of a family did."""

    family: str
    files_seen: int = 0
    files_loaded: int = 0
    files_skipped_unchanged: int = 0
    files_refused: list[str] = field(default_factory=list)  # one message per refused file, naming it
    files_duplicate: list[str] = field(default_factory=list)  # identical copies skipped, one message each
    files_removed: int = 0  # landings removed because their file left RAW
    rows_loaded: int = 0
    rows_quarantined: int = 0
    codes_repaired: int = 0  # landed code values given back their lost leading zeros
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
            "files_duplicate": len(self.files_duplicate),
            "files_removed": self.files_removed, "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined, "codes_repaired": self.codes_repaired, "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "mb_per_s": round(self.mb_per_s, 1), "rows_per_s": round(self.rows_per_s),
            "refusals": "\n".join(self.files_refused), "duplicates": "\n".join(self.files_duplicate),
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
        outcomes: dict[str, tuple[dict, pl.DataFrame]] = {}  # path -> (manifest row, quarantine of the file)
        unchanged: set[str] = set()
        batch = _Batch(settings.ingest_batch_rows)
        large: list[parallel.Job] = []  # validated each in a worker process, after the loop
        key = PseudonymKey(b"", settings.pseudonym_version)
        has_pupils = any(c.kind == "pupil_id" for c in fam.columns)
        if has_pupils:  # a landing of another pseudonym version or key stops the family before anything is read
            key = PseudonymKey(load_key(settings.pseudonym_key_file, log), settings.pseudonym_version)
            check_landing(landing_dir, key.version, key.key)

        def landed(d: Delivery, sha: str | None) -> bool:
            old = old_by_path.get(d.rel)
            return bool(old and old["landing_file"] and (landing_dir / old["landing_file"]).exists()
                        and (sha is None or old["landed_sha256"] == sha))

        skips = duplicates.plan(mine, landed)
        for d in mine:
            skip = skips.get(d.rel)
            old = old_by_path.get(d.rel)
            target = landing_dir / family / f"{names[d.rel]}.parquet"
            if skip is not None and skip.kind == "duplicate":
                outcomes[d.rel] = (_duplicate_row(d, skip, log), landing.empty(landing.QUARANTINE_SCHEMA))
                continue
            size = d.path.stat().st_size
            in_worker = parallel.wanted(size)
            raw = b"" if in_worker else d.path.read_bytes()
            sha = parallel.file_sha256(d.path) if in_worker else hashlib.sha256(raw).hexdigest()
            if skip is not None:  # ambiguous: refused, whatever its content
                outcomes[d.rel] = (outcome.refused(outcome.manifest_row(d, size, sha), FileRefused(skip.message),
                                            old if skip.keep_earlier_landing else None, target, 0.0, log),
                                   landing.empty(landing.QUARANTINE_SCHEMA))
                continue
            if old and old["sha256"] == sha and old["status"] == "loaded" and target.exists():
                unchanged.add(d.rel)
                outcomes[d.rel] = (old, old_quarantine.filter(pl.col("file") == d.rel))
                continue
            if in_worker:
                large.append(parallel.Job(d, sha, size, target, old, key, settings.ingest_batch_rows))
                continue
            read = _read_file(d, raw, sha, target, old, log)
            if isinstance(read, dict):  # refused while reading
                outcomes[d.rel] = (read, landing.empty(landing.QUARANTINE_SCHEMA))
            elif batch.add(read):
                outcomes.update(_land_batch(batch.files, key, log))
                batch = _Batch(settings.ingest_batch_rows)
        outcomes.update(_land_batch(batch.files, key, log))
        outcomes.update(parallel.land_files(large, settings, log))
        if has_pupils:
            record_landing(landing_dir, key.version, key.key)
        manifest_rows, quarantine_parts = _tally(result, mine, outcomes, unchanged, old_quarantine)
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
    report.write_family_result(landing_dir, family, result.metadata())
    log.info("ingest %s: %d file(s) seen, %d loaded, %d unchanged, %d refused, %d duplicate, %d removed; %d rows "
             "loaded, %d quarantined; %.1f MB in %.2f s (%.1f MB/s, %.0f rows/s)", family, result.files_seen,
             result.files_loaded, result.files_skipped_unchanged, len(result.files_refused),
             len(result.files_duplicate), result.files_removed,
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


@dataclass
class _Batch:
    """Read files of one family validated together: bounded in rows and bytes so memory stays bounded."""

    max_rows: int
    files: list[outcome.ReadFile] = field(default_factory=list)
    rows: int = 0
    bytes: int = 0

    def add(self, f: outcome.ReadFile) -> bool:
        """Add ``f``; True when the batch is full."""
        self.files.append(f)
        self.rows += f.table.frame.height
        self.bytes += f.row["bytes"]
        return self.rows >= self.max_rows or self.bytes >= BATCH_MAX_BYTES


def _read_file(d: Delivery, raw: bytes, sha: str, target: Path, old: dict | None,
               log: logging.Logger) -> outcome.ReadFile | dict:
    """Decode and read one file; a refusal returns its manifest row (any earlier landing of it stays)."""
    t0 = time.perf_counter()
    row = outcome.manifest_row(d, len(raw), sha)
    try:
        parts = outcome.file_parts(d)
        table = read_table(raw, d.family, d.rel)
    except Exception as exc:
        return outcome.refused(row, exc, old, target, time.perf_counter() - t0, log)
    row.update(encoding=table.encoding, delimiter=table.delimiter, rows_read=table.frame.height)
    if table.frame.height == 0 and (landed_rows := outcome.landed_rows(old, target)):
        return outcome.refused(row, FileRefused(outcome.header_only(d.rel, landed_rows)), old, target,
                               time.perf_counter() - t0, log)
    seconds = time.perf_counter() - t0
    if len(raw) >= LARGE_FILE_BYTES:
        log.info("%s: read %d rows in %.1f s (%.0f rows/s)", d.rel, table.frame.height, seconds,
                 table.frame.height / max(seconds, 1e-9))
    return outcome.ReadFile(d, sha, target, old, parts, table, row, seconds)


def _duplicate_row(d: Delivery, skip: duplicates.Skip, log: logging.Logger) -> dict:
    """The manifest row of an identical copy of another delivery: skipped, nothing of it lands."""
    log.warning("skipped %s", skip.message)
    return {"path": d.rel, "family": d.family.name, "landing_file": None, "sha256": skip.sha256,
            "landed_sha256": None, "bytes": d.path.stat().st_size, "encoding": None, "delimiter": None,
            "rows_read": None, "rows_loaded": 0, "rows_quarantined": 0, "codes_repaired": 0, "status": "duplicate",
            "message": skip.message, "seconds": 0.0, "loaded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None)}


def _land_batch(files: list[outcome.ReadFile], key: PseudonymKey, log: logging.Logger) -> dict[str, tuple[dict, pl.DataFrame]]:
    """Validate ``files`` together, then land each one: path -> (manifest row, quarantine of the file).

    If validating them together fails unexpectedly, each file is validated alone so the error stays with its file.
    """
    if not files:
        return {}
    t0 = time.perf_counter()
    try:
        checked = validate_files(pl.concat([f.table.frame.with_columns(pl.lit(i, dtype=pl.Int64).alias(FILE_INDEX))
                                            for i, f in enumerate(files)], how="diagonal"),
                                 files[0].delivery.family, [SourceFile(f.delivery.rel, f.parts) for f in files], key)
    except Exception as exc:
        if len(files) == 1:
            f = files[0]
            return {f.delivery.rel: (outcome.refused(f.row, exc, f.old, f.target, f.seconds + time.perf_counter() - t0, log),
                                     landing.empty(landing.QUARANTINE_SCHEMA))}
        log.warning("validating %d files of %s together failed (%s: %s); validating them one by one", len(files),
                    files[0].delivery.family.name, type(exc).__name__, exc)
        return {rel: out for f in files for rel, out in _land_batch([f], key, log).items()}
    rows = sum(f.table.frame.height for f in files)
    per_row = (time.perf_counter() - t0) / max(rows, 1)  # validation time, shared out by rows
    if len(files) == 1 and files[0].row["bytes"] >= LARGE_FILE_BYTES:
        log.info("%s: validated in %.1f s (%.0f rows/s)", files[0].delivery.rel, time.perf_counter() - t0,
                 rows / max(time.perf_counter() - t0, 1e-9))
    landed, quarantine = _by_file(checked.landed), _by_file(checked.quarantine)
    no_rows, no_quarantine = _empty_part(checked.landed), _empty_part(checked.quarantine)
    out = {}
    for i, f in enumerate(files):
        seconds = f.seconds + per_row * f.table.frame.height
        if i in checked.refused:
            out[f.delivery.rel] = (outcome.refused(f.row, FileRefused(checked.refused[i]), f.old, f.target, seconds, log),
                                   landing.empty(landing.QUARANTINE_SCHEMA))
        else:
            out[f.delivery.rel] = _land_file(f, landed.get(i, no_rows), quarantine.get(i, no_quarantine), seconds, log,
                                             checked.repairs.get(i, []))
    return out


def _by_file(frame: pl.DataFrame) -> dict[int, pl.DataFrame]:
    """The rows of each file of a batch, without the file index."""
    return {k[0]: part for k, part in frame.partition_by(FILE_INDEX, as_dict=True, include_key=False).items()}


def _empty_part(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.clear().drop(FILE_INDEX)


def _land_file(f: outcome.ReadFile, landed: pl.DataFrame, q: pl.DataFrame, seconds: float,
               log: logging.Logger, repairs: Sequence[Repair] = ()) -> tuple[dict, pl.DataFrame]:
    """Write one validated file's landing parquet; returns its manifest row and quarantine."""
    t0 = time.perf_counter()
    try:
        landing.write_parquet_atomic(outcome.landing_frame(f, landed), f.target)
    except Exception as exc:
        row = outcome.refused(f.row, exc, f.old, f.target, seconds + time.perf_counter() - t0, log)
        return row, landing.empty(landing.QUARANTINE_SCHEMA)
    return outcome.loaded(f, landed.height, q, seconds + time.perf_counter() - t0, log, repairs)


def _tally(result: FamilyResult, mine: list[Delivery], outcomes: dict[str, tuple[dict, pl.DataFrame]],
           unchanged: set[str], old_quarantine: pl.DataFrame) -> tuple[list[dict], list[pl.DataFrame]]:
    """Count every file's outcome into ``result``; its manifest rows and quarantine parts, in RAW order."""
    manifest_rows: list[dict] = []
    quarantine_parts: list[pl.DataFrame] = []
    for d in mine:
        row, quarantine = outcomes[d.rel]
        manifest_rows.append(row)
        if d.rel in unchanged:
            result.files_skipped_unchanged += 1
            quarantine_parts.append(quarantine)
        elif row["status"] == "duplicate":
            result.files_duplicate.append(row["message"])
        elif row["status"] == "loaded":
            result.files_loaded += 1
            result.rows_loaded += row["rows_loaded"]
            result.rows_quarantined += row["rows_quarantined"]
            result.codes_repaired += row["codes_repaired"] or 0
            result.bytes += row["bytes"]
            quarantine_parts.append(quarantine)
        else:
            result.files_refused.append(row["message"])
            if row["landing_file"]:  # the last good version stays landed, with its quarantine
                quarantine_parts.append(old_quarantine.filter(pl.col("file") == d.rel))
    return manifest_rows, quarantine_parts


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
