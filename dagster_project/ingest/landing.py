"""Landing-folder I/O: atomic parquet writes, per-family state, the combined manifest/quarantine tables, locks."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from dagster_project.contracts import Family
from dagster_project.ingest.schema import MANIFEST_SCHEMA, QUARANTINE_SCHEMA, UNRECOGNISED_SCHEMA, landing_schema

__all__ = ["MANIFEST_SCHEMA", "QUARANTINE_SCHEMA", "UNRECOGNISED_SCHEMA"]

STATE_DIR = "_state"  # landing/_state/<family>.manifest.parquet and <family>.quarantine.parquet


def write_parquet_atomic(frame: pl.DataFrame, target: Path) -> None:
    """Write to a temporary name in the same folder, then ``os.replace``: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        frame.write_parquet(tmp, compression="zstd", compression_level=1, statistics=True)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class ParquetAppender:
    """One parquet file written batch by batch (a row group or more per ``write``) into a temporary file in the target's
    folder; ``commit`` renames it onto ``target``, leaving the block without ``commit`` discards it."""

    def __init__(self, target: Path, schema: dict[str, pl.DataType], unique: Sequence[str] = ()) -> None:
        """``unique``: near-unique columns (pupil pseudonyms), written without a dictionary (it could only fail)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target, self.tmp = target, target.with_name(f".{target.name}.{os.getpid()}.tmp")
        self.schema = empty(schema).to_arrow(compat_level=pl.CompatLevel.newest()).schema
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd", compression_level=1,
                                       write_statistics=True,
                                       use_dictionary=[c for c in self.schema.names if c not in unique])

    def write(self, frame: pl.DataFrame) -> None:
        """Append ``frame`` (exactly the schema's columns and types)."""
        self.writer.write_table(frame.to_arrow(compat_level=pl.CompatLevel.newest()).cast(self.schema))

    def commit(self) -> None:
        self.writer.close()
        os.replace(self.tmp, self.target)

    def __enter__(self) -> ParquetAppender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.writer.close()
        with contextlib.suppress(FileNotFoundError):
            self.tmp.unlink()


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """``frame`` with exactly ``schema``'s columns, in order, missing ones null."""
    return frame.select([
        (pl.col(n).cast(t) if n in frame.columns else pl.lit(None, dtype=t)).alias(n) for n, t in schema.items()
    ])


def write_schema_file(landing_dir: Path, family: Family) -> None:
    """Zero-row ``_schema.parquet`` so a dbt source over ``<family>/*.parquet`` never meets an empty glob."""
    target = landing_dir / family.name / "_schema.parquet"
    frame = empty(landing_schema(family))
    if target.exists():
        try:
            if pl.read_parquet_schema(target) == frame.schema:
                return
        except Exception:
            pass
    write_parquet_atomic(frame, target)


def state_paths(landing_dir: Path, family: str) -> tuple[Path, Path]:
    base = landing_dir / STATE_DIR
    return base / f"{family}.manifest.parquet", base / f"{family}.quarantine.parquet"


def read_state(landing_dir: Path, family: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    mpath, qpath = state_paths(landing_dir, family)
    manifest = conform(pl.read_parquet(mpath), MANIFEST_SCHEMA) if mpath.exists() else empty(MANIFEST_SCHEMA)
    quarantine = conform(pl.read_parquet(qpath), QUARANTINE_SCHEMA) if qpath.exists() else empty(QUARANTINE_SCHEMA)
    return manifest, quarantine


def write_state(landing_dir: Path, family: str, manifest: pl.DataFrame, quarantine: pl.DataFrame) -> None:
    mpath, qpath = state_paths(landing_dir, family)
    write_parquet_atomic(conform(quarantine, QUARANTINE_SCHEMA), qpath)
    write_parquet_atomic(conform(manifest, MANIFEST_SCHEMA), mpath)


def publish_combined(landing_dir: Path) -> None:
    """Rebuild ``_manifest.parquet`` and ``_quarantine.parquet`` from every family's state."""
    state = landing_dir / STATE_DIR
    manifests = sorted(state.glob("*.manifest.parquet")) if state.exists() else []
    quarantines = sorted(state.glob("*.quarantine.parquet")) if state.exists() else []
    m = pl.concat([conform(pl.read_parquet(p), MANIFEST_SCHEMA) for p in manifests]) if manifests else empty(MANIFEST_SCHEMA)
    q = (pl.concat([conform(pl.read_parquet(p), QUARANTINE_SCHEMA) for p in quarantines])
         if quarantines else empty(QUARANTINE_SCHEMA))
    write_parquet_atomic(m.sort("family", "path"), landing_dir / "_manifest.parquet")
    write_parquet_atomic(q.sort("family", "file", "row"), landing_dir / "_quarantine.parquet")


def write_unrecognised(landing_dir: Path, frame: pl.DataFrame) -> None:
    write_parquet_atomic(conform(frame, UNRECOGNISED_SCHEMA).sort("path"), landing_dir / "_unrecognised.parquet")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``path`` (created if missing), released on exit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
