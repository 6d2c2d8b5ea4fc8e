"""Fixtures for ingest tests: a tmp RAW/WAREHOUSE and a fixed pseudonym key."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagster_project.settings import Settings
from tests.support.ingest_files import TEST_KEY


@pytest.fixture(autouse=True)
def _pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PASSEND_PSEUDONYM_KEY", TEST_KEY)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    raw = tmp_path / "raw"
    raw.mkdir()
    return Settings(raw_dir=raw, warehouse_dir=tmp_path / "warehouse")
