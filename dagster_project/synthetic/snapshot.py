"""All enrolments active on one teldatum, with the TLV known then and the bekostigd SWV (TLV, woonplaats, vorige inschrijving)."""

from __future__ import annotations

import numpy as np
import polars as pl

from dagster_project.contracts import ADVIES_VO, BRON_ONDERWIJSSOORT, SOORT_ONDERWIJS, SOORT_VERBLIJF, UITSTROOMPROFIEL

from .geography import Geography
from .population import SEGMENTS, TRACKS, Population
from .schoolcalendar import age_on, schoolyear_of, year_month_day
from .schools import Schools

OW = BRON_ONDERWIJSSOORT
OW_I = {o: i for i, o in enumerate(OW)}
OW_SECTOR = ("PO", "PO", "WEC", "WEC", "VO", "VO", "VO", "VO", "VO", "VO", "VO", "VO", "MBO", "HO", "HO")
GEWICHT_TXT = ("0", "0,30", "1,20")
SPECIAL = np.array([OW_I["SBO"], OW_I["SO"], OW_I["VSO"]])


def _lut(table: tuple[str, ...], codes: np.ndarray, name: str) -> pl.Series:
    """Text column from codes (0 = null, k = table[k-1])."""
    return pl.Series(name, [None, *table], dtype=pl.String).gather(pl.Series(codes.astype(np.int64)))


def _piece(pop: Population, name: str, t: int, sy: int, feb: bool) -> dict[str, np.ndarray] | None:
    seg = pop.seg[name]
    i = np.flatnonzero((seg.start <= t) & (seg.end >= t))
    if len(i) == 0:
        return None
    k = len(i)
    vest = seg.vest[i].astype(np.int64)
    prev = (seg.prev[i] if seg.prev is not None else np.full(k, -1)).astype(np.int64)
    volg = seg.volg[i].astype(np.int32)
    enr_start = seg.start[i].astype(np.int32)
    if seg.move is not None:  # moved to another vestiging of the same onderwijssoort: a new enrolment
        moved = seg.move[i] <= t
        prev = np.where(moved, vest, prev)
        vest = np.where(moved, seg.vest2[i], vest).astype(np.int64)
        volg = volg + moved
        enr_start = np.where(moved, seg.move[i], enr_start).astype(np.int32)
    z16 = np.zeros(k, dtype=np.int16)
    leerjaar = np.full(k, -1, dtype=np.int32)
    gewicht, advies, soort, uitstroom = z16, z16, z16, z16
    verblijf = np.ones(k, dtype=np.int16)  # '0'
    verblijfsjaar = np.full(k, -1, dtype=np.int32)  # -1 = empty
    herzien = z16
    lwoo = np.zeros(k, dtype=bool)
    nieuwkomer = np.zeros(k, dtype=bool)
    opp = pop.opp[i].copy()
    mbo = np.zeros(k, dtype=np.int32)
    bekostigd = np.ones(k, dtype=bool)
    groep = np.clip(8 - (pop.po_last_sy[i] - sy), 1, 8).astype(np.int32)
    adv = pop.code("advies", ADVIES_VO)[i]
    herz = pop.code("advies_herzien", ADVIES_VO)[i]
    if name in ("bao1", "bao2", "bao_terug"):
        ow = np.full(k, OW_I["BAO"], dtype=np.int16)
        leerjaar, gewicht = groep, pop.code("gewicht", GEWICHT_TXT)[i]
        advies = np.where(feb & (groep == 8), adv, 0)
    elif name == "sp":
        is_sbo = pop.sp_kind[i] == "SBO"
        ow = np.where(is_sbo, OW_I["SBO"], OW_I["SO"]).astype(np.int16)
        leerjaar = np.where(is_sbo, groep, -1).astype(np.int32)
        gewicht = np.where(is_sbo, pop.code("gewicht", GEWICHT_TXT)[i], 0)
        advies = np.where(is_sbo & feb & (groep == 8), adv, 0)
        opp[:] = True
        soort = np.where(is_sbo, 0, pop.code("soort_onderwijs", SOORT_ONDERWIJS)[i])
        verblijf = np.where(is_sbo, 1, pop.code("residential", SOORT_VERBLIJF)[i])
        verblijfsjaar = np.where(is_sbo, -1, sy - schoolyear_of(seg.start[i]) + 1).astype(np.int32)
    elif name in ("vo1", "vo2", "vo_terug"):
        if name == "vo_terug":
            track = pop.code("track_terug", TRACKS)[i]
        else:  # 1 PRO .. 6 VWO: the leerjaar-1 level until an op- / afstroom, the new level from then on
            track = np.where(sy >= pop.change_sy[i], pop.code("track", TRACKS)[i], pop.code("track0", TRACKS)[i])
        leerjaar = np.minimum(sy - pop.vo_first_sy[i] + 1 - (sy >= pop.repeat_sy[i]), 6).astype(np.int32)
        track_ow = np.array([0, OW_I["PRO"], OW_I["VMBO_B"], OW_I["VMBO_K"], OW_I["VMBO_GT"], OW_I["HAVO"],
                             OW_I["VWO"], OW_I["VSO"]], dtype=np.int16)[track]
        ow = np.where(leerjaar <= pop.brug[i], OW_I["BRUGJAAR"], track_ow).astype(np.int16)
        advies = np.where(leerjaar == 1, adv, 0)
        herzien = np.where(leerjaar == 1, herz, 0)
        lwoo = pop.lwoo[i] & np.isin(track, (2, 3, 4))
        arrived = pop.arrive[i]
        nieuwkomer = (pop.nieuwkomer[i] & (leerjaar == 1)) | ((arrived >= 0) & (t - arrived < 365))
        opp = opp | (track == 1)
        bekostigd = pop.vo_bekostigd[i].copy()
    elif name == "vso":
        ow = np.full(k, OW_I["VSO"], dtype=np.int16)
        opp[:] = True
        soort = pop.code("soort_onderwijs", SOORT_ONDERWIJS)[i]
        uitstroom = pop.code("uitstroom", UITSTROOMPROFIEL)[i]
        verblijf = pop.code("residential", SOORT_VERBLIJF)[i]
        verblijfsjaar = (sy - schoolyear_of(seg.start[i]) + 1).astype(np.int32)
        from_po = pop.code("track0", TRACKS)[i] == TRACKS.index("VSO") + 1
        advies = np.where(from_po & (verblijfsjaar == 1), adv, 0)
    elif name == "vavo":
        ow = np.full(k, OW_I["VAVO"], dtype=np.int16)
    else:
        ow = (pop.code("out_kind", ("MBO", "HBO", "WO"))[i] - 1 + OW_I["MBO"]).astype(np.int16)
        mbo = pop.mbo_niveau[i]
        start_year, _, _ = year_month_day(seg.start[i])
        leerjaar = (sy - start_year + 1).astype(np.int32)
        bekostigd = pop.bekostigd_out[i]
        opp[:] = False
    return {
        "pupil": i.astype(np.int64), "volgnummer": volg, "vest": vest, "prev": prev,
        "ow": ow.astype(np.int16), "leerjaar": leerjaar.astype(np.int32), "mbo_niveau": mbo.astype(np.int32),
        "bekostigd": bekostigd, "lwoo": lwoo, "nieuwkomer": nieuwkomer, "opp": opp,
        "gewicht_c": gewicht.astype(np.int16), "advies_c": advies.astype(np.int16), "soort_c": soort.astype(np.int16),
        "uitstroom_c": uitstroom.astype(np.int16), "verblijf_c": verblijf.astype(np.int16),
        "verblijfsjaar": verblijfsjaar.astype(np.int32), "herzien_c": herzien.astype(np.int16),
        "enr_start": enr_start, "tlv_from": seg.start[i].astype(np.int32),
    }


