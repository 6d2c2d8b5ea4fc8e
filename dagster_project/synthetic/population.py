"""The persistent pupil population: one life course per pupil (po, sbo/so, vo/vso, vavo, mbo/hbo/wo) as dated segments.

Over 300 lines: the life course is one vectorised pass whose stages hand the same arrays to each other. The rates it
draws with are the named parameters of ``movement.Movement``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .geography import NATIONAL_SWV, Geography
from .ids import make_bsns, make_onderwijsnummers
from .movement import MOVEMENT, Movement
from .scales import Scale
from .schoolcalendar import NEVER, add_years, aug1, jul31, schoolyear_of
from .schools import Chooser, Schools, nearest

# Segments in life order (bao_terug: back from sbo/so to bao; vo_terug: back from vso to regular vo). A pupil's
# INSCHRIJVINGSVOLGNUMMER numbers the enrolments that exist, in this order (a move within a segment is one more).
SEGMENTS = ("bao1", "bao2", "sp", "bao_terug", "vo1", "vo2", "vso", "vo_terug", "vavo", "out")
TRACKS = ("PRO", "VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO", "VSO")
LEVELS = ("VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO")  # the levels a vo pupil can move up or down between
NO_YEAR = np.int32(9999)  # school year of a change that does not happen
# advies vo codes in advies order and the track each leads to (double advice: the lower one half of the time)
ADVIES = ("10", "20", "21", "23", "24", "28", "29", "30", "31", "40")
ADVIES_SHARE = np.array([0.019, 0.087, 0.03, 0.085, 0.035, 0.18, 0.07, 0.17, 0.10, 0.224])
ADVIES_TRACK = {"10": ("PRO", "PRO"), "20": ("VMBO_B", "VMBO_B"), "21": ("VMBO_B", "VMBO_K"),
                "23": ("VMBO_K", "VMBO_K"), "24": ("VMBO_K", "VMBO_GT"), "28": ("VMBO_GT", "VMBO_GT"),
                "29": ("VMBO_GT", "HAVO"), "30": ("HAVO", "HAVO"), "31": ("HAVO", "VWO"), "40": ("VWO", "VWO")}
ADVIES_VSO, ADVIES_GEEN_MOGELIJK, ADVIES_ONBEKEND = "50", "80", "90"
TRACK_YEARS = {"PRO": 5, "VMBO_B": 4, "VMBO_K": 4, "VMBO_GT": 4, "HAVO": 5, "VWO": 6}
UITSTROOM = ("VERVOLGONDERWIJS", "ARBEIDSMARKT", "DAGBESTEDING")
SOORT_ONDERWIJS_BY_CLUSTER = {1: ("11", "12"), 2: ("21", "22", "23", "24", "25", "26"), 3: ("31", "32", "33", "34"),
                              4: ("41", "42", "43")}


@dataclass
class Segment:
    start: np.ndarray  # int32 days, NEVER = no such enrolment
    end: np.ndarray
    vest: np.ndarray  # vestiging index, -1 = none
    prev: np.ndarray | None = None  # vestiging of the previous enrolment (for the attribution rule)
    move: np.ndarray | None = None  # date of a move to ``vest2`` within the segment (a new enrolment), NEVER = none
    vest2: np.ndarray | None = None
    volg: np.ndarray | None = None  # INSCHRIJVINGSVOLGNUMMER of the enrolment (the moved part: volg + 1)


@dataclass
class Population:
    """All pupils that are of school age somewhere in the generated school years."""

    number: np.ndarray  # 9-digit BSN or onderwijsnummer (int64; never starts with 0)
    is_bsn: np.ndarray
    birth: np.ndarray  # int32 days
    geslacht: np.ndarray
    home_pc4: np.ndarray  # index into Geography.pc4
    gewicht: np.ndarray  # '0', '0,30', '1,20'
    opp: np.ndarray  # bool (regular education)
    po_last_sy: np.ndarray  # school-year start of groep 8
    sp_kind: np.ndarray  # '', 'SBO', 'SO'
    cluster: np.ndarray  # 0, or 1-4 for (v)so pupils
    soort_onderwijs: np.ndarray
    zorg: np.ndarray  # 'L','M','H' for (v)so pupils
    residential: np.ndarray  # '0' or '3'..'6'
    advies: np.ndarray  # the groep-8 advies ('' none)
    advies_herzien: np.ndarray  # the revised advies ('' not revised)
    track: np.ndarray  # TRACKS or '': the level after any op-/afstroom (the one the pupil leaves vo with)
    track0: np.ndarray  # the level of vo leerjaar 1 until ``change_sy``
    change_sy: np.ndarray  # school year from which ``track`` holds (NO_YEAR: no level change)
    repeat_sy: np.ndarray  # school year in which the pupil repeats the previous year's leerjaar (NO_YEAR: none)
    track_terug: np.ndarray  # level in regular vo after returning from vso ('' none)
    vo_first_sy: np.ndarray
    brug: np.ndarray  # years shown as BRUGJAAR
    lwoo: np.ndarray
    nieuwkomer: np.ndarray
    vo_bekostigd: np.ndarray  # False: every vo enrolment of the pupil is niet bekostigd
    arrive: np.ndarray  # date of arrival from abroad (-1: always lived here)
    uitstroom: np.ndarray
    out_kind: np.ndarray  # '', 'MBO', 'HBO', 'WO'
    mbo_niveau: np.ndarray
    bekostigd_out: np.ndarray
    from_start: np.ndarray  # sbo/so from the first enrolment (no previous enrolment)
    seg: dict[str, Segment] = field(default_factory=dict)
    _codes: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.birth)

    def code(self, name: str, table: tuple[str, ...]) -> np.ndarray:
        """Attribute ``name`` as int codes: position in ``table`` + 1, 0 for '' (cached)."""
        key = (name, table)
        if key not in self._codes:
            arr = getattr(self, name)
            out = np.zeros(len(arr), dtype=np.int16)
            for k, v in enumerate(table):
                out[arr == v] = k + 1
            self._codes[key] = out
        return self._codes[key]


def _pick(rng: np.random.Generator, options: tuple[str, ...], p: list[float] | np.ndarray, n: int) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return np.asarray(options)[rng.choice(len(options), size=n, p=p / p.sum())]


def _age_date(birth: np.ndarray, age_years: np.ndarray) -> np.ndarray:
    return (birth + np.round(age_years * 365.25)).astype(np.int32)


def _between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A random day in [lo, hi] (hi >= lo)."""
    return (lo + (rng.random(len(lo)) * (np.maximum(hi - lo, 0) + 1)).astype(np.int64)).astype(np.int32)


