"""Deterministic synthetic deliveries of every input family (DUO 1A/1B, BRON, reference, leerplicht, ...)."""

from __future__ import annotations

from pathlib import Path


def generate(out_dir: Path, scale: str = "demo", seed: int = 42, discrepancies: int = 0,
             quirks: bool | None = None) -> dict:
    """Write a synthetic delivery set into ``out_dir`` and return its manifest (see ``generate.generate``)."""
    from .build import generate as _generate

    return _generate(Path(out_dir), scale=scale, seed=seed, discrepancies=discrepancies, quirks=quirks)


__all__ = ["generate"]
