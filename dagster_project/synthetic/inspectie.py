"""Inspectie arrangements (basis, zwak, zeer zwak) per vestiging with date and report URL."""

from __future__ import annotations

import numpy as np
import polars as pl

from .schoolcalendar import day, fmt_expr
from .schools import Schools


def arrangementen(rng: np.random.Generator, schools: Schools, first_year: int, last_year: int) -> pl.DataFrame:
    """One to three judgements per po/wec/vo vestiging between 1 August of the first and 31 July after the last year."""
    idx = np.flatnonzero(schools.of_kind("bao", "sbo", "wec", "vo", "pro"))
    k = rng.integers(1, 4, len(idx))
    vest = np.repeat(idx, k)
    lo, hi = day(first_year, 8, 1), day(last_year + 1, 7, 31)
    datum = rng.integers(lo, hi, len(vest)).astype(np.int32)
    arr = np.asarray(("BASIS", "ZWAK", "ZEER_ZWAK"))[rng.choice(3, size=len(vest), p=[0.93, 0.05, 0.02])]
    df = pl.DataFrame({"VESTIGINGSCODE": schools.code[vest], "ARRANGEMENT": arr, "_d": datum})
    df = df.unique(["VESTIGINGSCODE", "_d"], keep="first").with_columns(fmt_expr("_d", "bron").alias("DATUM"))
    return df.select(
        "VESTIGINGSCODE", "ARRANGEMENT", "DATUM",
        pl.format("https://www.onderwijsinspectie.nl/zoek-scholen/{}/rapport-{}", "VESTIGINGSCODE", "DATUM")
        .alias("RAPPORT_URL"),
    ).sort(["VESTIGINGSCODE", "DATUM"])
