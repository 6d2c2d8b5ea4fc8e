"""One SWV's download package: gegevensbestand and gemeentetabel (xlsx) and a chart (png + txt) per indicator.

Other SWVs never appear by code or name: comparisons show this SWV's position (rank) among all SWVs, charts draw
the other SWVs as unlabelled grey lines, and grensverkeer rows name the other SWV only as 'ander swv <n>'.

At national scale there are ~150 packages over marts of millions of rows, so everything that does not depend on the
SWV (the landelijk tab, the chart's filter selection, the latest peildatum) is prepared once in ``PackageData`` and
every mart is split by SWV once; a package then touches only its own rows. Workbooks are written with XlsxWriter in
constant-memory mode (rows streamed to disk), several times faster than building them cell by cell in openpyxl.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

NUMBERS = ("teller", "noemer", "waarde", "waarde_gemiddelde_swv")
BRON = {
    "gemeentetabel": "DUO BRON (inschrijvingen), bewerking passend-warehouse",
    "leerlingprognose": "DUO prognoses (po per vestiging, vo per instelling), bewerking passend-warehouse",
}
DEFAULT_BRON = "DUO BRON / 1A / 1B, bewerking passend-warehouse"
LANDELIJK_COLUMNS = ("indicator", "sector", "schooljaar", "peildatum", "populatie", "categorie", *NUMBERS,
                     "gemaskeerd", "weergave")
GEMEENTE_COLUMNS = ("grain", "grain_code", "sector", "peildatum", "categorie", "zorgcategorie", "waarde")


def filter_columns(frame: pd.DataFrame) -> list[str]:
    """Filter and extra key columns: between ``categorie`` and ``teller`` (contract order)."""
    cols = list(frame.columns)
    return cols[cols.index("categorie") + 1: cols.index("teller")]


def with_positions(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``positie`` (rank of the SWV's waarde, 1 = highest) and ``aantal_swv`` to grain = swv rows."""
    out = frame.copy()
    out["positie"] = pd.NA
    out["aantal_swv"] = pd.NA
    swv = out[(out["grain"] == "swv") & out["waarde"].notna()]
    if swv.empty:
        return out
    keys = ["sector", "schooljaar", "peildatum", "populatie", "categorie", *filter_columns(frame)]
    grouped = swv.assign(**{k: swv[k].astype("object").where(swv[k].notna(), "<alle>") for k in keys}).groupby(keys)
    out.loc[swv.index, "positie"] = grouped["waarde"].rank(ascending=False, method="min").astype("Int64")
    out.loc[swv.index, "aantal_swv"] = grouped["waarde"].transform("size").astype("Int64")
    return out


