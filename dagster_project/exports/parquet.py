"""Parquet exports: one dataset per published (pub_) table via DuckDB ``COPY``, and a ``manifest.json`` describing them.

Written into a temporary folder renamed into place, so a reader never sees half a set.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import duckdb

from dagster_project.settings import DBT_PROJECT_DIR

PARTITION_ROWS = 200_000  # models larger than this are hive-partitioned by schooljaar


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


def published_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
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
    for name in published_tables(con):
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
