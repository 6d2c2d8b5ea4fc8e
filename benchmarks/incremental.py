"""Baseline (c), incremental: a RAW folder with one more teldatum (a new BRON snapshot) than an already built run."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

_BRON_RE = re.compile(r"^BRON_inschrijvingen_(\d{8})\.csv$")


def next_teldatum(last: date) -> date:
    """The teldatum after ``last``: 1 October → 1 February of the next year, 1 February → 1 October."""
    return date(last.year + 1, 2, 1) if last.month >= 10 else date(last.year, 10, 1)


def mirror(src: Path, dst: Path) -> int:
    """Hard-link every file of ``src`` into ``dst`` (same relative paths, so ingest sees them as unchanged)."""
    count = 0
    for path in src.rglob("*"):
        if not path.is_file():
            continue
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:  # another file system: copy instead
            shutil.copy2(path, target)
        count += 1
    return count


def write_next_bron_snapshot(raw_dir: Path) -> Path:
    """Copy the latest BRON snapshot under ``raw_dir`` as the next teldatum (PEILDATUM and file name changed).

    The first column of a BRON row is PEILDATUM (``YYYYMMDD``, dagster_project/contracts); only that field is rewritten, byte
    for byte, so the new file is as large and as valid as the last one.
    """
    snapshots = sorted((m.group(1), p) for p in raw_dir.rglob("BRON_inschrijvingen_*.csv") if (m := _BRON_RE.match(p.name)))
    if not snapshots:
        raise FileNotFoundError(f"no BRON_inschrijvingen_YYYYMMDD.csv under {raw_dir}")
    stamp, last = snapshots[-1]
    new = next_teldatum(date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:])))
    new_stamp = new.strftime("%Y%m%d").encode()
    target = last.with_name(f"BRON_inschrijvingen_{new.strftime('%Y%m%d')}.csv")
    tmp = target.with_name("." + target.name + ".tmp")
    with open(last, "rb") as src, open(tmp, "wb", buffering=8 * 2**20) as dst:
        dst.write(src.readline())  # header
        for line in src:
            sep = line.find(b";")
            dst.write(new_stamp + line[sep:] if sep >= 0 else line)
    os.replace(tmp, target)
    return target


def prepare_incremental_raw(cached_raw: Path, out_raw: Path) -> dict[str, object]:
    """``out_raw`` = ``cached_raw`` (hard links) + one new BRON snapshot; returns what was added."""
    if out_raw.exists():
        shutil.rmtree(out_raw)
    files = mirror(cached_raw, out_raw)
    new_file = write_next_bron_snapshot(out_raw)
    return {"mirrored_files": files, "new_file": str(new_file.relative_to(out_raw)), "new_bytes": new_file.stat().st_size}
