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
# The landelijk benchmark of the dashboard (DPO manual 4.1) is the mean of the SWV values of the sector
# (waarde_gemiddelde_swv); the pooled national figure (sum of tellers over sum of noemers, or the national total of a
# count: waarde of the landelijk row) is shown beside it. Both are labelled wherever they appear.
BENCHMARK_LABEL = "landelijk gemiddelde van de samenwerkingsverbanden"
POOLED_LABEL = "landelijk totaal (alle leerlingen samen)"
LANDELIJK_HEADERS = {"waarde_gemiddelde_swv": f"{BENCHMARK_LABEL} (benchmark)", "waarde": POOLED_LABEL}
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


def _cell_keys(frame: pd.DataFrame) -> list[str]:
    """The columns that identify a cell across SWVs: its landelijk row has the same values in them."""
    return ["sector", "schooljaar", "peildatum", "populatie", "categorie", *filter_columns(frame)]


def _landelijk_tab(frame: pd.DataFrame) -> pd.DataFrame:
    """The landelijk rows in display form, the benchmark (mean of the SWVs) before the pooled figure, both labelled."""
    shown = _display(frame)
    order = [c for c in LANDELIJK_COLUMNS if c in shown.columns]
    if {"waarde", "waarde_gemiddelde_swv"} <= set(order):
        i, j = order.index("waarde"), order.index("waarde_gemiddelde_swv")
        order[i], order[j] = order[j], order[i]
    return shown[order].rename(columns=LANDELIJK_HEADERS)


def benchmark_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per cell (``_cell_keys``) of ``frame``'s landelijk rows: the benchmark and the pooled figure in display form."""
    keys = _cell_keys(frame)
    land = frame[frame["grain"] == "landelijk"]
    if land.empty:
        return pd.DataFrame(columns=[*keys, BENCHMARK_LABEL, POOLED_LABEL])
    shown = _display(land)
    out = _sentinel_keys(shown[keys])
    out[BENCHMARK_LABEL] = shown["waarde_gemiddelde_swv"].astype("object").to_numpy()
    out[POOLED_LABEL] = shown["waarde"].astype("object").to_numpy()
    return out.drop_duplicates(keys)


def _sentinel_keys(keys: pd.DataFrame) -> pd.DataFrame:
    """Key columns as text with null as '<alle>', so that cells can be joined on them."""
    return keys.astype("object").where(keys.notna(), "<alle>").astype(str).reset_index(drop=True)


def with_benchmark(own: pd.DataFrame, benchmark: pd.DataFrame | None) -> pd.DataFrame:
    """``own`` (display form) with the landelijk benchmark and the pooled national figure of the same cell beside
    every grain = swv row (labelled columns at the end; empty on the other grains)."""
    out = own.copy()
    out[BENCHMARK_LABEL] = None
    out[POOLED_LABEL] = None
    swv = (out["grain"] == "swv").to_numpy() if not out.empty else np.zeros(0, bool)
    if benchmark is None or benchmark.empty or not swv.any():
        return out
    keys = [c for c in benchmark.columns if c not in (BENCHMARK_LABEL, POOLED_LABEL)]
    matched = _sentinel_keys(out.loc[swv, keys]).merge(benchmark, on=keys, how="left")
    for col in (BENCHMARK_LABEL, POOLED_LABEL):
        values = out[col].to_numpy(dtype=object, copy=True)
        values[swv] = matched[col].astype("object").where(matched[col].notna(), None).to_numpy()
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
    cols = ["swv_code", "sector", "schooljaar", "populatie", "grain", "categorie", "teller", "noemer", "waarde",
            "waarde_gemiddelde_swv"]
    return sel[[c for c in cols if c in sel.columns]].copy(), selections


def _is_ratio(rows: pd.DataFrame) -> bool:
    """Whether the landelijk waarde of ``rows`` is a ratio (percentage or percentage change), i.e. on the scale of an
    SWV value; a count or a difference of counts summed over the country is not, so it is not drawn as a line."""
    rows = rows[rows["waarde"].notna() & rows.get("noemer", pd.Series(index=rows.index, dtype=float)).notna()]
    if rows.empty or "teller" not in rows.columns:
        return False
    t, n, w = (rows[c].astype(float) for c in ("teller", "noemer", "waarde"))
    n = n.where(n != 0)
    pct = (w - 100 * t / n).abs() < 1e-6
    change = (w - 100 * (t - n) / n).abs() < 1e-6
    return bool((pct | change).all())


