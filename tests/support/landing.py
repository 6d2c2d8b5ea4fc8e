"""Build landing parquet from small readable fixtures and run dbt on it: the shared helper of the dbt tests.

Usage (see docs/model-contracts.md, "Testing dbt models")::

    con = build_warehouse(tmp_path, {"bron_inschrijvingen": rows_from_text(BRON), "ref_swv": [...]},
                          select=["path:seeds", "path:models/staging", "path:models/intermediate"])
    con.execute("select * from intermediate.int_leerling_teldatum").fetchall()

Rows use the *landing* column names of ``dagster_project/contracts``; columns left out are null, except
required columns absent from every row of a table: booleans become False, coded columns their first code. File-name
parts (``bestand_swv_code``, ``bestand_datum``, ...) go in the rows too: rows with the same parts land in one
parquet file, as ingest would write one file per delivered file. Load metadata is added here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from dagster_project.contracts import FAMILIES, FAMILY_BY_NAME, FILENAME_COLUMNS
from dagster_project.dbt_runner import run_dbt
from dagster_project.ingest.schema import landing_schema
from dagster_project.settings import Settings

Row = Mapping[str, Any]
# selection that builds everything up to the reconciliation marts (not the indicator marts / publish layer)
POPULATION_SELECT = ("path:seeds", "path:models/staging", "path:models/intermediate", "path:models/marts/reconciliation",
                     "path:tests")
_LOADED_AT = dt.datetime(2026, 1, 1, 12, 0, 0)
_FILENAME_PART_COLUMNS = tuple(FILENAME_COLUMNS.values())


def rows_from_text(text: str, sep: str = ";") -> list[dict[str, str | None]]:
    """Rows of a readable fixture table: first line = landing column names, ``sep``-separated; empty = null.

    Blank lines and lines starting with ``#`` are ignored; values are stripped.
    """
    lines = [ln for ln in text.strip().splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    header = [h.strip() for h in lines[0].split(sep)]
    rows = []
    for ln in lines[1:]:
        values = [v.strip() for v in ln.split(sep)]
        if len(values) != len(header):
            raise ValueError(f"fixture row has {len(values)} values, header has {len(header)}: {ln!r}")
        rows.append({h: (v if v != "" else None) for h, v in zip(header, values, strict=True)})
    return rows


def _convert(value: Any, dtype: pl.DataType) -> Any:
    """A fixture value (often text) as the python value of the landing dtype."""
    if value is None:
        return None
    if dtype == pl.Date():
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if dtype == pl.Int64():
        return int(value)
    if dtype == pl.Float64():
        return float(str(value).replace(",", "."))
    if dtype == pl.Boolean():
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"j", "ja", "1", "true", "t", "y"}
    if isinstance(dtype, pl.Datetime):
        return value
    return str(value)


def _absent_defaults(family: str, given: set[str]) -> dict[str, Any]:
    """Values for required columns a fixture leaves out entirely: booleans False, coded columns their first code."""
    defaults: dict[str, Any] = {}
    for col in FAMILY_BY_NAME[family].columns:
        if col.landing in given or col.nullable:
            continue
        if col.kind == "bool":
            defaults[col.landing] = False
        elif col.code_list:
            defaults[col.landing] = col.code_list[0]
    return defaults


def landing_frame(family: str, rows: Sequence[Row], source_file: str) -> pl.DataFrame:
    """A landing DataFrame of ``family`` with every contract column (nulls where the rows have none) + metadata."""
    schema = landing_schema(FAMILY_BY_NAME[family])
    given = {k for r in rows for k in r}
    unknown = given - set(schema)
    if unknown:
        raise KeyError(f"{family}: columns not in the landing contract: {sorted(unknown)}")
    defaults = _absent_defaults(family, given)
    data: dict[str, list[Any]] = {}
    for name, dtype in schema.items():
        if name == "_source_file":
            data[name] = [source_file] * len(rows)
        elif name == "_source_sha256":
            data[name] = [hashlib.sha256(source_file.encode()).hexdigest()] * len(rows)
        elif name == "_source_row":
            data[name] = list(range(2, len(rows) + 2))
        elif name == "_loaded_at":
            data[name] = [_LOADED_AT] * len(rows)
        else:
            data[name] = [_convert(r.get(name, defaults.get(name)), dtype) for r in rows]
    return pl.DataFrame(data, schema=schema)


def write_landing(warehouse_dir: Path, tables: Mapping[str, Iterable[Row]]) -> Path:
    """Write landing parquet under ``warehouse_dir/landing``; every family gets a zero-row ``_schema.parquet``."""
    landing = warehouse_dir / "landing"
    for fam in FAMILIES:
        folder = landing / fam.name
        folder.mkdir(parents=True, exist_ok=True)
        pl.DataFrame(schema=landing_schema(fam)).write_parquet(folder / "_schema.parquet")
    for family, rows in tables.items():
        rows = list(rows)
        files: dict[tuple, list[Row]] = {}
        for r in rows:
            files.setdefault(tuple(str(r.get(c)) for c in _FILENAME_PART_COLUMNS), []).append(r)
        for i, (parts, file_rows) in enumerate(sorted(files.items())):
            stem = "_".join([family, *(p for p in parts if p != "None")]) + f"_{i}"
            frame = landing_frame(family, file_rows, source_file=f"{family}/{stem}.csv")
            frame.write_parquet(landing / family / f"{stem}.parquet")
    return landing


def build_warehouse(
    tmp_path: Path,
    tables: Mapping[str, Iterable[Row]],
    *,
    select: Sequence[str] | None = POPULATION_SELECT,
    exclude: Sequence[str] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Land ``tables`` in a tmp WAREHOUSE, run ``dbt build`` (own target path) and open the build file read-only.

    ``select=None`` builds the whole project. Raises ``DbtError`` when a model or an error-severity test fails.
    """
    settings = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "warehouse")
    settings.raw_dir.mkdir(parents=True, exist_ok=True)
    write_landing(settings.warehouse_dir, tables)
    args = ["build", "--quiet"]
    if select:
        # cautious: only tests whose parents are all selected (a seed's relationship tests to unbuilt marts stay out)
        args += ["--select", *select, "--indirect-selection", "cautious"]
    if exclude:
        args += ["--exclude", *exclude]
    run_dbt(args, settings, target_path=tmp_path / "dbt_target")  # releases dbt-duckdb's database itself
    return duckdb.connect(str(settings.build_db), read_only=True)
