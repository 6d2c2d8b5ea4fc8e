"""Decentrale SWV inputs for a subset of SWVs: TLV aanvragen/toegekend/afgewezen and klachten/bezwaren/geschillen."""

from __future__ import annotations

import numpy as np
import polars as pl

from .geography import Geography
from .population import Population
from .schoolcalendar import aug1, jul31

AFGIFTEDUUR = ("0-2", "2-4", ">=4")
GESCHIL_SOORT = ("KLACHT", "BEZWAAR", "BEROEP", "GESCHIL")


def reporting_swvs(rng: np.random.Generator, geo: Geography) -> list[int]:
    """About 60 % of the regional SWVs fill in the decentrale inputs (at least one po and one vo SWV)."""
    chosen: list[int] = []
    for sector in ("PO", "VO"):
        regional = geo.regional(sector)
        pick = regional[rng.random(len(regional)) < 0.6]
        chosen += sorted({int(regional[0]), *pick.tolist()})
    return chosen


def tlv_aanvragen(rng: np.random.Generator, tlv: pl.DataFrame, pop: Population, geo: Geography, swv: int,
                  sy: int) -> pl.DataFrame:
    """Granted TLVs are the TLVs of this SWV begun in the school year; rejections come on top."""
    soorten = ("SBO", "SO") if geo.swv_sector[swv] == "PO" else ("VSO",)
    lo, hi = int(aug1(np.array([sy]))[0]), int(jul31(np.array([sy]))[0])
    sub = tlv.filter((pl.col("swv") == swv) & pl.col("begin").is_between(lo, hi))
    soort = np.where(sub["segment"].to_numpy() == "vso", "VSO", pop.sp_kind[sub["pupil"].to_numpy()])
    counts = pl.DataFrame({"s": soort, "d": sub["afgifteduur"].to_numpy()}).group_by(["s", "d"]).len()
    rows = []
    for s in soorten:
        for d in AFGIFTEDUUR:
            hit = counts.filter((pl.col("s") == s) & (pl.col("d") == d))
            toegekend = int(hit["len"][0]) if hit.height else 0
            afgewezen = int(rng.binomial(toegekend + 2, 0.08))
            rows.append((s, d, str(toegekend + afgewezen), str(toegekend), str(afgewezen)))
    return pl.DataFrame(rows, schema=["SCHOOLSOORT", "AFGIFTEDUUR", "AANGEVRAAGD", "TOEGEKEND", "AFGEWEZEN"],
                        orient="row")


def geschillen(rng: np.random.Generator) -> pl.DataFrame:
    lam = {"KLACHT": 2.0, "BEZWAAR": 1.2, "BEROEP": 0.3, "GESCHIL": 0.5}
    return pl.DataFrame({"SOORT": list(GESCHIL_SOORT),
                         "AANTAL": [str(int(rng.poisson(lam[s]))) for s in GESCHIL_SOORT]})