def chart_series(sel: pd.DataFrame, code: str) -> dict[str, pd.Series]:
    """The lines of a chart by schooljaar: this SWV (``code``), the benchmark (mean of the SWVs) and, for a ratio, the
    pooled national figure. Masked values are missing (NaN) and so leave a gap."""
    land = sel[sel["grain"] == "landelijk"]
    lines = {code: sel[(sel["grain"] == "swv") & (sel["swv_code"] == code)].groupby("schooljaar")["waarde"].mean()}
    if "waarde_gemiddelde_swv" in land.columns:
        lines[BENCHMARK_LABEL] = land.groupby("schooljaar")["waarde_gemiddelde_swv"].mean()
    if _is_ratio(land):
        lines[POOLED_LABEL] = land.groupby("schooljaar")["waarde"].mean()
    return lines


@dataclass
class PackageData:
    """What every SWV package needs, prepared once from the published marts (see the module docstring)."""

    own: dict[str, dict[str, pd.DataFrame]]  # indicator -> swv code -> that SWV's rows (no landelijk rows)
    landelijk: pd.DataFrame  # the landelijk tab, already in display form: the same in every package
    benchmarks: dict[str, pd.DataFrame]  # indicator -> benchmark_table (shown beside the SWV's own rows)
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
        benchmarks = {name: benchmark_table(f) for name, f in indicators.items()}
        if not land_frame.empty:
            land_frame = _landelijk_tab(land_frame)
        by_code = ({str(c): rows for c, rows in gemeenten.groupby("swv_code", sort=False)}
                   if gemeenten is not None and not gemeenten.empty else {})
        return cls(own=own, landelijk=land_frame, benchmarks=benchmarks,
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
                           landelijk=self.landelijk, benchmarks=self.benchmarks, latest=self.latest,
                           charts=self.charts,
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
            shown = with_benchmark(_display(own), data.benchmarks.get(name))
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
    lines = chart_series(sel, code)
    years = sorted(sel["schooljaar"].dropna().unique())
    x_of = {y: i for i, y in enumerate(years)}
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    others = [np.column_stack([[x_of[y] for y in s.index.get_level_values("schooljaar")], s.to_numpy()])
              for (grain, swv), s in series.groupby(level=["grain", "swv_code"], dropna=False)
              if grain == "swv" and swv != code]
    ax.add_collection(LineCollection(others, colors="#c8c8c8", linewidths=0.8))
    styles = {BENCHMARK_LABEL: {"color": "#333333", "linestyle": "--", "linewidth": 1.8},
              POOLED_LABEL: {"color": "#777777", "linestyle": ":", "linewidth": 1.5},
              code: {"color": "#e4007c", "marker": "o", "linewidth": 2.5}}
    for label in (BENCHMARK_LABEL, POOLED_LABEL, code):
        if label in lines:
            s = lines[label]
            ax.plot([x_of[y] for y in s.index], s.to_numpy(), label=label, **styles[label])
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
    text = [title, source, "", "Selectie:"] + [f"- {k}: {v}" for k, v in selections.items()]
    text += ["", f"Waarden schooljaar {sj}:"]
    land = sel[(sel["grain"] == "landelijk") & (sel["schooljaar"] == sj)]
    own_now = lines[code].get(sj, np.nan)
    text += [f"- {code}: {_number(own_now)}",
             f"- {BENCHMARK_LABEL} (benchmark, gestreept): "
             f"{_number(land['waarde_gemiddelde_swv'].mean() if 'waarde_gemiddelde_swv' in land else np.nan)}",
             f"- {POOLED_LABEL}{' (gestippeld)' if POOLED_LABEL in lines else ''}: {_number(land['waarde'].mean())}"]
    text += ["", "De benchmark is het gemiddelde van de waarden van alle samenwerkingsverbanden van de sector; het "
                 "landelijk totaal telt alle leerlingen van het land samen"
                 + ("." if POOLED_LABEL in lines else " (bij aantallen niet getekend: een andere orde van grootte)."),
             "Grijs: de andere samenwerkingsverbanden (anoniem).",
             "Gemaskeerde waarden (<5 leerlingen of herleidbaar) ontbreken in de lijn."]
    txt.write_text("\n".join(text) + "\n", encoding="utf-8")


def _number(v: float) -> str:
    """A value for the chart's text: decimal comma, one decimal; 'gemaskeerd' when missing."""
    return "gemaskeerd" if v is None or pd.isna(v) else f"{float(v):.1f}".replace(".", ",")


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
