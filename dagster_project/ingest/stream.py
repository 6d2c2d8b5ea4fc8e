"""One large file read, validated, pseudonymised and landed batch by batch: memory bounded by the batch, not the file.

The file is read from disk in runs of ``Settings.ingest_batch_rows`` lines (``reader.open_table``); each batch is
validated (``validate_files`` with a ``Carry`` holding the file's keys seen so far, its file-name tallies and its
code repairs) and appended to the landing parquet as a row group of a temporary file, which replaces the landing only
when the whole file is done. So the landing, manifest row and quarantine are those of validating the file at once,
and a refusal found late (a broken line, a misnamed file) still lands nothing of it.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

import polars as pl

from dagster_project.ingest import landing, outcome
from dagster_project.ingest.parallel import Job
from dagster_project.ingest.reader import FileRefused, RawTable, open_table
from dagster_project.ingest.schema import landing_schema
from dagster_project.ingest.validate import FILE_INDEX, ONE_CATEGORY_PER_PUPIL, Carry, SourceFile, validate_files


def land_file(job: Job, log: logging.Logger) -> tuple[dict, pl.DataFrame]:
    """Land ``job``'s file batch by batch: its manifest row and quarantine (a refusal keeps any earlier landing)."""
    d, t0 = job.delivery, time.perf_counter()
    row = outcome.manifest_row(d, job.size, job.sha)
    # a rule over all rows of a pupil (DUO 1B: one category per pupil) needs the whole file in one batch
    batch_rows = None if d.family.name in ONE_CATEGORY_PER_PUPIL else job.batch_rows
    try:
        parts = outcome.file_parts(d)
        source = SourceFile(d.rel, parts)
        pupils = [c.landing for c in d.family.columns if c.kind == "pupil_id"]
        with open(d.path, "rb") as fh, landing.ParquetAppender(job.target, landing_schema(d.family), pupils) as out, \
                tempfile.TemporaryDirectory(dir=job.target.parent, prefix=f".{job.target.stem}.keys.") as spool:
            stream = open_table(fh, d.family, d.rel, batch_rows)
            carry, quarantine, rows_read, rows_landed, batches = Carry(Path(spool)), [], 0, 0, 0
            f = outcome.ReadFile(d, job.sha, job.target, job.old, parts, RawTable(pl.DataFrame(), stream.delimiter,
                                                                               stream.encoding), row, 0.0)
            for frame in stream.chunks:
                checked = validate_files(frame.with_columns(pl.lit(0, dtype=pl.Int64).alias(FILE_INDEX)), d.family,
                                         [source], job.key, carry)
                out.write(outcome.landing_frame(f, checked.landed))
                quarantine.append(checked.quarantine.drop(FILE_INDEX))
                rows_read, rows_landed, batches = rows_read + frame.height, rows_landed + checked.landed.height, \
                    batches + 1
            f.table.extra_columns, f.table.blank_lines = stream.extra_columns, stream.blank_lines
            row.update(encoding=stream.encoding, delimiter=stream.delimiter, rows_read=rows_read)
            if refusal := carry.refusal(d.family, source):
                raise FileRefused(refusal)
            if rows_read == 0 and (landed_rows := outcome.landed_rows(job.old, job.target)):
                raise FileRefused(outcome.header_only(d.rel, landed_rows))
            out.commit()
    except Exception as exc:
        return outcome.refused(row, exc, job.old, job.target, time.perf_counter() - t0, log), \
            landing.empty(landing.QUARANTINE_SCHEMA)
    seconds = time.perf_counter() - t0
    log.info("%s: read, validated and landed in %d batch(es) of up to %s rows in %.1f s (%.0f rows/s)", d.rel,
             batches, batch_rows or "all", seconds, rows_read / max(seconds, 1e-9))
    q = pl.concat(quarantine) if quarantine else landing.empty(landing.QUARANTINE_SCHEMA).select("row", "column",
                                                                                                  "value", "reason")
    return outcome.loaded(f, rows_landed, q, seconds, log, carry.repairs(d.family))
