"""What every SWV download package is made of, prepared once from the published (pub_) tables.

Other SWVs never appear by code or name: comparisons show this SWV's position (rank) among all SWVs, charts draw
the other SWVs as unlabelled grey lines; grensverkeer rows name the partner SWV (a funding counterparty DUO names
to the SWV too), nothing else names another SWV.

At national scale there are ~150 packages over marts of millions of rows, so everything that does not depend on the
SWV (the landelijk tab, the benchmarks, the chart's filter selection, the latest peildatum) is prepared once in
``PackageData`` and every mart is split by SWV once; a package then touches only its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dagster_project.exports.charts import chart_selection
from dagster_project.exports.columns import (
    BENCHMARK_LABEL,
    LANDELIJK_COLUMNS,
    LANDELIJK_HEADERS,
    NUMBERS,
    POOLED_LABEL,
    filter_columns,
)


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
    """This SWV's rows of ``frame`` (landelijk rows left out).

    Grensverkeer rows (grain ``swv_ander``) keep the partner SWV's code and name: the partner is a funding
    counterparty that DUO's own files name to this SWV (1B ``VESTIGING_SWVNUMMER``/``NAAM``). Comparison data
    (``positie``, ``aantal_swv``, the landelijk tab, the charts) never name another SWV.
    """
    return frame[(frame["swv_code"] == code) & (frame["grain"] != "landelijk")].copy()


def display(frame: pd.DataFrame, with_noemer: bool = False) -> pd.DataFrame:
    """Numbers stay numbers; a masked number becomes '<5' (primary count) or 'gemaskeerd'.

    ``with_noemer``: the indicator is a rate, so a masked noemer is shown masked even when every noemer of
    ``frame`` is masked (the rows of one small SWV); otherwise a noemer column without any value is a count
    indicator's empty noemer and stays empty."""
    out = frame.copy()
    masked_text = out["weergave"].where(out["weergave"].isin([w for w in out["weergave"].dropna().unique()
                                                              if str(w).startswith("<")]), "gemaskeerd")
    for col in NUMBERS:
        if col in out.columns and (col in ("waarde", "teller") or frame[col].notna().any()
                                   or (col == "noemer" and with_noemer)):
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
    shown = display(frame)
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
    shown = display(land)
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
    rates: frozenset[str] = frozenset()  # indicators with a noemer (a masked noemer is shown masked)

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
                   charts={name: chart_selection(f) for name, f in indicators.items()},
                   gemeenten=by_code, columns={name: list(f.columns) for name, f in indicators.items()},
                   rates=frozenset(name for name, f in indicators.items() if f["noemer"].notna().any()))

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
                           columns=self.columns, rates=self.rates)

    def own_rows(self, name: str, code: str) -> pd.DataFrame:
        rows = self.own[name].get(code)
        return own_rows(rows, code) if rows is not None else pd.DataFrame(columns=self.columns[name])
