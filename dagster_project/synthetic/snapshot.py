"""All enrolments active on one teldatum, with the TLV known then and the bekostigd SWV (DESIGN §5)."""

from __future__ import annotations

import numpy as np
import polars as pl

from .geography import Geography
from .population import SEGMENTS, Population
from .schoolcalendar import age_on
from .schools import Schools

ONDERWIJS_SECTOR = {"BAO": "PO", "SBO": "PO", "SO": "WEC", "VSO": "WEC", "MBO": "MBO", "HBO": "HO", "WO": "HO"}


def _piece(pop: Population, name: str, t: int, sy: int, feb: bool) -> pl.DataFrame | None:
    seg = pop.seg[name]
    i = np.flatnonzero((seg.start <= t) & (seg.end >= t))
    if len(i) == 0:
        return None
    k = len(i)
    leerjaar = np.full(k, -1, dtype=np.int32)
    gewicht = np.full(k, "", dtype="U4")
    advies = np.full(k, "", dtype="U2")
    lwoo = np.zeros(k, dtype=bool)
    nieuwkomer = np.zeros(k, dtype=bool)
    opp = pop.opp[i].copy()
    soort_onderwijs = np.full(k, "", dtype="U2")
    uitstroom = np.full(k, "", dtype="U16")
    verblijf = np.full(k, "0", dtype="U1")
    mbo = np.zeros(k, dtype=np.int32)
    bekostigd = np.ones(k, dtype=bool)
    groep = np.clip(8 - (pop.po_last_sy[i] - sy), 1, 8).astype(np.int32)
    vo_year = (sy - pop.vo_first_sy[i] + 1).astype(np.int32)
    if name in ("bao1", "bao2"):
        ow = np.full(k, "BAO", dtype="U8")
        leerjaar, gewicht = groep, pop.gewicht[i]
        advies = np.where(feb & (groep == 8), pop.advies[i], "")
    elif name == "sp":
        ow = pop.sp_kind[i].astype("U8")
        is_sbo = ow == "SBO"
        leerjaar = np.where(is_sbo, groep, -1).astype(np.int32)
        gewicht = np.where(is_sbo, pop.gewicht[i], "")
        advies = np.where(is_sbo & feb & (groep == 8), pop.advies[i], "")
        opp[:] = True
        soort_onderwijs = np.where(is_sbo, "", pop.soort_onderwijs[i])
        verblijf = np.where(is_sbo, "0", pop.residential[i])
    elif name in ("vo1", "vo2"):
        track = pop.track[i]
        leerjaar = np.minimum(vo_year, 6).astype(np.int32)
        ow = np.where(leerjaar <= pop.brug[i], "BRUGJAAR", track).astype("U8")
        advies = np.where(leerjaar == 1, pop.advies[i], "")
        lwoo = pop.lwoo[i] & (track != "PRO")
        nieuwkomer = pop.nieuwkomer[i] & (leerjaar == 1)
        opp = opp | (track == "PRO")
    elif name == "vso":
        ow = np.full(k, "VSO", dtype="U8")
        opp[:] = True
        soort_onderwijs = pop.soort_onderwijs[i]
        uitstroom = pop.uitstroom[i]
        verblijf = pop.residential[i]
    elif name == "vavo":
        ow = np.full(k, "VAVO", dtype="U8")
    else:
        ow = pop.out_kind[i].astype("U8")
        mbo = pop.mbo_niveau[i]
        leerjaar = (sy - (seg.start[i].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970)
                    + 1).astype(np.int32)
        bekostigd = pop.bekostigd_out[i]
        opp[:] = False
    return pl.DataFrame({
        "pupil": i.astype(np.int64),
        "volgnummer": np.full(k, SEGMENTS.index(name) + 1, dtype=np.int32),
        "segment": np.full(k, name),
        "vest": seg.vest[i].astype(np.int64),
        "prev": (seg.prev[i] if seg.prev is not None else np.full(k, -1)).astype(np.int64),
        "onderwijssoort": ow,
        "leerjaar": leerjaar.astype(np.int32),
        "mbo_niveau": mbo.astype(np.int32),
        "bekostigd": bekostigd,
        "lwoo": lwoo,
        "nieuwkomer": nieuwkomer,
        "gewicht": gewicht,
        "opp": opp,
        "advies": advies,
        "soort_verblijf": verblijf,
        "soort_onderwijs": soort_onderwijs,
        "uitstroomprofiel": uitstroom,
        "enr_start": seg.start[i].astype(np.int32),
    })


