"""Atomic publication: swap the checked build warehouse and its exports onto the published paths.

Protocol (every step a single ``rename`` on one filesystem, so a kill leaves a recoverable state):

1. the run has built ``WAREHOUSE/build/passend.duckdb`` and ``WAREHOUSE/build/exports/`` and every blocking check
   passed; ``publish`` writes the journal ``WAREHOUSE/.publish.json`` (atomic write) that says so;
2. ``exports/`` is renamed aside to ``exports.old/``;
3. ``build/exports/`` is renamed onto ``exports/``;
4. ``build/passend.duckdb`` is copied to ``.passend.duckdb.tmp`` (fsync), which is ``os.replace``-d onto
   ``passend.duckdb`` (readers keep the old inode open);
5. the journal is removed, then ``exports.old/`` is deleted.

The build file is copied, not moved: it stays in ``build/`` as the state the next run builds on incrementally (the
pupil-level models compute only the teldata whose inputs changed). The published file is never written in place, so
the next run's changes to the build file never reach analysts before that run's checks passed.

A run killed before step 1 never touched the published files. A run killed after step 1 left a journal: the next
run's ``recover`` rolls the swap *forward* (the build was complete and checked), so analysts never see a warehouse
from one run next to exports from another for longer than the gap between two runs.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dagster_project.duckdb_connect import connect
from dagster_project.settings import Settings


class PublicationError(RuntimeError):
    """The build is incomplete, so nothing was published."""


@dataclass(frozen=True)
class PublishResult:
    """Where the published warehouse and exports are after a swap."""

    published_db: Path
    exports_dir: Path
    recovered: bool


def journal_path(settings: Settings) -> Path:
    return settings.warehouse_dir / ".publish.json"


def old_exports_dir(settings: Settings) -> Path:
    return settings.warehouse_dir / "exports.old"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_journal(settings: Settings, run_id: str) -> None:
    path = journal_path(settings)
    tmp = path.with_suffix(".json.tmp")
    payload = {"state": "swapping", "run_id": run_id, "started_at": datetime.now(UTC).isoformat()}
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _checkpoint(db_path: Path) -> None:
    """Fold a pending write-ahead log into the build file, so the renamed file is self-contained."""
    con = connect(str(db_path))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        raise PublicationError(f"{wal} still exists after CHECKPOINT; is another process writing the build file?")


def _copy_published(build_db: Path, published_db: Path) -> None:
    """Copy the build file beside the published one, flush it, then rename it over the published file."""
    tmp = published_db.with_name(f".{published_db.name}.tmp")
    shutil.copyfile(build_db, tmp)  # copy_file_range/sendfile: in-kernel, a reflink where the filesystem has them
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, published_db)


def _swap_steps(settings: Settings) -> None:
    """Steps 2-5 of the protocol; each is skipped when an earlier (killed) attempt already did it."""
    exports, old, build_exports = settings.exports_dir, old_exports_dir(settings), settings.build_exports_dir
    if build_exports.exists():
        if exports.exists():
            if old.exists():  # leftover of an earlier, finished swap
                shutil.rmtree(old)
            os.rename(exports, old)  # step 2
        os.rename(build_exports, exports)  # step 3
    if settings.build_db.exists():
        _copy_published(settings.build_db, settings.published_db)  # step 4
    _fsync_dir(settings.warehouse_dir)
    journal_path(settings).unlink(missing_ok=True)  # step 5
    _fsync_dir(settings.warehouse_dir)
    if old.exists():
        shutil.rmtree(old)


def recover(settings: Settings) -> bool:
    """Finish a swap a killed run left half done; returns True when there was one to finish.

    Without a journal nothing was swapped yet, so only leftovers that are never read (``exports.old``) are removed.
    """
    if journal_path(settings).exists():
        _swap_steps(settings)
        return True
    old = old_exports_dir(settings)
    if old.exists() and settings.exports_dir.exists():
        shutil.rmtree(old)
    elif old.exists():  # cannot happen without a journal; restore rather than lose the last exports
        os.rename(old, settings.exports_dir)
    return False


def publish(settings: Settings, *, run_id: str = "manual") -> PublishResult:
    """Atomically replace the published warehouse and exports by the (checked) build.

    Call only after every blocking check passed on ``settings.build_db``.
    """
    recovered = recover(settings)
    if not settings.build_db.exists():
        raise PublicationError(f"nothing to publish: {settings.build_db} does not exist")
    if not settings.build_exports_dir.is_dir():
        raise PublicationError(f"nothing to publish: {settings.build_exports_dir} does not exist")
    _checkpoint(settings.build_db)
    _write_journal(settings, run_id)  # step 1: from here on the swap is rolled forward
    _swap_steps(settings)
    return PublishResult(settings.published_db, settings.exports_dir, recovered)
