"""One SWV's download package (gegevensbestand and gemeentetabel xlsx, a chart per indicator), and all of them.

A package whose content would be the same as the published one is not written again: ``package_fingerprints``
hashes what each package shows (its own rows, its gemeentetabel, the shared landelijk tab, benchmarks and chart rows,
and the exporter's own code), and ``write_swv_packages`` copies the published files of an SWV whose fingerprint did
not change, so they stay byte-identical (an xlsx written again would differ in its creation time alone).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from dagster_project.exports.charts import write_chart
from dagster_project.exports.package_data import PackageData
from dagster_project.exports.xlsx import write_gegevensbestand, write_gemeentetabel
from dagster_project.settings import Settings


def write_swv_package(folder: Path, code: str, data: PackageData, *, run_id: str = "") -> list[Path]:
    """Write the whole package of SWV ``code`` into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    own_years = [str(per_swv[code]["schooljaar"].max()) for per_swv in data.own.values() if code in per_swv]
    schooljaar = max(own_years) if own_years else "onbekend"
    files = [folder / f"gegevensbestand_{code}_{schooljaar}.xlsx", folder / f"gemeentetabel_{code}_{schooljaar}.xlsx"]
    write_gegevensbestand(files[0], code, data)
    write_gemeentetabel(files[1], code, data, schooljaar)
    for name in sorted(data.own):
        if code in data.own[name]:
            png, txt = folder / f"{name}.png", folder / f"{name}.txt"
            write_chart(png, txt, name, data, code)
            files += [png, txt]
    return files


FINGERPRINTS_FILE = "_fingerprints.json"  # root/_fingerprints.json: swv code -> fingerprint of its package
_LETTERS = str.maketrans("0123456789", "ghijklmnop")  # no digits: the export scan looks for 9-digit numbers


def _frame_digest(digest: hashlib._Hash, frame: pd.DataFrame | None) -> None:
    if frame is None:
        digest.update(b"<none>")
        return
    digest.update(json.dumps([[str(c), str(t)] for c, t in frame.dtypes.items()]).encode())
    # sorted row hashes: the same rows in another order (DuckDB does not keep insertion order) are the same content
    digest.update(np.sort(pd.util.hash_pandas_object(frame, index=False).to_numpy()).tobytes())


def exporter_fingerprint() -> str:
    """SHA-256 of the exporter's source (this package's modules): a changed layout rewrites every package."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def package_fingerprints(codes: list[str], data: PackageData) -> dict[str, str]:
    """Per SWV a fingerprint of everything its package shows (letters only)."""
    shared = hashlib.sha256(exporter_fingerprint().encode())
    _frame_digest(shared, data.landelijk)
    for name in sorted(data.columns):
        shared.update(name.encode() + json.dumps(data.columns[name]).encode())
        shared.update(json.dumps(data.latest.get(name)).encode())
        _frame_digest(shared, data.benchmarks.get(name))
        chart_rows, selections = data.charts.get(name, (None, {}))
        _frame_digest(shared, chart_rows)
        shared.update(json.dumps(selections, sort_keys=True).encode())
    out = {}
    for code in codes:
        digest = shared.copy()
        digest.update(code.encode())
        for name in sorted(data.own):
            digest.update(name.encode())
            _frame_digest(digest, data.own[name].get(code))
        _frame_digest(digest, data.gemeenten.get(code))
        out[code] = digest.hexdigest().translate(_LETTERS)
    return out


def read_fingerprints(root: Path) -> dict[str, str]:
    """The fingerprints written with the packages under ``root`` (empty when there are none or they are unreadable)."""
    try:
        found = json.loads((root / FINGERPRINTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def write_swv_packages(root: Path, codes: list[str], data: PackageData, *, run_id: str = "",
                       workers: int | None = None, previous_root: Path | None = None) -> int:
    """Write the packages of ``codes`` under ``root/<code>/``, in ``workers`` processes; returns how many were
    written. With ``previous_root`` (the published packages), an SWV whose package fingerprint equals the published
    one gets the published files copied instead (byte-identical); ``root/_fingerprints.json`` records every one.

    Packages are independent, so they are spread over the cores (``workers``, default the run's
    ``Settings.export_workers``). Worker processes are spawned, not forked (the caller may be a multi-threaded Dagster run), and
    each task carries only its SWV's slice of the data. Few packages (tests) are written in this process.
    """
    if workers is None:
        workers = Settings.from_env().export_workers
    fingerprints = package_fingerprints(codes, data)
    previous = read_fingerprints(previous_root) if previous_root is not None else {}
    unchanged = [c for c in codes if previous.get(c) == fingerprints[c] and (previous_root / c).is_dir()]
    for code in unchanged:
        shutil.copytree(previous_root / code, root / code, copy_function=shutil.copy2)
    codes = [c for c in codes if c not in set(unchanged)]
    root.mkdir(parents=True, exist_ok=True)
    (root / FINGERPRINTS_FILE).write_text(json.dumps(fingerprints, indent=1, sort_keys=True), encoding="utf-8")
    if workers <= 1 or len(codes) < 8:
        for code in codes:
            write_swv_package(root / code, code, data, run_id=run_id)
        return len(codes)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(write_swv_package, root / code, code, data.for_swv(code), run_id=run_id)
                   for code in codes]
        for f in futures:
            f.result()  # re-raises a worker's error
    return len(codes)
