"""Ingest throughput measurement: the ingest step alone, in MB/s of delivered bytes.

``python -m benchmarks.throughput --raw DIR [-n 3]`` — ingest an existing RAW set (e.g. ``make generate
SCALE=demo``) ``n`` times, each in a fresh process on an empty warehouse: median wall seconds and MB/s of the whole
ingest and of BRON alone, CPU seconds and the peak RSS of the process tree (the ingest process and its workers,
summed, sampled every 50 ms).

``python -m benchmarks.throughput --rows 300000 [--dir DIR]`` — write one BRON-shaped file of synthetic noise in the
delivered format (valid BSNs, codes and dates; not a realistic population) and time its ingest.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import psutil

from dagster_project.contracts import FAMILY_BY_NAME
from dagster_project.settings import Settings

_BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2])


def valid_bsns(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` distinct-ish 9-digit BSNs passing the 11-proef."""
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        digits = rng.integers(0, 10, size=(n, 8))
        digits[:, 0] = rng.integers(1, 10, size=n)
        check = (digits @ _BSN_WEIGHTS) % 11
        ok = check < 10
        nums = (digits[ok] * (10 ** np.arange(8, 0, -1))).sum(axis=1) + check[ok]
        out.append(nums)
        have += len(nums)
    return np.concatenate(out)[:n]


def write_bron(path: Path, rows: int, seed: int = 1) -> int:
    """Write a BRON_inschrijvingen file of ``rows`` rows (cp1252-safe ASCII, ';'); returns its size in bytes."""
    rng = np.random.default_rng(seed)
    headers = [c.header for c in FAMILY_BY_NAME["bron_inschrijvingen"].columns]
    bsn = valid_bsns(rows, rng)
    brin = np.array([f"{i:02d}AB" for i in range(100)])[rng.integers(0, 100, rows)]
    sector = rng.choice(["PO", "VO", "WEC"], rows, p=[0.55, 0.4, 0.05])
    soort = np.where(sector == "PO", "BAO", np.where(sector == "VO", "HAVO", "SO"))
    frame = pl.DataFrame({
        "PEILDATUM": ["20241001"] * rows,
        "PERSOONSGEBONDEN_NUMMER": bsn.astype(str),
        "GEBOORTEDATUM": [f"{d}-{m}-{y}" for d, m, y in zip(rng.integers(1, 29, rows), rng.integers(1, 13, rows),
                                                             rng.integers(2006, 2020, rows), strict=True)],
        "GESLACHT": rng.choice(["M", "V"], rows),
        "POSTCODE_LEERLING": rng.integers(1000, 9999, rows).astype(str),
        "INSCHRIJVINGSVOLGNUMMER": rng.integers(1, 9, rows).astype(str),
        "BRIN": brin,
        "VESTIGINGSCODE": np.char.add(brin, "00"),
        "SECTOR": sector,
        "ONDERWIJSSOORT": soort,
        "LEERJAAR": rng.integers(1, 9, rows).astype(str),
        "MBO_NIVEAU": [""] * rows,
        "BEKOSTIGD": ["J"] * rows,
        "LWOO": rng.choice(["J", "N"], rows),
        "NIEUWKOMER": ["N"] * rows,
        "GEWICHT": rng.choice(["0", "0,30", "1,20"], rows),
        "OPP": ["N"] * rows,
        "ADVIES_VO": rng.choice(["", "30", "40"], rows),
        "ADVIES_VO_HERZIEN": [""] * rows,
        "SOORT_VERBLIJF": ["0"] * rows,
        "TLV_SWV": [""] * rows,
        "TLV_BEKOSTIGINGSCATEGORIE": [""] * rows,
        "TLV_BESCHIKKINGSNUMMER": [""] * rows,
        "TLV_BEGINDATUM": [""] * rows,
        "TLV_EINDDATUM": [""] * rows,
        "SOORT_ONDERWIJS": [""] * rows,
        "UITSTROOMPROFIEL": [""] * rows,
        "VERBLIJFSJAAR": [""] * rows,
        "DATUM_INSCHRIJVING": ["20200801"] * rows,
        "DATUM_UITSCHRIJVING": [""] * rows,
    }).select(headers)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path, separator=";")
    return path.stat().st_size


