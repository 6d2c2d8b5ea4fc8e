"""Paths and configuration of one pipeline run: the one place that reads the project's environment variables.

Everything else receives a ``Settings`` (or reads one with ``Settings.from_env()``); dbt gets its values as dbt vars
(``dbt_vars``: the mask threshold) and as the environment variables ``dbt/profiles.yml`` reads (``dbt_env``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DEFAULT_MASK_THRESHOLD = 5
# The whole nightly job must fit 4 GB on the shared 24 GB / 2-core machine: DuckDB gets 3 GB (it spills beyond),
# Python (polars, pandas, Dagster) the rest.
DEFAULT_DUCKDB_MEMORY_LIMIT = "3GB"
DEFAULT_DUCKDB_THREADS = 2
# SWV packages are written in this many spawned processes (each holds only its SWV's rows)
DEFAULT_EXPORT_WORKERS = min(os.cpu_count() or 1, 4)
# large BRON files are validated in this many spawned processes, within the DuckDB memory limit together
DEFAULT_INGEST_WORKERS = min(os.cpu_count() or 1, 4)
# ingest validates at most this many rows at once: a large file in batches of it, small files together up to it
DEFAULT_INGEST_BATCH_ROWS = 200_000
# the keyed hash that turns a pupil number into its leerling_id (dagster_project.ingest.pseudonym.PSEUDONYM_VERSIONS)
DEFAULT_PSEUDONYM_VERSION = "blake2b"
PSEUDONYM_VERSIONS = ("hmac-sha256", "blake2b")
_MEMORY_LIMIT = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


class SettingsError(ValueError):
    """A configuration value (environment variable or resource config) is not valid; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Where a run reads deliveries and writes its warehouse, and how much the engine may use.

    raw_dir:             immutable deliveries exactly as received (``PASSEND_RAW``, default ``data/raw``)
    warehouse_dir:       everything the run writes (``PASSEND_WAREHOUSE``, default ``data/warehouse``)
    mask_threshold:      published counts ``0 < n < threshold`` are masked (``PASSEND_MASK_THRESHOLD``, default 5)
    duckdb_memory_limit: DuckDB ``memory_limit`` of dbt and of every connection the project opens; beyond it DuckDB
                         spills to ``duckdb_temp_dir`` (``PASSEND_DUCKDB_MEMORY_LIMIT``, default ``3GB``)
    duckdb_threads:      DuckDB ``threads`` (``PASSEND_DUCKDB_THREADS``, default 2)
    export_workers:      processes writing the SWV packages (``PASSEND_EXPORT_WORKERS``, default CPU count, at most 4)
    full_refresh:        rebuild the build warehouse from nothing instead of incrementally (``PASSEND_FULL_REFRESH``
                         = 1/true/yes; ``make run FULL_REFRESH=1``)
    ingest_workers:      processes validating large BRON files in parallel, one file each; together they stay within
                         ``duckdb_memory_limit`` (``PASSEND_INGEST_WORKERS``, default CPU count, at most 4)
    pseudonym_version:   the keyed hash of pupil numbers, ``blake2b`` or ``hmac-sha256``; changing it is a migration
                         (docs/operations.md) (``PASSEND_PSEUDONYM_VERSION``, default ``blake2b``)
    ingest_batch_rows:   rows ingest validates at once, which bounds its memory whatever the file size: a large file
                         is read and landed in batches of this many lines (``PASSEND_INGEST_BATCH_ROWS``, default
                         200000)
    """

    raw_dir: Path
    warehouse_dir: Path
    mask_threshold: int = DEFAULT_MASK_THRESHOLD
    duckdb_memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT
    duckdb_threads: int = DEFAULT_DUCKDB_THREADS
    export_workers: int = DEFAULT_EXPORT_WORKERS
    full_refresh: bool = False
    ingest_workers: int = DEFAULT_INGEST_WORKERS
    pseudonym_version: str = DEFAULT_PSEUDONYM_VERSION
    ingest_batch_rows: int = DEFAULT_INGEST_BATCH_ROWS

    def __post_init__(self) -> None:
        if isinstance(self.mask_threshold, bool) or not isinstance(self.mask_threshold, int) or self.mask_threshold < 1:
            raise SettingsError("mask threshold (PASSEND_MASK_THRESHOLD) must be a whole number >= 1, "
                                f"got {self.mask_threshold!r}")
        if not _MEMORY_LIMIT.match(str(self.duckdb_memory_limit).strip()):
            raise SettingsError("DuckDB memory limit (PASSEND_DUCKDB_MEMORY_LIMIT) must be a size such as 3GB or "
                                f"512MiB, got {self.duckdb_memory_limit!r}")
        if isinstance(self.duckdb_threads, bool) or not isinstance(self.duckdb_threads, int) or self.duckdb_threads < 1:
            raise SettingsError("DuckDB threads (PASSEND_DUCKDB_THREADS) must be a whole number >= 1, "
                                f"got {self.duckdb_threads!r}")
        if isinstance(self.export_workers, bool) or not isinstance(self.export_workers, int) or self.export_workers < 1:
            raise SettingsError("export workers (PASSEND_EXPORT_WORKERS) must be a whole number >= 1, "
                                f"got {self.export_workers!r}")
        if not isinstance(self.full_refresh, bool):
            raise SettingsError(f"full refresh (PASSEND_FULL_REFRESH) must be true or false, got {self.full_refresh!r}")
        if isinstance(self.ingest_workers, bool) or not isinstance(self.ingest_workers, int) or self.ingest_workers < 1:
            raise SettingsError("ingest workers (PASSEND_INGEST_WORKERS) must be a whole number >= 1, "
                                f"got {self.ingest_workers!r}")
        if (isinstance(self.ingest_batch_rows, bool) or not isinstance(self.ingest_batch_rows, int)
                or self.ingest_batch_rows < 1):
            raise SettingsError("ingest batch rows (PASSEND_INGEST_BATCH_ROWS) must be a whole number >= 1, "
                                f"got {self.ingest_batch_rows!r}")
        if self.pseudonym_version not in PSEUDONYM_VERSIONS:
            raise SettingsError("pseudonym version (PASSEND_PSEUDONYM_VERSION) must be one of "
                                f"{', '.join(PSEUDONYM_VERSIONS)}, got {self.pseudonym_version!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment describes (``os.environ`` unless ``environ`` is given); defaults above."""
        env = os.environ if environ is None else environ
        raw = Path(env.get("PASSEND_RAW") or REPO_ROOT / "data" / "raw")
        wh = Path(env.get("PASSEND_WAREHOUSE") or REPO_ROOT / "data" / "warehouse")
        return cls(
            raw_dir=raw.resolve(),
            warehouse_dir=wh.resolve(),
            mask_threshold=_int(env, "PASSEND_MASK_THRESHOLD", DEFAULT_MASK_THRESHOLD),
            duckdb_memory_limit=(env.get("PASSEND_DUCKDB_MEMORY_LIMIT") or DEFAULT_DUCKDB_MEMORY_LIMIT).strip(),
            duckdb_threads=_int(env, "PASSEND_DUCKDB_THREADS", DEFAULT_DUCKDB_THREADS),
            export_workers=_int(env, "PASSEND_EXPORT_WORKERS", DEFAULT_EXPORT_WORKERS),
            full_refresh=_flag(env, "PASSEND_FULL_REFRESH"),
            ingest_workers=_int(env, "PASSEND_INGEST_WORKERS", DEFAULT_INGEST_WORKERS),
            pseudonym_version=(env.get("PASSEND_PSEUDONYM_VERSION") or DEFAULT_PSEUDONYM_VERSION).strip(),
            ingest_batch_rows=_int(env, "PASSEND_INGEST_BATCH_ROWS", DEFAULT_INGEST_BATCH_ROWS),
        )

    # --- ingest output -------------------------------------------------------------------------
    @property
    def landing_dir(self) -> Path:
        """Typed, validated, pseudonymised parquet: ``landing/<family>/<file stem>.parquet``."""
        return self.warehouse_dir / "landing"

    # --- build (unpublished) -------------------------------------------------------------------
    @property
    def build_dir(self) -> Path:
        """Scratch area of the current run; published only when every blocking check passes."""
        return self.warehouse_dir / "build"

    @property
    def build_db(self) -> Path:
        return self.build_dir / "passend.duckdb"

    @property
    def build_state_file(self) -> Path:
        """What the build file was last built from (dbt project fingerprint, DuckDB version): a mismatch rebuilds."""
        return self.build_dir / "build_state.json"

    @property
    def build_exports_dir(self) -> Path:
        return self.build_dir / "exports"

    @property
    def duckdb_temp_dir(self) -> Path:
        """Where DuckDB spills what exceeds ``duckdb_memory_limit`` (inside the build area, never in the repo)."""
        return self.build_dir / "duckdb_tmp"

    # --- published ---------------------------------------------------------------------------
    @property
    def published_db(self) -> Path:
        """The warehouse analysts open read-only; replaced by an atomic rename."""
        return self.warehouse_dir / "passend.duckdb"

    @property
    def exports_dir(self) -> Path:
        """Published parquet marts and per-SWV packages; replaced atomically with the warehouse."""
        return self.warehouse_dir / "exports"

    @property
    def pseudonym_key_file(self) -> Path:
        return self.warehouse_dir / ".pseudonym_key"

    # --- handing the settings on ---------------------------------------------------------------
    def duckdb_config(self) -> dict[str, str]:
        """DuckDB settings of every connection the project opens (``dagster_project.duckdb_connect``) and of dbt."""
        return {
            "memory_limit": self.duckdb_memory_limit,
            "threads": str(self.duckdb_threads),
            "temp_directory": str(self.duckdb_temp_dir),
        }

    def env(self) -> dict[str, str]:
        """These settings as the environment variables ``from_env`` reads (``from_env(s.env()) == s``)."""
        return {
            "PASSEND_RAW": str(self.raw_dir),
            "PASSEND_WAREHOUSE": str(self.warehouse_dir),
            "PASSEND_MASK_THRESHOLD": str(self.mask_threshold),
            "PASSEND_DUCKDB_MEMORY_LIMIT": self.duckdb_memory_limit,
            "PASSEND_DUCKDB_THREADS": str(self.duckdb_threads),
            "PASSEND_EXPORT_WORKERS": str(self.export_workers),
            "PASSEND_FULL_REFRESH": "1" if self.full_refresh else "0",
            "PASSEND_INGEST_WORKERS": str(self.ingest_workers),
            "PASSEND_PSEUDONYM_VERSION": self.pseudonym_version,
            "PASSEND_INGEST_BATCH_ROWS": str(self.ingest_batch_rows),
        }

    def dbt_vars(self) -> dict[str, object]:
        """dbt variables of a run (``dbt ... --vars``): the mask threshold reaches the masking models this way only."""
        return {"mask_threshold": self.mask_threshold}

    def dbt_env(self) -> dict[str, str]:
        """Environment variables ``dbt/profiles.yml`` reads (the threshold goes as a dbt var, ``dbt_vars``)."""
        env = {k: v for k, v in self.env().items() if k not in {"PASSEND_MASK_THRESHOLD", "PASSEND_FULL_REFRESH"}}
        return {
            **env,
            "PASSEND_BUILD_DB": str(self.build_db),
            "PASSEND_LANDING": str(self.landing_dir),
            "PASSEND_DUCKDB_TEMP_DIRECTORY": str(self.duckdb_temp_dir),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = (env.get(name) or "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"environment variable {name} must be a whole number, got {value!r}") from None


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = (env.get(name) or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"environment variable {name} must be 1/true/yes or 0/false/no, got {value!r}")
