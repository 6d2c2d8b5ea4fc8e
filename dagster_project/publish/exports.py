"""Exports of a built warehouse: parquet per pub_ model + manifest, and per-SWV packages (xlsx, charts)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dagster_project.duckdb_connect import connect
from dagster_project.publish.swv_package import PackageData, with_positions, write_swv_packages
from dagster_project.settings import DBT_PROJECT_DIR

PARTITION_ROWS = 200_000  # models larger than this are hive-partitioned by schooljaar


@dataclass
class ExportReport:
    """What export_all wrote."""

    run_id: str
    out_dir: str
    models: dict[str, int] = field(default_factory=dict)  # pub_ model -> rows
    swv_packages: int = 0
    files: int = 0
    seconds: float = 0.0


def _dbt_descriptions(manifest_path: Path | None) -> dict[str, dict[str, Any]]:
    """Model and column descriptions of the publish models from dbt's manifest.json (empty when absent)."""
    path = manifest_path or DBT_PROJECT_DIR / "target" / "manifest.json"
    if not path.exists():
        return {}
    nodes = json.loads(path.read_text(encoding="utf-8")).get("nodes", {})
    out: dict[str, dict[str, Any]] = {}
    for node in nodes.values():
        if node.get("resource_type") == "model" and node.get("name", "").startswith("pub_"):
            out[node["name"]] = {"description": node.get("description", ""),
                                 "columns": {c: v.get("description", "") for c, v in node.get("columns", {}).items()}}
    return out


def publish_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("select table_name from information_schema.tables where table_schema = 'masking' "
                       "and starts_with(table_name, 'pub_') order by 1").fetchall()
    return [r[0] for r in rows]


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path, *, run_id: str,
                   manifest_path: Path | None = None) -> dict[str, int]:
    """``out_dir/parquet/<model>[.parquet|/schooljaar=...]`` via DuckDB COPY, plus ``manifest.json``."""
    tmp = out_dir / "parquet.tmp"
    final = out_dir / "parquet"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    descriptions = _dbt_descriptions(manifest_path)
    entries: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for name in publish_tables(con):
        n = con.execute(f'select count(*) from masking."{name}"').fetchone()[0]
        rows[name] = n
        cols = con.execute(f'describe masking."{name}"').fetchall()
        if n > PARTITION_ROWS:
            target = tmp / name
            con.execute(f"copy (select * from masking.\"{name}\") to '{target}' "
                        "(format parquet, partition_by (schooljaar), overwrite_or_ignore true)")
            location = f"{name}/"
        else:
            target = tmp / f"{name}.parquet"
            con.execute(f"copy (select * from masking.\"{name}\") to '{target}' (format parquet)")
            location = f"{name}.parquet"
        peil = con.execute(f'select distinct cast(peildatum as varchar) from masking."{name}" order by 1').fetchall() \
            if any(c[0] == "peildatum" for c in cols) else []
        desc = descriptions.get(name, {})
        entries[name] = {
            "path": location,
            "partitioned_by": ["schooljaar"] if n > PARTITION_ROWS else [],
            "rows": n,
            "description": desc.get("description", ""),
            "peildata": [p[0] for p in peil],
            "columns": [{"name": c[0], "type": c[1], "description": desc.get("columns", {}).get(c[0], "")}
                        for c in cols],
        }
    manifest = {"run_id": run_id, "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "datasets": entries}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    if final.exists():
        shutil.rmtree(final)
    os.replace(tmp, final)
    return rows


def _frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {name.removeprefix("pub_"): con.execute(f'select * from masking."{name}"').df()
            for name in publish_tables(con)}


def export_all(db_path: Path, out_dir: Path, *, run_id: str, log: Any = None,
               manifest_path: Path | None = None, swv_codes: list[str] | None = None) -> ExportReport:
    """Write every export of the warehouse at ``db_path`` (opened read-only) into ``out_dir``."""
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
    report.swv_packages = write_swv_packages(swv_root, codes, data, run_id=run_id)
    log.info(f"swv packages: {report.swv_packages} in {time.perf_counter() - started:.1f} s")
    report.files = sum(1 for p in out_dir.rglob("*") if p.is_file())
    report.seconds = round(time.perf_counter() - start, 2)
    return report