def measure(rows: int, workdir: Path, log: logging.Logger | None = None) -> dict[str, float]:
    """Ingest a fresh ``rows``-row BRON file under ``workdir``: bytes, rows, wall seconds, MB/s, rows/s, and the CPU
    seconds of this process (MB per CPU-second does not depend on how busy a shared machine is)."""
    from dagster_project.ingest import ingest_family

    settings = Settings(raw_dir=workdir / "raw", warehouse_dir=workdir / "warehouse")
    size = write_bron(settings.raw_dir / "BRON_inschrijvingen_20241001.csv", rows)
    start, cpu_start = time.perf_counter(), time.process_time()
    result = ingest_family("bron_inschrijvingen", settings, log, warn_unrecognised=False)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    load = os.getloadavg()[0]
    return {"bytes": size, "rows": result.rows_loaded, "quarantined": result.rows_quarantined, "seconds": seconds,
            "mb_per_s": size / 1e6 / seconds, "rows_per_s": rows / seconds, "cpu_seconds": cpu,
            "mb_per_cpu_s": size / 1e6 / cpu, "load_average": load}


BENCH_KEY = "benchmark-pseudonym-key"  # a fixed key: every repetition hashes the same way


def ingest_once(raw: Path, warehouse: Path) -> dict[str, Any]:
    """``ingest_all`` of ``raw`` into ``warehouse`` in this process (the other settings from the environment, e.g.
    ``PASSEND_INGEST_WORKERS``): seconds, bytes and rows, total and per family."""
    from dagster_project.ingest import ingest_all

    os.environ.setdefault("PASSEND_PSEUDONYM_KEY", BENCH_KEY)
    settings = dataclasses.replace(Settings.from_env(), raw_dir=raw.resolve(), warehouse_dir=warehouse.resolve())
    start, cpu_start = time.perf_counter(), time.process_time()
    results = ingest_all(settings)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    families = {r.family: {"bytes": r.bytes, "seconds": r.seconds, "rows": r.rows_loaded,
                           "refused": len(r.files_refused)} for r in results}
    return {"seconds": seconds, "cpu_seconds_main": cpu, "bytes": sum(f["bytes"] for f in families.values()),
            "rows": sum(f["rows"] for f in families.values()), "families": families}


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    with contextlib.suppress(psutil.Error):
        for p in [proc, *proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
    return total


def measure_raw(raw: Path, repetitions: int = 3) -> dict[str, Any]:
    """Ingest ``raw`` ``repetitions`` times, each in a fresh process and an empty warehouse; medians and every run."""
    runs = []
    for _ in range(repetitions):
        with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
            out = Path(tmp) / "result.json"
            load = os.getloadavg()[0]
            child = subprocess.Popen([sys.executable, "-m", "benchmarks.throughput", "--raw", str(raw), "--once",
                                      "--dir", str(Path(tmp) / "warehouse"), "--result", str(out)])
            ps, peak, done = psutil.Process(child.pid), 0, threading.Event()

            def sample(ps: psutil.Process = ps, done: threading.Event = done) -> None:
                nonlocal peak
                while not done.is_set():
                    peak = max(peak, _tree_rss(ps))
                    done.wait(0.05)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            _, status, usage = os.wait4(child.pid, 0)
            done.set()
            sampler.join()
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError(f"ingest of {raw} failed (exit {os.waitstatus_to_exitcode(status)})")
            run = json.loads(out.read_text())
            bron = run["families"].get("bron_inschrijvingen", {})
            runs.append({"seconds": run["seconds"], "mb_per_s": run["bytes"] / 1e6 / run["seconds"],
                         "bron_seconds": bron.get("seconds", 0.0),
                         "bron_mb_per_s": bron.get("bytes", 0) / 1e6 / bron["seconds"] if bron.get("seconds") else 0.0,
                         "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_tree_rss_mb": peak / 1e6,
                         "load_average": load, "bytes": run["bytes"], "bron_bytes": bron.get("bytes", 0),
                         "rows": run["rows"]})
    medians = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return {"raw": str(raw), "repetitions": repetitions, "median": medians, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--raw", type=Path, default=None, help="measure the ingest of this RAW set instead")
    parser.add_argument("-n", "--repetitions", type=int, default=3)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)  # one repetition, in this process
    parser.add_argument("--result", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING if args.raw else logging.INFO, format="%(message)s")
    if args.raw and args.once:
        args.result.write_text(json.dumps(ingest_once(args.raw, args.dir)))
        return
    if args.raw:
        stats = measure_raw(args.raw, args.repetitions)
        print(json.dumps(stats["median"], indent=1))
        for r in stats["runs"]:
            print(" ".join(f"{k}={v:,.2f}" if isinstance(v, float) else f"{k}={v:,}" for k, v in r.items()))
        return
    if args.dir:
        stats = measure(args.rows, args.dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            stats = measure(args.rows, Path(tmp))
    print(" ".join(f"{k}={v:,.1f}" if isinstance(v, float) else f"{k}={v:,}" for k, v in stats.items()))


if __name__ == "__main__":
    main()
