"""One SWV's download package (gegevensbestand and gemeentetabel xlsx, a chart per indicator), and all of them."""

from __future__ import annotations

from pathlib import Path

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


def write_swv_packages(root: Path, codes: list[str], data: PackageData, *, run_id: str = "",
                       workers: int | None = None) -> int:
    """Write the packages of ``codes`` under ``root/<code>/``, in ``workers`` processes; returns how many.

    Packages are independent, so they are spread over the cores (``workers``, default the run's
    ``Settings.export_workers``). Worker processes are spawned, not forked (the caller may be a multi-threaded Dagster run), and
    each task carries only its SWV's slice of the data. Few packages (tests) are written in this process.
    """
    if workers is None:
        workers = Settings.from_env().export_workers
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
