"""The RAW sensor starts nightly for new, changed (sha256) and removed files, and stays quiet otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from dagster import RunRequest, build_sensor_context

from dagster_project.automation import changed_files, raw_files, scan_raw
from dagster_project.definitions import defs


def _tick(cursor: str | None) -> tuple[object, str | None]:
    sensor = defs.resolve_sensor_def("raw_deliveries_sensor")
    context = build_sensor_context(cursor=cursor)
    result = sensor.evaluate_tick(context)
    request = result.run_requests[0] if result.run_requests else None
    return (request or result.skip_message), result.cursor


def test_sensor_fires_on_new_and_changed_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "README.md").write_text("not a delivery")
    monkeypatch.setenv("PASSEND_RAW", str(raw))

    outcome, cursor = _tick(None)
    assert isinstance(outcome, str) and "no new or changed file" in outcome  # README is not a delivery

    (raw / "swv_register_20240101.csv").write_text("SWV_CODE;SWV_NAAM;SECTOR\nPO2401;a;PO\n")
    outcome, cursor = _tick(cursor)
    assert isinstance(outcome, RunRequest)
    first_key = outcome.run_key

    outcome, cursor = _tick(cursor)  # nothing changed
    assert isinstance(outcome, str)

    # same size, new mtime, same bytes: re-hashed, identical checksum, no run
    path = raw / "swv_register_20240101.csv"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    outcome, cursor = _tick(cursor)
    assert isinstance(outcome, str)

    path.write_text("SWV_CODE;SWV_NAAM;SECTOR\nPO2401;b;PO\n")  # same size, other content
    outcome, _ = _tick(cursor)
    assert isinstance(outcome, RunRequest) and outcome.run_key != first_key


def test_scan_and_changed_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.csv").write_text("a")
    (tmp_path / ".hidden.csv").write_text("h")
    assert [p.name for p in raw_files(tmp_path)] == ["a.csv"]
    first = scan_raw(tmp_path, {})
    # sha256("a") from the standard test vector
    assert first["sub/a.csv"][2] == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
    (tmp_path / "b.csv").write_text("b")
    (tmp_path / "sub" / "a.csv").unlink()
    second = scan_raw(tmp_path, first)
    assert changed_files(first, second) == ["b.csv", "sub/a.csv"]
    assert changed_files(second, second) == []