def enrolments(pop: Population, schools: Schools, geo: Geography, tlv: pl.DataFrame, t: int, sy: int,
               feb: bool) -> pl.DataFrame:
    """One row per active enrolment on teldatum t, with attribution columns for sbo/so/vso pupils.

    swv_bek / wijze: the SWV paying ondersteuningsbekostiging (valid TLV → its SWV; else residential → SWV of the
    home PC4; else the SWV of the previous enrolment's vestiging); null for cluster 1/2 and regular education.
    """
    pieces = [p for name in SEGMENTS if (p := _piece(pop, name, t, sy, feb)) is not None]
    df = pl.concat(pieces, how="vertical_relaxed").sort("pupil")
    df = df.with_columns(
        pl.col("leerjaar").replace(-1, None),
        pl.col("mbo_niveau").replace(0, None),
        pl.col("advies").replace("", None),
        pl.col("gewicht").replace("", None),
        pl.col("soort_onderwijs").replace("", None),
        pl.col("uitstroomprofiel").replace("", None),
        sector=pl.col("onderwijssoort").replace_strict(ONDERWIJS_SECTOR, default="VO"),
    )
    # the latest TLV begun on or before t within the current enrolment (expired ones stay visible in BRON)
    special = df.filter(pl.col("segment").is_in(["sp", "vso"])).select("pupil", "segment", "enr_start")
    cand = (tlv.filter(pl.col("begin") <= t).join(special, on=["pupil", "segment"])
            .filter(pl.col("begin") >= pl.col("enr_start"))
            .sort("begin").group_by(["pupil", "segment"]).last()
            .select("pupil", "segment", pl.col("swv").alias("tlv_swv"), pl.col("categorie").alias("tlv_categorie"),
                    "beschikkingsnummer", pl.col("begin").alias("tlv_begin"), pl.col("end").alias("tlv_end")))
    df = df.join(cand, on=["pupil", "segment"], how="left")
    pupil = df["pupil"].to_numpy()
    vest = df["vest"].to_numpy()
    ow = df["onderwijssoort"].to_numpy()
    is_special = np.isin(ow, ("SBO", "SO", "VSO"))
    cluster = np.where(is_special & (ow != "SBO"), pop.cluster[pupil], 0)
    funded = is_special & ((ow == "SBO") | np.isin(cluster, (3, 4)))
    sector = np.where(ow == "VSO", "VO", "PO")
    swv_vest = np.where(sector == "VO", schools.sector_swv(geo, "VO")[vest], schools.sector_swv(geo, "PO")[vest])
    tlv_swv = df["tlv_swv"].fill_null(-1).to_numpy()
    tlv_end = df["tlv_end"].fill_null(-1).to_numpy()
    valid = (tlv_swv >= 0) & (tlv_end >= t)
    resid = np.isin(df["soort_verblijf"].to_numpy(), ("3", "4", "5", "6"))
    home = pop.home_pc4[pupil]
    home_swv = np.where(sector == "VO", geo.pc4_swv["VO"][home], geo.pc4_swv["PO"][home])
    prev = df["prev"].to_numpy()
    prev_swv = np.where(sector == "VO", schools.sector_swv(geo, "VO")[np.maximum(prev, 0)],
                        schools.sector_swv(geo, "PO")[np.maximum(prev, 0)])
    prev_swv = np.where(prev >= 0, prev_swv, home_swv)
    swv_bek = np.where(valid, tlv_swv, np.where(resid, home_swv, prev_swv))
    wijze = np.where(valid, "TLV", np.where(resid, "WOONPLAATS", "VORIGE_INSCHRIJVING"))
    zorg = np.where(valid, df["tlv_categorie"].fill_null("").to_numpy(), pop.zorg[pupil])
    cat = np.where(ow == "SBO", "SBO", np.select([zorg == "H", zorg == "M"], ["SO_VSO_HOOG", "SO_VSO_MIDDE"],
                                                 "SO_VSO_LAAG"))
    bekostigd = df["bekostigd"].to_numpy()
    funded &= bekostigd
    return df.with_columns(
        swv_vestiging=pl.Series(np.where(is_special, swv_vest, -1).astype(np.int32)),
        swv_bek=pl.Series(np.where(funded, swv_bek, -1).astype(np.int32)),
        wijze=pl.Series(np.where(funded, wijze, "")),
        ondersteuningscategorie=pl.Series(np.where(funded, cat, "")),
        tlv_valid=pl.Series(valid & funded),
        leeftijd=pl.Series(age_on(pop.birth[pupil], t)),
        woon_pc4=pl.Series(geo.pc4[home].astype(str)),
    ).with_columns(pl.col("tlv_categorie", "wijze", "ondersteuningscategorie").replace("", None))
