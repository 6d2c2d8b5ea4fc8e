"""When a run builds on the kept build file and when it starts from nothing (``assets/dbt.py::prepare_build``)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from dagster_project.assets.dbt import (
    CHECKS_PASSED_MARKER,
    build_state,
    needs_full_refresh,
    prepare_build,
    record_build_state,
)
from dagster_project.settings import Settings, SettingsError


def _kept_build(tmp_path: Path) -> Settings:
    """A warehouse whose build file exists and whose last dbt build succeeded."""
    s = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "wh")
    s.build_dir.mkdir(parents=True)
    s.build_db.write_bytes(b"kept build")
    (s.build_dir / CHECKS_PASSED_MARKER).write_text("{}")
    (s.build_exports_dir / "swv").mkdir(parents=True)
    record_build_state(s)
    return s


def test_an_unchanged_project_builds_incrementally_on_the_kept_file(tmp_path: Path) -> None:
    s = _kept_build(tmp_path)
    assert prepare_build(s) is None
    assert s.build_db.read_bytes() == b"kept build"
    # the previous build's check markers and exports never count for this build
    assert not (s.build_dir / CHECKS_PASSED_MARKER).exists() and not s.build_exports_dir.exists()


def test_full_refresh_drops_the_build_file_and_its_state(tmp_path: Path) -> None:
    s = dataclasses.replace(_kept_build(tmp_path), full_refresh=True)
    assert "full refresh" in prepare_build(s)
    assert not s.build_db.exists() and not s.build_state_file.exists()


def test_a_changed_project_or_duckdb_rebuilds_everything(tmp_path: Path) -> None:
    s = _kept_build(tmp_path)
    recorded = build_state(s)
    s.build_state_file.write_text(json.dumps({**recorded, "dbt_project": "0" * 64}))
    assert "changed" in needs_full_refresh(s)
    s.build_state_file.write_text(json.dumps({**recorded, "duckdb": "0.0.1"}))
    assert "changed" in needs_full_refresh(s)
    assert prepare_build(s) is not None and not s.build_db.exists()


def test_a_build_without_a_recorded_success_rebuilds_everything(tmp_path: Path) -> None:
    s = _kept_build(tmp_path)
    s.build_state_file.unlink()  # a full build that failed (the state is written only when dbt build succeeds)
    assert "no record" in needs_full_refresh(s)
    s.build_db.unlink()
    assert "no build file" in needs_full_refresh(s)


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("true", True), ("YES", True), ("", False),
                                                 ("0", False), ("no", False)])
def test_full_refresh_setting_from_the_environment(value: str, expected: bool) -> None:
    s = Settings.from_env({"PASSEND_FULL_REFRESH": value})
    assert s.full_refresh is expected
    assert Settings.from_env(s.env()) == s  # the setting survives the hand-over to Dagster and dbt


def test_full_refresh_setting_refuses_other_words() -> None:
    with pytest.raises(SettingsError, match="PASSEND_FULL_REFRESH"):
        Settings.from_env({"PASSEND_FULL_REFRESH": "maybe"})
