"""Fixtures: one tiny synthetic data set per test worker (with 4 injected discrepancies), read back as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagster_project.synthetic import generate


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    generate(out, scale="tiny", seed=7, discrepancies=4)
    return out


@pytest.fixture(scope="session")
def tiny_clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Same scale, no discrepancies: 1A, 1B and BRON must agree exactly."""
    out = tmp_path_factory.mktemp("tiny_clean")
    generate(out, scale="tiny", seed=7, discrepancies=0)
    return out