def own_rows(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    """This SWV's rows of ``frame`` (landelijk rows left out); other SWVs in grensverkeer rows become 'ander swv <n>'."""
    own = frame[(frame["swv_code"] == code) & (frame["grain"] != "landelijk")].copy()
    other = (own["grain"] == "swv_ander") & (own["grain_code"] != code)
    labels = {c: f"ander swv {i}" for i, c in enumerate(sorted(own.loc[other, "grain_code"].unique()), start=1)}
    own.loc[other, "grain_code"] = own.loc[other, "grain_code"].map(labels)
    own.loc[other, "grain_naam"] = None
    return own


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers stay numbers; a masked number becomes '<5' (primary count) or 'gemaskeerd'."""
    out = frame.copy()
    masked_text = out["weergave"].where(out["weergave"].isin([w for w in out["weergave"].dropna().unique()
                                                              if str(w).startswith("<")]), "gemaskeerd")
    for col in NUMBERS:
        if col in out.columns and (col == "waarde" or frame[col].notna().any() or col == "teller"):
            values = out[col].astype("object")
            hide = out[col].isna() & out["gemaskeerd"].fillna(False).astype(bool)
            if col == "waarde":
                values[hide] = out.loc[hide, "weergave"]
            elif col == "waarde_gemiddelde_swv":  # only the landelijk rows carry one
                values[hide & (out["grain"] == "landelijk")] = "gemaskeerd"
            else:
                values[hide] = masked_text[hide]
            out[col] = values
    return out


def _latest(frame: pd.DataFrame) -> tuple[str, str]:
    sj = str(frame["schooljaar"].max())
    peil = frame.loc[frame["schooljaar"] == sj, "peildatum"].max()
    return sj, str(pd.Timestamp(peil).date()) if pd.notna(peil) else ""


def _chart_selection(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The swv and landelijk rows a chart draws from: per filter column 'alle' (null) where it exists, else its first
    value. This part of the selection does not depend on the SWV, so it is made once per indicator."""
    sel = frame[frame["grain"].isin(["swv", "landelijk"])]
    selections: dict[str, str] = {}
    for col in filter_columns(frame):
        if sel[col].isna().any():
            sel = sel[sel[col].isna()]
            selections[col] = "alle"
        elif not sel.empty:
            first = sorted(sel[col].astype(str).unique())[0]
            sel = sel[sel[col].astype(str) == first]
            selections[col] = first
    cols = ["swv_code", "sector", "schooljaar", "populatie", "grain", "categorie", "waarde"]
    return sel[cols].copy(), selections


@dataclass
class PackageData:
    """What every SWV package needs, prepared once from the published marts (see the module docstring)."""

    own: dict[str, dict[str, pd.DataFrame]]  # indicator -> swv code -> that SWV's rows (no landelijk rows)
    landelijk: pd.DataFrame  # the landelijk tab, already in display form: the same in every package
    latest: dict[str, tuple[str, str]]  # indicator -> (latest schooljaar, its latest peildatum)
    charts: dict[str, tuple[pd.DataFrame, dict[str, str]]]  # indicator -> (chart rows, filter selections)
    gemeenten: dict[str, pd.DataFrame]  # swv code -> its gemeentetabel rows
    columns: dict[str, list[str]]  # indicator -> its columns (for the tab of an SWV without rows)

    @classmethod
    def prepare(cls, indicators: dict[str, pd.DataFrame], gemeenten: pd.DataFrame | None) -> PackageData:
        indicators = {k: v for k, v in sorted(indicators.items())}
        own = {name: {str(code): rows for code, rows in f[f["grain"] != "landelijk"].groupby("swv_code", sort=False)}
               for name, f in indicators.items()}
        land = [f[f["grain"] == "landelijk"] for f in indicators.values()]
        land_frame = pd.concat(land, ignore_index=True) if land else pd.DataFrame(columns=list(LANDELIJK_COLUMNS))
        if not land_frame.empty:
            land_frame = _display(land_frame)[[c for c in LANDELIJK_COLUMNS if c in land_frame.columns]]
        by_code = ({str(c): rows for c, rows in gemeenten.groupby("swv_code", sort=False)}
                   if gemeenten is not None and not gemeenten.empty else {})
        return cls(own=own, landelijk=land_frame,
                   latest={name: _latest(f) for name, f in indicators.items() if not f.empty},
                   charts={name: _chart_selection(f) for name, f in indicators.items()},
                   gemeenten=by_code, columns={name: list(f.columns) for name, f in indicators.items()})

    def codes(self) -> list[str]:
        """Every SWV with a grain = swv row in some indicator."""
        return sorted({code for per_swv in self.own.values() for code, rows in per_swv.items()
                       if (rows["grain"] == "swv").any()})

    def for_swv(self, code: str) -> PackageData:
        """The part one package needs: its own rows plus the shared parts (small enough to send to a worker)."""
        return PackageData(own={name: ({code: per[code]} if code in per else {}) for name, per in self.own.items()},
                           landelijk=self.landelijk, latest=self.latest, charts=self.charts,
                           gemeenten={code: self.gemeenten[code]} if code in self.gemeenten else {},
                           columns=self.columns)

    def own_rows(self, name: str, code: str) -> pd.DataFrame:
        rows = self.own[name].get(code)
        return own_rows(rows, code) if rows is not None else pd.DataFrame(columns=self.columns[name])


# ---------------------------------------------------------------------------------------------------------- xlsx
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
    """Tab inleiding, tab landelijk (benchmark), then one tab per indicator (alphabetical) with history."""
    intro = pd.DataFrame([{"indicator": name, "bron": BRON.get(name, DEFAULT_BRON), "laatste schooljaar": sj,
                           "laatste peildatum": peil} for name, (sj, peil) in sorted(data.latest.items())])
    wb = _workbook(path)
    try:
        _write_sheet(wb, "inleiding", intro)
        _write_sheet(wb, "landelijk", data.landelijk)
        for name in sorted(data.own):
            own = data.own_rows(name, code)
            _write_sheet(wb, name, _display(own).drop(columns=[c for c in ("indicator",) if c in own.columns]))
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
                rows = _display(sel)[list(GEMEENTE_COLUMNS)]
                rows = rows.rename(columns={"grain_code": "gemeente", "categorie": "onderwijssoort",
                                            "waarde": "leerlingen"})
                rows["gemeente"] = rows["gemeente"].where(rows["grain"] == "gemeente", "totaal swv")
                rows = rows.drop(columns="grain").sort_values(["gemeente", "onderwijssoort"], na_position="first")
            _write_sheet(wb, blok, rows)
    finally:
        wb.close()


# -------------------------------------------------------------------------------------------------------- charts
def write_chart(png: Path, txt: Path, name: str, data: PackageData, code: str) -> None:
    """The SWV's series in colour, landelijk and the other SWVs in grey (unlabelled), title and source line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    sel, filter_selection = data.charts[name]
    selections = dict(filter_selection)
    own_sector = sel.loc[sel["swv_code"] == code, "sector"]
    if not own_sector.empty:
        sel = sel[sel["sector"] == own_sector.iloc[0]]
    # the categorie with the most published values of this SWV ('totaal' when there is one)
    own_pub = sel[(sel["swv_code"] == code) & sel["waarde"].notna()]
    cats = own_pub["categorie"].value_counts()
    cat = "totaal" if "totaal" in cats.index else (str(cats.index[0]) if len(cats) else None)
    sel = sel[sel["categorie"] == cat]
    pops = sel["populatie"].dropna().unique()
    if len(pops):
        pop = "bekostigd" if "bekostigd" in pops else sorted(pops)[0]
        sel = sel[sel["populatie"] == pop]
        selections["populatie"] = pop
    selections["categorie"] = str(cat)
    sj, peil = data.latest.get(name, ("", ""))
    title = f"{name.replace('_', ' ')} - {code}"
    source = f"Bron: {BRON.get(name, DEFAULT_BRON)}; schooljaar {sj}; peildatum {peil}"
    series = sel.groupby(["grain", "swv_code", "schooljaar"], dropna=False)["waarde"].mean()
    years = sorted(sel["schooljaar"].dropna().unique())
    x_of = {y: i for i, y in enumerate(years)}
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    others = [np.column_stack([[x_of[y] for y in s.index.get_level_values("schooljaar")], s.to_numpy()])
              for (grain, swv), s in series.groupby(level=["grain", "swv_code"], dropna=False)
              if grain == "swv" and swv != code]
    ax.add_collection(LineCollection(others, colors="#c8c8c8", linewidths=0.8))
    for grain, label, style in (("landelijk", "landelijk", {"color": "#555555", "linestyle": "--", "linewidth": 1.5}),
                                ("swv", code, {"color": "#e4007c", "marker": "o", "linewidth": 2.5})):
        rows = sel[(sel["grain"] == grain) & ((sel["swv_code"] == code) if grain == "swv" else True)]
        s = rows.groupby("schooljaar")["waarde"].mean()
        ax.plot([x_of[y] for y in s.index], s.to_numpy(), label=label, **style)
    ax.set_xticks(range(len(years)), years)
    ax.autoscale_view()
    ax.set_title(title)
    ax.set_xlabel("schooljaar")
    ax.set_ylabel("waarde")
    ax.legend(loc="best", fontsize=8)
    fig.text(0.01, 0.01, source, fontsize=7, color="#444444")
    fig.subplots_adjust(left=0.09, right=0.98, top=0.92, bottom=0.17)
    fig.savefig(png, format="png")
    plt.close(fig)
    lines = [title, source, "", "Selectie:"] + [f"- {k}: {v}" for k, v in selections.items()]
    lines += ["", "Grijs: landelijk (gestippeld) en de andere samenwerkingsverbanden (anoniem).",
              "Gemaskeerde waarden (<5 leerlingen of herleidbaar) ontbreken in de lijn."]
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_swv_package(folder: Path, code: str, data: PackageData, *, run_id: str = "") -> list[Path]:
    """Write the whole package of SWV ``code`` into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    own_years = [str(per_swv[code]["schooljaar"].max()) for per_swv in data.own.values() if code in per_swv]
    schooljaar = max(own_years) if own_years else "onbekend"
    files = [folder / f"gegevensbestand_{code}_{schooljaar}.xlsx", folder / f"gemeentetabel_{code}_{schooljaar}.xlsx"]
    write_gegevensbestand(files[0], code, data)
    write_gemeentetabel(files[1], code, data, schooljaar)
    for name in sorted(data.own):
        if code in data.own[name]:
            png, txt = folder / f"{name}.png", folder / f"{name}.txt"
            write_chart(png, txt, name, data, code)
            files += [png, txt]
    return files


def write_swv_packages(root: Path, codes: list[str], data: PackageData, *, run_id: str = "",
                       workers: int | None = None) -> int:
    """Write the packages of ``codes`` under ``root/<code>/``, in ``workers`` processes; returns how many.

    Packages are independent, so they are spread over the cores (``PASSEND_EXPORT_WORKERS``, default: the CPU
    count, at most 4). Worker processes are spawned, not forked (the caller may be a multi-threaded Dagster run), and
    each task carries only its SWV's slice of the data. Few packages (tests) are written in this process.
    """
    import os

    if workers is None:
        workers = int(os.environ.get("PASSEND_EXPORT_WORKERS", min(os.cpu_count() or 1, 4)))
    if workers <= 1 or len(codes) < 8:
        for code in codes:
            write_swv_package(root / code, code, data, run_id=run_id)
        return len(codes)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(write_swv_package, root / code, code, data.for_swv(code), run_id=run_id)
                   for code in codes]
        for f in futures:
            f.result()  # re-raises a worker's error
    return len(codes)
