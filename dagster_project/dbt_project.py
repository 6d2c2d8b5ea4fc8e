"""The dbt project as Dagster sees it, and the one way its manifest is prepared: ``prepare_manifest()``.

dagster-dbt builds the dbt assets from ``dbt/target/manifest.json``, which ``dbt parse`` writes. ``make manifest``,
the command line (before it loads the definitions), the test fixtures, the benchmark and ``dagster dev``
(``prepare_if_dev``) all call ``prepare_manifest``; nothing else runs ``dbt parse``. It parses only when the manifest
is missing or stale. Staleness is told without dbt: a SHA-256 over the paths and contents of every file dbt parses
(``project_fingerprint``, a few milliseconds) is recorded beside the manifest when it is written, and compared on
every later call and at the start of every dbt build.

``python -m dagster_project.dbt_project [--force]``.
"""

from __future__ import annotations

import argparse
import fcntl
import functools
import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster_project.settings import DBT_PROJECT_DIR, Settings

MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"
FINGERPRINT_PATH = MANIFEST_PATH.with_name("manifest.fingerprint")
# what `dbt parse` reads: the project and profile files and the resource folders of dbt_project.yml
PARSED_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "dependencies.yml", "selectors.yml")
PARSED_FOLDERS = ("models", "macros", "seeds", "tests", "snapshots", "analyses")


class ManifestNotReadyError(RuntimeError):
    """The dbt manifest is missing or older than the dbt project; ``make manifest`` prepares it."""


def project_fingerprint(project_dir: Path | None = None) -> str:
    """SHA-256 over the relative path and bytes of every file ``dbt parse`` reads (byte-identical project = same)."""
    project_dir = project_dir or DBT_PROJECT_DIR
    digest = hashlib.sha256()
    paths = [project_dir / name for name in PARSED_FILES if (project_dir / name).is_file()]
    for folder in PARSED_FOLDERS:
        if (project_dir / folder).is_dir():
            paths += [p for p in (project_dir / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(paths):
        digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def manifest_is_fresh() -> bool:
    """True when the manifest exists and was prepared from the dbt project as it is now."""
    if not MANIFEST_PATH.exists() or not FINGERPRINT_PATH.exists():
        return False
    return FINGERPRINT_PATH.read_text(encoding="utf-8").strip() == project_fingerprint()


def require_fresh_manifest() -> None:
    """Raise ``ManifestNotReadyError`` (with what to do) unless the manifest is fresh."""
    if not MANIFEST_PATH.exists():
        raise ManifestNotReadyError(f"dbt manifest {MANIFEST_PATH} is missing: run `make manifest` "
                                    "(python -m dagster_project.dbt_project) and reload the definitions")
    if not manifest_is_fresh():
        raise ManifestNotReadyError(f"the dbt project changed after {MANIFEST_PATH} was prepared: run `make manifest` "
                                    "(python -m dagster_project.dbt_project) and reload the definitions")


@contextmanager
def _manifest_lock() -> Iterator[None]:
    """One preparer at a time (parallel test workers, a benchmark beside a run) writes ``dbt/target``."""
    MANIFEST_PATH.parent.mkdir(parents=True, exist_ok=True)
    with open(MANIFEST_PATH.parent / ".manifest.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def prepare_manifest(settings: Settings | None = None, *, force: bool = False) -> bool:
    """Run ``dbt parse`` into ``dbt/target`` when the manifest is missing or stale (or ``force``); True if it did."""
    from dagster_project.dbt_runner import run_dbt

    with _manifest_lock():
        if not force and manifest_is_fresh():
            return False
        fingerprint = project_fingerprint()  # of the files as parsed: an edit during the parse leaves it stale
        FINGERPRINT_PATH.unlink(missing_ok=True)
        run_dbt(["parse", "--quiet"], settings or Settings.from_env())
        FINGERPRINT_PATH.write_text(fingerprint + "\n", encoding="utf-8")
        return True


@functools.cache
def dbt_project():
    """dagster-dbt's ``DbtProject`` of ``dbt/`` (profile inside the project), created once per process."""
    from dagster_dbt import DbtProject

    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def prepare_if_dev() -> None:
    """Under ``dagster dev``, prepare a missing or stale manifest before the definitions load; else do nothing
    (a deployment prepares it with ``make manifest`` and never parses at import)."""
    from dagster_dbt.dbt_project import using_dagster_dev

    if using_dagster_dev():
        prepare_manifest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dagster_project.dbt_project", description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="parse even when the manifest is fresh")
    args = parser.parse_args(argv)
    parsed = prepare_manifest(force=args.force)
    print(f"dbt manifest {'prepared' if parsed else 'already fresh'}: {MANIFEST_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
