"""Baseline (b): compiled SQL from a manifest runs in DAG order in one DuckDB connection."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from benchmarks.orchestration_free import dag_order, execute_compiled


def _node(uid: str, kind: str, sql: str, deps: list[str], materialized: str = "table", schema: str = "marts") -> dict:
    name = uid.split(".")[-1]
    return {"unique_id": uid, "resource_type": kind, "package_name": "passend", "database": "passend", "schema": schema,
            "name": name, "alias": name, "compiled_code": sql, "depends_on": {"nodes": deps},
            "config": {"materialized": materialized, "severity": "ERROR"}}


# shaped like dbt's compiled Python: the model function plus a dbtObj whose ref() calls the load function
PYTHON_MODEL = """
def model(dbt, session):
    return dbt.ref("mart_totaal").filter("n > 1").project("swv, n * 10 as n10")


class dbtObj:
    def __init__(self, load_df_function) -> None:
        self.ref = lambda name: load_df_function('"passend"."marts"."mart_totaal"')
"""


def _manifest(tmp_path: Path, landing: Path) -> Path:
    nodes = {
        # declared in reverse order on purpose: the runner must sort them
        "test.passend.not_null_mart_totaal_n": _node(
            "test.passend.not_null_mart_totaal_n", "test",
            'select n from "passend"."marts"."mart_totaal" where n is null', ["model.passend.mart_totaal"]),
        "test.passend.failing_positive": _node(
            "test.passend.failing_positive", "test",
            'select * from "passend"."marts"."mart_totaal" where n > 2', ["model.passend.mart_totaal"]),
        "model.passend.mart_totaal": _node(
            "model.passend.mart_totaal", "model",
            'select swv, count(*) as n from "passend"."staging"."stg_rows" group by swv', ["model.passend.stg_rows"]),
        "model.passend.pub_groot": {**_node(
            "model.passend.pub_groot", "model", PYTHON_MODEL, ["model.passend.mart_totaal"], "table", "masking"),
            "language": "python"},
        "model.passend.stg_rows": _node(
            "model.passend.stg_rows", "model", f"select * from read_parquet('{landing}')", [], "view", "staging"),
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"metadata": {"project_name": "passend"}, "nodes": nodes}))
    return path


def test_compiled_sql_builds_models_in_dag_order_and_runs_tests(tmp_path: Path) -> None:
    landing = tmp_path / "rows.parquet"
    duckdb.sql("select * from (values ('PO2401'), ('PO2401'), ('PO2401'), ('PO2402')) t(swv)").write_parquet(str(landing))
    manifest = _manifest(tmp_path, landing)
    nodes = json.loads(manifest.read_text())["nodes"]
    order = dag_order(nodes)
    assert order.index("model.passend.stg_rows") < order.index("model.passend.mart_totaal")
    assert order.index("model.passend.mart_totaal") < order.index("test.passend.failing_positive")

    db = tmp_path / "b" / "passend.duckdb"
    result = execute_compiled(manifest, db, seeds_from=None)
    assert result["models"] == 3 and result["tests"] == 2
    # PO2401 has 3 rows (> 2): exactly one failing row in the second test; the not-null test passes
    assert result["failing_tests"] == ["test.passend.failing_positive: 1"]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute('select swv, n from "passend"."marts"."mart_totaal" order by swv').fetchall() == [
        ("PO2401", 3), ("PO2402", 1)]
    # the Python model ran on the table built before it: only PO2401 has n > 1; 3 * 10 = 30
    assert con.execute('select swv, n10 from "passend"."masking"."pub_groot"').fetchall() == [("PO2401", 30)]
    kinds = dict(con.execute("select table_name, table_type from information_schema.tables").fetchall())
    assert kinds == {"stg_rows": "VIEW", "mart_totaal": "BASE TABLE", "pub_groot": "BASE TABLE"}
