"""Large files validated in worker processes: the same landing as in one process, failures stay with their file."""

from __future__ import annotations

import dataclasses
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import polars as pl
import pytest

from benchmarks.throughput import write_bron
from dagster_project.ingest import ingest_family, parallel
from dagster_project.ingest.pseudonym import PseudonymKey
from dagster_project.ingest.recognise import classify
from dagster_project.settings import Settings
from tests.support.ingest_files import TEST_KEY, landing_file, manifest, quarantine

DATES = ("20231001", "20240201", "20241001")
VOLATILE = ["_loaded_at", "loaded_at", "seconds"]  # when it ran and how long: the only columns allowed to differ


def _bron_set(raw: Path, tmp: Path) -> None:
    """Three BRON snapshots of 3,000 synthetic rows each (``write_bron``), each with its own PEILDATUM."""
    for i, date in enumerate(DATES):
        src = tmp / f"src_{date}.csv"
        write_bron(src, 3_000, seed=i + 1)
        frame = pl.read_csv(src, separator=";", infer_schema=False).with_columns(pl.lit(date).alias("PEILDATUM"))
        raw.mkdir(parents=True, exist_ok=True)
        frame.write_csv(raw / f"BRON_inschrijvingen_{date}.csv", separator=";")


def _settings(tmp: Path, name: str, workers: int) -> Settings:
    return Settings(raw_dir=tmp / "raw", warehouse_dir=tmp / name, ingest_workers=workers)


def _landing(settings: Settings) -> dict[str, pl.DataFrame]:
    return {d: pl.read_parquet(landing_file(settings, "bron_inschrijvingen", f"BRON_inschrijvingen_{d}"))
            .drop("_loaded_at") for d in DATES}


@pytest.fixture
def small_files_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_FILE_BYTES", 1)  # the 3,000-row test files count as large


