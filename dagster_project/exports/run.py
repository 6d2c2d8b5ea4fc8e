"""All exports of a checked build in one call: the parquet datasets, then every SWV package."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dagster_project.duckdb_connect import connect
from dagster_project.exports.package_data import PackageData, with_positions
from dagster_project.exports.packages import write_swv_packages
from dagster_project.exports.parquet import export_parquet, published_tables


@dataclass
class ExportReport:
    """What export_all wrote."""

    run_id: str
    out_dir: str
    models: dict[str, int] = field(default_factory=dict)  # pub_ model -> rows
    swv_packages: int = 0  # packages written
    swv_packages_unchanged: int = 0  # packages copied from the published exports (same fingerprint)
    files: int = 0
    seconds: float = 0.0


def _frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {name.removeprefix("pub_"): con.execute(f'select * from masking."{name}"').df()
            for name in published_tables(con)}


def export_all(db_path: Path, out_dir: Path, *, run_id: str, log: Any = None,
               manifest_path: Path | None = None, swv_codes: list[str] | None = None,
               workers: int | None = None, previous_dir: Path | None = None) -> ExportReport:
    """Write every export of the warehouse at ``db_path`` (opened read-only) into ``out_dir``.

    ``workers``: processes writing the SWV packages (default the environment's ``Settings.export_workers``).
    ``previous_dir``: the published exports; an SWV package that would come out the same is copied from there.
    """
    log = log or logging.getLogger(__name__)
    start = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    report = ExportReport(run_id=run_id, out_dir=str(out_dir))
    with connect(str(db_path), read_only=True) as con:
        report.models = export_parquet(con, out_dir, run_id=run_id, manifest_path=manifest_path)
        log.info(f"parquet: {len(report.models)} datasets, {sum(report.models.values())} rows")
        frames = _frames(con)
    indicators = {k: with_positions(v) for k, v in frames.items() if k != "gemeentetabel"}
    data = PackageData.prepare(indicators, frames.get("gemeentetabel"))
    del frames, indicators
    codes = data.codes()
    if swv_codes is not None:
        codes = [c for c in codes if c in swv_codes]
    swv_root = out_dir / "swv"
    started = time.perf_counter()
    previous_root = previous_dir / "swv" if previous_dir is not None else None
    report.swv_packages = write_swv_packages(swv_root, codes, data, run_id=run_id, workers=workers,
                                             previous_root=previous_root)
    report.swv_packages_unchanged = len(codes) - report.swv_packages
    log.info(f"swv packages: {report.swv_packages} written, {report.swv_packages_unchanged} unchanged (copied from "
             f"the published exports) in {time.perf_counter() - started:.1f} s")
    report.files = sum(1 for p in out_dir.rglob("*") if p.is_file())
    report.seconds = round(time.perf_counter() - start, 2)
    return report
