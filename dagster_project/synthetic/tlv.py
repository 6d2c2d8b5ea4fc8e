"""Toelaatbaarheidsverklaringen (TLVs) issued by SWVs: chains of dated TLVs per sbo/(v)so enrolment."""

from __future__ import annotations

import numpy as np
import polars as pl

from .geography import Geography
from .population import Population
from .schoolcalendar import NEVER, jul31, schoolyear_of, year_month_day
from .schools import Schools


def _chain(rng: np.random.Generator, pupil: np.ndarray, seg_start: np.ndarray, seg_end: np.ndarray,
           swv: np.ndarray, cat: np.ndarray, renew_p: np.ndarray, segment: str) -> list[pl.DataFrame]:
    """Consecutive TLVs from seg_start until they cover seg_end or a pupil's TLV is not renewed."""
    parts: list[pl.DataFrame] = []
    begin = seg_start.copy()
    alive = np.ones(len(pupil), dtype=bool)
    for _ in range(16):
        if not alive.any():
            break
        idx = np.flatnonzero(alive)
        m = len(idx)
        years = np.select([rng.random(m) < 0.35, rng.random(m) < 0.62], [rng.integers(1, 3, m), rng.integers(3, 5, m)],
                          rng.integers(5, 9, m))
        end = jul31(schoolyear_of(begin[idx]) + years - 1)
        parts.append(pl.DataFrame({
            "pupil": pupil[idx], "segment": segment, "swv": swv[idx], "categorie": cat[idx],
            "begin": begin[idx].astype(np.int32), "end": end.astype(np.int32)}))
        renew = (end < seg_end[idx]) & (rng.random(m) < renew_p[idx])
        alive[idx] = renew
        begin[idx] = np.where(renew, end + 1, begin[idx])
    return parts


def make_tlvs(rng: np.random.Generator, pop: Population, schools: Schools, geo: Geography) -> pl.DataFrame:
    """All TLVs: pupil, segment ('sp' or 'vso'), swv (register index), categorie (L/M/H, '' for sbo), begin, end,
    beschikkingsnummer (``PO2401-2019-00042``: SWV, year of the decision, number within SWV and year)."""
    n = len(pop)
    po_swv_of_vest = schools.sector_swv(geo, "PO")
    vo_swv_of_vest = schools.sector_swv(geo, "VO")
    home_po = geo.pc4_swv["PO"][pop.home_pc4]
    home_vo = geo.pc4_swv["VO"][pop.home_pc4]
    funded = np.isin(pop.cluster, (3, 4))  # cluster 1/2 are funded by their institution, not by an SWV
    residential = pop.residential != "0"
    parts: list[pl.DataFrame] = []

    sp = pop.seg["sp"]
    has = (sp.start < NEVER) & ((pop.sp_kind == "SBO") | funded)
    has &= ~residential | (rng.random(n) < 0.1) | (pop.sp_kind == "SBO")
    prev_swv = np.where(sp.prev >= 0, po_swv_of_vest[np.maximum(sp.prev, 0)], home_po)
    issuer = np.where(rng.random(n) < 0.9, prev_swv, home_po)
    cat = np.where(pop.sp_kind == "SBO", "", pop.zorg)
    renew = np.where(pop.from_start, 1.0, 0.8)
    i = np.flatnonzero(has)
    parts += _chain(rng, i, sp.start[i], sp.end[i], issuer[i], cat[i], renew[i], "sp")

    vso = pop.seg["vso"]
    has = (vso.start < NEVER) & funded & (~residential | (rng.random(n) < 0.1)) & (rng.random(n) < 0.88)
    prev_swv = vo_swv_of_vest[np.maximum(vso.prev, 0)]
    issuer = np.where(rng.random(n) < 0.88, prev_swv, home_vo)
    i = np.flatnonzero(has)
    parts += _chain(rng, i, vso.start[i], vso.end[i], issuer[i], pop.zorg[i], np.full(len(i), 0.8), "vso")

    tlv = pl.concat(parts).with_columns(pl.col("swv").cast(pl.Int32))
    year, _, _ = year_month_day(tlv["begin"].to_numpy())
    codes = np.asarray(geo.swv_code)
    tlv = (tlv.with_columns(jaar=pl.Series(year.astype(np.int32)), swv_code=pl.Series(codes[tlv["swv"].to_numpy()]))
           .sort(["swv_code", "jaar", "begin", "pupil"])
           .with_columns(volgnummer=pl.int_range(1, pl.len() + 1).over(["swv_code", "jaar"]))
           .with_columns(beschikkingsnummer=pl.format("{}-{}-{}", "swv_code", "jaar",
                                                      pl.col("volgnummer").cast(pl.String).str.zfill(5)))
           .with_columns(afgifteduur=pl.when(pl.col("end") - pl.col("begin") < 730).then(pl.lit("0-2"))
                         .when(pl.col("end") - pl.col("begin") < 1461).then(pl.lit("2-4")).otherwise(pl.lit(">=4")))
           .drop("volgnummer")
           .sort(["pupil", "begin"]))
    return tlv