@pytest.mark.usefixtures("small_files_in_workers")
def test_workers_land_exactly_what_one_process_lands(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _bron_set(tmp_path / "raw", tmp_path)
    alone, workers = _settings(tmp_path, "alone", 1), _settings(tmp_path, "workers", 2)
    one = ingest_family("bron_inschrijvingen", alone)
    with caplog.at_level("INFO"):
        two = ingest_family("bron_inschrijvingen", workers)
    assert any("in up to 2 worker processes" in r.message for r in caplog.records)
    # the workers' own log lines reach the caller's log (one "landed" line per file)
    assert sum(r.message.startswith("landed bron/") or r.message.startswith("landed BRON") for r in caplog.records) == 3
    assert (one.files_loaded, one.rows_loaded, one.rows_quarantined) == (two.files_loaded, two.rows_loaded,
                                                                          two.rows_quarantined)
    assert two.files_loaded == 3 and two.rows_loaded + two.rows_quarantined == 3 * 3_000  # every row lands or not
    for date, frame in _landing(alone).items():
        assert frame.equals(_landing(workers)[date]), date
    assert manifest(alone).drop(VOLATILE, strict=False).equals(manifest(workers).drop(VOLATILE, strict=False))
    assert quarantine(alone).drop("loaded_at").equals(quarantine(workers).drop("loaded_at"))


@pytest.mark.usefixtures("small_files_in_workers")
def test_a_broken_file_in_a_worker_is_refused_and_its_earlier_landing_stays(tmp_path: Path) -> None:
    _bron_set(tmp_path / "raw", tmp_path)
    s = _settings(tmp_path, "wh", 2)
    ingest_family("bron_inschrijvingen", s)
    before = _landing(s)
    broken = tmp_path / "raw" / "BRON_inschrijvingen_20240201.csv"
    broken.write_bytes(broken.read_bytes()[:-40])  # cut off mid-line: truncated
    changed = tmp_path / "raw" / "BRON_inschrijvingen_20241001.csv"
    frame = pl.read_csv(changed, separator=";", infer_schema=False)
    frame.head(2_000).write_csv(changed, separator=";")  # a re-delivery with fewer rows: lands
    result = ingest_family("bron_inschrijvingen", s)
    assert len(result.files_refused) == 1
    assert result.files_refused[0].startswith("BRON_inschrijvingen_20240201.csv: truncated: last line 3001")
    assert "stays landed" in result.files_refused[0]
    after = _landing(s)
    assert after["20240201"].equals(before["20240201"])  # the last good landing of the broken file
    assert after["20231001"].equals(before["20231001"])  # unchanged: skipped
    assert after["20241001"].height < before["20241001"].height  # the re-delivery landed
    assert result.files_loaded == 1 and result.files_skipped_unchanged == 1


def test_a_dead_worker_refuses_only_its_file(settings: Settings) -> None:
    (settings.raw_dir / "BRON_inschrijvingen_20241001.csv").write_bytes(b"x")
    delivery = classify(settings.raw_dir)[0][0]
    target = settings.landing_dir / "bron_inschrijvingen" / "BRON_inschrijvingen_20241001.parquet"
    job = parallel.Job(delivery, "ab" * 32, 1, target, None, PseudonymKey(TEST_KEY.encode()), 1_000)
    future: Future = Future()
    future.set_exception(BrokenProcessPool("A process in the process pool was terminated abruptly"))
    row, q = parallel._outcome(job, future, 1.5, parallel._log)
    assert row["status"] == "refused" and q.height == 0 and row["landing_file"] is None
    assert row["message"].startswith("BRON_inschrijvingen_20241001.csv: could not be loaded (RuntimeError: the "
                                     "worker process validating it ended unexpectedly")


def test_memory_budget_bounds_the_files_running_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parallel.size_bytes("3GB") == 3_000_000_000 and parallel.size_bytes("512MiB") == 512 * 1024**2
    s = Settings(raw_dir=Path("/r"), warehouse_dir=Path("/w"), duckdb_memory_limit="3GB", ingest_workers=2)
    assert parallel.worker_memory_limit(s, 2) == "1500MB"  # 3 GB shared by two workers
    assert parallel.worker_memory_limit(dataclasses.replace(s, duckdb_memory_limit="100MB"), 4) == "64MB"  # floor
    # 12 bytes of validation memory per delivered byte: two 100 MB files (1.2 GB each) fit 3 GB together, two 200 MB
    # files (2.4 GB each) do not, so the second waits for the first; a 300 MB file (3.6 GB) runs alone
    monkeypatch.setattr(parallel, "MEMORY_PER_BYTE", 12)
    assert parallel.admits(running=1, in_use=1_200_000_000, memory=1_200_000_000, workers=2, budget=3_000_000_000)
    assert not parallel.admits(running=1, in_use=2_400_000_000, memory=2_400_000_000, workers=2,
                               budget=3_000_000_000)
    assert parallel.admits(running=0, in_use=0, memory=3_600_000_000, workers=2, budget=3_000_000_000)
    assert not parallel.admits(running=2, in_use=2, memory=1, workers=2, budget=3_000_000_000)  # all workers busy


def test_a_file_larger_than_a_batch_is_estimated_by_its_batch() -> None:
    """21 bytes per delivered byte below one batch; above it 400 MB + 2,700 bytes per batch row, whatever the size:
    a 1 MB file 21 MB; a 240 MB national BRON file with batches of 200,000 rows 400 + 540 = 940 MB (not 5 GB), so
    two fit the 3 GB budget together; with batches of 10,000 rows 427 MB."""
    def job(size: int, batch_rows: int) -> parallel.Job:
        return parallel.Job(None, "", size, Path("/t"), None, PseudonymKey(b""), batch_rows)  # type: ignore[arg-type]

    assert job(1_000_000, 200_000).memory == 21_000_000
    assert job(240_000_000, 200_000).memory == 940_000_000 == job(2_400_000_000, 200_000).memory
    assert job(240_000_000, 10_000).memory == 427_000_000
    assert parallel.admits(running=1, in_use=940_000_000, memory=940_000_000, workers=2, budget=3_000_000_000)
