"""Dates of the synthetic world: school years, teldata (1 October, 1 February) and date formatting."""

from __future__ import annotations

import numpy as np
import polars as pl

EPOCH = np.datetime64("1970-01-01", "D")
NEVER = np.int32(2**31 - 1)  # sentinel: a segment that never starts / never ends


def day(year: int, month: int, dom: int) -> int:
    """Days since 1970-01-01 of a calendar date."""
    return int((np.datetime64(f"{year:04d}-{month:02d}-{dom:02d}", "D") - EPOCH).astype(np.int64))


def schoolyears(last_start: int, n_years: int) -> list[int]:
    """Start years of the generated school years, oldest first (2024 = schooljaar 2024-2025)."""
    return list(range(last_start - n_years + 1, last_start + 1))


def schooljaar_label(start: int) -> str:
    return f"{start}-{start + 1}"


def teldata(start_years: list[int]) -> list[tuple[int, int, str]]:
    """(days, schooljaar start, 'okt'|'feb') for every 1 October and 1 February, in date order."""
    out: list[tuple[int, int, str]] = []
    for y in start_years:
        out.append((day(y, 10, 1), y, "okt"))
        out.append((day(y + 1, 2, 1), y, "feb"))
    return out


def schoolyear_of(days: np.ndarray) -> np.ndarray:
    """School-year start year (1 August boundary) of each date."""
    d = days.astype("datetime64[D]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    return (year - (month < 8)).astype(np.int32)


def year_month_day(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    dom = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, dom


def add_years(days: np.ndarray, n: int | np.ndarray) -> np.ndarray:
    """Same calendar day n years later (29 February becomes 1 March)."""
    y, m, d = year_month_day(days)
    first = ((y + n - 1970) * 12 + (m - 1)).astype("datetime64[M]").astype("datetime64[D]")
    return ((first - EPOCH).astype(np.int64) + d - 1).astype(np.int32)


def age_on(birth: np.ndarray, t: int) -> np.ndarray:
    """Age in whole years on date t."""
    by, bm, bd = year_month_day(birth)
    ty, tm, td = year_month_day(np.array([t]))
    before = (bm > tm[0]) | ((bm == tm[0]) & (bd > td[0]))
    return (ty[0] - by - before).astype(np.int32)


def aug1(start_years: np.ndarray) -> np.ndarray:
    """1 August of each school-year start year, in days."""
    return ((np.asarray(start_years, dtype=np.int64) - 1970) * 12 + 7).astype("datetime64[M]").astype(
        "datetime64[D]").astype(np.int64).astype(np.int32)


def jul31(start_years: np.ndarray) -> np.ndarray:
    """31 July ending each school year (start year + 1)."""
    return (aug1(np.asarray(start_years) + 1) - 1).astype(np.int32)


def fmt_expr(col: str, style: str) -> pl.Expr:
    """Format an Int32 days column as text: 'bron' YYYYMMDD, 'duo' D-M-YYYY (as DUO prints it)."""
    fmt = {"bron": "%Y%m%d", "duo": "%-d-%-m-%Y", "iso": "%Y-%m-%d"}[style]
    return pl.when(pl.col(col) == int(NEVER)).then(None).otherwise(pl.col(col)).cast(pl.Date).dt.strftime(fmt)


def file_date(days: int, style: str) -> str:
    """A date for a file name: 'duo' DD_MM_YYYY, 'bron' YYYYMMDD, 'iso' YYYY-MM-DD."""
    d = str(EPOCH + np.timedelta64(days, "D"))
    y, m, dd = d.split("-")
    return {"duo": f"{dd}_{m}_{y}", "bron": f"{y}{m}{dd}", "iso": d}[style]