def enrolments(pop: Population, schools: Schools, geo: Geography, tlv: pl.DataFrame, t: int, sy: int,
               feb: bool) -> pl.DataFrame:
    """One row per active enrolment on teldatum t (sorted by pupil), with attribution columns for sbo/so/vso.

    swv_bek / wijze: the SWV paying ondersteuningsbekostiging (valid TLV → its SWV; else residential → SWV of the
    home PC4; else the SWV of the previous enrolment's vestiging); -1 / null for cluster 1/2 and regular education.
    """
    pieces = [p for name in SEGMENTS if (p := _piece(pop, name, t, sy, feb)) is not None]
    cols = {c: np.concatenate([p[c] for p in pieces]) for c in pieces[0]}
    order = np.argsort(cols["pupil"], kind="stable")
    cols = {c: v[order] for c, v in cols.items()}
    pupil, vest, ow = cols["pupil"], cols["vest"], cols["ow"]
    n = len(pupil)

    # attribution, computed on the sbo/so/vso rows only
    sp_idx = np.flatnonzero(np.isin(ow, SPECIAL))
    p_sp = pupil[sp_idx]
    seg_sp = np.where(ow[sp_idx] == OW_I["VSO"], "vso", "sp")
    special = pl.DataFrame({"_i": sp_idx, "pupil": p_sp, "segment": seg_sp, "enr_start": cols["tlv_from"][sp_idx]})
    cand = (tlv.filter(pl.col("begin") <= t).join(special, on=["pupil", "segment"])
            .filter(pl.col("begin") >= pl.col("enr_start"))
            .sort("begin").group_by("_i").last())
    sp_tlv = special.select("_i").join(cand.select("_i", "swv", "categorie", "beschikkingsnummer", "begin", "end"),
                                       on="_i", how="left", maintain_order="left")
    tlv_swv_sp = sp_tlv["swv"].fill_null(-1).to_numpy()
    tlv_end_sp = sp_tlv["end"].fill_null(-1).to_numpy()
    ow_sp = ow[sp_idx]
    is_sbo = ow_sp == OW_I["SBO"]
    is_vso = ow_sp == OW_I["VSO"]
    funded = (is_sbo | np.isin(pop.cluster[p_sp], (3, 4))) & cols["bekostigd"][sp_idx]
    po_swv, vo_swv = schools.sector_swv(geo, "PO"), schools.sector_swv(geo, "VO")
    swv_vest = np.where(is_vso, vo_swv[vest[sp_idx]], po_swv[vest[sp_idx]])
    valid = (tlv_swv_sp >= 0) & (tlv_end_sp >= t)
    resid = cols["verblijf_c"][sp_idx] > 1
    home = pop.home_pc4[p_sp]
    home_swv = np.where(is_vso, geo.pc4_swv["VO"][home], geo.pc4_swv["PO"][home])
    prev = cols["prev"][sp_idx]
    prev_swv = np.where(is_vso, vo_swv[np.maximum(prev, 0)], po_swv[np.maximum(prev, 0)])
    prev_swv = np.where(prev >= 0, prev_swv, home_swv)
    bek = np.where(valid, tlv_swv_sp, np.where(resid, home_swv, prev_swv))
    wijze = np.where(valid, 1, np.where(resid, 2, 3))  # WIJZE_VAN_BEPALING codes
    zorg_tlv = sp_tlv["categorie"].fill_null("").to_numpy()
    zorg = np.where(valid & (zorg_tlv != ""), zorg_tlv, pop.zorg[p_sp])
    cat = np.where(is_sbo, 1, np.select([zorg == "H", zorg == "M"], [4, 3], 2))  # ONDERSTEUNINGSCATEGORIE codes

    def full(values: np.ndarray, default: int, dtype: type) -> np.ndarray:
        out = np.full(n, default, dtype=dtype)
        out[sp_idx] = values
        return out

    tlv_swv_full = full(tlv_swv_sp, -1, np.int32)
    df = pl.DataFrame({
        "pupil": pupil, "volgnummer": cols["volgnummer"], "vest": vest,
        "leerjaar": cols["leerjaar"], "verblijfsjaar": cols["verblijfsjaar"],
        "mbo_niveau": cols["mbo_niveau"], "bekostigd": cols["bekostigd"],
        "lwoo": cols["lwoo"], "nieuwkomer": cols["nieuwkomer"], "opp": cols["opp"], "enr_start": cols["enr_start"],
        "ow_c": ow,
        "swv_vestiging": full(swv_vest, -1, np.int32),
        "swv_bek": full(np.where(funded, bek, -1), -1, np.int32),
        "wijze_c": full(np.where(funded, wijze, 0), 0, np.int16),
        "cat_c": full(np.where(funded, cat, 0), 0, np.int16),
        "tlv_valid": full(valid & funded, False, bool),
        "tlv_swv": tlv_swv_full,
        "tlv_begin": full(sp_tlv["begin"].fill_null(-1).to_numpy(), -1, np.int32),
        "tlv_end": full(tlv_end_sp, -1, np.int32),
        "leeftijd": age_on(pop.birth[pupil], t),
        "woon_pc4_i": pop.home_pc4[pupil],
    })
    tlv_cat = np.full(n, 0, dtype=np.int16)
    tlv_cat[sp_idx] = np.select([zorg_tlv == "L", zorg_tlv == "M", zorg_tlv == "H"], [1, 2, 3], 0)
    besch = pl.Series("beschikkingsnummer", dtype=pl.String).extend_constant(None, n)
    if len(sp_idx):
        besch = besch.scatter(sp_idx, sp_tlv["beschikkingsnummer"])
    return df.with_columns(
        pl.col("leerjaar", "verblijfsjaar").replace(-1, None),
        pl.col("mbo_niveau").replace(0, None),
        pl.col("tlv_begin", "tlv_end").replace(-1, None),
        pl.col("tlv_swv").replace(-1, None),
        _lut(OW, ow + 1, "onderwijssoort"),
        _lut(OW_SECTOR, ow + 1, "sector"),
        _lut(GEWICHT_TXT, cols["gewicht_c"], "gewicht"),
        _lut(ADVIES_VO, cols["advies_c"], "advies"),
        _lut(ADVIES_VO, cols["herzien_c"], "advies_herzien"),
        _lut(SOORT_ONDERWIJS, cols["soort_c"], "soort_onderwijs"),
        _lut(UITSTROOMPROFIEL, cols["uitstroom_c"], "uitstroomprofiel"),
        _lut(SOORT_VERBLIJF, cols["verblijf_c"], "soort_verblijf"),
        _lut(("TLV", "WOONPLAATS", "VORIGE_INSCHRIJVING"), full(np.where(funded, wijze, 0), 0, np.int16), "wijze"),
        _lut(("SBO", "SO_VSO_LAAG", "SO_VSO_MIDDE", "SO_VSO_HOOG"), full(np.where(funded, cat, 0), 0, np.int16),
             "ondersteuningscategorie"),
        _lut(("L", "M", "H"), tlv_cat, "tlv_categorie"),
        besch,
        _lut(tuple(geo.swv_code), tlv_swv_full + 1, "tlv_swv_code"),
        pl.Series("woon_pc4", geo.pc4.astype(np.int64)).gather(pl.Series(pop.home_pc4[pupil].astype(np.int64)))
        .cast(pl.String),
    )
