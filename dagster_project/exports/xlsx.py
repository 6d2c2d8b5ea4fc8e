"""The workbooks of an SWV package (gegevensbestand, gemeentetabel), written with XlsxWriter.

XlsxWriter builds a workbook several times faster than openpyxl cell by cell; numbers stay numbers, a masked number
shows as '<5' or 'gemaskeerd' (``package_data.display``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dagster_project.exports.columns import BRON, DEFAULT_BRON, GEMEENTE_COLUMNS
from dagster_project.exports.package_data import PackageData, display, with_benchmark


def _workbook(path: Path) -> Any:
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), {
        "constant_memory": False,  # shared strings: the many repeated codes are stored once
        "default_date_format": "yyyy-mm-dd",
        "strings_to_formulas": False,  # a school name starting with '=' stays text
        "strings_to_urls": False,
    })


def _cell_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """Rows of Python values: null → None (an empty cell), timestamps → dates, numpy scalars → int/float/bool."""
    out = frame.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.date
    values = out.astype(object).where(out.notna(), None).to_numpy().tolist()
    return [[v.item() if isinstance(v, np.generic) else v for v in row] for row in values]


def _write_sheet(wb: Any, title: str, frame: pd.DataFrame) -> None:
    """One tab: a bold frozen header row, numbers as numbers, widths from the first 200 values of each column."""
    ws = wb.add_worksheet(title[:31])
    bold = wb.add_format({"bold": True})
    cols = [str(c) for c in frame.columns]
    rows = _cell_rows(frame)
    for i, c in enumerate(cols):
        sample = [len(str(r[i])) for r in rows[:200] if r[i] is not None]
        ws.set_column(i, i, min(max(max([len(c), *sample]) + 2, 8), 60))
    ws.freeze_panes(1, 0)
    ws.write_row(0, 0, cols, bold)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, v)
            elif isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))


def write_gegevensbestand(path: Path, code: str, data: PackageData) -> None:
    """Tab inleiding, tab landelijk (benchmark), then one tab per indicator (alphabetical) with history; every SWV row
    carries the landelijk benchmark and the pooled national figure of its cell beside its own value."""
    intro = pd.DataFrame([{"indicator": name, "bron": BRON.get(name, DEFAULT_BRON), "laatste schooljaar": sj,
                           "laatste peildatum": peil} for name, (sj, peil) in sorted(data.latest.items())])
    wb = _workbook(path)
    try:
        _write_sheet(wb, "inleiding", intro)
        _write_sheet(wb, "landelijk", data.landelijk)
        for name in sorted(data.own):
            own = data.own_rows(name, code)
            shown = with_benchmark(display(own, with_noemer=name in data.rates), data.benchmarks.get(name))
            _write_sheet(wb, name, shown.drop(columns=[c for c in ("indicator",) if c in own.columns]))
    finally:
        wb.close()


def write_gemeentetabel(path: Path, code: str, data: PackageData, schooljaar: str) -> None:
    """Per gemeente of the SWV: blocks schoolgaand and woonachtig by onderwijssoort and (v)so zorgcategorie."""
    mine = data.gemeenten.get(code)
    wb = _workbook(path)
    try:
        for blok in ("schoolgaand", "woonachtig"):
            rows = pd.DataFrame(columns=["gemeente", "sector", "peildatum", "onderwijssoort", "zorgcategorie",
                                         "leerlingen"])
            if mine is not None:
                sel = mine[(mine["populatie"] == blok) & (mine["schooljaar"] == schooljaar)]
                rows = display(sel)[list(GEMEENTE_COLUMNS)]
                rows = rows.rename(columns={"grain_code": "gemeente", "categorie": "onderwijssoort",
                                            "waarde": "leerlingen"})
                rows["gemeente"] = rows["gemeente"].where(rows["grain"] == "gemeente", "totaal swv")
                rows = rows.drop(columns="grain").sort_values(["gemeente", "onderwijssoort"], na_position="first")
            _write_sheet(wb, blok, rows)
    finally:
        wb.close()
