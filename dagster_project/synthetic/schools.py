"""Synthetic vestigingen (school locations) per SWV region, and vectorised school choice for pupils."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .geography import NATIONAL_SWV, Geography
from .names import PO_PREFIX, REFORMATORISCH, SCHOOL_NAMES, VO_NAMES
from .scales import Scale

KINDS = ("bao", "sbo", "wec", "vo", "pro", "mbo", "hbo", "wo")
SCHOOLSOORT = {"bao": "BAO", "sbo": "SBO", "wec": "SO_VSO", "vo": "VO", "pro": "VO", "mbo": "MBO", "hbo": "HO",
               "wo": "HO"}
LETTERS = np.array(list("ABCDEFGHJKLMNPRSTUVWXZ"))


@dataclass
class Schools:
    """One entry per vestiging; ``kind`` is the internal type, ``swv`` the register SWV (-1 for wec/mbo/ho)."""

    code: np.ndarray  # 6 chars: BRIN + 2-digit vestigingsnummer
    brin: np.ndarray
    naam: np.ndarray
    kind: np.ndarray
    cluster: np.ndarray  # 1-4 for wec, 0 otherwise
    pc4: np.ndarray  # index into Geography.pc4
    swv: np.ndarray  # register index or -1
    bestuur: np.ndarray  # 5-digit text
    capacity: np.ndarray
    postcode: np.ndarray  # '1234 AB'

    def __len__(self) -> int:
        return len(self.code)

    def of_kind(self, *kinds: str) -> np.ndarray:
        return np.isin(self.kind, kinds)

    def sector_swv(self, geo: Geography, sector: str) -> np.ndarray:
        """SWV (register index) of every vestiging for a sector: its register SWV when it is a member of one of
        that sector, else the SWV whose region holds its PC4."""
        regional = geo.pc4_swv[sector][self.pc4]
        own = (self.swv >= 0) & (np.array(geo.swv_sector)[np.maximum(self.swv, 0)] == sector)
        return np.where(own, self.swv, regional)


def _brins(rng: np.random.Generator, n: int) -> np.ndarray:
    digits = rng.permutation(100)
    pairs = np.array([a + b for a in LETTERS for b in LETTERS])
    combos = np.array([f"{d:02d}{p}" for d in digits for p in pairs])
    return combos[rng.permutation(len(combos))[:n]] if n <= len(combos) else combos


def make_schools(rng: np.random.Generator, geo: Geography, scale: Scale) -> Schools:
    """Vestigingen sized so that a school holds a realistic number of pupils at this scale."""
    c = scale.cohort_size
    f = scale.special_factor
    share = {}
    for sector in ("PO", "VO"):
        w = np.bincount(np.maximum(geo.pc4_swv[sector], 0), weights=geo.pc4_weight, minlength=len(geo.swv_code))
        share[sector] = w / w.sum()
    rows: list[tuple[str, int, int, int]] = []  # kind, swv (register idx or -1), pc4 idx, cluster

    def place(kind: str, swv: int, n: int, cluster: int = 0, sector: str = "PO") -> None:
        if swv >= 0 and geo.swv_code[swv] not in NATIONAL_SWV.values():
            pcs = np.flatnonzero(geo.pc4_swv[sector] == swv)
        else:
            pcs = np.flatnonzero(geo.pc4_weight > 0)
        p = geo.pc4_weight[pcs] / geo.pc4_weight[pcs].sum()
        for pc in rng.choice(pcs, size=n, p=p):
            rows.append((kind, swv, int(pc), cluster))

    for s in geo.regional("PO"):
        cs = c * share["PO"][s]
        place("bao", s, max(2, round(cs * 8 / 225)))
        place("sbo", s, max(1, round(cs * 8 * 0.025 * f / 130)))
        for cl, part in ((3, 0.5), (4, 0.33)):
            n = max(1, round(cs * 13 * 0.045 * f * part / 190))
            pcs = np.flatnonzero(geo.pc4_swv["PO"] == s)
            p = geo.pc4_weight[pcs] / geo.pc4_weight[pcs].sum()
            for pc in rng.choice(pcs, size=n, p=p):
                rows.append(("wec", -1, int(pc), cl))
    n_po = len(geo.regional("PO"))
    for cl, n in ((1, max(1, round(n_po / 25))), (2, max(1, round(n_po / 5)))):
        place("wec", -1, n, cl)
    place("bao", geo.swv_index(NATIONAL_SWV["PO"]), max(1, round(c * 8 * 0.015 / 225)))
    for s in geo.regional("VO"):
        cs = c * share["VO"][s]
        place("vo", s, max(2, round(cs * 5 / 800)), sector="VO")
        place("pro", s, max(1, round(cs * 5 * 0.03 / 170)), sector="VO")
        place("mbo", -1, max(1, round(cs / 2500)), sector="VO")
    place("vo", geo.swv_index(NATIONAL_SWV["VO"]), max(1, round(c * 5 * 0.012 / 800)), sector="VO")
    n_vo = len(geo.regional("VO"))
    place("hbo", -1, max(1, round(n_vo / 3)))
    place("wo", -1, max(1, round(n_vo / 6)))

    kind = np.array([r[0] for r in rows])
    swv = np.array([r[1] for r in rows])
    pc4 = np.array([r[2] for r in rows])
    cluster = np.array([r[3] for r in rows])
    n = len(rows)
    order = np.lexsort((pc4, swv, np.array([KINDS.index(k) for k in kind])))
    kind, swv, pc4, cluster = kind[order], swv[order], pc4[order], cluster[order]
    # instellingen: vo vestigingen of one SWV grouped by 1-3 under one BRIN, all others one BRIN each
    inst = np.empty(n, dtype=np.int64)
    next_inst = 0
    i = 0
    while i < n:
        size = int(rng.choice([1, 1, 2, 3])) if kind[i] == "vo" else 1
        j = i
        while j < min(n, i + size) and kind[j] == kind[i] and swv[j] == swv[i]:
            j += 1
        inst[i:j] = next_inst
        next_inst += 1
        i = j
    brin_of = _brins(rng, next_inst)
    brin = brin_of[inst]
    vnr = np.zeros(n, dtype=np.int64)
    for k in range(1, n):
        vnr[k] = vnr[k - 1] + 1 if inst[k] == inst[k - 1] else 0
    code = np.char.add(brin.astype(str), np.char.zfill(vnr.astype(str), 2))
    n_best = max(1, n // 3 + 1)
    bestuur_ids = np.where(np.arange(n_best) % 3 == 0, rng.integers(100, 9_999, n_best), rng.integers(10_000, 99_999,
                                                                                                       n_best))
    bestuur = np.char.zfill(bestuur_ids[np.minimum(inst // 3, len(bestuur_ids) - 1)].astype(str), 5)
    nm = rng.integers(0, len(SCHOOL_NAMES), n)
    names = []
    for k in range(n):
        base = SCHOOL_NAMES[nm[k]]
        kd = kind[k]
        if kd == "bao" and swv[k] >= 0 and geo.swv_code[swv[k]] == NATIONAL_SWV["PO"]:
            names.append(f"Reformatorische basisschool {REFORMATORISCH[k % len(REFORMATORISCH)]}")
        elif kd == "vo" and swv[k] >= 0 and geo.swv_code[swv[k]] == NATIONAL_SWV["VO"]:
            names.append(f"Reformatorische scholengemeenschap {REFORMATORISCH[k % len(REFORMATORISCH)]}")
        elif kd == "bao":
            names.append(f"{PO_PREFIX[k % len(PO_PREFIX)]} {base}")
        elif kd == "sbo":
            names.append(f"SBO {base}")
        elif kd == "wec":
            names.append({1: "Visio onderwijs", 2: "Kentalis school", 3: "Mytylschool", 4: "REC school"}
                         [int(cluster[k])] + f" {base}")
        elif kd == "vo":
            names.append(f"{VO_NAMES[k % len(VO_NAMES)]} {base}")
        elif kd == "pro":
            names.append(f"Praktijkschool {base}")
        elif kd == "mbo":
            names.append(f"ROC {geo.gemeente_naam[geo.pc4_gemeente[pc4[k]]]}")
        elif kd == "hbo":
            names.append(f"Hogeschool {geo.gemeente_naam[geo.pc4_gemeente[pc4[k]]]}")
        else:
            names.append(f"Universiteit {geo.gemeente_naam[geo.pc4_gemeente[pc4[k]]]}")
        names[-1] = f"{names[-1]} ({geo.gemeente_naam[geo.pc4_gemeente[pc4[k]]]})" if kd in ("bao", "vo") \
            and k % 7 == 0 else names[-1]
    capacity = rng.lognormal(0, 0.4, n)
    suffix = np.char.add(LETTERS[rng.integers(0, len(LETTERS), n)], LETTERS[rng.integers(0, len(LETTERS), n)])
    postcode = np.char.add(np.char.add(geo.pc4[pc4].astype(str), " "), suffix)
    return Schools(code, brin, np.array(names, dtype=object), kind, cluster, pc4, swv, bestuur, capacity, postcode)


class Chooser:
    """Weighted random choice of a vestiging within a group (e.g. an SWV), vectorised over pupils."""

    def __init__(self, candidates: np.ndarray, groups: np.ndarray, weights: np.ndarray, n_groups: int):
        self.cand = candidates[np.argsort(groups[candidates], kind="stable")]
        g = groups[self.cand]
        w = weights[self.cand]
        self.start = np.searchsorted(g, np.arange(n_groups))
        self.stop = np.searchsorted(g, np.arange(n_groups), side="right")
        cum = np.cumsum(w)
        base = np.concatenate([[0.0], cum])[self.start]
        total = np.concatenate([[0.0], cum])[self.stop] - base
        self.cum = cum
        self.base = base
        self.total = total
        self.all_total = cum[-1]

    def pick(self, groups: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Vestiging index per pupil; a group without candidates falls back to any candidate."""
        empty = self.total[groups] <= 0
        target = np.where(empty, u * self.all_total, self.base[groups] + u * self.total[groups])
        pos = np.minimum(np.searchsorted(self.cum, target, side="right"), len(self.cand) - 1)
        return self.cand[pos]


def nearest(schools: Schools, mask: np.ndarray, pc4_idx: np.ndarray) -> np.ndarray:
    """The vestiging among ``mask`` whose PC4 lies nearest (in PC4 order) to each pupil's PC4."""
    cand = np.flatnonzero(mask)
    cand = cand[np.argsort(schools.pc4[cand], kind="stable")]
    pos = np.searchsorted(schools.pc4[cand], pc4_idx)
    lo = np.clip(pos - 1, 0, len(cand) - 1)
    hi = np.clip(pos, 0, len(cand) - 1)
    pick_hi = np.abs(schools.pc4[cand[hi]] - pc4_idx) < np.abs(schools.pc4[cand[lo]] - pc4_idx)
    return cand[np.where(pick_hi, hi, lo)]
