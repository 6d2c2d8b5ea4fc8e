"""The exports and release assets refuse a build whose publication checks did not pass (or that changed after)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
from dagster import materialize

from dagster_project.assets.checks import build_fingerprint
from dagster_project.assets.dbt import AUDIT_PASSED_MARKER, CHECKS_PASSED_MARKER, SCAN_PASSED_MARKER
from dagster_project.assets.exports import build_exports
from dagster_project.assets.release import published_warehouse
from dagster_project.release import swap
from dagster_project.resources import PassendSettings
from dagster_project.settings import Settings


def _db(path: Path, label: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("create or replace table t as select ? as label", [label])
    con.close()


def _publish_alone(s: Settings):
    return materialize([build_exports, published_warehouse], raise_on_error=False,
                       resources={"passend": PassendSettings(raw_dir=str(s.raw_dir), warehouse_dir=str(s.warehouse_dir))})


def test_unchecked_or_changed_build_is_not_published(tmp_path: Path) -> None:
    s = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "wh")
    _db(s.build_db, "published")
    s.build_exports_dir.mkdir(parents=True)
    swap.publish(s)
    before = hashlib.sha256(s.published_db.read_bytes()).hexdigest()

    _db(s.build_db, "unchecked")  # no checks_passed marker at all
    assert not _publish_alone(s).success
    assert hashlib.sha256(s.published_db.read_bytes()).hexdigest() == before

    (s.build_dir / CHECKS_PASSED_MARKER).write_text(json.dumps(build_fingerprint(s)))
    _db(s.build_db, "changed after the checks")  # the marker's size/mtime fingerprint no longer matches
    assert not _publish_alone(s).success
    assert hashlib.sha256(s.published_db.read_bytes()).hexdigest() == before


def test_build_without_a_passed_disclosure_audit_or_export_scan_is_not_published(tmp_path: Path) -> None:
    """GX checks passed on this very build, but the audit did not (then the scan did not): nothing is published."""
    s = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "wh")
    _db(s.build_db, "published")
    s.build_exports_dir.mkdir(parents=True)
    swap.publish(s)
    before = hashlib.sha256(s.published_db.read_bytes()).hexdigest()

    _db(s.build_db, "checked by GX only")
    (s.build_dir / CHECKS_PASSED_MARKER).write_text(json.dumps(build_fingerprint(s)))
    assert not (s.build_dir / AUDIT_PASSED_MARKER).exists()
    assert not _publish_alone(s).success
    assert hashlib.sha256(s.published_db.read_bytes()).hexdigest() == before

    # audit passed too, exports written, but the export scan did not pass: the release alone still refuses
    (s.build_dir / AUDIT_PASSED_MARKER).write_text(json.dumps(build_fingerprint(s)))
    s.build_exports_dir.mkdir(parents=True, exist_ok=True)
    result = materialize([published_warehouse], raise_on_error=False,
                         resources={"passend": PassendSettings(raw_dir=str(s.raw_dir), warehouse_dir=str(s.warehouse_dir))})
    assert not result.success
    assert not (s.build_dir / SCAN_PASSED_MARKER).exists()
    assert hashlib.sha256(s.published_db.read_bytes()).hexdigest() == before
