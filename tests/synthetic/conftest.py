"""Fixtures: one tiny synthetic data set per test worker (with 4 injected discrepancies), read back as text."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
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


def manifest(root: Path) -> dict:
    return json.loads((root / "_generator_manifest.json").read_text(encoding="utf-8"))


def read(root: Path, rel: str) -> pl.DataFrame:
    """A delivered file as all-text columns, decoded with the encoding the manifest records."""
    enc = next(f["encoding"] for f in manifest(root)["files"] if f["path"] == rel)
    raw = (root / rel).read_bytes().decode("cp1252" if enc == "cp1252" else "utf-8-sig")
    return pl.read_csv(raw.encode("utf-8"), separator=";", infer_schema=False)


def read_family(root: Path, family: str) -> pl.DataFrame:
    """All files of a family concatenated, with the file path in ``_file``."""
    frames = [read(root, f["path"]).with_columns(pl.lit(f["path"]).alias("_file"))
              for f in manifest(root)["files"] if f["family"] == family]
    return pl.concat(frames, how="diagonal")
