"""Reference files: SWV register, vestigingen, regio-indeling (PC4 → gemeente, po/vo SWV), apc PC4s, cluster 1/2
institutions and gemeenten."""

from __future__ import annotations

import numpy as np
import polars as pl

from .geography import Geography
from .schools import SCHOOLSOORT, Schools


def swv_register(geo: Geography) -> pl.DataFrame:
    return pl.DataFrame({"SWV_CODE": geo.swv_code, "SWV_NAAM": geo.swv_naam, "SECTOR": geo.swv_sector})


def vestigingen(schools: Schools, geo: Geography) -> pl.DataFrame:
    codes = np.asarray([*geo.swv_code, ""])
    gem = geo.pc4_gemeente[schools.pc4]
    return pl.DataFrame({
        "VESTIGINGSCODE": schools.code,
        "BRIN": schools.brin,
        "VESTIGINGSNAAM": schools.naam.astype(str),
        "SCHOOLSOORT": [SCHOOLSOORT[k] for k in schools.kind],
        "POSTCODE": schools.postcode,
        "GEMEENTECODE": np.asarray(geo.gemeente_code)[gem],
        "GEMEENTENAAM": np.asarray(geo.gemeente_naam)[gem],
        "BESTUURSNUMMER": schools.bestuur,
        "SWV_CODE": codes[schools.swv],
        "CLUSTER": np.where(schools.cluster > 0, schools.cluster.astype(str), ""),
    }).with_columns(pl.col("SWV_CODE", "CLUSTER").replace("", None)).sort("VESTIGINGSCODE")


def regio_indeling(geo: Geography) -> pl.DataFrame:
    codes = np.asarray([*geo.swv_code, "Europoort"])
    return pl.DataFrame({
        "PC4": geo.pc4.astype(str),
        "GEMEENTE": np.asarray(geo.gemeente_naam)[geo.pc4_gemeente],
        "PO_SWV": codes[geo.pc4_swv["PO"]],
        "VO_SWV": codes[geo.pc4_swv["VO"]],
    })


def apc_postcodes(rng: np.random.Generator, geo: Geography, years: list[int]) -> pl.DataFrame:
    """apc PC4s per calendar year; a few areas enter or leave the list between years."""
    frames = []
    apc = geo.pc4_apc.copy()
    for y in years:
        flip = rng.random(len(apc)) < 0.01
        apc = apc ^ (flip & (geo.pc4_weight > 0))
        frames.append(pl.DataFrame({"PC4": geo.pc4[apc].astype(str), "JAAR": str(y)}))
    return pl.concat(frames)


def cluster12(schools: Schools) -> pl.DataFrame:
    m = schools.of_kind("wec") & np.isin(schools.cluster, (1, 2))
    return pl.DataFrame({"BRIN": schools.brin[m], "INSTELLINGSNAAM": schools.naam[m].astype(str),
                         "CLUSTER": schools.cluster[m].astype(str)}).unique("BRIN", keep="first").sort("BRIN")


def gemeenten(geo: Geography) -> pl.DataFrame:
    return pl.DataFrame({"GEMEENTECODE": geo.gemeente_code, "GEMEENTENAAM": geo.gemeente_naam})
