"""Baseline (a), the floor: DuckDB reads every raw delivery once with the contract's explicit schema and counts rows."""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

from dagster_project.contracts import Column, Family, recognise
from dagster_project.duckdb_connect import connect


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
    """Row count of ``files``: typed UTF-8, else typed Latin-1, else transcoded from Windows-1252, else untyped."""
    for encoding in ("utf-8", "latin-1"):
        try:
            return con.execute(_read_sql(family, files, encoding)).fetchone()[0], f"typed/{encoding}"
        except duckdb.Error:
            continue
    # DuckDB's latin-1 refuses the bytes 0x80-0x9F that Windows-1252 uses (euro sign, curly quotes): transcode
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        utf8 = []
        for i, path in enumerate(files):
            target = Path(tmp) / f"{i}.csv"
            target.write_text(path.read_bytes().decode("cp1252", errors="replace"), encoding="utf-8")
            utf8.append(target)
        try:
            return con.execute(_read_sql(family, utf8, "utf-8")).fetchone()[0], "typed/cp1252-transcoded"
        except duckdb.Error:
            pass
        total = 0
        for path in utf8:  # a re-saved file that does not fit the contract's layout: count it untyped
            total += con.execute(f"select count(*) from read_csv('{path}', all_varchar = true)").fetchone()[0]
        return total, "untyped/cp1252-transcoded"


def floor_scan(raw_dir: Path) -> dict[str, Any]:
    """Read every delivered file once; rows and bytes per family, and the seconds the whole scan took."""
    from dagster_project.contracts import FAMILY_BY_NAME

    start = time.perf_counter()
    con = connect()
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
