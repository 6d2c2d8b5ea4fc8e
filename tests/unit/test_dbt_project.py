"""The dbt manifest is prepared one way: ``prepare_manifest`` parses only a missing or stale manifest, staleness is
told from a hash of the project's files (no dbt), and a dbt build refuses a manifest the project has moved past."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dagster_project import dbt_project, dbt_runner


@pytest.fixture()
def calls() -> list[list[str]]:
    """The dbt commands the preparer ran (recorded by the fake ``run_dbt`` of ``project``)."""
    return []


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[list[str]]) -> Path:
    """A small dbt project folder with its own target/, and a ``run_dbt`` that only records its calls."""
    root = tmp_path / "dbt"
    (root / "models" / "staging").mkdir(parents=True)
    (root / "macros").mkdir()
    (root / "dbt_project.yml").write_text("name: passend\n")
    (root / "models" / "staging" / "stg_a.sql").write_text("select 1 as a\n")
    (root / "macros" / "m.sql").write_text("{% macro m() %}1{% endmacro %}\n")
    manifest = root / "target" / "manifest.json"
    monkeypatch.setattr(dbt_project, "DBT_PROJECT_DIR", root)
    monkeypatch.setattr(dbt_project, "MANIFEST_PATH", manifest)
    monkeypatch.setattr(dbt_project, "FINGERPRINT_PATH", manifest.with_name("manifest.fingerprint"))
    def fake_run_dbt(args, settings, **kw):
        calls.append(list(args))
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text('{"nodes": {}}')

    monkeypatch.setattr(dbt_runner, "run_dbt", fake_run_dbt)
    return root


def test_fingerprint_follows_every_parsed_file_and_nothing_else(project: Path) -> None:
    before = dbt_project.project_fingerprint()
    assert dbt_project.project_fingerprint() == before  # deterministic
    (project / "target" / "run_results.json").parent.mkdir(parents=True)
    (project / "target" / "run_results.json").write_text("{}")  # dbt's output is not input
    (project / "logs").mkdir()
    (project / "logs" / "dbt.log").write_text("x")
    assert dbt_project.project_fingerprint() == before
    (project / "models" / "staging" / "stg_a.sql").write_text("select 2 as a\n")  # an edit
    edited = dbt_project.project_fingerprint()
    assert edited != before
    (project / "models" / "staging" / "stg_b.sql").write_text("select 1 as b\n")  # a new model
    added = dbt_project.project_fingerprint()
    assert added not in {before, edited}
    shutil.move(project / "models" / "staging" / "stg_b.sql", project / "models" / "stg_b.sql")  # a move
    assert dbt_project.project_fingerprint() not in {before, edited, added}


def test_prepare_parses_only_a_missing_or_stale_manifest(project: Path, calls: list[list[str]]) -> None:
    assert not dbt_project.manifest_is_fresh()
    assert dbt_project.prepare_manifest() is True  # missing: parse
    assert calls == [["parse", "--quiet"]]
    assert dbt_project.manifest_is_fresh()
    assert dbt_project.prepare_manifest() is False  # fresh: no dbt at all
    assert len(calls) == 1
    (project / "macros" / "m.sql").write_text("{% macro m() %}2{% endmacro %}\n")
    assert not dbt_project.manifest_is_fresh()
    with pytest.raises(dbt_project.ManifestNotReadyError, match="make manifest"):
        dbt_project.require_fresh_manifest()
    assert dbt_project.prepare_manifest() is True  # stale: parse again
    assert dbt_project.prepare_manifest(force=True) is True
    assert len(calls) == 3
    dbt_project.require_fresh_manifest()


def test_a_manifest_without_its_fingerprint_counts_as_stale(project: Path) -> None:
    dbt_project.MANIFEST_PATH.parent.mkdir(parents=True)
    dbt_project.MANIFEST_PATH.write_text('{"nodes": {}}')  # e.g. written by a bare `dbt parse`
    assert not dbt_project.manifest_is_fresh()
    assert dbt_project.prepare_manifest() is True


def test_nothing_but_the_preparer_runs_dbt_parse() -> None:
    from dagster_project.settings import REPO_ROOT

    offenders = []
    for root in ("dagster_project", "benchmarks"):
        for path in sorted((REPO_ROOT / root).rglob("*.py")):
            if path.name == "dbt_project.py":
                continue
            text = path.read_text(encoding="utf-8")
            if '["parse"' in text or "['parse'" in text:
                offenders.append(str(path.relative_to(REPO_ROOT)))
    assert not offenders, offenders


def test_the_dbt_build_refuses_a_stale_manifest_without_running_dbt(tmp_path: Path, monkeypatch) -> None:
    from dagster import materialize
    from dagster_dbt import DbtCliResource

    from dagster_project.definitions import dbt_warehouse
    from dagster_project.resources import PassendSettings, dbt_executable

    if not dbt_project.manifest_is_fresh():
        pytest.skip("needs the prepared manifest (make manifest)")
    monkeypatch.setattr(dbt_project, "FINGERPRINT_PATH", tmp_path / "manifest.fingerprint")
    (tmp_path / "manifest.fingerprint").write_text("a project that has changed since\n")
    invoked: list[list[str]] = []

    class RecordingDbt(DbtCliResource):
        def cli(self, args, **kwargs):  # type: ignore[override]
            invoked.append(list(args))
            raise AssertionError("dbt must not run")

    result = materialize([dbt_warehouse], raise_on_error=False, resources={
        "dbt": RecordingDbt(project_dir=str(dbt_project.DBT_PROJECT_DIR), dbt_executable=dbt_executable()),
        "passend": PassendSettings(raw_dir=str(tmp_path / "raw"), warehouse_dir=str(tmp_path / "wh")),
    })
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "run `make manifest`" in str(failure.step_failure_data.user_failure_data.description)
    assert invoked == []  # no dbt parse, no dbt build
    assert not (tmp_path / "wh" / "build" / "passend.duckdb").exists()
