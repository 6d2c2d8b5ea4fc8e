"""DUO pupil prognoses 15 years ahead: per po vestiging, and per vo instelling for vmbo-havo-vwo and pro."""

from __future__ import annotations

import numpy as np
import polars as pl

from .schools import Schools

HORIZON = 15


def _trend(rng: np.random.Generator, base: np.ndarray, first_year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    slope = rng.normal(-0.006, 0.01, len(base))
    years = np.arange(first_year, first_year + HORIZON)
    k = np.arange(1, HORIZON + 1)
    values = np.round(base[:, None] * (1 + slope[:, None]) ** k[None, :]).astype(np.int64)
    row = np.repeat(np.arange(len(base)), HORIZON)
    return row, np.tile(years, len(base)), np.maximum(values.ravel(), 0)


def prognose_po(rng: np.random.Generator, schools: Schools, counts: pl.DataFrame, last_year: int) -> pl.DataFrame:
    """``counts``: vest, len = pupils on the last 1 October."""
    idx = np.flatnonzero(schools.of_kind("bao", "sbo", "wec"))
    base = pl.DataFrame({"vest": idx.astype(np.int64)}).join(counts, on="vest", how="left")["len"].fill_null(0)
    row, years, values = _trend(rng, base.to_numpy().astype(float), last_year + 1)
    return pl.DataFrame({"VESTIGINGSCODE": schools.code[idx][row], "JAAR": years.astype(str),
                         "AANTAL": values.astype(str)}).sort(["VESTIGINGSCODE", "JAAR"])


def prognose_vo(rng: np.random.Generator, schools: Schools, counts: pl.DataFrame, last_year: int) -> pl.DataFrame:
    """``counts``: vest, pro (bool), len on the last 1 October; summed per BRIN and onderwijstype."""
    idx = np.flatnonzero(schools.of_kind("vo", "pro"))
    per = (pl.DataFrame({"vest": idx.astype(np.int64), "BRIN": schools.brin[idx]})
           .join(counts, on="vest", how="inner")
           .group_by(["BRIN", "pro"]).agg(pl.col("len").sum()).sort(["BRIN", "pro"]))
    row, years, values = _trend(rng, per["len"].to_numpy().astype(float), last_year + 1)
    typ = np.where(per["pro"].to_numpy(), "PRO", "VMBO_HAVO_VWO")
    return pl.DataFrame({"BRIN": per["BRIN"].to_numpy()[row], "ONDERWIJSTYPE": typ[row], "JAAR": years.astype(str),
                         "AANTAL": values.astype(str)}).sort(["BRIN", "ONDERWIJSTYPE", "JAAR"])
