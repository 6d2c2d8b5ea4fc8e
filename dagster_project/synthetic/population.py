"""The persistent pupil population: one life course per pupil (po, sbo/so, vo/vso, vavo, mbo/hbo/wo) as dated segments.

Slightly over 300 lines: the life course is one vectorised pass whose stages hand the same arrays to each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .geography import NATIONAL_SWV, Geography
from .ids import make_bsns, make_onderwijsnummers
from .scales import Scale
from .schoolcalendar import NEVER, add_years, aug1, jul31, schoolyear_of
from .schools import Chooser, Schools, nearest

# Segments in life order; the position + 1 is the pupil's INSCHRIJVINGSVOLGNUMMER of that enrolment.
SEGMENTS = ("bao1", "bao2", "sp", "vo1", "vo2", "vso", "vavo", "out")
TRACKS = ("PRO", "VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO", "VSO")
# advies vo codes and the track each leads to (double advice: the lower one half of the time)
ADVIES = ("10", "20", "21", "23", "24", "28", "29", "30", "31", "40")
ADVIES_SHARE = np.array([0.017, 0.089, 0.03, 0.085, 0.035, 0.18, 0.07, 0.17, 0.10, 0.224])
ADVIES_TRACK = {"10": ("PRO", "PRO"), "20": ("VMBO_B", "VMBO_B"), "21": ("VMBO_B", "VMBO_K"),
                "23": ("VMBO_K", "VMBO_K"), "24": ("VMBO_K", "VMBO_GT"), "28": ("VMBO_GT", "VMBO_GT"),
                "29": ("VMBO_GT", "HAVO"), "30": ("HAVO", "HAVO"), "31": ("HAVO", "VWO"), "40": ("VWO", "VWO")}
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
    advies: np.ndarray
    track: np.ndarray  # TRACKS or ''
    vo_first_sy: np.ndarray
    brug: np.ndarray  # years shown as BRUGJAAR
    lwoo: np.ndarray
    nieuwkomer: np.ndarray
    uitstroom: np.ndarray
    out_kind: np.ndarray  # '', 'MBO', 'HBO', 'WO'
    mbo_niveau: np.ndarray
    bekostigd_out: np.ndarray
    from_start: np.ndarray  # so from the first enrolment (no previous enrolment)
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


def make_population(rng: np.random.Generator, geo: Geography, schools: Schools, scale: Scale,
                    school_years: list[int]) -> Population:
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

    # ---------------------------------------------------------------- sbo / so entries
    u = rng.random(n)
    p_sbo, p_so = 0.043 * f, 0.031 * f
    sp_kind = np.where(u < p_sbo, "SBO", np.where(u < p_sbo + p_so, "SO", ""))
    # sbo entry age ≈ 7.8; so: ≈ 38 % from the first enrolment at 4, the others from bao at ≈ 8.5 (mean ≈ 6.8)
    so_age = np.where(rng.random(n) < 0.38, 4.0, np.clip(rng.normal(8.5, 1.5, n), 5.0, 11.8))
    age = np.where(sp_kind == "SBO", np.clip(rng.normal(7.8, 1.3, n), 5.0, 11.8), so_age)
    sp_start = _age_date(birth, age)
    snap = rng.random(n) < 0.6
    snapped = aug1(schoolyear_of(sp_start))
    sp_start = np.where(snap & (snapped >= po_start), snapped, sp_start).astype(np.int32)
    from_start = (sp_kind == "SO") & (sp_start < po_start + 60)
    sp_start = np.where(from_start, po_start, sp_start).astype(np.int32)
    sp_kind = np.where(sp_start > po_end - 30, "", sp_kind)
    has_sp = sp_kind != ""
    sp_start = np.where(has_sp, sp_start, NEVER).astype(np.int32)
    bao_at_sp = np.where(bao_sw < sp_start, bao2, bao1)

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
    sbo_target = np.where(rng.random(n) < 0.12, nb_po[sbo_target], sbo_target)
    sbo_vest = sbo_choice.pick(sbo_target, rng.random(n))
    wec = schools.of_kind("wec")
    wec_region = geo.pc4_swv["PO"][schools.pc4] * 5 + schools.cluster
    wec_choice = Chooser(np.flatnonzero(wec & np.isin(schools.cluster, (3, 4))), np.maximum(wec_region, 0),
                         schools.capacity, n_swv * 5)
    wec_target = np.where(rng.random(n) < 0.18, nb_po[home_po], home_po)
    so_vest = wec_choice.pick(wec_target * 5 + np.where(np.isin(cluster, (3, 4)), cluster, 3), rng.random(n))
    for cl in (1, 2):
        m = cluster == cl
        so_vest[m] = nearest(schools, wec & (schools.cluster == cl), home[m])
    sp_vest = np.where(sp_kind == "SBO", sbo_vest, so_vest)

    # ---------------------------------------------------------------- vo track and advies
    adv_regular = _pick(rng, ADVIES, ADVIES_SHARE, n)
    adv_sbo = _pick(rng, ADVIES, [0.30, 0.38, 0.11, 0.11, 0.03, 0.05, 0.01, 0.01, 0.0, 0.0], n)
    advies = np.where(sp_kind == "SBO", adv_sbo, adv_regular)
    lower = rng.random(n) < 0.5
    track = np.empty(n, dtype="U7")
    for code, (lo, hi) in ADVIES_TRACK.items():
        m = advies == code
        track[m] = np.where(lower[m], lo, hi)
    down = rng.random(n) < 0.06
    rank = np.zeros(n, dtype=np.int64)
    for i, t in enumerate(TRACKS[:6]):
        rank[track == t] = i
    track = np.where(down & (rank > 1), np.asarray(TRACKS)[np.maximum(rank - 1, 0)], track)
    to_vso = ((sp_kind == "") & (rng.random(n) < 0.0025 * f)) | ((sp_kind == "SBO") & (rng.random(n) < 0.05))
    so_to_vso = (sp_kind == "SO") & (np.isin(cluster, (3, 4)) & (rng.random(n) < 0.9)
                                     | np.isin(cluster, (1, 2)) & (rng.random(n) < 0.45))
    so_other = (sp_kind == "SO") & ~so_to_vso & np.isin(cluster, (3, 4))
    track = np.where(so_other, np.where(rng.random(n) < 0.5, "PRO", "VMBO_B"), track)
    track = np.where(to_vso | so_to_vso, "VSO", track)
    advies = np.where(track == "VSO", "", advies)
    advies = np.where(sp_kind == "SO", "", advies)
    uitstroom = _pick(rng, UITSTROOM, [0.42, 0.33, 0.25], n)
    vso_years = np.select([uitstroom == "VERVOLGONDERWIJS", uitstroom == "ARBEIDSMARKT"], [5, 6], 7) \
        + (rng.random(n) < 0.3)
    reg_years = np.full(n, 5, dtype=np.int64)
    for t, yrs in TRACK_YEARS.items():
        reg_years[track == t] = yrs
    reg_years = reg_years + (rng.random(n) < 0.12)
    is_vso_direct = track == "VSO"
    # later entry into vso from regular vo (leerjaar 1-3)
    later = ~is_vso_direct & (sp_kind == "") & (rng.random(n) < 0.0025 * f) & (track != "PRO")
    later_sy = vo_first_sy + rng.integers(0, 3, n)
    later_start = np.where(rng.random(n) < 0.6, aug1(later_sy), aug1(later_sy) + rng.integers(60, 200, n))
    vso_start = np.where(is_vso_direct, vo_start, np.where(later, later_start, NEVER)).astype(np.int32)
    vso_end = np.where(vso_start < NEVER, jul31(vo_first_sy + vso_years - 1), NEVER).astype(np.int32)
    vo_end = np.where(is_vso_direct, NEVER, jul31(vo_first_sy + reg_years - 1)).astype(np.int32)
    brug = np.where(np.isin(track, ("VMBO_GT", "HAVO", "VWO")), _pick(rng, ("0", "1", "2"), [0.25, 0.55, 0.2], n),
                    "0").astype(np.int32)
    lwoo = (np.isin(track, ("VMBO_B", "VMBO_K")) & (rng.random(n) < 0.45)) | \
        ((track == "VMBO_GT") & (rng.random(n) < 0.08))
    nieuwkomer = rng.random(n) < 0.02

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
    vso_vest = wec_choice.pick(wec_target * 5 + np.where(np.isin(cluster, (3, 4)), cluster, 3), rng.random(n))
    keep_school = (sp_kind == "SO") & (rng.random(n) < 0.8)
    vso_vest = np.where(keep_school, so_vest, vso_vest)
    for cl in (1, 2):
        m = (cluster == cl) & (sp_kind != "SO")
        vso_vest[m] = nearest(schools, wec & (schools.cluster == cl), home[m])
    bao_last = np.where(bao_sw < NEVER, bao2, bao1)
    vso_prev = np.where(later, vo_at_vso, np.where(has_sp, sp_vest, bao_last))
    # pupils who (will) attend (v)so and live in a residential setting: home elsewhere in the country
    wec_pupil = (sp_kind == "SO") | (vso_start < NEVER)
    moved = wec_pupil & (residential != "0")
    home = np.where(moved, rng.choice(len(geo.pc4), size=n, p=w), home)

    # ---------------------------------------------------------------- vavo and outflow to mbo / hbo / wo
    vo_last = np.where(is_vso_direct, vso_end, np.where(later, vso_end, vo_end))
    vavo = np.isin(track, ("HAVO", "VWO")) & ~later & (rng.random(n) < 0.04)
    vo_last_vest = np.where(vo_sw < NEVER, vo2, vo1)
    vavo_start = np.where(vavo, vo_last + 1, NEVER).astype(np.int32)
    vavo_end = np.where(vavo, add_years(vo_last, 1), NEVER).astype(np.int32)
    after = np.where(vavo, vavo_end, vo_last) + 1
    r = rng.random(n)
    lvl = np.zeros(n, dtype=np.int32)
    out_kind = np.full(n, "", dtype="U3")
    vso_track = is_vso_direct | later
    rules = [
        (track == "PRO", r < 0.65, "MBO", np.where(r < 0.45, 1, 2)),
        (track == "VMBO_B", r < 0.92, "MBO", 2),
        (track == "VMBO_K", r < 0.94, "MBO", 3),
        (track == "VMBO_GT", r < 0.95, "MBO", np.where(r < 0.8, 4, 3)),
        (track == "HAVO", r < 0.92, np.where(r < 0.72, "HBO", "MBO"), 4),
        (track == "VWO", r < 0.95, np.where(r < 0.8, "WO", "HBO"), 0),
    ]
    for cond, go, kind, level in rules:
        m = cond & go & ~vso_track
        out_kind = np.where(m, kind, out_kind)
        lvl = np.where(m & (np.asarray(kind) == "MBO"), level, lvl)
    m = vso_track & (uitstroom == "VERVOLGONDERWIJS") & (r < 0.85)
    out_kind = np.where(m, "MBO", out_kind)
    lvl = np.where(m, np.where(r < 0.5, 1, 2), lvl)
    lvl = np.where(out_kind == "MBO", lvl, 0)
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

    pop = Population(number, is_bsn, birth, geslacht, home, gewicht, opp, po_last_sy, sp_kind, cluster, soort, zorg,
                     residential, advies, track, vo_first_sy, brug, lwoo, nieuwkomer, uitstroom, out_kind, lvl,
                     bekostigd_out, from_start)

    # ---------------------------------------------------------------- dated segments (enrolments)
    bao1_start = np.where(from_start, NEVER, po_start).astype(np.int32)
    bao_stop = np.minimum(sp_start - 1, po_end)
    pop.seg["bao1"] = Segment(bao1_start, np.minimum(bao_sw - 1, bao_stop).astype(np.int32), bao1)
    b2 = (bao_sw < bao_stop) & ~from_start
    pop.seg["bao2"] = Segment(np.where(b2, bao_sw, NEVER).astype(np.int32), bao_stop.astype(np.int32), bao2)
    pop.seg["sp"] = Segment(sp_start, np.where(has_sp, po_end, NEVER).astype(np.int32), sp_vest,
                            np.where(from_start, -1, bao_at_sp))
    vo_reg = ~is_vso_direct
    vo_stop = np.minimum(vso_start - 1, vo_end)
    pop.seg["vo1"] = Segment(np.where(vo_reg, vo_start, NEVER).astype(np.int32),
                             np.minimum(vo_sw - 1, vo_stop).astype(np.int32), vo1)
    pop.seg["vo2"] = Segment(np.where(vo_reg & (vo_sw <= vo_stop), vo_sw, NEVER).astype(np.int32),
                             vo_stop.astype(np.int32), vo2)
    pop.seg["vso"] = Segment(vso_start, vso_end, vso_vest, vso_prev)
    pop.seg["vavo"] = Segment(vavo_start, vavo_end, vo_last_vest)
    pop.seg["out"] = Segment(out_start, out_end, out_vest)
    return pop
