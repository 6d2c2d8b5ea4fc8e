"""Atomic publication: swap, refusal of incomplete builds, and recovery after a kill between renames."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from dagster_project.release import swap
from dagster_project.settings import Settings


def _settings(tmp_path: Path) -> Settings:
    return Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "wh")


def _make_build(s: Settings, label: str) -> None:
    """A build file holding one row ``label`` and an exports folder with one file saying ``label``."""
    s.build_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(s.build_db))
    con.execute("create or replace table t as select ? as label", [label])
    con.close()
    s.build_exports_dir.mkdir(parents=True, exist_ok=True)
    (s.build_exports_dir / "mart.txt").write_text(label)


def _published_label(s: Settings) -> str:
    con = duckdb.connect(str(s.published_db), read_only=True)
    try:
        return con.execute("select label from t").fetchone()[0]
    finally:
        con.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_publication_copies_build_db_and_moves_exports(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    _make_build(s, "run1")
    result = swap.publish(s, run_id="r1")
    assert result.published_db == s.published_db
    assert _published_label(s) == "run1"
    assert (s.exports_dir / "mart.txt").read_text() == "run1"
    # the build file stays as the state the next incremental run builds on; a copy is published, not the same file
    assert s.build_db.exists() and not s.build_exports_dir.exists()
    assert s.build_db.stat().st_ino != s.published_db.stat().st_ino
    assert _digest(s.build_db) == _digest(s.published_db)
    assert not swap.journal_path(s).exists() and not swap.old_exports_dir(s).exists()
    assert not s.published_db.with_name(f".{s.published_db.name}.tmp").exists()


def test_writes_to_the_kept_build_file_never_reach_the_published_copy(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    _make_build(s, "run1")
    swap.publish(s)
    con = duckdb.connect(str(s.build_db))  # the next run builds incrementally on the kept file
    con.execute("update t set label = 'run2 in progress'")
    con.close()
    assert _published_label(s) == "run1"


def test_second_publication_replaces_warehouse_and_exports_together(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    _make_build(s, "run1")
    swap.publish(s)
    _make_build(s, "run2")
    (s.exports_dir / "stale_only_in_run1.txt").write_text("x")
    swap.publish(s)
    assert _published_label(s) == "run2"
    assert sorted(p.name for p in s.exports_dir.iterdir()) == ["mart.txt"]
    assert (s.exports_dir / "mart.txt").read_text() == "run2"


def test_incomplete_build_is_refused_and_published_state_untouched(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    _make_build(s, "run1")
    swap.publish(s)
    before = _digest(s.published_db)
    s.build_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(s.build_db))
    con.execute("create or replace table t as select 'run2' as label")
    con.close()  # no exports folder: the build is incomplete
    with pytest.raises(swap.PublicationError, match="exports"):
        swap.publish(s)
    assert _digest(s.published_db) == before
    assert (s.exports_dir / "mart.txt").read_text() == "run1"


class _Killed(BaseException):
    """Stands in for SIGKILL: nothing after it in the process runs."""


@pytest.mark.parametrize("kill_at", [1, 2, 3])
def test_kill_between_renames_is_rolled_forward_by_recover(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           kill_at: int) -> None:
    """Kill before rename 1 (exports aside), 2 (new exports in) or 3 (db replace): recover finishes the swap."""
    s = _settings(tmp_path)
    _make_build(s, "run1")
    swap.publish(s)
    _make_build(s, "run2")

    calls = {"n": 0}
    real_rename, real_replace = swap.os.rename, swap.os.replace

    def counting(real):
        def wrapped(src, dst):
            if Path(dst).name != swap.journal_path(s).name:  # the journal's own atomic write is not a swap step
                calls["n"] += 1
                if calls["n"] == kill_at:
                    raise _Killed
            return real(src, dst)
        return wrapped

    monkeypatch.setattr(swap.os, "rename", counting(real_rename))
    monkeypatch.setattr(swap.os, "replace", counting(real_replace))
    with pytest.raises(_Killed):
        swap.publish(s)
    monkeypatch.undo()

    assert swap.journal_path(s).exists()
    assert swap.recover(s) is True
    assert _published_label(s) == "run2"
    assert (s.exports_dir / "mart.txt").read_text() == "run2"
    assert not swap.journal_path(s).exists() and not swap.old_exports_dir(s).exists()


def test_kill_before_journal_leaves_published_files_byte_identical(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    s = _settings(tmp_path)
    _make_build(s, "run1")
    swap.publish(s)
    db_before, exports_before = _digest(s.published_db), (s.exports_dir / "mart.txt").read_text()
    _make_build(s, "run2")

    def killed(*_args, **_kwargs):
        raise _Killed

    monkeypatch.setattr(swap, "_write_journal", killed)
    with pytest.raises(_Killed):
        swap.publish(s)
    monkeypatch.undo()
    assert swap.recover(s) is False
    assert _digest(s.published_db) == db_before
    assert (s.exports_dir / "mart.txt").read_text() == exports_before


def test_recover_without_journal_removes_leftover_old_exports(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    _make_build(s, "run1")
    swap.publish(s)
    swap.old_exports_dir(s).mkdir()
    assert swap.recover(s) is False
    assert not swap.old_exports_dir(s).exists()
    assert (s.exports_dir / "mart.txt").read_text() == "run1"