def make_population(rng: np.random.Generator, geo: Geography, schools: Schools, scale: Scale,
                    school_years: list[int], mv: Movement = MOVEMENT) -> Population:
    y0, ylast = school_years[0], school_years[-1]
    f = scale.special_factor
    # ---------------------------------------------------------------- births, home, identity
    birth_years = np.arange(y0 - 22, ylast - 2)
    sizes = np.round(scale.cohort_size * (1 - 0.004 * (birth_years - y0))).astype(int)
    by = np.repeat(birth_years, sizes).astype(np.int64)
    n = len(by)
    birth = (((by - 1970) * 12).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
             + rng.integers(0, 365, n)).astype(np.int32)
    w = geo.pc4_weight / geo.pc4_weight.sum()
    home = rng.choice(len(geo.pc4), size=n, p=w)
    is_bsn = rng.random(n) >= 0.015
    number = np.empty(n, dtype=np.int64)
    number[is_bsn] = make_bsns(rng, int(is_bsn.sum()))
    number[~is_bsn] = make_onderwijsnummers(rng, int((~is_bsn).sum()))
    geslacht = _pick(rng, ("M", "V", "O"), [0.51, 0.4895, 0.0005], n)
    gewicht = _pick(rng, ("0", "0,30", "1,20"), [0.89, 0.08, 0.03], n)
    opp = rng.random(n) < 0.02
    delay = (rng.random(n) < 0.15).astype(np.int64)
    po_last_sy = (by + 11 + delay).astype(np.int32)
    po_start = add_years(birth, 4)
    po_end = jul31(po_last_sy)
    vo_first_sy = po_last_sy + 1
    vo_start = aug1(vo_first_sy)
    home_po = geo.pc4_swv["PO"][home]
    home_vo = geo.pc4_swv["VO"][home]
    nb_po, nb_vo = geo.neighbours("PO"), geo.neighbours("VO")
    n_swv = len(geo.swv_code)
    reform = rng.random(n) < 0.015
    # migration: arrival from abroad at 4-16 (no earlier enrolment), departure abroad at 4-18 (no later one)
    school_span = 14 * 365
    arrives = rng.random(n) < mv.immigratie * 12
    arrive = np.where(arrives, po_start + 1 + (rng.random(n) * 12 * 365).astype(np.int32), -1).astype(np.int32)
    leaves = rng.random(n) < mv.emigratie * 14
    leave = np.where(leaves, po_start + (rng.random(n) * school_span).astype(np.int32), NEVER).astype(np.int32)
    leave = np.where(leave <= arrive + 365, NEVER, leave).astype(np.int32)

    # ---------------------------------------------------------------- po: bao (with one school change for some)
    bao_choice = Chooser(np.flatnonzero(schools.of_kind("bao")), np.maximum(schools.swv, 0), schools.capacity, n_swv)
    target = np.where(rng.random(n) < 0.08, nb_po[home_po], home_po)
    target = np.where(reform, geo.swv_index(NATIONAL_SWV["PO"]), target)
    bao1 = bao_choice.pick(target, rng.random(n))
    switch = rng.random(n) < 0.08
    span = np.maximum(po_end - po_start - 400, 1)
    bao_sw = np.where(switch, po_start + 200 + (rng.random(n) * span).astype(np.int32), NEVER).astype(np.int32)
    target2 = np.where(rng.random(n) < 0.3, nb_po[schools.swv[bao1]], schools.swv[bao1])
    bao2 = bao_choice.pick(target2, rng.random(n))

    # ---------------------------------------------------------------- sbo / so entries (from bo, or direct)
    u = rng.random(n)
    cuts = np.cumsum([mv.sbo_uit_bo * f, mv.sbo_direct * f, mv.so_uit_bo * f, mv.so_direct * f])
    sp_kind = np.where(u < cuts[1], "SBO", np.where(u < cuts[3], "SO", ""))
    direct = ((u >= cuts[0]) & (u < cuts[1])) | ((u >= cuts[2]) & (u < cuts[3]))
    # direct entrants start at 4 or arrive later (from abroad, from no school); the age of bo entrants is set so
    # that the mean over all entrants is the published one (snapping to 1 August lowers it by ≈ 0.3 year)
    at_four = rng.random(n) < mv.direct_op_4
    direct_age = np.where(at_four, 4.0, rng.uniform(5.0, 11.0, n))
    mean_direct = mv.direct_op_4 * 4.0 + (1 - mv.direct_op_4) * 8.0
    mu_sbo = (mv.instroomleeftijd_sbo * (mv.sbo_uit_bo + mv.sbo_direct) - mean_direct * mv.sbo_direct) / mv.sbo_uit_bo
    mu_so = (mv.instroomleeftijd_so * (mv.so_uit_bo + mv.so_direct) - mean_direct * mv.so_direct) / mv.so_uit_bo
    bo_age = np.clip(rng.normal(np.where(sp_kind == "SBO", mu_sbo, mu_so) + 0.3, 1.3, n), 5.0, 11.8)
    sp_start = _age_date(birth, np.where(direct, direct_age, bo_age))
    snap = (rng.random(n) < 0.6) & ~direct
    snapped = aug1(schoolyear_of(sp_start))
    sp_start = np.where(snap & (snapped >= po_start), snapped, sp_start).astype(np.int32)
    from_start = direct
    sp_start = np.where(direct & at_four, po_start, sp_start).astype(np.int32)
    sp_kind = np.where(sp_start > po_end - 30, "", sp_kind)
    has_sp = sp_kind != ""
    from_start = from_start & has_sp
    sp_start = np.where(has_sp, sp_start, NEVER).astype(np.int32)
    bao_at_sp = np.where(bao_sw < sp_start, bao2, bao1)
    # terugstroom to bao: at least a year in sbo/so, back at least half a year before the end of po
    p_terug = np.where(sp_kind == "SBO", mv.terug_sbo_bao, mv.terug_so_bao) * f
    sp0 = np.where(has_sp, sp_start, po_start)  # (a real date for every pupil, so date arithmetic stays in range)
    terug = has_sp & (rng.random(n) < p_terug) & (po_end - sp0 > 2 * 365)
    back = _between(rng, sp0 + 365, po_end - 180)
    back = np.where(rng.random(n) < 0.7, np.maximum(aug1(schoolyear_of(back)), sp0 + 365), back)
    back = np.where(terug, back, NEVER).astype(np.int32)

    # cluster and zorg level of (v)so pupils (assigned to everyone, used where relevant)
    cluster = rng.choice([1, 2, 3, 4], size=n, p=[0.012, 0.175, 0.49, 0.323])
    soort = np.empty(n, dtype="U2")
    for cl, codes in SOORT_ONDERWIJS_BY_CLUSTER.items():
        m = cluster == cl
        soort[m] = np.asarray(codes)[rng.integers(0, len(codes), int(m.sum()))]
    zorg = np.where(cluster == 3, _pick(rng, ("L", "M", "H"), [0.5, 0.28, 0.22], n),
                    _pick(rng, ("L", "M", "H"), [0.78, 0.17, 0.05], n))
    residential = np.where(rng.random(n) < 0.05 * f, _pick(rng, ("3", "4", "5", "6"), [0.4, 0.3, 0.2, 0.1], n), "0")
    residential = np.where(np.isin(cluster, (3, 4)), residential, "0")

    sbo_choice = Chooser(np.flatnonzero(schools.of_kind("sbo")), np.maximum(schools.swv, 0), schools.capacity, n_swv)
    bao_swv = schools.swv[bao_at_sp]
    sbo_target = np.where(geo.pc4_swv["PO"][schools.pc4[bao_at_sp]] != bao_swv, home_po, bao_swv)
    sbo_target = np.where(from_start, home_po, sbo_target)
    sbo_target = np.where(rng.random(n) < 0.12, nb_po[sbo_target], sbo_target)
    sbo_vest = sbo_choice.pick(sbo_target, rng.random(n))
    wec = schools.of_kind("wec")
    wec_region = geo.pc4_swv["PO"][schools.pc4] * 5 + schools.cluster
    wec_choice = Chooser(np.flatnonzero(wec & np.isin(schools.cluster, (3, 4))), np.maximum(wec_region, 0),
                         schools.capacity, n_swv * 5)
    wec_target = np.where(rng.random(n) < 0.18, nb_po[home_po], home_po)
    wec_cluster = np.where(np.isin(cluster, (3, 4)), cluster, 3)
    so_vest = wec_choice.pick(wec_target * 5 + wec_cluster, rng.random(n))
    for cl in (1, 2):
        m = cluster == cl
        so_vest[m] = nearest(schools, wec & (schools.cluster == cl), home[m])
    sp_vest = np.where(sp_kind == "SBO", sbo_vest, so_vest)
    # moves to another sbo / so vestiging (cluster 1/2 have one school nearby: they do not move)
    p_move = np.where(sp_kind == "SBO", mv.verplaatsing_sbo, mv.verplaatsing_so * np.isin(cluster, (3, 4))) * f
    sp_stop = np.where(terug, back - 1, po_end)
    sp_move = has_sp & (rng.random(n) < p_move) & (sp_stop - sp0 > 2 * 365)
    move_day = np.maximum(aug1(schoolyear_of(_between(rng, sp0 + 365, sp_stop - 200))), sp0 + 300)
    move_target = np.where(rng.random(n) < 0.3, nb_po[np.maximum(sbo_target, 0)], sbo_target)
    sp_vest2 = np.where(sp_kind == "SBO", sbo_choice.pick(move_target, rng.random(n)),
                        wec_choice.pick(np.where(rng.random(n) < 0.3, nb_po[home_po], home_po) * 5 + wec_cluster,
                                        rng.random(n)))
    sp_move = sp_move & (sp_vest2 != sp_vest)
    sp_move_day = np.where(sp_move, move_day, NEVER).astype(np.int32)
    bao_back = bao_choice.pick(np.maximum(np.where(rng.random(n) < 0.8, schools.sector_swv(geo, "PO")[
        np.where(sp_move, sp_vest2, sp_vest)], home_po), 0), rng.random(n))

    # ---------------------------------------------------------------- advies (groep 8) and vo track
    adv_regular = _pick(rng, ADVIES, ADVIES_SHARE, n)
    adv_sbo = _pick(rng, ADVIES, [0.30, 0.38, 0.11, 0.11, 0.03, 0.05, 0.01, 0.01, 0.0, 0.0], n)
    advies = np.where((sp_kind == "SBO") & ~terug, adv_sbo, adv_regular)
    # the heroverwogen advies: one step up in advies order, after the doorstroomtoets
    level_i = np.searchsorted(np.asarray(ADVIES), advies)
    herzien = np.where((level_i < len(ADVIES) - 1) & (rng.random(n) < mv.advies_herzien),
                       np.asarray(ADVIES)[np.minimum(level_i + 1, len(ADVIES) - 1)], "")
    effective = np.where(herzien != "", herzien, advies)
    lower = rng.random(n) < 0.5
    track = np.empty(n, dtype="U7")
    for code, (lo, hi) in ADVIES_TRACK.items():
        m = effective == code
        track[m] = np.where(lower[m], lo, hi)
    down = rng.random(n) < 0.06
    rank = np.zeros(n, dtype=np.int64)
    for i, t in enumerate(TRACKS[:6]):
        rank[track == t] = i
    track = np.where(down & (rank > 1), np.asarray(TRACKS)[np.maximum(rank - 1, 0)], track)
    in_so = (sp_kind == "SO") & ~terug
    to_vso = (((sp_kind == "") | terug) & (rng.random(n) < 0.0025 * f)) | \
        ((sp_kind == "SBO") & ~terug & (rng.random(n) < 0.04))
    so_to_vso = in_so & (np.isin(cluster, (3, 4)) & (rng.random(n) < 0.8)
                         | np.isin(cluster, (1, 2)) & (rng.random(n) < 0.45))
    so_other = in_so & ~so_to_vso & np.isin(cluster, (3, 4))
    track = np.where(so_other, np.where(rng.random(n) < 0.5, "PRO", "VMBO_B"), track)
    track = np.where(to_vso | so_to_vso, "VSO", track)
    # advies codes without a level: vso (or geen advies mogelijk) for pupils going to vso, none from so; geen advies
    # mogelijk for recent arrivals and a few others; onbekend for some (placed on a level all the same)
    recent = (arrive >= 0) & (arrive > aug1(po_last_sy - 1))
    advies = np.where(recent | (rng.random(n) < mv.advies_geen_mogelijk), ADVIES_GEEN_MOGELIJK, advies)
    advies = np.where(rng.random(n) < mv.advies_onbekend, ADVIES_ONBEKEND, advies)
    advies = np.where(track == "VSO", np.where(rng.random(n) < mv.advies_vso_geen_mogelijk, ADVIES_GEEN_MOGELIJK,
                                               ADVIES_VSO), advies)
    advies = np.where(in_so, "", advies)
    herzien = np.where(np.isin(advies, ADVIES) & (track != "VSO"), herzien, "")
    uitstroom = _pick(rng, UITSTROOM, [0.42, 0.33, 0.25], n)
    vso_years = np.select([uitstroom == "VERVOLGONDERWIJS", uitstroom == "ARBEIDSMARKT"], [5, 6], 7) \
        + (rng.random(n) < 0.3)
    is_vso_direct = track == "VSO"
    brug = np.where(np.isin(track, ("VMBO_GT", "HAVO", "VWO")), _pick(rng, ("0", "1", "2"), [0.25, 0.55, 0.2], n),
                    "0").astype(np.int32)
    # op- / afstroom one level at the start of leerjaar 2 or 3 (after the brugjaren), then a repeat for some
    track0 = track.copy()
    lvl = np.full(n, -1, dtype=np.int64)
    for i, t in enumerate(LEVELS):
        lvl[track == t] = i
    r = rng.random(n)
    af = (lvl > 0) & (r < mv.afstroom_vo)
    op = (lvl >= 0) & (lvl < len(LEVELS) - 1) & (r >= mv.afstroom_vo) & (r < mv.afstroom_vo + mv.opstroom_vo)
    track = np.where(af, np.asarray(LEVELS)[np.maximum(lvl - 1, 0)],
                     np.where(op, np.asarray(LEVELS)[np.minimum(lvl + 1, len(LEVELS) - 1)], track))
    change_leerjaar = np.maximum(brug + 1, 2 + (rng.random(n) < 0.5))
    change_sy = np.where(af | op, vo_first_sy + change_leerjaar - 1, NO_YEAR).astype(np.int32)
    reg_years = np.full(n, 5, dtype=np.int64)
    for t, yrs in TRACK_YEARS.items():
        reg_years[track == t] = yrs
    repeats = (lvl >= 0) & (rng.random(n) < mv.zittenblijven_vo * (reg_years - 1))
    repeat_leerjaar = 1 + (rng.random(n) * (reg_years - 1)).astype(np.int64)
    repeat_sy = np.where(repeats, vo_first_sy + repeat_leerjaar, NO_YEAR).astype(np.int32)
    reg_years = reg_years + repeats
    # later entry into vso from regular vo (leerjaar 1-3)
    later = ~is_vso_direct & (sp_kind == "") & (rng.random(n) < mv.vso_uit_vo * f) & (track != "PRO")
    later_sy = vo_first_sy + rng.integers(0, 3, n)
    later_start = np.where(rng.random(n) < 0.6, aug1(later_sy), aug1(later_sy) + rng.integers(60, 200, n))
    vso_start = np.where(is_vso_direct, vo_start, np.where(later, later_start, NEVER)).astype(np.int32)
    vso_end = np.where(vso_start < NEVER, jul31(vo_first_sy + vso_years - 1), NEVER).astype(np.int32)
    vo_end = np.where(is_vso_direct, NEVER, jul31(vo_first_sy + reg_years - 1)).astype(np.int32)
    # terugstroom vso → regular vo (pro / vmbo b / k) after one or two years in vso
    vso_terug = is_vso_direct & (rng.random(n) < mv.terug_vso_vo * f) & (vso_years >= 4)
    terug_sy = vo_first_sy + rng.integers(1, 3, n)
    track_terug = np.where(vso_terug, _pick(rng, ("PRO", "VMBO_B", "VMBO_K"), [0.5, 0.3, 0.2], n), "")
    terug_years = np.where(track_terug == "PRO", 5, 4)
    vo_terug_start = np.where(vso_terug, aug1(terug_sy), NEVER).astype(np.int32)
    vo_terug_end = np.where(vso_terug, jul31(np.maximum(vo_first_sy + terug_years - 1, terug_sy + 1)),
                            NEVER).astype(np.int32)
    vso_end = np.where(vso_terug, vo_terug_start - 1, vso_end).astype(np.int32)
    lwoo = (np.isin(track0, ("VMBO_B", "VMBO_K")) & (rng.random(n) < 0.45)) | \
        ((track0 == "VMBO_GT") & (rng.random(n) < 0.08)) | (np.isin(track_terug, ("VMBO_B", "VMBO_K"))
                                                              & (rng.random(n) < 0.6))
    nieuwkomer = rng.random(n) < 0.02
    vo_bekostigd = rng.random(n) >= mv.niet_bekostigd_vo
    # voortijdig schoolverlaten: from leerjaar 3 on, leaves education (no later enrolment)
    vsv = (lvl >= 0) & ~later & (rng.random(n) < mv.voortijdig_vo * np.maximum(reg_years - 2, 0))
    vsv_day = _between(rng, aug1(vo_first_sy + 2), np.where(vo_end < NEVER, np.maximum(vo_end, aug1(vo_first_sy + 2)),
                                                           aug1(vo_first_sy + 2)))
    leave = np.where(vsv, np.minimum(leave, vsv_day), leave).astype(np.int32)

    # ---------------------------------------------------------------- vo schools
    vo_choice = Chooser(np.flatnonzero(schools.of_kind("vo")), np.maximum(schools.swv, 0), schools.capacity, n_swv)
    pro_choice = Chooser(np.flatnonzero(schools.of_kind("pro")), np.maximum(schools.swv, 0), schools.capacity, n_swv)
    vo_target = np.where(rng.random(n) < 0.14, nb_vo[home_vo], home_vo)
    vo_target = np.where(reform, geo.swv_index(NATIONAL_SWV["VO"]), vo_target)
    is_pro = track == "PRO"
    vo1 = np.where(is_pro, pro_choice.pick(np.where(reform, home_vo, vo_target), rng.random(n)),
                   vo_choice.pick(vo_target, rng.random(n)))
    vo_switch = rng.random(n) < 0.06
    vo_sw = np.where(vo_switch, aug1(vo_first_sy + rng.integers(1, 4, n)), NEVER).astype(np.int32)
    vo_sw = np.where(vo_sw > vo_end, NEVER, vo_sw).astype(np.int32)
    target2 = np.where(rng.random(n) < 0.35, nb_vo[np.maximum(schools.swv[vo1], 0)], schools.swv[vo1])
    vo2 = np.where(is_pro, pro_choice.pick(target2, rng.random(n)), vo_choice.pick(target2, rng.random(n)))
    vo_at_vso = np.where(vo_sw < vso_start, vo2, vo1)
    vso_vest = wec_choice.pick(wec_target * 5 + wec_cluster, rng.random(n))
    keep_school = in_so & (rng.random(n) < 0.8)
    vso_vest = np.where(keep_school, np.where(sp_move, sp_vest2, so_vest), vso_vest)
    for cl in (1, 2):
        m = (cluster == cl) & ~in_so
        vso_vest[m] = nearest(schools, wec & (schools.cluster == cl), home[m])
    bao_last = np.where(bao_sw < NEVER, bao2, bao1)
    sp_last = np.where(sp_move, sp_vest2, sp_vest)
    vso_prev = np.where(later, vo_at_vso, np.where(terug, bao_back, np.where(has_sp, sp_last, bao_last)))
    # vso → vso: another vso vestiging of the same cluster (3/4) after at least a year
    has_vso = vso_start < NEVER
    vso0, vso1 = np.where(has_vso, vso_start, vo_start), np.where(has_vso, vso_end, vo_start)
    vso_move = has_vso & np.isin(cluster, (3, 4)) & (rng.random(n) < mv.verplaatsing_vso * f) & (vso1 - vso0 > 2 * 365)
    vso_move_day = np.maximum(aug1(schoolyear_of(_between(rng, vso0 + 365, vso1 - 200))), vso0 + 300)
    vso_vest2 = wec_choice.pick(np.where(rng.random(n) < 0.3, nb_po[home_po], home_po) * 5 + wec_cluster,
                                rng.random(n))
    vso_move = vso_move & (vso_vest2 != vso_vest)
    vso_move_day = np.where(vso_move, vso_move_day, NEVER).astype(np.int32)
    vo_terug_vest = np.where(track_terug == "PRO", pro_choice.pick(home_vo, rng.random(n)),
                             vo_choice.pick(home_vo, rng.random(n)))
    # pupils who (will) attend (v)so and live in a residential setting: home elsewhere in the country
    wec_pupil = (sp_kind == "SO") | (vso_start < NEVER)
    moved = wec_pupil & (residential != "0")
    home = np.where(moved, rng.choice(len(geo.pc4), size=n, p=w), home)

    # ---------------------------------------------------------------- vavo and outflow to mbo / hbo / wo
    out_track = np.where(vso_terug, track_terug, track)
    vo_last = np.where(vso_terug, vo_terug_end, np.where(is_vso_direct | later, vso_end, vo_end))
    vavo = np.isin(track, ("HAVO", "VWO")) & ~later & (rng.random(n) < 0.04)
    vo_last_vest = np.where(vo_sw < NEVER, vo2, vo1)
    vavo_start = np.where(vavo, vo_last + 1, NEVER).astype(np.int32)
    vavo_end = np.where(vavo, add_years(vo_last, 1), NEVER).astype(np.int32)
    after = np.where(vavo, vavo_end, vo_last) + 1
    r = rng.random(n)
    lvl_out = np.zeros(n, dtype=np.int32)
    out_kind = np.full(n, "", dtype="U3")
    vso_track = (is_vso_direct & ~vso_terug) | later
    rules = [
        (out_track == "PRO", r < 0.65, "MBO", np.where(r < 0.45, 1, 2)),
        (out_track == "VMBO_B", r < 0.92, "MBO", 2),
        (out_track == "VMBO_K", r < 0.94, "MBO", 3),
        (out_track == "VMBO_GT", r < 0.95, "MBO", np.where(r < 0.8, 4, 3)),
        (out_track == "HAVO", r < 0.92, np.where(r < 0.72, "HBO", "MBO"), 4),
        (out_track == "VWO", r < 0.95, np.where(r < 0.8, "WO", "HBO"), 0),
    ]
    for cond, go, kind, level in rules:
        m = cond & go & ~vso_track
        out_kind = np.where(m, kind, out_kind)
        lvl_out = np.where(m & (np.asarray(kind) == "MBO"), level, lvl_out)
    m = vso_track & (uitstroom == "VERVOLGONDERWIJS") & (r < 0.85)
    out_kind = np.where(m, "MBO", out_kind)
    lvl_out = np.where(m, np.where(r < 0.5, 1, 2), lvl_out)
    lvl_out = np.where(out_kind == "MBO", lvl_out, 0)
    out_start = np.where(out_kind != "", after, NEVER).astype(np.int32)
    out_end = np.where(out_kind != "", jul31(schoolyear_of(np.minimum(after, NEVER - 1)) + scale.outflow_years - 1),
                       NEVER).astype(np.int32)
    mbo_group = np.maximum(geo.pc4_swv["VO"][schools.pc4], 0)
    mbo_choice = Chooser(np.flatnonzero(schools.of_kind("mbo")), mbo_group, schools.capacity, n_swv)
    out_vest = mbo_choice.pick(home_vo, rng.random(n))
    for kind in ("HBO", "WO"):
        m = out_kind == kind
        out_vest[m] = nearest(schools, schools.of_kind(kind.lower()), home[m])
    bekostigd_out = rng.random(n) >= 0.01

    pop = Population(
        number=number, is_bsn=is_bsn, birth=birth, geslacht=geslacht, home_pc4=home, gewicht=gewicht, opp=opp,
        po_last_sy=po_last_sy, sp_kind=sp_kind, cluster=cluster, soort_onderwijs=soort, zorg=zorg,
        residential=residential, advies=advies, advies_herzien=herzien, track=track, track0=track0,
        change_sy=change_sy, repeat_sy=repeat_sy, track_terug=track_terug, vo_first_sy=vo_first_sy, brug=brug,
        lwoo=lwoo, nieuwkomer=nieuwkomer, vo_bekostigd=vo_bekostigd, arrive=arrive, uitstroom=uitstroom,
        out_kind=out_kind, mbo_niveau=lvl_out, bekostigd_out=bekostigd_out, from_start=from_start)

    # ---------------------------------------------------------------- dated segments (enrolments)
    bao1_start = np.where(from_start, NEVER, po_start).astype(np.int32)
    bao_stop = np.minimum(sp_start - 1, po_end)
    pop.seg["bao1"] = Segment(bao1_start, np.minimum(bao_sw - 1, bao_stop).astype(np.int32), bao1)
    b2 = (bao_sw < bao_stop) & ~from_start
    pop.seg["bao2"] = Segment(np.where(b2, bao_sw, NEVER).astype(np.int32), bao_stop.astype(np.int32), bao2)
    pop.seg["sp"] = Segment(sp_start, np.where(has_sp, sp_stop, NEVER).astype(np.int32), sp_vest,
                            np.where(from_start, -1, bao_at_sp), move=sp_move_day, vest2=sp_vest2)
    pop.seg["bao_terug"] = Segment(back, np.where(terug, po_end, NEVER).astype(np.int32), bao_back)
    vo_reg = ~is_vso_direct
    vo_stop = np.minimum(vso_start - 1, vo_end)
    pop.seg["vo1"] = Segment(np.where(vo_reg, vo_start, NEVER).astype(np.int32),
                             np.minimum(vo_sw - 1, vo_stop).astype(np.int32), vo1)
    pop.seg["vo2"] = Segment(np.where(vo_reg & (vo_sw <= vo_stop), vo_sw, NEVER).astype(np.int32),
                             vo_stop.astype(np.int32), vo2)
    pop.seg["vso"] = Segment(vso_start, vso_end, vso_vest, vso_prev, move=vso_move_day, vest2=vso_vest2)
    pop.seg["vo_terug"] = Segment(vo_terug_start, vo_terug_end, vo_terug_vest)
    pop.seg["vavo"] = Segment(vavo_start, vavo_end, vo_last_vest)
    pop.seg["out"] = Segment(out_start, out_end, out_vest)
    _migrate(pop, arrive, leave)
    _number_enrolments(pop)
    return pop


