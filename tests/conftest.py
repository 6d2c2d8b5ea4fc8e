"""Fixtures every test folder may use: the dbt manifest, the shared tiny warehouse and the nightly job in-process.

The shared tiny warehouse (``tests/support/shared_warehouse.py``) is built once per test run, whatever the number of
xdist workers, and read by every test that only reads a warehouse. Ask for ``tiny_warehouse`` to read it; ask for
``tiny_warehouse_copy`` to get a writable copy (a file copy) when a test must change it.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from dagster_project.settings import Settings
from tests.support import shared_warehouse
from tests.support.shared_warehouse import SharedWarehouse

_SHARED_FIXTURES = {"tiny_warehouse", "tiny_raw", "tiny_warehouse_copy"}
# xdist groups that are long chains of dbt builds, started before everything else of their part (longest first):
# the benchmark smoke test and the incremental = full comparison need no shared warehouse, the e2e tests do
_LONG_GROUPS = {"bench": 0, "incremental": 1, "incremental_flow": 2, "e2e": 0}
_background: subprocess.Popen | None = None


def _run_dir(config: pytest.Config) -> Path:
    return shared_warehouse.run_folder(config._tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    """``dbt/target/manifest.json``, prepared the one way (``prepare_manifest``: locked, a no-op when fresh)."""
    from tests.support.warehouse import dbt_manifest as prepare

    return prepare()


@pytest.fixture(scope="session")
def tiny_warehouse(request: pytest.FixtureRequest, dbt_manifest: Path) -> SharedWarehouse:
    """The shared tiny warehouse (seed 11, published by one ``nightly`` run): read it, never write it."""
    return shared_warehouse.shared_tiny_warehouse(_run_dir(request.config))


@pytest.fixture(scope="session")
def tiny_raw(tiny_warehouse: SharedWarehouse) -> Path:
    """RAW folder with the synthetic ``tiny`` data set (seed 11) of the shared warehouse; never written to."""
    return tiny_warehouse.raw_dir


@pytest.fixture
def tiny_warehouse_copy(tiny_warehouse: SharedWarehouse, tmp_path: Path) -> Callable[..., Settings]:
    """``tiny_warehouse_copy(copy_raw=False) -> Settings``: a writable copy of the shared warehouse in ``tmp_path``."""
    def _copy(*, copy_raw: bool = False) -> Settings:
        return shared_warehouse.copy_warehouse(tiny_warehouse, tmp_path / "copy", copy_raw=copy_raw)

    return _copy


@pytest.fixture(scope="session")
def run_nightly():
    """``run_nightly(raw, warehouse, asset_selection=None) -> RunOutcome``: the job ``make run`` runs, in-process."""
    return shared_warehouse.run_nightly


def run_order(item: pytest.Item, uses_shared: bool) -> tuple[bool, int]:
    """Where a test goes in the run: the tests that need the shared warehouse after the others (they wait for its
    build), and in each part the long groups first (``_LONG_GROUPS``), so no worker starts one near the end.

    ``make test`` passes ``--no-loadscope-reorder``: xdist then hands out the work units (a group, or a single test)
    in this order instead of largest group first.
    """
    groups = [mark.args[0] for mark in item.iter_markers("xdist_group") if mark.args]
    rank = min((_LONG_GROUPS[g] for g in groups if g in _LONG_GROUPS), default=len(_LONG_GROUPS))
    return uses_shared, rank


@pytest.hookimpl(trylast=True)  # after -m / -k deselected what will not run
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the shared build in the background as soon as a collected test needs it (one process per run), and
    run the tests that need it last, so the workers do the other tests while it is being built."""
    global _background
    uses = {id(item): bool(_SHARED_FIXTURES & set(getattr(item, "fixturenames", ()))) for item in items}
    items.sort(key=lambda item: run_order(item, uses[id(item)]))  # stable: otherwise the collection order
    needs = any(uses.values())
    worker = getattr(config, "workerinput", {}).get("workerid")
    if needs and worker in (None, "gw0") and not config.option.collectonly:
        _background = shared_warehouse.start_background_build(_run_dir(config))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Wait for (or, when the run was cut short, stop) the background build; fail if a test wrote into it."""
    if _background is not None and _background.poll() is None:
        if session.shouldstop or session.shouldfail or exitstatus == pytest.ExitCode.INTERRUPTED:
            os.killpg(_background.pid, signal.SIGKILL)  # its own process group: the child and its export workers
        _background.wait()  # another worker may still be waiting for it
    if hasattr(session.config, "workerinput"):
        return  # the controller (or the single process) checks, once, after every worker has finished
    run_dir = _run_dir(session.config)
    record = shared_warehouse.built_record(run_dir)
    if record is None:
        return
    now = shared_warehouse.tree_state(run_dir / shared_warehouse.FOLDER)
    changed = sorted(p for p in set(now) | set(record["files"]) if now.get(p) != tuple(record["files"].get(p, ())))
    if changed:
        session.config.get_terminal_writer().line(
            f"tests wrote into the shared (read-only) tiny warehouse {run_dir / shared_warehouse.FOLDER}: "
            f"{changed[:10]}; copy it with the tiny_warehouse_copy fixture instead", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
