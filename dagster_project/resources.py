"""Dagster resources: the run's ``Settings`` (RAW / WAREHOUSE folders) and the dbt CLI."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster import ConfigurableResource

from dagster_project.settings import Settings

# Every asset that opens the warehouse build file shares this pool; the instance limits it to 1 (see cli.DAGSTER_YAML).
BUILD_DB_POOL = "warehouse_build"


class PassendSettings(ConfigurableResource):
    """The run's ``Settings`` as Dagster resource config; an empty (or 0) field takes the environment's value.

    raw_dir:             deliveries as received (``PASSEND_RAW``)
    warehouse_dir:       landing, build and published warehouse (``PASSEND_WAREHOUSE``)
    mask_threshold:      primary suppression threshold (``PASSEND_MASK_THRESHOLD``)
    duckdb_memory_limit: DuckDB memory limit of dbt and every connection, e.g. ``3GB`` (``PASSEND_DUCKDB_MEMORY_LIMIT``)
    duckdb_threads:      DuckDB threads (``PASSEND_DUCKDB_THREADS``)
    export_workers:      processes writing the SWV packages (``PASSEND_EXPORT_WORKERS``)
    full_refresh:        rebuild the build warehouse from nothing (``PASSEND_FULL_REFRESH``); false takes the environment's
    ingest_workers:      processes validating large BRON files in parallel (``PASSEND_INGEST_WORKERS``)
    pseudonym_version:   keyed hash of pupil numbers, ``blake2b`` or ``hmac-sha256`` (``PASSEND_PSEUDONYM_VERSION``)
    ingest_batch_rows:   rows ingest validates at once, bounding its memory (``PASSEND_INGEST_BATCH_ROWS``)
    """

    raw_dir: str = ""
    warehouse_dir: str = ""
    mask_threshold: int = 0
    duckdb_memory_limit: str = ""
    duckdb_threads: int = 0
    export_workers: int = 0
    full_refresh: bool = False
    ingest_workers: int = 0
    pseudonym_version: str = ""
    ingest_batch_rows: int = 0

    def get(self) -> Settings:
        env = Settings.from_env()
        return Settings(
            raw_dir=Path(self.raw_dir).resolve() if self.raw_dir else env.raw_dir,
            warehouse_dir=Path(self.warehouse_dir).resolve() if self.warehouse_dir else env.warehouse_dir,
            mask_threshold=self.mask_threshold or env.mask_threshold,
            duckdb_memory_limit=self.duckdb_memory_limit or env.duckdb_memory_limit,
            duckdb_threads=self.duckdb_threads or env.duckdb_threads,
            export_workers=self.export_workers or env.export_workers,
            full_refresh=self.full_refresh or env.full_refresh,
            ingest_workers=self.ingest_workers or env.ingest_workers,
            pseudonym_version=self.pseudonym_version or env.pseudonym_version,
            ingest_batch_rows=self.ingest_batch_rows or env.ingest_batch_rows,
        )

    @classmethod
    def config_of(cls, settings: Settings) -> dict[str, object]:
        """The resource config that makes ``get()`` return ``settings`` (run config of ``nightly``)."""
        return {
            "raw_dir": str(settings.raw_dir),
            "warehouse_dir": str(settings.warehouse_dir),
            "mask_threshold": settings.mask_threshold,
            "duckdb_memory_limit": settings.duckdb_memory_limit,
            "duckdb_threads": settings.duckdb_threads,
            "export_workers": settings.export_workers,
            "full_refresh": settings.full_refresh,
            "ingest_workers": settings.ingest_workers,
            "pseudonym_version": settings.pseudonym_version,
            "ingest_batch_rows": settings.ingest_batch_rows,
        }


def dbt_executable() -> str:
    """The ``dbt`` next to the running interpreter (the venv is often not on PATH), else the one on PATH."""
    local = Path(sys.executable).parent / "dbt"
    if local.exists():
        return str(local)
    return shutil.which("dbt") or "dbt"


def dbt_cli_resource():
    """dagster-dbt's CLI resource for the project in ``dbt/`` (profile inside the project, threads 1)."""
    from dagster_dbt import DbtCliResource

    from dagster_project.dbt_project import dbt_project

    return DbtCliResource(project_dir=dbt_project(), dbt_executable=dbt_executable())