def _migrate(pop: Population, arrive: np.ndarray, leave: np.ndarray) -> None:
    """Cut every segment to the time the pupil lives in the country: nothing before arrival, nothing after leaving.

    The first enrolment after arrival has no previous enrolment (its attribution falls back on the home PC4).
    """
    for seg in pop.seg.values():
        exists = (seg.start < NEVER) & (seg.start <= seg.end)
        cut_start = exists & (seg.start < arrive) & (seg.end >= arrive)
        gone = exists & ((seg.end < arrive) | (seg.start >= leave))
        start = np.where(cut_start, arrive, seg.start)
        end = np.where(exists, np.minimum(seg.end, leave - 1), seg.end)
        seg.start = np.where(gone, NEVER, start).astype(np.int32)
        seg.end = np.where(gone, NEVER, end).astype(np.int32)
        if seg.prev is not None:
            seg.prev = np.where(cut_start, -1, seg.prev)
        if seg.move is not None:
            seg.move = np.where(gone | (seg.move <= seg.start) | (seg.move > seg.end), NEVER, seg.move).astype(np.int32)


def _number_enrolments(pop: Population) -> None:
    """INSCHRIJVINGSVOLGNUMMER per existing enrolment: 1, 2, 3, ... in life order (a move counts as one more)."""
    count = np.zeros(len(pop), dtype=np.int32)
    for name in SEGMENTS:
        seg = pop.seg[name]
        exists = (seg.start < NEVER) & (seg.start <= seg.end)
        seg.volg = count + 1
        count = count + exists + (exists & (seg.move < NEVER) if seg.move is not None else 0)
