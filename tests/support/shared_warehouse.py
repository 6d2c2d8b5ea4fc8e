"""The tiny warehouse the tests share: generated, ingested, built, checked and published once per test run.

One ``nightly`` run (the job ``make run`` executes) on the synthetic ``tiny`` set (seed ``TINY_SEED``) writes a
complete warehouse: raw deliveries, landing parquet, the published DuckDB file (every schema: staging views,
intermediate, marts, masking) and the published exports. Every test that only reads such a warehouse reads this one.

How it is shared across pytest-xdist workers: the warehouse lives in the test run's own temporary folder (the parent
of every worker's ``basetemp``), so it is rebuilt from the current code on every run and never outlives it. The first
process to take the file lock builds it, the others wait for the lock and read what it wrote; a ``built.json`` record
beside it marks a complete build, a ``failed.txt`` in it a failed one (every waiting test then fails with that message instead of
building again). To hide the build behind other tests, the first worker starts the build in a background process
as soon as it has collected a test that needs it (``start_background_build``); a test that needs it sooner waits for
the lock like any other reader.

Read-only by contract: tests open the DuckDB file with ``read_only=True`` and never write into the folder. A test
that must change a warehouse (a second run, a corrupted build) takes its own copy with ``copy_warehouse`` (a file
copy, seconds, not a rebuild). ``tests/conftest.py`` checks at the end of the run that no file of the shared
warehouse changed, appeared or disappeared (``tree_state``), and fails the run if one did.

``python -m tests.support.shared_warehouse <folder>`` builds the warehouse into ``<folder>`` (the background process).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagster_project.settings import REPO_ROOT, Settings

TINY_SEED = 11
PSEUDONYM_KEY = "e2e-test-key-not-secret"  # the tests' key: never a real one
FOLDER = "tiny_warehouse"
_BUILT = "built.json"
_FAILED = "failed.txt"
# variables run_pipeline sets from its Settings; the helper restores them so one test's run does not leak into another
_RUN_ENV = ("PASSEND_RAW", "PASSEND_WAREHOUSE", "PASSEND_MASK_THRESHOLD", "PASSEND_DUCKDB_MEMORY_LIMIT",
            "PASSEND_DUCKDB_THREADS", "PASSEND_EXPORT_WORKERS")


class SharedWarehouseError(RuntimeError):
    """The shared tiny warehouse could not be built; the message holds the build's own error."""


@dataclass(frozen=True)
class SharedWarehouse:
    """Where the shared tiny warehouse is, and what its nightly run reported (``run_id``, ``build_seconds``)."""

    root: Path
    run_id: str
    build_seconds: float

    @property
    def settings(self) -> Settings:
        """The settings of the run that built it: ``raw_dir`` and ``warehouse_dir`` (read them, never write)."""
        return Settings(raw_dir=self.root / "raw", warehouse_dir=self.root / "warehouse")

    @property
    def raw_dir(self) -> Path:
        return self.settings.raw_dir

    @property
    def published_db(self) -> Path:
        return self.settings.published_db

    @property
    def exports_dir(self) -> Path:
        return self.settings.exports_dir


def run_nightly(raw: Path, warehouse: Path, asset_selection: Sequence[Any] | None = None, *, seed: int = TINY_SEED,
                **settings: Any):
    """Execute the ``nightly`` job (or a part: ``asset_selection``) in-process on ``raw`` → ``warehouse``.

    The test pseudonym key is set, and the environment variables the run sets are restored afterwards. Extra keyword
    arguments are ``Settings`` fields (e.g. ``mask_threshold=8``). Returns the ``RunOutcome``.
    """
    from dagster_project.cli import run_pipeline

    run_settings = Settings(raw_dir=raw, warehouse_dir=warehouse, **settings)
    saved = {name: os.environ.get(name) for name in (*_RUN_ENV, "PASSEND_PSEUDONYM_KEY")}
    try:
        for name in _RUN_ENV:
            os.environ.pop(name, None)
        os.environ["PASSEND_PSEUDONYM_KEY"] = PSEUDONYM_KEY
        return run_pipeline(run_settings, seed=seed, scale="tiny", log_level="WARNING", asset_selection=asset_selection)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_folder(basetemp: Path) -> Path:
    """The folder of this test run that every xdist worker sees: the parent of a worker's ``basetemp``."""
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build(root: Path) -> None:
    """Generate the tiny set into ``root/raw`` and run ``nightly`` into ``root/warehouse``; record the outcome."""
    from dagster_project.dbt_project import prepare_manifest
    from dagster_project.synthetic import generate

    started = time.monotonic()
    settings = Settings(raw_dir=root / "raw", warehouse_dir=root / "warehouse")
    prepare_manifest(settings)
    generate(settings.raw_dir, "tiny", TINY_SEED)
    outcome = run_nightly(settings.raw_dir, settings.warehouse_dir)
    if not outcome.success:
        raise SharedWarehouseError("the nightly run of the shared tiny warehouse failed:\n" + "\n".join(outcome.failures))
    record = {"run_id": outcome.run_id, "build_seconds": round(time.monotonic() - started, 1),
              "files": tree_state(root)}
    (root.parent / f"{FOLDER}.{_BUILT}").write_text(json.dumps(record) + "\n", encoding="utf-8")


