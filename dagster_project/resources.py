"""Dagster resources: the run's ``Settings`` (RAW / WAREHOUSE folders) and the dbt CLI."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster import ConfigurableResource

from dagster_project.settings import DBT_PROJECT_DIR, Settings

# Every asset that opens the warehouse build file shares this pool; the instance limits it to 1 (see cli.DAGSTER_YAML).
BUILD_DB_POOL = "warehouse_build"


class PassendSettings(ConfigurableResource):
    """Where a run reads deliveries and writes its warehouse; empty values fall back to the environment.

    raw_dir:        deliveries as received (``PASSEND_RAW``)
    warehouse_dir:  landing, build and published warehouse (``PASSEND_WAREHOUSE``)
    mask_threshold: primary suppression threshold (``PASSEND_MASK_THRESHOLD``; 0 = from the environment)
    """

    raw_dir: str = ""
    warehouse_dir: str = ""
    mask_threshold: int = 0

    def get(self) -> Settings:
        env = Settings.from_env()
        return Settings(
            raw_dir=Path(self.raw_dir).resolve() if self.raw_dir else env.raw_dir,
            warehouse_dir=Path(self.warehouse_dir).resolve() if self.warehouse_dir else env.warehouse_dir,
            mask_threshold=self.mask_threshold or env.mask_threshold,
        )


def dbt_executable() -> str:
    """The ``dbt`` next to the running interpreter (the venv is often not on PATH), else the one on PATH."""
    local = Path(sys.executable).parent / "dbt"
    if local.exists():
        return str(local)
    return shutil.which("dbt") or "dbt"


def dbt_cli_resource():
    """dagster-dbt's CLI resource for the project in ``dbt/`` (profile inside the project, threads 1)."""
    from dagster_dbt import DbtCliResource

    return DbtCliResource(project_dir=str(DBT_PROJECT_DIR), profiles_dir=str(DBT_PROJECT_DIR),
                          dbt_executable=dbt_executable())
