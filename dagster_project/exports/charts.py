"""The chart of one indicator in an SWV package: png + txt (title, source, the selection and the values drawn)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dagster_project.exports.columns import (
    BENCHMARK_LABEL,
    BRON,
    CHART_CATEGORIE,
    DEFAULT_BRON,
    POOLED_LABEL,
    filter_columns,
)

if TYPE_CHECKING:
    from dagster_project.exports.package_data import PackageData


def chart_selection(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """The swv and landelijk rows a chart draws from, per sector: per filter column 'alle' (null) where it exists,
    else (a key column such as a flow's herkomst onderwijssoort, which has no 'all' value) the value with the most
    published SWV values in that sector. Sectors differ there (a po and a vo flow have no onderwijssoort in common),
    so the selection is made per sector; it does not depend on the SWV, so it is made once per indicator.
    Returns the rows and, per sector, the filter selections."""
    sel = frame[frame["grain"].isin(["swv", "landelijk"])]
    parts, selections = [], {}
    for sector, part in sel.groupby("sector", sort=True):
        chosen: dict[str, str] = {}
        for col in filter_columns(frame):
            if part[col].isna().any():
                part = part[part[col].isna()]
                chosen[col] = "alle"
            elif not part.empty:
                published = part[(part["grain"] == "swv") & part["waarde"].notna()][col].astype(str)
                counts = (published if not published.empty else part[col].astype(str)).value_counts()
                value = sorted(counts.index, key=lambda v: (-counts[v], v))[0]
                part = part[part[col].astype(str) == value]
                chosen[col] = value
        parts.append(part)
        selections[str(sector)] = chosen
    sel = pd.concat(parts) if parts else sel
    cols = ["swv_code", "sector", "schooljaar", "populatie", "grain", "categorie", "teller", "noemer", "waarde",
            "waarde_gemiddelde_swv"]
    return sel[[c for c in cols if c in sel.columns]].copy(), selections


def chart_categorie(sel: pd.DataFrame, code: str, name: str) -> str | None:
    """The categorie a chart draws: the indicator's own choice (``CHART_CATEGORIE``) where this SWV has it, else
    'totaal' unless that is the 100 % of a distribution (every categorie a share of the totaal: a flat line), else
    the categorie with the most published values of this SWV."""
    own = sel[(sel["swv_code"] == code) & sel["waarde"].notna()]
    cats = own["categorie"].value_counts()
    preferred = CHART_CATEGORIE.get(name)
    if preferred is not None and preferred in set(sel.loc[sel["swv_code"] == code, "categorie"]):
        return preferred
    if "totaal" in cats.index and not (own.loc[own["categorie"] == "totaal", "waarde"] == 100).all():
        return "totaal"
    cats = cats.drop("totaal", errors="ignore")
    return str(sorted(cats.index, key=lambda c: (-cats[c], c))[0]) if len(cats) else None


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


def write_chart(png: Path, txt: Path, name: str, data: PackageData, code: str) -> None:
    """The SWV's series in colour, landelijk and the other SWVs in grey (unlabelled), title and source line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    sel, filter_selection = data.charts[name]
    own_sector = sel.loc[sel["swv_code"] == code, "sector"]
    selections: dict[str, str] = {}
    if not own_sector.empty:
        sel = sel[sel["sector"] == own_sector.iloc[0]]
        selections = dict(filter_selection.get(str(own_sector.iloc[0]), {}))
    cat = chart_categorie(sel, code, name)
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
