"""Small synthetic indicator marts in the contract shape, built from pupil rows so every sum relation holds."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pandas as pd

CATEGORIEEN = ("sbo", "so", "vso")
ZORG = ("laag", "midden", "hoog")


def pupils(seed: int = 1, n_swv: int = 4, vest_per_swv: int = 3, size: int = 400) -> pd.DataFrame:
    """One row per pupil: swv, vestiging, categorie, zorgcategorie (skewed, so small cells occur)."""
    rng = np.random.default_rng(seed)
    swv = rng.integers(0, n_swv, size)
    vest = rng.integers(0, vest_per_swv, size)
    cat = rng.choice(len(CATEGORIEEN), size, p=[0.7, 0.2, 0.1])
    zorg = rng.choice(len(ZORG), size, p=[0.6, 0.3, 0.1])
    return pd.DataFrame({
        "swv_code": [f"PO{2401 + s:04d}" for s in swv],
        "vestigingscode": [f"{s:02d}{v:02d}AB" for s, v in zip(swv, vest, strict=True)],
        "categorie": [CATEGORIEEN[c] for c in cat],
        "zorgcategorie": [ZORG[z] for z in zorg],
    })


def mart_from_pupils(p: pd.DataFrame, *, indicator: str = "aandeel_test", kind: str = "pct",
                     schooljaar: str = "2024-2025") -> pd.DataFrame:
    """Mart rows for grains vestiging/swv/landelijk x categorie (+ totaal) x zorgcategorie (+ all = null).

    pct: teller = pupils in the cell, noemer = all pupils of the unit (shared by every categorie and filter value).
    count: waarde = teller, noemer null.
    """
    units = [("vestiging", p["swv_code"], p["vestigingscode"]), ("swv", p["swv_code"], p["swv_code"]),
             ("landelijk", pd.Series([None] * len(p)), pd.Series(["NL"] * len(p)))]
    rows = []
    for grain, swv, code in units:
        keyed = p.assign(_swv=swv.to_numpy(), _code=code.to_numpy())
        unit_keys = keyed[["_swv", "_code"]].drop_duplicates().itertuples(index=False)
        for u_swv, u_code in unit_keys:
            in_unit = keyed[(keyed["_code"] == u_code)]
            for cat, zorg in itertools.product((*CATEGORIEEN, "totaal"), (*ZORG, None)):
                sel = in_unit
                if cat != "totaal":
                    sel = sel[sel["categorie"] == cat]
                if zorg is not None:
                    sel = sel[sel["zorgcategorie"] == zorg]
                rows.append({
                    "indicator": indicator, "sector": "po", "swv_code": u_swv, "schooljaar": schooljaar,
                    "peildatum": date(int(schooljaar[:4]), 10, 1), "populatie": "bekostigd", "grain": grain,
                    "grain_code": u_code, "grain_naam": f"naam {u_code}", "categorie": cat, "zorgcategorie": zorg,
                    "teller": float(len(sel)),
                    "noemer": float(len(in_unit)) if kind == "pct" else None,
                })
    df = pd.DataFrame(rows)
    if kind == "pct":
        df["waarde"] = 100.0 * df["teller"] / df["noemer"]
    else:
        df["waarde"] = df["teller"]
    swv_rows = df[df["grain"] == "swv"].assign(_z=lambda d: d["zorgcategorie"].fillna("*"))
    mean = swv_rows.groupby(["categorie", "_z"])["waarde"].mean().to_dict()
    df["waarde_gemiddelde_swv"] = [
        mean[(c, z if isinstance(z, str) else "*")] if g == "landelijk" else None
        for g, c, z in zip(df["grain"], df["categorie"], df["zorgcategorie"], strict=True)
    ]
    df["noemer"] = df["noemer"].astype("float64")
    df["waarde_gemiddelde_swv"] = df["waarde_gemiddelde_swv"].astype("float64")
    return df
