"""Large files landed in parallel worker processes, one file per process, within the run's memory budget.

A worker reads, validates, pseudonymises and lands one file batch by batch (``stream.land_file``, as the parent does
when there is one large file or one worker) and hands back the file's manifest row, its quarantine and its log lines;
the parent writes the family's manifest. Files run concurrently only while the estimated memory of the running files
stays within ``Settings.duckdb_memory_limit`` (the ingest step's share of the job's budget); a file larger than the
whole budget runs alone. A worker that fails or dies refuses its own file only; the earlier landing of that file and
everything other workers landed stay.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import multiprocessing
import os
import re
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dagster_project.ingest.pseudonym import PseudonymKey
from dagster_project.ingest.recognise import Delivery
from dagster_project.settings import Settings

# A file at least this large is validated in a worker process (when there are at least two of them and more than one
# worker is configured): below it, spawning a process costs more than it saves, and small files are batched instead.
MIN_FILE_BYTES = 5_000_000
# Peak memory of landing one file (measured: see docs/ingest.md, "Memory"): a file smaller than one batch needs about
# MEMORY_PER_BYTE per delivered byte; a larger one is landed in batches and needs about BATCH_MEMORY plus
# MEMORY_PER_BATCH_ROW per row of a batch (Settings.ingest_batch_rows), whatever its size.
MEMORY_PER_BYTE = 21
BATCH_MEMORY = 400_000_000
MEMORY_PER_BATCH_ROW = 2_700
_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
          "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}

_log = logging.getLogger("dagster_project.ingest")


@dataclass(frozen=True)
class Job:
    """One file for a worker: the delivery, what the parent already knows of it, and the pseudonym key."""

    delivery: Delivery
    sha: str
    size: int
    target: Path
    old: dict | None  # its previous manifest row
    key: PseudonymKey
    batch_rows: int  # lines read and validated at once (``Settings.ingest_batch_rows``)

    @property
    def memory(self) -> int:
        """Estimated peak bytes of landing this file: bounded by its batch size, not its file size."""
        return min(self.size * MEMORY_PER_BYTE, BATCH_MEMORY + self.batch_rows * MEMORY_PER_BATCH_ROW)


def wanted(size: int) -> bool:
    """True when a file of ``size`` bytes is landed on its own, batch by batch (in a worker when there are several)."""
    return size >= MIN_FILE_BYTES


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in blocks (the parent never holds a large file)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def size_bytes(limit: str) -> int:
    """``3GB`` / ``512MiB`` / ``1.5 GB`` as bytes (the formats ``Settings.duckdb_memory_limit`` accepts)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*", limit)
    if not m or m.group(2).lower() not in _UNITS:
        raise ValueError(f"not a memory size: {limit!r}; expected e.g. 3GB or 512MiB")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def worker_memory_limit(settings: Settings, workers: int) -> str:
    """The DuckDB ``memory_limit`` of each of ``workers`` processes: an equal share of the run's limit."""
    return f"{max(size_bytes(settings.duckdb_memory_limit) // max(workers, 1) // 1_000_000, 64)}MB"


def admits(running: int, in_use: int, memory: int, workers: int, budget: int) -> bool:
    """Whether a file of estimated ``memory`` may start while ``running`` files hold an estimated ``in_use``: a
    worker is free and the total stays within ``budget``; with nothing running any file starts (it runs alone)."""
    return running < workers and (running == 0 or in_use + memory <= budget)


