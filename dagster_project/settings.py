"""Paths and configuration of one pipeline run, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DEFAULT_MASK_THRESHOLD = 5


@dataclass(frozen=True)
class Settings:
    """Where a run reads deliveries and writes its warehouse.

    raw_dir:        immutable deliveries exactly as received (``PASSEND_RAW``, default ``data/raw``)
    warehouse_dir:  everything the run writes (``PASSEND_WAREHOUSE``, default ``data/warehouse``)
    """

    raw_dir: Path
    warehouse_dir: Path
    mask_threshold: int = DEFAULT_MASK_THRESHOLD

    @classmethod
    def from_env(cls) -> Settings:
        raw = Path(os.environ.get("PASSEND_RAW", REPO_ROOT / "data" / "raw"))
        wh = Path(os.environ.get("PASSEND_WAREHOUSE", REPO_ROOT / "data" / "warehouse"))
        threshold = int(os.environ.get("PASSEND_MASK_THRESHOLD", DEFAULT_MASK_THRESHOLD))
        return cls(raw_dir=raw.resolve(), warehouse_dir=wh.resolve(), mask_threshold=threshold)

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
    def build_exports_dir(self) -> Path:
        return self.build_dir / "exports"

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

    def dbt_vars(self) -> dict[str, object]:
        """dbt variables of a run (``dbt ... --vars``): the mask threshold reaches the masking models this way only."""
        return {"mask_threshold": self.mask_threshold}

    def dbt_env(self) -> dict[str, str]:
        """Environment variables the dbt project reads (see ``dbt/profiles.yml``)."""
        return {
            "PASSEND_RAW": str(self.raw_dir),
            "PASSEND_WAREHOUSE": str(self.warehouse_dir),
            "PASSEND_BUILD_DB": str(self.build_db),
            "PASSEND_LANDING": str(self.landing_dir),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
