"""Baseline (a), the floor: DuckDB reads every raw delivery once with the contract's explicit schema and counts rows."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

from dagster_project.contracts import Column, Family, recognise


def duckdb_type(column: Column) -> str:
    """The type the floor reads a column as: whole numbers as BIGINT, everything else as text.

    Nullable whole numbers stay VARCHAR because sources mask small counts as ``<5`` there; dates and decimals stay
    VARCHAR because their delivered formats vary per family (``1-8-2019``, ``20190801``, ``0,30``). Parsing them is
    ingest's work, not the floor's: the floor is the cost of getting every byte through a typed CSV reader once.
    """
    return "BIGINT" if column.kind == "int" and not column.nullable else "VARCHAR"


def raw_files(raw_dir: Path) -> dict[str, list[Path]]:
    """Delivered files under ``raw_dir`` grouped by family (files ingest ignores are left out)."""
    by_family: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(raw_dir.rglob("*")):
        if not path.is_file() or path.name.startswith(("_", ".")) or path.name.lower().startswith("readme"):
            continue
        family = recognise(path.name)
        if family is not None:
            by_family[family.name].append(path)
    return dict(by_family)


def _read_sql(family: Family, files: list[Path], encoding: str) -> str:
    columns = ", ".join(f"'{c.header}': '{duckdb_type(c)}'" for c in family.columns)
    paths = ", ".join(f"'{p}'" for p in files)
    touch_all = ", ".join(f'count("{c.header}")' for c in family.columns)  # materialise (type) every column
    return (
        f"select count(*), {touch_all} from read_csv([{paths}], delim = ';', header = true, quote = '\"', "
        f"columns = {{{columns}}}, encoding = '{encoding}', auto_detect = false)"
    )


def _count(con: duckdb.DuckDBPyConnection, family: Family, files: list[Path]) -> tuple[int, str]:
    """Row count of ``files``; tries UTF-8, then Latin-1 (Windows-1252 deliveries), then untyped auto-detect."""
    for encoding in ("utf-8", "latin-1"):
        try:
            return con.execute(_read_sql(family, files, encoding)).fetchone()[0], f"typed/{encoding}"
        except duckdb.Error:
            continue
    total = 0
    for path in files:  # a re-saved file that does not fit the contract's layout: count it untyped
        total += con.execute(f"select count(*) from read_csv('{path}', delim = ';', all_varchar = true, "
                             "encoding = 'latin-1')").fetchone()[0]
    return total, "untyped"


def floor_scan(raw_dir: Path) -> dict[str, Any]:
    """Read every delivered file once; rows and bytes per family, and the seconds the whole scan took."""
    from dagster_project.contracts import FAMILY_BY_NAME

    start = time.perf_counter()
    con = duckdb.connect()
    families: dict[str, dict[str, Any]] = {}
    for name, files in sorted(raw_files(raw_dir).items()):
        t0 = time.perf_counter()
        rows, how = _count(con, FAMILY_BY_NAME[name], files)
        families[name] = {
            "files": len(files),
            "bytes": sum(p.stat().st_size for p in files),
            "rows": rows,
            "read_as": how,
            "seconds": round(time.perf_counter() - t0, 3),
        }
    con.close()
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "files": sum(f["files"] for f in families.values()),
        "bytes": sum(f["bytes"] for f in families.values()),
        "rows": sum(f["rows"] for f in families.values()),
        "families": families,
    }
