"""Verzuim and vrijstellingen per gemeente × schooljaar × onderwijssoort, with counts 1-4 masked ('<5') as delivered."""

from __future__ import annotations

import numpy as np
import polars as pl

from .geography import Geography
from .schoolcalendar import schooljaar_label

VERZUIM_RATE = {"ABSOLUUT": 0.0012, "RELATIEF": 0.016, "LANGDURIG_RELATIEF": 0.0025}
VRIJSTELLING_RATE = {"5A": 0.0035, "5B": 0.0004, "5C": 0.0003, "15": 0.0012, "3A": 0.0008, "11G": 0.0006,
                     "VERVANGENDE_LEERPLICHT": 0.0009}
LEERPLICHT_SOORT = {"BAO": "PO", "SBO": "PO", "SO": "SO", "VSO": "VSO", "MBO": "MBO"}


def pupils_per_gemeente(e: pl.DataFrame, geo: Geography) -> pl.DataFrame:
    """Pupils per home gemeente and leerplicht onderwijssoort (PO, VO, SO, VSO, MBO) on one 1 October."""
    pc4_index = np.searchsorted(geo.pc4, e["woon_pc4"].cast(pl.Int64).to_numpy())
    gem = geo.pc4_gemeente[np.clip(pc4_index, 0, len(geo.pc4) - 1)]
    return (e.select(pl.Series("gem", gem), pl.col("onderwijssoort").replace_strict(LEERPLICHT_SOORT, default="VO")
                     .alias("soort"), pl.col("sector"))
            .filter(pl.col("sector") != "HO").group_by(["gem", "soort"]).len())


def _mask(counts: np.ndarray) -> np.ndarray:
    text = counts.astype(str)
    return np.where((counts >= 1) & (counts <= 4), "<5", text)


def verzuim(rng: np.random.Generator, geo: Geography, per_gem: pl.DataFrame, sy: int) -> pl.DataFrame:
    rows = per_gem.sort(["gem", "soort"])
    gem = rows["gem"].to_numpy()
    n = rows["len"].to_numpy()
    frames = []
    for cat, rate in VERZUIM_RATE.items():
        counts = rng.binomial(n, rate)
        frames.append(pl.DataFrame({"GEMEENTECODE": np.asarray(geo.gemeente_code)[gem],
                                    "GEMEENTENAAM": np.asarray(geo.gemeente_naam)[gem],
                                    "SCHOOLJAAR": schooljaar_label(sy), "ONDERWIJSSOORT": rows["soort"].to_numpy(),
                                    "CATEGORIE": cat, "AANTAL": _mask(counts)}))
    return pl.concat(frames).sort(["GEMEENTECODE", "ONDERWIJSSOORT", "CATEGORIE"])


def vrijstellingen(rng: np.random.Generator, geo: Geography, per_gem: pl.DataFrame, sy: int) -> pl.DataFrame:
    rows = (per_gem.with_columns(pl.col("soort").replace({"SO": "PO", "VSO": "VO", "MBO": "VO"}))
            .group_by(["gem", "soort"]).agg(pl.col("len").sum()).sort(["gem", "soort"]))
    frames = []
    for art, rate in VRIJSTELLING_RATE.items():
        sub = rows.filter(pl.col("soort") == "VO") if art == "VERVANGENDE_LEERPLICHT" else rows
        gem = sub["gem"].to_numpy()
        counts = rng.binomial(sub["len"].to_numpy(), rate)
        frames.append(pl.DataFrame({"GEMEENTECODE": np.asarray(geo.gemeente_code)[gem],
                                    "GEMEENTENAAM": np.asarray(geo.gemeente_naam)[gem],
                                    "SCHOOLJAAR": schooljaar_label(sy), "ONDERWIJSSOORT": sub["soort"].to_numpy(),
                                    "ARTIKEL": art, "AANTAL": _mask(counts)}))
    return pl.concat(frames).sort(["GEMEENTECODE", "ONDERWIJSSOORT", "ARTIKEL"])
