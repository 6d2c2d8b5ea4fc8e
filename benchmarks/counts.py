"""Rows in and out of each stage, read from what the stage left behind (landing, warehouse file, exports)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from dagster_project.duckdb_connect import connect


def landing_rows(landing_dir: Path) -> dict[str, Any]:
    """Rows loaded and quarantined by ingest (``landing/_manifest.parquet``), else counted from the family parquet."""
    manifest = landing_dir / "_manifest.parquet"
    con = connect()
    try:
        if manifest.exists():
            cols = {r[0] for r in con.execute(f"describe select * from read_parquet('{manifest}')").fetchall()}
            loaded = "rows_loaded" if "rows_loaded" in cols else None
            quarantined = "rows_quarantined" if "rows_quarantined" in cols else None
            if loaded:
                q = f"coalesce(sum({quarantined}), 0)" if quarantined else "0"
                row = con.execute(f"select coalesce(sum({loaded}), 0), {q}, count(*) "
                                  f"from read_parquet('{manifest}')").fetchone()
                return {"rows_loaded": int(row[0]), "rows_quarantined": int(row[1]), "files": int(row[2])}
        files = [p for p in landing_dir.glob("*/*.parquet") if not p.name.startswith("_")]
        if not files:
            return {"rows_loaded": 0, "rows_quarantined": 0, "files": 0}
        paths = ", ".join(f"'{p}'" for p in files)
        total = con.execute(f"select sum(num_rows) from parquet_file_metadata([{paths}])").fetchone()[0]
        return {"rows_loaded": int(total or 0), "rows_quarantined": None, "files": len(files)}
    finally:
        con.close()


def warehouse_rows(db_path: Path) -> dict[str, int]:
    """Rows per schema of the tables in a warehouse file (views are not stored, so not counted)."""
    if not db_path.exists():
        return {}
    try:
        con = connect(str(db_path), read_only=True)
    except duckdb.IOException:  # still locked, e.g. by a dbt subprocess a failed job left running
        return {}
    try:
        tables = con.execute("select schema_name, table_name from duckdb_tables() where not temporary").fetchall()
        out: dict[str, int] = {}
        for schema, table in tables:
            n = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            out[schema] = out.get(schema, 0) + int(n)
        return out
    finally:
        con.close()


def export_rows(exports_dir: Path) -> dict[str, int]:
    """Files, bytes and parquet rows written under an exports folder."""
    if not exports_dir.exists():
        return {"files": 0, "bytes": 0, "parquet_rows": 0}
    files = [p for p in exports_dir.rglob("*") if p.is_file()]
    parquet = [p for p in files if p.suffix == ".parquet"]
    rows = 0
    if parquet:
        con = connect()
        paths = ", ".join(f"'{p}'" for p in parquet)
        rows = int(con.execute(f"select coalesce(sum(num_rows), 0) from parquet_file_metadata([{paths}])").fetchone()[0])
        con.close()
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "parquet_rows": rows}
