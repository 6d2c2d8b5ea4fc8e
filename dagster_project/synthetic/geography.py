"""The synthetic map: PC4 areas, gemeenten, the po/vo SWV regio-indeling, apc areas and the SWV register."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from .names import gemeente_names
from .scales import Scale

REAL_REGIO = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "regio-indeling-swv" / \
    "pc4_gemeente_swv_regeling_2015-04-23.csv"
NATIONAL_SWV = {"PO": "PO0001", "VO": "VO0001"}


@dataclass
class Geography:
    """PC4 areas (sorted by number) with gemeente and SWV (index into the register, -1 = none)."""

    pc4: np.ndarray  # int PC4 numbers
    pc4_gemeente: np.ndarray  # index into gemeente_code
    pc4_swv: dict[str, np.ndarray]  # sector -> register index per PC4 (-1 = no SWV, e.g. Europoort)
    pc4_weight: np.ndarray  # relative number of children living there
    pc4_apc: np.ndarray  # bool: armoedeprobleemcumulatiegebied
    gemeente_code: list[str]
    gemeente_naam: list[str]
    swv_code: list[str]
    swv_naam: list[str]
    swv_sector: list[str]
    source: str

    def swv_index(self, code: str) -> int:
        return self.swv_code.index(code)

    def regional(self, sector: str) -> np.ndarray:
        """Register indexes of the regional SWVs of a sector (without PO0001/VO0001)."""
        return np.array([i for i, (c, s) in enumerate(zip(self.swv_code, self.swv_sector, strict=True))
                         if s == sector and c != NATIONAL_SWV[sector]])

    def neighbours(self, sector: str) -> np.ndarray:
        """For every register index, a bordering SWV of the same sector (itself when it has none)."""
        swv = self.pc4_swv[sector]
        out = np.arange(len(self.swv_code))
        a, b = swv[:-1], swv[1:]
        border = (a != b) & (a >= 0) & (b >= 0)
        counts: dict[int, dict[int, int]] = {}
        for x, y in zip(a[border].tolist(), b[border].tolist(), strict=True):
            counts.setdefault(x, {}).setdefault(y, 0)
            counts[x][y] += 1
            counts.setdefault(y, {}).setdefault(x, 0)
            counts[y][x] += 1
        for s, c in counts.items():
            out[s] = max(sorted(c), key=lambda k: c[k])
        return out

    def pc4_index(self, pc4: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.pc4, pc4)


def _register(po_codes: list[str], vo_codes: list[str], first_gemeente: dict[str, str]) -> tuple[list, list, list]:
    codes, names, sectors = [], [], []
    for sector, regional in (("PO", po_codes), ("VO", vo_codes)):
        for code in [*regional, NATIONAL_SWV[sector]]:
            codes.append(code)
            sectors.append(sector)
            if code == NATIONAL_SWV[sector]:
                names.append(f"Landelijk samenwerkingsverband reformatorisch {sector.lower()}")
            else:
                names.append(f"Samenwerkingsverband passend onderwijs {first_gemeente.get(code, code)} {sector}")
    return codes, names, sectors


def _swv_codes(sector: str, n: int) -> list[str]:
    """Codes in the official style: 2-digit region 20-31 and a 2-digit number (PO2001, PO2102, ...)."""
    return [f"{sector}{20 + i % 12:02d}{i // 12 + 1:02d}" for i in range(n)]


def _cuts(rng: np.random.Generator, total: int, parts: int, sigma: float = 0.35) -> np.ndarray:
    """Block index (0..parts-1) for each of ``total`` consecutive items, blocks of varying size >= 2."""
    w = rng.lognormal(0, sigma, parts)
    sizes = np.maximum(2, np.floor(w / w.sum() * total)).astype(int)
    sizes[-1] = total - sizes[:-1].sum()
    return np.repeat(np.arange(parts), sizes)


def _gemeentecodes(rng: np.random.Generator, n: int) -> list[str]:
    """Distinct 4-digit CBS-style gemeentecodes, sorted; the first below 100 (like 0014), many below 1000."""
    rest = rng.choice(np.arange(100, 1990), size=n - 1, replace=False)
    return [f"{c:04d}" for c in np.sort(np.concatenate([[rng.integers(3, 100)], rest]))]


def _split_a_gemeente(block: np.ndarray, gem: np.ndarray) -> np.ndarray:
    """Move the first SWV border into a gemeente when no gemeente lies in two SWVs (real ones do)."""
    borders = np.flatnonzero(block[1:] != block[:-1]) + 1
    if any(gem[b - 1] == gem[b] for b in borders) or len(borders) == 0:
        return block
    b = int(borders[0])
    block = block.copy()
    if b + 1 < len(gem) and gem[b] == gem[b + 1]:
        block[b] = block[b - 1]
    elif b >= 2 and gem[b - 2] == gem[b - 1]:
        block[b - 1] = block[b]
    return block


def synthetic_geography(rng: np.random.Generator, scale: Scale) -> Geography:
    n_pc4 = scale.n_po_swv * scale.pc4_per_swv
    pc4 = 1011 + np.cumsum(rng.choice([1, 1, 2], size=n_pc4)) - 1
    gem_size = max(3, scale.pc4_per_swv // 3)
    sizes: list[int] = []
    while sum(sizes) < n_pc4:
        sizes.append(int(rng.integers(max(2, gem_size // 2), gem_size * 3 // 2 + 2)))
    sizes[-1] -= sum(sizes) - n_pc4
    if sizes[-1] < 1:
        sizes[-2] += sizes.pop()
    n_gem = len(sizes)
    pc4_gem = np.repeat(np.arange(n_gem), sizes)
    names = gemeente_names(rng, n_gem, accented=max(1, n_gem // 10))
    codes = _gemeentecodes(rng, n_gem)
    po_block = _split_a_gemeente(_cuts(rng, n_pc4, scale.n_po_swv), pc4_gem)
    vo_block = _cuts(rng, n_pc4, scale.n_vo_swv)
    po_codes, vo_codes = _swv_codes("PO", scale.n_po_swv), _swv_codes("VO", scale.n_vo_swv)
    first = {}
    for blocks, cl in ((po_block, po_codes), (vo_block, vo_codes)):
        for b, code in enumerate(cl):
            first[code] = names[pc4_gem[np.argmax(blocks == b)]]
    reg_codes, reg_names, reg_sectors = _register(po_codes, vo_codes, first)
    po_idx = po_block
    vo_idx = vo_block + len(po_codes) + 1
    weight = rng.lognormal(0, 0.5, n_pc4)
    apc = rng.random(n_pc4) < 0.08
    return Geography(pc4, pc4_gem, {"PO": po_idx, "VO": vo_idx}, weight, apc, codes, names, reg_codes, reg_names,
                     reg_sectors, "synthetic")


def real_geography(rng: np.random.Generator, path: Path = REAL_REGIO) -> Geography:
    """Geography on the official regio-indeling 2015 (PC4 → gemeente, po and vo SWV); gemeentecodes are synthetic."""
    df = pl.read_csv(path, separator=";", infer_schema=False).sort("PC4")
    pc4 = df["PC4"].cast(pl.Int64).to_numpy()
    gem_names = sorted(set(df["GEMEENTE"].to_list()))
    gem_codes = _gemeentecodes(rng, len(gem_names))
    gem_index = {g: i for i, g in enumerate(gem_names)}
    pc4_gem = np.array([gem_index[g] for g in df["GEMEENTE"].to_list()])
    po = df["PO_SWV"].to_list()
    vo = df["VO_SWV"].to_list()
    valid = [bool(p and v and p.startswith("PO") and v.startswith("VO")) for p, v in zip(po, vo, strict=True)]
    po_codes = sorted({p for p, ok in zip(po, valid, strict=True) if ok})
    vo_codes = sorted({v for v, ok in zip(vo, valid, strict=True) if ok})
    first: dict[str, str] = {}
    for code, g in zip(po + vo, df["GEMEENTE"].to_list() * 2, strict=True):
        first.setdefault(code, g)
    reg_codes, reg_names, reg_sectors = _register(po_codes, vo_codes, first)
    index = {c: i for i, c in enumerate(reg_codes)}
    po_idx = np.array([index[p] if ok else -1 for p, ok in zip(po, valid, strict=True)])
    vo_idx = np.array([index[v] if ok else -1 for v, ok in zip(vo, valid, strict=True)])
    weight = rng.lognormal(0, 0.5, len(pc4)) * np.array(valid)
    apc = (rng.random(len(pc4)) < 0.08) & np.array(valid)
    return Geography(pc4, pc4_gem, {"PO": po_idx, "VO": vo_idx}, weight, apc, gem_codes, gem_names, reg_codes,
                     reg_names, reg_sectors, f"regio-indeling {path.name}")


def make_geography(rng: np.random.Generator, scale: Scale) -> Geography:
    if scale.real_geography and REAL_REGIO.exists():
        return real_geography(rng)
    return synthetic_geography(rng, scale)
