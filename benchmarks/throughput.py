"""Ingest throughput measurement: write a BRON-shaped delivery of N rows and time its ingest (MB/s, rows/s).

``python -m benchmarks.throughput --rows 300000 [--dir DIR]`` — the file is synthetic noise in the
delivered format (valid BSNs, codes and dates), not a realistic population; use it only to time parsing.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.dir:
        stats = measure(args.rows, args.dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            stats = measure(args.rows, Path(tmp))
    print(" ".join(f"{k}={v:,.1f}" if isinstance(v, float) else f"{k}={v:,}" for k, v in stats.items()))


if __name__ == "__main__":
    main()
