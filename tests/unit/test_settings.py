"""One configuration route: ``Settings`` reads the environment, DuckDB limits reach every connection and dbt,
and the Dagster instance limits only the warehouse build pool."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from dagster_project.duckdb_connect import connect
from dagster_project.resources import PassendSettings
from dagster_project.settings import REPO_ROOT, Settings, SettingsError


def _settings(tmp_path: Path, **kw) -> Settings:
    return Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "wh", **kw)


def test_defaults_leave_room_on_the_shared_machine() -> None:
    s = Settings.from_env({})
    assert s.raw_dir == (REPO_ROOT / "data" / "raw").resolve()
    assert s.warehouse_dir == (REPO_ROOT / "data" / "warehouse").resolve()
    assert s.mask_threshold == 5
    # the nightly job must fit 4 GB: DuckDB's share is 3 GB, the rest is for Python
    assert (s.duckdb_memory_limit, s.duckdb_threads) == ("3GB", 2)
    assert s.duckdb_temp_dir == s.warehouse_dir / "build" / "duckdb_tmp"


def test_environment_values_are_read_and_round_trip(tmp_path: Path) -> None:
    env = {"PASSEND_RAW": str(tmp_path / "r"), "PASSEND_WAREHOUSE": str(tmp_path / "w"),
           "PASSEND_MASK_THRESHOLD": "7", "PASSEND_DUCKDB_MEMORY_LIMIT": "512MiB", "PASSEND_DUCKDB_THREADS": "1",
           "PASSEND_EXPORT_WORKERS": "1", "PASSEND_FULL_REFRESH": "0", "PASSEND_INGEST_WORKERS": "3",
           "PASSEND_PSEUDONYM_VERSION": "hmac-sha256", "PASSEND_INGEST_BATCH_ROWS": "5000"}
    s = Settings.from_env(env)
    assert (s.raw_dir, s.warehouse_dir) == (tmp_path / "r", tmp_path / "w")
    assert (s.mask_threshold, s.duckdb_memory_limit, s.duckdb_threads) == (7, "512MiB", 1)
    assert (s.ingest_workers, s.pseudonym_version, s.ingest_batch_rows) == (3, "hmac-sha256", 5000)
    assert s.env() == env
    assert Settings.from_env(s.env()) == s
    # dbt gets the same values plus the derived paths it needs
    dbt = s.dbt_env()
    assert dbt["PASSEND_DUCKDB_MEMORY_LIMIT"] == "512MiB" and dbt["PASSEND_DUCKDB_THREADS"] == "1"
    assert "PASSEND_MASK_THRESHOLD" not in dbt and s.dbt_vars() == {"mask_threshold": 7}  # a dbt var, not the env
    assert dbt["PASSEND_DUCKDB_TEMP_DIRECTORY"] == str(tmp_path / "w" / "build" / "duckdb_tmp")
    assert dbt["PASSEND_BUILD_DB"] == str(tmp_path / "w" / "build" / "passend.duckdb")


@pytest.mark.parametrize(("name", "value"), [
    ("PASSEND_MASK_THRESHOLD", "five"),
    ("PASSEND_MASK_THRESHOLD", "0"),
    ("PASSEND_DUCKDB_THREADS", "0"),
    ("PASSEND_DUCKDB_THREADS", "2.5"),
    ("PASSEND_DUCKDB_MEMORY_LIMIT", "lots"),
    ("PASSEND_DUCKDB_MEMORY_LIMIT", "3"),
    ("PASSEND_INGEST_WORKERS", "0"),
    ("PASSEND_INGEST_BATCH_ROWS", "0"),
    ("PASSEND_PSEUDONYM_VERSION", "sha1"),
])
def test_a_bad_value_is_refused_naming_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_the_resource_overrides_field_by_field_and_round_trips(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PASSEND_DUCKDB_MEMORY_LIMIT", "2GB")
    monkeypatch.setenv("PASSEND_MASK_THRESHOLD", "6")
    got = PassendSettings(warehouse_dir=str(tmp_path / "wh"), duckdb_threads=1).get()
    assert got.warehouse_dir == tmp_path / "wh"
    assert (got.duckdb_threads, got.duckdb_memory_limit, got.mask_threshold) == (1, "2GB", 6)  # env fills the rest
    s = _settings(tmp_path, mask_threshold=9, duckdb_memory_limit="1GB", duckdb_threads=1)
    assert PassendSettings(**PassendSettings.config_of(s)).get() == s


def test_connect_applies_the_limits_in_memory_and_read_only(tmp_path: Path) -> None:
    s = _settings(tmp_path, duckdb_memory_limit="1GiB", duckdb_threads=1)
    query = "select current_setting('memory_limit'), current_setting('threads'), current_setting('temp_directory')"
    with connect(settings=s) as con:
        # DuckDB reports 1 GiB = 1024^3 bytes as '1.0 GiB'
        assert con.execute(query).fetchone() == ("1.0 GiB", 1, str(tmp_path / "wh" / "build" / "duckdb_tmp"))
    assert s.duckdb_temp_dir.is_dir()
    db = tmp_path / "x.duckdb"
    duckdb.connect(str(db)).close()
    other = duckdb.connect(str(db), read_only=True)  # a plain connection already open on the same file (e.g. a test)
    try:
        with connect(db, read_only=True, settings=dataclasses.replace(s, duckdb_memory_limit="2GiB")) as con:
            assert con.execute(query).fetchone()[:2] == ("2.0 GiB", 1)
    finally:
        other.close()


def test_no_duckdb_connection_bypasses_the_helper() -> None:
    offenders = []
    for root in ("dagster_project", "benchmarks"):
        for path in sorted((REPO_ROOT / root).rglob("*.py")):
            if path.name == "duckdb_connect.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if "duckdb.connect(" in line and not line.lstrip().startswith(("#", "``")):
                    offenders.append(f"{path.relative_to(REPO_ROOT)}:{n}")
    assert not offenders, "use dagster_project.duckdb_connect.connect: " + ", ".join(offenders)


def test_only_settings_reads_the_project_environment() -> None:
    offenders = []
    for root in ("dagster_project", "benchmarks"):
        for path in sorted((REPO_ROOT / root).rglob("*.py")):
            if path.name == "settings.py":
                continue
            text = path.read_text(encoding="utf-8")
            for name in ("PASSEND_MASK_THRESHOLD", "PASSEND_DUCKDB_MEMORY_LIMIT", "PASSEND_DUCKDB_THREADS"):
                for pattern in (f'environ.get("{name}"', f'getenv("{name}"', f'environ["{name}"]'):
                    if pattern in text:
                        offenders.append(f"{path.relative_to(REPO_ROOT)}: {pattern}")
    assert not offenders, offenders


@pytest.mark.slow
def test_the_limits_reach_dbt(tmp_path: Path) -> None:
    from dagster_project.dbt_runner import run_dbt

    s = _settings(tmp_path, duckdb_memory_limit="1GiB", duckdb_threads=1)
    sql = "select current_setting('memory_limit') as m, current_setting('threads') as t, " \
          "current_setting('temp_directory') as d"
    result = run_dbt(["show", "--inline", sql], s, target_path=tmp_path / "dbt_target")
    row = tuple(result.result.results[0].agate_table.rows[0])
    assert row == ("1.0 GiB", 1, str(s.duckdb_temp_dir))


@pytest.mark.slow
def test_dbt_keeps_running_after_a_node_spilled(tmp_path: Path) -> None:
    """Regression: at national scale the first node to spill under ``memory_limit`` broke every later node.

    dbt-duckdb applies the profile's ``settings`` on each node's new cursor, and DuckDB refuses to set
    ``temp_directory`` again once something has spilled ("Cannot switch temporary directory after the current one has
    been used"). A throwaway dbt project on the project's own profile: under a 30 MB limit, model ``spills`` groups
    3,000,017 distinct keys (about 100 MB of state, so it must spill); ``after`` is a second node, run after it on a
    fresh cursor. Both must succeed. (DuckDB removes the spill folder it made when the database closes.)
    """
    from dbt.cli.main import dbtRunner

    from dagster_project.dbt_runner import dbt_environment, release_dbt_duckdb
    from dagster_project.settings import DBT_PROJECT_DIR

    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: spill_check\nversion: '1.0.0'\nconfig-version: 2\nprofile: passend\n"
                                               "models:\n  spill_check:\n    +materialized: table\n")
    (project / "models" / "spills.sql").write_text(
        "select k, count(*) as n from (select range % 3000017 as k from range(6000000)) group by k")
    (project / "models" / "after.sql").write_text("select count(*) as keys from {{ ref('spills') }}")
    s = _settings(tmp_path, duckdb_memory_limit="30MB", duckdb_threads=1)
    s.build_dir.mkdir(parents=True)
    with dbt_environment(s):
        try:
            result = dbtRunner().invoke(["run", "--project-dir", str(project), "--profiles-dir", str(DBT_PROJECT_DIR),
                                         "--target-path", str(tmp_path / "target")])
        finally:
            release_dbt_duckdb()
    assert result.success, result.exception
    statuses = {r.node.name: str(r.status) for r in result.result.results}
    assert statuses == {"spills": "success", "after": "success"}, [r.message for r in result.result.results]
    with duckdb.connect(str(s.build_db), read_only=True) as con:
        assert con.execute("select keys from after").fetchone() == (3000017,)


def test_a_second_connection_after_a_spill_opens(tmp_path: Path) -> None:
    """The same rule for the project's own connections: a second ``connect()`` to a file whose database instance has
    already spilled (30 MB limit, 3,000,017 group keys) must not set the spill folder again."""
    s = _settings(tmp_path, duckdb_memory_limit="30MB", duckdb_threads=1)
    db = tmp_path / "x.duckdb"
    with connect(db, settings=s) as first:
        assert first.execute("select count(*) from (select range % 3000017 as k, count(*) from range(6000000) "
                             "group by k)").fetchone() == (3000017,)
        with connect(db, settings=s) as second:
            assert second.execute("select current_setting('temp_directory')").fetchone() == (str(s.duckdb_temp_dir),)


def test_dagster_home_limits_only_the_warehouse_build_pool(tmp_path: Path) -> None:
    from dagster import DagsterInstance

    from dagster_project.cli import ensure_dagster_home
    from dagster_project.resources import BUILD_DB_POOL

    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("concurrency:\n  pools:\n    default_limit: 1\n")  # what older homes held
    ensure_dagster_home(home)
    ensure_dagster_home(home)  # idempotent
    assert "default_limit" not in (home / "dagster.yaml").read_text()
    with DagsterInstance.from_config(str(home)) as instance:
        assert instance.get_concurrency_config().pool_config.default_pool_limit is None  # other pools: no limit
        assert instance.event_log_storage.get_concurrency_keys() == {BUILD_DB_POOL}
        assert instance.event_log_storage.get_concurrency_info(BUILD_DB_POOL).slot_count == 1