def land_files(jobs: Sequence[Job], settings: Settings,
               log: logging.Logger | None = None) -> dict[str, tuple[dict, pl.DataFrame]]:
    """Validate and land every job's file in worker processes: path -> (manifest row, quarantine of the file).

    With one job (or one worker) the file is landed in this process: a spawned process would only add its start-up.
    """
    log = log or _log
    if not jobs:
        return {}
    if len(jobs) == 1 or settings.ingest_workers <= 1:
        return {rel: out for job in jobs for rel, out in _land_here(job, log).items()}
    workers = min(settings.ingest_workers, len(jobs))
    budget = size_bytes(settings.duckdb_memory_limit)
    limit = worker_memory_limit(settings, workers)
    log.info("validating %d large file(s) in up to %d worker processes (DuckDB memory_limit %s each; at most %s "
             "of estimated validation memory at once)", len(jobs), workers, limit, settings.duckdb_memory_limit)
    outcomes: dict[str, tuple[dict, pl.DataFrame]] = {}
    pending = list(jobs)
    while pending:  # a pool that broke (a worker was killed) is replaced for the files not yet started
        left = _run_pool(list(pending), workers, budget, limit, settings, outcomes, log)
        if left and len(left) == len(pending):  # not one file started: no worker process can run here
            log.warning("no worker process could start; landing %d file(s) in this process", len(left))
            for job in left:
                outcomes.update(_land_here(job, log))
            left = []
        pending = left
    return outcomes


def _run_pool(pending: list[Job], workers: int, budget: int, limit: str, settings: Settings,
              outcomes: dict[str, tuple[dict, pl.DataFrame]], log: logging.Logger) -> list[Job]:
    """Run jobs until all are done (returns []) or the pool breaks (returns the jobs not started)."""
    context = multiprocessing.get_context("spawn")  # never fork a (multi-threaded) Dagster or polars process
    running: dict[Future, tuple[Job, float]] = {}
    in_use = 0
    # each worker is one of the parallel lanes: one DuckDB thread, its share of the memory limit
    lane = dataclasses.replace(settings, duckdb_memory_limit=limit, duckdb_threads=1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(lane.env(),)) as pool:
        while pending or running:
            while pending and admits(len(running), in_use, pending[0].memory, workers, budget):
                job = pending.pop(0)
                try:
                    running[pool.submit(_land_in_worker, job)] = (job, time.perf_counter())
                except BrokenProcessPool:
                    pending.insert(0, job)
                    break
                in_use += job.memory
            if not running:
                return pending
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                job, started = running.pop(future)
                in_use -= job.memory
                outcomes[job.delivery.rel] = _outcome(job, future, time.perf_counter() - started, log)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                for future, (job, started) in running.items():  # the pool is gone: its other files are refused too
                    outcomes[job.delivery.rel] = _outcome(job, future, time.perf_counter() - started, log)
                return pending
    return pending


def _outcome(job: Job, future: Future, seconds: float, log: logging.Logger) -> tuple[dict, pl.DataFrame]:
    """The worker's result for ``job``, its log lines replayed into ``log``; a failed worker refuses the file."""
    from dagster_project.ingest import landing, outcome

    try:
        result, records = future.result()
    except BrokenProcessPool as exc:
        error: Exception = RuntimeError(f"the worker process validating it ended unexpectedly ({exc}; killed for "
                                        "lack of memory?)")
    except Exception as exc:  # raised in the worker: this file alone fails
        error = exc
    else:
        for level, message in records:
            log.log(level, message)
        return result[job.delivery.rel]
    row = outcome.manifest_row(job.delivery, job.size, job.sha)
    return outcome.refused(row, error, job.old, job.target, seconds, log), landing.empty(landing.QUARANTINE_SCHEMA)


def _land_here(job: Job, log: logging.Logger) -> dict[str, tuple[dict, pl.DataFrame]]:
    """Read, validate and land one job's file in this process, batch by batch."""
    from dagster_project.ingest import stream

    return {job.delivery.rel: stream.land_file(job, log)}


class _Collect(logging.Handler):
    """Keeps a worker's log records for the parent (which logs them into the run's log)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def _init_worker(env: dict[str, str]) -> None:
    """A worker runs under the settings ``env`` describes (``Settings.env()``: the run's, with its DuckDB share)."""
    os.environ.update(env)


def _land_in_worker(job: Job) -> tuple[dict[str, tuple[dict, pl.DataFrame]], list[tuple[int, str]]]:
    """In the worker: land ``job``'s file; its outcome and the log lines it produced."""
    log = logging.getLogger(f"dagster_project.ingest.worker.{os.getpid()}")
    log.propagate = False
    log.setLevel(logging.INFO)
    collect = _Collect()
    log.handlers = [collect]
    try:
        return _land_here(job, log), collect.records
    finally:
        log.handlers = []
