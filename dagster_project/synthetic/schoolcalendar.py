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
    year, month, _ = year_month_day(days)
    return (year - (month < 8)).astype(np.int32)


def year_month_day(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calendar year, month, day of days since 1970-01-01 (integer arithmetic, H. Hinnant's civil_from_days)."""
    z = np.asarray(days, dtype=np.int64) + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    dom = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, dom


def days_from_civil(year: np.ndarray, month: np.ndarray, dom: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of calendar dates (inverse of year_month_day)."""
    y = np.asarray(year, dtype=np.int64) - (np.asarray(month) <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    m = np.asarray(month, dtype=np.int64)
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + np.asarray(dom, dtype=np.int64) - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def add_years(days: np.ndarray, n: int | np.ndarray) -> np.ndarray:
    """Same calendar day n years later (29 February becomes 1 March)."""
    y, m, d = year_month_day(days)
    return (days_from_civil(y + n, m, 1) + d - 1).astype(np.int32)


def age_on(birth: np.ndarray, t: int) -> np.ndarray:
    """Age in whole years on date t."""
    by, bm, bd = year_month_day(birth)
    ty, tm, td = year_month_day(np.array([t]))
    before = (bm > tm[0]) | ((bm == tm[0]) & (bd > td[0]))
    return (ty[0] - by - before).astype(np.int32)


def aug1(start_years: np.ndarray) -> np.ndarray:
    """1 August of each school-year start year, in days."""
    y = np.asarray(start_years, dtype=np.int64)
    return days_from_civil(y, np.full_like(y, 8), np.ones_like(y)).astype(np.int32)


def jul31(start_years: np.ndarray) -> np.ndarray:
    """31 July ending each school year (start year + 1)."""
    return (aug1(np.asarray(start_years) + 1) - 1).astype(np.int32)


def yyyymmdd(days: np.ndarray) -> np.ndarray:
    """Dates as the integers YYYYMMDD (BRON style); NEVER / negative stay -1 (written as empty after masking)."""
    y, m, d = year_month_day(np.asarray(days))
    return np.where((np.asarray(days) >= 0) & (np.asarray(days) < NEVER), y * 10000 + m * 100 + d, -1)


def fmt_expr(col: str, style: str) -> pl.Expr:
    """Format an Int32 days column as text: 'bron' YYYYMMDD, 'duo' D-M-YYYY (as DUO prints it)."""
    fmt = {"bron": "%Y%m%d", "duo": "%-d-%-m-%Y", "iso": "%Y-%m-%d"}[style]
    return pl.when(pl.col(col) == int(NEVER)).then(None).otherwise(pl.col(col)).cast(pl.Date).dt.strftime(fmt)


def file_date(days: int, style: str) -> str:
    """A date for a file name: 'duo' DD_MM_YYYY, 'bron' YYYYMMDD, 'iso' YYYY-MM-DD."""
    d = str(EPOCH + np.timedelta64(days, "D"))
    y, m, dd = d.split("-")
    return {"duo": f"{dd}_{m}_{y}", "bron": f"{y}{m}{dd}", "iso": d}[style]
