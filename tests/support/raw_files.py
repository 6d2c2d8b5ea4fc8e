"""Read a generated synthetic delivery set back as text: its generator manifest, one delivered file, one family."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl


def manifest(root: Path) -> dict:
    """The generator's ``_generator_manifest.json`` of the delivery set under ``root``."""
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