def built_record(run_dir: Path) -> dict | None:
    """What the build of the run in ``run_dir`` recorded (run id, seconds, ``tree_state``), or None if not built."""
    path = run_dir / f"{FOLDER}.{_BUILT}"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def shared_tiny_warehouse(run_dir: Path) -> SharedWarehouse:
    """The shared tiny warehouse of the test run in ``run_dir``: built here if no process built it yet, else read.

    Raises ``SharedWarehouseError`` when the build failed (here or in the process that built it).
    """
    root = run_dir / FOLDER
    with _locked(run_dir / f"{FOLDER}.lock"):
        if (root / _FAILED).exists():
            raise SharedWarehouseError((root / _FAILED).read_text(encoding="utf-8"))
        if not built_record(run_dir):
            if root.exists():  # left half-built by a process that was killed
                shutil.rmtree(root)
            root.mkdir(parents=True)
            try:
                build(root)
            except Exception as exc:
                (root / _FAILED).write_text(f"building the shared tiny warehouse in {root} failed:\n"
                                            + "".join(traceback.format_exception(exc)), encoding="utf-8")
                raise
    record = built_record(run_dir)
    return SharedWarehouse(root=root, run_id=record["run_id"], build_seconds=record["build_seconds"])


def start_background_build(run_dir: Path) -> subprocess.Popen | None:
    """Start building the shared warehouse in a child process (``python -m tests.support.shared_warehouse``).

    Returns the process, or None when a build is already recorded. The child takes the same lock, so a test that
    asks for the warehouse meanwhile waits for it instead of building a second one.
    """
    if built_record(run_dir):
        return None
    run_dir.mkdir(parents=True, exist_ok=True)
    log = open(run_dir / f"{FOLDER}.log", "wb")  # noqa: SIM115 - the child writes it after this function returns
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.Popen([sys.executable, "-m", "tests.support.shared_warehouse", str(run_dir)], cwd=REPO_ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def copy_warehouse(shared: SharedWarehouse, dest: Path, *, copy_raw: bool = False) -> Settings:
    """A writable copy of the shared warehouse folder under ``dest``; the settings of a run on the copy.

    The deliveries stay the shared (read-only) ones unless ``copy_raw``: a test that adds or changes a delivery
    copies them too.
    """
    warehouse = dest / "warehouse"
    shutil.copytree(shared.settings.warehouse_dir, warehouse, symlinks=True)
    raw = shared.raw_dir
    if copy_raw:
        raw = dest / "raw"
        shutil.copytree(shared.raw_dir, raw, symlinks=True)
    return Settings(raw_dir=raw, warehouse_dir=warehouse)


def tree_state(root: Path) -> dict[str, tuple[int, int]]:
    """Relative path → (size, mtime in ns) of every file under ``root``: what a read-only use must leave unchanged."""
    state = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            state[path.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns)
    return state


def main(argv: Sequence[str] | None = None) -> int:
    """Build the shared warehouse of the test run folder ``argv[0]`` (a no-op when it is built already)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        shared = shared_tiny_warehouse(Path(args[0]))
    except SharedWarehouseError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"shared tiny warehouse ready in {shared.root} ({shared.build_seconds} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
