"""Fixtures of the golden tests: the golden data sets landed and built into warehouses with dbt.

Each set is built once per run: the test modules that read one are an xdist group, so one worker builds it. Cost:
one dbt parse and build per set (hand-made inputs with hand-worked expected values: they cannot read the shared
tiny warehouse, and two sets cannot share a build without changing each other's expected values).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dagster_project.settings import Settings
from tests.golden import golden_data
from tests.support.landing import write_landing
from tests.support.warehouse import build_then_test

INDICATORS = "path:models/marts/indicators"


def golden_tables(without_onderwijssoort: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    """Every landing table of the golden set, with the file-name part ``bestand_datum`` a delivery would carry.

    ``without_onderwijssoort`` leaves the BRON enrolments of those onderwijssoorten out (a variant of the set).
    """
    tables: dict[str, list[dict]] = {"bron_inschrijvingen": [{**r, "bestand_datum": r["teldatum"]}
                                                             for r in golden_data.bron_rows()
                                                             if r["onderwijssoort"] not in without_onderwijssoort]}
    for family, rows in golden_data.reference_rows().items():
        tables[family] = [{**r, "bestand_datum": golden_data.REFERENTIE_DATUM} for r in rows]
    return tables


@pytest.fixture(scope="session")
def golden_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the warehouse built from the golden data set (indicator marts and their tests)."""
    con = build_golden_warehouse(tmp_path_factory.mktemp("golden"))
    yield con
    con.close()


@pytest.fixture(scope="session")
def golden_db_zonder_vso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """The golden warehouse built without any vso enrolment (V13, V14, V15 in vso, V16): no SWV has a vso pupil."""
    con = build_golden_warehouse(tmp_path_factory.mktemp("golden_zonder_vso"), golden_tables(("VSO",)))
    yield con
    con.close()


def build_golden_warehouse(tmp_path: Path, tables: dict[str, list[dict]] | None = None) -> duckdb.DuckDBPyConnection:
    """Land the golden set, build (without tests) the indicator marts and everything upstream, then ``dbt test`` the marts.

    Only the indicator marts' own tests run here (upstream models are tested by their owners' suites); a failing
    mart test raises ``DbtError`` naming the test.
    """
    settings = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "warehouse")
    settings.raw_dir.mkdir(parents=True, exist_ok=True)
    write_landing(settings.warehouse_dir, golden_tables() if tables is None else tables)
    build_then_test(settings, INDICATORS, tmp_path / "dbt_target")
    return duckdb.connect(str(settings.build_db), read_only=True)


@pytest.fixture(scope="session")
def golden_flow_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse built from the golden flow case (tests/golden/golden_flow_data.py: 30 pupils, four 1 Octobers).

    Builds the indicator marts and the flow model int_leerling_stroom with everything upstream, then ``dbt test``s
    both (the flow model's tests include its flow balance).
    """
    from dagster_project.dbt_runner import run_dbt
    from tests.golden import golden_flow_data

    tmp_path = tmp_path_factory.mktemp("golden_flow")
    settings = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "warehouse")
    settings.raw_dir.mkdir(parents=True, exist_ok=True)
    write_landing(settings.warehouse_dir, golden_flow_data.landing_tables())
    target = tmp_path / "dbt_target"
    run_dbt(["build", "--quiet", "--select", f"+{INDICATORS}", "+int_leerling_stroom",
             "--exclude-resource-type", "test"], settings, target_path=target)
    run_dbt(["test", "--quiet", "--select", INDICATORS, "int_leerling_stroom"], settings, target_path=target)
    con = duckdb.connect(str(settings.build_db), read_only=True)
    yield con
    con.close()
