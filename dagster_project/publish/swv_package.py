"""One SWV's download package: gegevensbestand and gemeentetabel (xlsx) and a chart (png + txt) per indicator.

Other SWVs never appear by code or name: comparisons show this SWV's position (rank) among all SWVs, charts draw
the other SWVs as unlabelled grey lines, and grensverkeer rows name the other SWV only as 'ander swv <n>'.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

NUMBERS = ("teller", "noemer", "waarde", "waarde_gemiddelde_swv")
BRON = {
    "gemeentetabel": "DUO BRON (inschrijvingen), bewerking passend-warehouse",
    "leerlingprognose": "DUO prognoses (po per vestiging, vo per instelling), bewerking passend-warehouse",
}
DEFAULT_BRON = "DUO BRON / 1A / 1B, bewerking passend-warehouse"


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
    """This SWV's rows; other SWVs in grensverkeer rows replaced by 'ander swv <n>'."""
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


def _write_sheet(wb: Workbook, title: str, frame: pd.DataFrame) -> None:
    ws = wb.create_sheet(title=title[:31])
    cols = list(frame.columns)
    ws.append(cols)
    for row in frame.itertuples(index=False):
        ws.append([None if (not isinstance(v, str) and pd.isna(v)) else
                   (v.date() if isinstance(v, pd.Timestamp) else v) for v in row])
    ws.freeze_panes = "A2"
    for i, c in enumerate(cols, start=1):
        width = max([len(str(c))] + [len(str(v)) for v in frame[c].head(200) if v is not None])
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)


def _latest(frame: pd.DataFrame) -> tuple[str, str]:
    sj = str(frame["schooljaar"].max())
    peil = frame.loc[frame["schooljaar"] == sj, "peildatum"].max()
    return sj, str(pd.Timestamp(peil).date()) if pd.notna(peil) else ""


def write_gegevensbestand(path: Path, code: str, indicators: dict[str, pd.DataFrame]) -> None:
    """Tab inleiding, tab landelijk (benchmark), then one tab per indicator (alphabetical) with history."""
    wb = Workbook()
    wb.remove(wb.active)
    intro = pd.DataFrame([{"indicator": name, "bron": BRON.get(name, DEFAULT_BRON),
                           "laatste schooljaar": _latest(f)[0], "laatste peildatum": _latest(f)[1]}
                          for name, f in sorted(indicators.items()) if not f.empty])
    _write_sheet(wb, "inleiding", intro)
    land = pd.concat([f[f["grain"] == "landelijk"] for f in indicators.values()], ignore_index=True)
    cols = ["indicator", "sector", "schooljaar", "peildatum", "populatie", "categorie", *NUMBERS, "gemaskeerd", "weergave"]
    _write_sheet(wb, "landelijk", _display(land)[[c for c in cols if c in land.columns]] if not land.empty else land)
    for name, frame in sorted(indicators.items()):
        own = own_rows(frame, code)
        drop = [c for c in ("indicator",) if c in own.columns]
        _write_sheet(wb, name, _display(own).drop(columns=drop))
    wb.save(path)


def write_gemeentetabel(path: Path, code: str, gemeenten: pd.DataFrame | None, schooljaar: str) -> None:
    """Per gemeente of the SWV: blocks schoolgaand and woonachtig by onderwijssoort and (v)so zorgcategorie."""
    wb = Workbook()
    wb.remove(wb.active)
    for blok in ("schoolgaand", "woonachtig"):
        rows = pd.DataFrame()
        if gemeenten is not None and not gemeenten.empty:
            sel = gemeenten[(gemeenten["swv_code"] == code) & (gemeenten["populatie"] == blok)
                            & (gemeenten["schooljaar"] == schooljaar)]
            rows = _display(sel)[["grain", "grain_code", "sector", "peildatum", "categorie", "zorgcategorie", "waarde"]]
            rows = rows.rename(columns={"grain_code": "gemeente", "categorie": "onderwijssoort", "waarde": "leerlingen"})
            rows["gemeente"] = rows["gemeente"].where(rows["grain"] == "gemeente", "totaal swv")
            rows = rows.drop(columns="grain").sort_values(["gemeente", "onderwijssoort"], na_position="first")
        _write_sheet(wb, blok, rows)
    wb.save(path)


def write_chart(png: Path, txt: Path, name: str, frame: pd.DataFrame, code: str) -> None:
    """The SWV's series in colour, landelijk and the other SWVs in grey (unlabelled), title and source line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sel = frame.copy()
    selections: dict[str, str] = {}
    for col in filter_columns(frame):
        if sel[col].isna().any():
            sel = sel[sel[col].isna()]
            selections[col] = "alle"
        elif not sel.empty:
            first = sorted(sel[col].astype(str).unique())[0]
            sel = sel[sel[col].astype(str) == first]
            selections[col] = first
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
    sj, peil = _latest(frame)
    title = f"{name.replace('_', ' ')} - {code}"
    source = f"Bron: {BRON.get(name, DEFAULT_BRON)}; schooljaar {sj}; peildatum {peil}"
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    swv = sel[sel["grain"] == "swv"]
    for _other, rows in swv[swv["swv_code"] != code].groupby("swv_code"):
        s = rows.groupby("schooljaar")["waarde"].mean()
        ax.plot(s.index, s.values, color="#c8c8c8", linewidth=0.8)
    land = sel[sel["grain"] == "landelijk"].groupby("schooljaar")["waarde"].mean()
    ax.plot(land.index, land.values, color="#555555", linestyle="--", linewidth=1.5, label="landelijk")
    own = swv[swv["swv_code"] == code].groupby("schooljaar")["waarde"].mean()
    ax.plot(own.index, own.values, color="#e4007c", marker="o", linewidth=2.5, label=code)
    ax.set_title(title)
    ax.set_xlabel("schooljaar")
    ax.set_ylabel("waarde")
    ax.legend(loc="best", fontsize=8)
    fig.text(0.01, 0.01, source, fontsize=7, color="#444444")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(png, format="png")
    plt.close(fig)
    lines = [title, source, "", "Selectie:"] + [f"- {k}: {v}" for k, v in selections.items()]
    lines += ["", "Grijs: landelijk (gestippeld) en de andere samenwerkingsverbanden (anoniem).",
              "Gemaskeerde waarden (<5 leerlingen of herleidbaar) ontbreken in de lijn."]
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_swv_package(folder: Path, code: str, indicators: dict[str, pd.DataFrame], gemeenten: pd.DataFrame | None,
                      *, run_id: str = "") -> list[Path]:
    """Write the whole package of SWV ``code`` into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    own_years = [str(f.loc[f["swv_code"] == code, "schooljaar"].max()) for f in indicators.values()
                 if (f["swv_code"] == code).any()]
    schooljaar = max(own_years) if own_years else "onbekend"
    files = [folder / f"gegevensbestand_{code}_{schooljaar}.xlsx", folder / f"gemeentetabel_{code}_{schooljaar}.xlsx"]
    write_gegevensbestand(files[0], code, indicators)
    write_gemeentetabel(files[1], code, gemeenten, schooljaar)
    for name, frame in sorted(indicators.items()):
        if (frame["swv_code"] == code).any():
            png, txt = folder / f"{name}.png", folder / f"{name}.txt"
            write_chart(png, txt, name, frame, code)
            files += [png, txt]
    return files
