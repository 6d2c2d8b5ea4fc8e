"""Baseline (b), orchestration-free: dbt's compiled SQL executed in DAG order in one DuckDB connection."""

from __future__ import annotations

import json
import time
import types
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb

from dagster_project.duckdb_connect import connect

# dbt-duckdb materialisations this baseline reproduces; incremental models are rebuilt in full (a cold build)
_AS_VIEW = {"view"}
_AS_TABLE = {"table", "incremental", "external"}


def load_nodes(manifest_path: Path) -> dict[str, dict[str, Any]]:
    """Models, seeds and data tests of the project, from a manifest written by ``dbt compile``."""
    manifest = json.loads(manifest_path.read_text())
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] in {"model", "seed", "test"} and node.get("package_name") == manifest["metadata"].get(
            "project_name", node.get("package_name"))
    }


def dag_order(nodes: dict[str, dict[str, Any]]) -> list[str]:
    """Node ids in an order where every node comes after the nodes it depends on (as ``dbt build`` runs them)."""
    graph = {uid: [d for d in node.get("depends_on", {}).get("nodes", []) if d in nodes] for uid, node in nodes.items()}
    return list(TopologicalSorter(graph).static_order())


def _relation(node: dict[str, Any]) -> str:
    return ".".join(f'"{part}"' for part in (node["database"], node["schema"], node.get("alias") or node["name"]))


def execute_compiled(manifest_path: Path, db_path: Path, seeds_from: Path | None) -> dict[str, Any]:
    """Build every model of ``manifest_path`` into ``db_path`` and run every data test; return timings.

    Seeds are copied from the already built warehouse ``seeds_from`` (loading a few small code lists is not what
    this baseline measures); without it a seed is loaded with DuckDB's ``read_csv``. Ephemeral models are already
    inlined as CTEs in their consumers' compiled code. dbt unit tests are not run (they need dbt's fixtures).
    """
    nodes = load_nodes(manifest_path)
    order = dag_order(nodes)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.unlink(missing_ok=True)
    con = connect(str(db_path))
    con.execute("set preserve_insertion_order = false")  # as dbt/profiles.yml
    if seeds_from is not None:
        con.execute(f"attach '{seeds_from}' as built (read_only)")
    timings: list[dict[str, Any]] = []
    failing_tests: list[str] = []
    skipped: list[str] = []
    seconds = {"seed": 0.0, "model": 0.0, "test": 0.0}
    schemas: set[tuple[str, str]] = set()
    start = time.perf_counter()
    for uid in order:
        node = nodes[uid]
        kind = node["resource_type"]
        t0 = time.perf_counter()
        if kind in {"model", "seed"} and (node["database"], node["schema"]) not in schemas:
            con.execute(f'create schema if not exists "{node["database"]}"."{node["schema"]}"')
            schemas.add((node["database"], node["schema"]))
        if kind == "seed":
            _load_seed(con, node, seeds_from)
        elif kind == "model":
            materialized = node["config"].get("materialized", "table")
            sql = node.get("compiled_code") or ""
            if materialized == "ephemeral" or not sql:
                skipped.append(uid)
                continue
            verb = "view" if materialized in _AS_VIEW else "table"
            if materialized not in _AS_VIEW | _AS_TABLE:
                skipped.append(f"{uid} (materialized {materialized}, built as table)")
            if node.get("language") == "python":
                _run_python_model(con, node, sql)
            else:
                con.execute(f"create or replace {verb} {_relation(node)} as (\n{sql}\n)")
        else:
            sql = node.get("compiled_code") or ""
            if not sql:
                skipped.append(uid)
                continue
            failures = con.execute(f"select count(*) from (\n{sql}\n) as dbt_internal_test").fetchone()[0]
            if failures and node["config"].get("severity", "error").lower() == "error":
                failing_tests.append(f"{uid}: {failures}")
        elapsed = time.perf_counter() - t0
        seconds[kind] += elapsed
        timings.append({"unique_id": uid, "resource_type": kind, "seconds": round(elapsed, 4)})
    total = time.perf_counter() - start
    con.close()
    timings.sort(key=lambda t: -t["seconds"])
    return {
        "seconds": round(total, 3),
        "seconds_by_type": {k: round(v, 3) for k, v in seconds.items()},
        "models": sum(1 for n in nodes.values() if n["resource_type"] == "model"),
        "tests": sum(1 for n in nodes.values() if n["resource_type"] == "test"),
        "seeds": sum(1 for n in nodes.values() if n["resource_type"] == "seed"),
        "failing_tests": failing_tests,
        "skipped": skipped,
        "slowest": timings[:15],
    }


def _load_seed(con: duckdb.DuckDBPyConnection, node: dict[str, Any], seeds_from: Path | None) -> None:
    rel = _relation(node)
    if seeds_from is not None:
        found = con.execute(
            "select count(*) from duckdb_tables() where database_name = 'built' and schema_name = ? and table_name = ?",
            [node["schema"], node.get("alias") or node["name"]],
        ).fetchone()[0]
        if found:
            con.execute(f'create or replace table {rel} as select * from built."{node["schema"]}".'
                        f'"{node.get("alias") or node["name"]}"')
            return
    path = Path(node["root_path"]) / node["original_file_path"]
    con.execute(f"create or replace table {rel} as select * from read_csv('{path}', header = true)")


def _run_python_model(con: duckdb.DuckDBPyConnection, node: dict[str, Any], compiled_code: str) -> None:
    """A dbt Python model as dbt-duckdb runs it: load the compiled module, ``model(dbt, session)``, store the result.

    dbt's compiled Python holds the model function plus a ``dbtObj`` class whose ``ref``/``source`` call the load
    function given to it; dbt-duckdb passes ``con.query("select * from <relation>")`` and the connection as session.
    """
    module = types.ModuleType(f"bench_python_model_{node['name']}")
    exec(compile(compiled_code, f"<{node['unique_id']}>", "exec"), module.__dict__)
    cur = con.cursor()  # as dbt-duckdb: a fresh cursor, no unfinished result of an earlier statement
    try:
        dbt = module.dbtObj(lambda relation: cur.query(f"select * from {relation}"))
        df = module.model(dbt, cur)
        name = f"__bench_python_model_{node['name']}"
        cur.register(name, df)
        cur.execute(f"create or replace table {_relation(node)} as select * from {name}")
        cur.unregister(name)
    finally:
        cur.close()
