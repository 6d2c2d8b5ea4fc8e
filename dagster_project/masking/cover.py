"""The cover of the publication: which set of pupils each published teller and noemer counts, across marts.

Every count of the indicator marts is a sum over the pupils of one teldatum, and most of them are sums over the same
fine classification: pupils on a 1 October by sector, SWV (in a populatie), vestiging, onderwijstype and filter value
(VAVO ½). A *signature* names that set in one vocabulary shared by all marts:

    base | sector | teldatum | populatie | swv_code | grain | grain_code | onderwijstypes | filter=value

``base`` is the kind of count (``oktober``: pupils on 1 October as ``int_indicator_leerlingen`` counts them);
``onderwijstypes`` is a set (``bao+sbo``). Two cells with one signature are the same number wherever they are
published (one mask status); a signature whose set is a union of onderwijstypes is the sum of the cells of its
parts, where a part that no mart lists is a known zero (the marts list every non-empty cell of their shape).

The signatures are declared here per mart from what the mart's SQL counts (its teller and noemer), not guessed from
the values. Each link is still checked on the true values before it is used: a link whose cells differ is a
declaration that does not hold for that cell (e.g. a prognose vestiging with so pupils) and is left out, counted in
``Links.mismatches``. Within one mart the shape relations of ``masking.relations`` apply; this module adds what
binds the marts together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

TOLERANCE = 1e-6
OKTOBER = "oktober"
NOEMER_OTS = {"po": "bao+sbo", "vo": "pro+vmbo_havo_vwo"}  # the noemer of deelname, cluster 1/2 and gewichten
FILTER_SKIP = ("teller", "noemer", "waarde", "waarde_gemiddelde_swv", "grain_naam")


def _text(series: pd.Series) -> pd.Series:
    """Key values as text: null as '', booleans as true/false, dates as ISO (vectorised)."""
    out = series.astype(str)
    out = out.where(series.notna().to_numpy(), "")
    return out.replace({"True": "true", "False": "false"})


def _filter_part(df: pd.DataFrame, filters: list[str]) -> pd.Series:
    """``name=value`` of the one filter a row sets ('' when none; rows with two filters are not published)."""
    out = pd.Series("", index=df.index, dtype=object)
    for f in filters:
        if f not in df.columns:
            continue
        txt = _text(df[f])
        out = out.where(txt == "", f + "=" + txt)
    return out


def _signature(df: pd.DataFrame, *, base: str | pd.Series, teldatum: pd.Series, populatie: pd.Series | str,
               ots: pd.Series | str, filt: pd.Series | str) -> pd.Series:
    parts = [base, _text(df["sector"]), _text(teldatum), populatie if isinstance(populatie, str) else _text(populatie),
             _text(df["swv_code"]), _text(df["grain"]), _text(df["grain_code"]), ots, filt]
    out = None
    for p in parts:
        p = pd.Series(p, index=df.index, dtype=object) if isinstance(p, str) else p.astype(str)
        out = p if out is None else out + "|" + p
    return out


def _oktober_of_februari(peildatum: pd.Series) -> pd.Series:
    """The 1 October before a 1 February teldatum (same schooljaar)."""
    d = pd.to_datetime(peildatum)
    return pd.Series([f"{x.year - 1}-10-01" if pd.notna(x) else "" for x in d], index=peildatum.index)


def _filters_of(df: pd.DataFrame) -> list[str]:
    cols = list(df.columns)
    if "categorie" not in cols or "teller" not in cols:
        return []
    return [c for c in cols[cols.index("categorie") + 1: cols.index("teller")] if c not in FILTER_SKIP]


# per mart: measure -> function(rows) -> signature per row ('' = no declared identity)
Declaration = Callable[[pd.DataFrame], pd.Series]


def _aantal_teller(df: pd.DataFrame) -> pd.Series:
    return _signature(df, base=OKTOBER, teldatum=df["peildatum"], populatie=df["populatie"],
                      ots=_text(df["categorie"]), filt=_filter_part(df, _filters_of(df)))


def _deelname_teller(df: pd.DataFrame) -> pd.Series:
    cat = _text(df["categorie"])
    lwoo = cat == "lwoo"
    ots = cat.where(~lwoo, "vmbo_havo_vwo")
    filt = _filter_part(df, _filters_of(df)).where(~lwoo, "lwoo=true")
    sig = _signature(df, base=OKTOBER, teldatum=df["peildatum"], populatie=df["populatie"], ots=ots, filt=filt)
    return sig.where(cat.isin(["sbo", "so", "pro", "vso", "lwoo"]), "")


def _bao_sbo_noemer(df: pd.DataFrame) -> pd.Series:
    """The noemer of a deelname-like rate: every bao + sbo (po) or vmbo_havo_vwo + pro (vo) pupil of the unit."""
    ots = _text(df["sector"]).map(NOEMER_OTS).fillna("")
    return _signature(df, base=OKTOBER, teldatum=df["peildatum"], populatie="", ots=ots, filt="")


def _apc_noemer(df: pd.DataFrame) -> pd.Series:
    cat = _text(df["categorie"])
    ots = cat.where(cat != "totaal", NOEMER_OTS["vo"])
    return _signature(df, base=OKTOBER, teldatum=df["peildatum"], populatie="", ots=ots, filt="")


def _februari_sbo_noemer(df: pd.DataFrame) -> pd.Series:
    """sbo rows of peildatum 1 februari: the noemer is the sbo count of the preceding 1 October."""
    sig = _signature(df, base=OKTOBER, teldatum=_oktober_of_februari(df["peildatum"]), populatie="", ots="sbo",
                     filt=_filter_part(df, _filters_of(df)))
    return sig.where(_text(df["categorie"]) == "sbo", "")


def _prognose_telling(df: pd.DataFrame) -> pd.Series:
    """po vestiging rows: the count of 1 October of ``jaar`` (bao + sbo; a vestiging with so pupils fails the value
    check); vo swv rows: the count per categorie (totaal = pro + vmbo_havo_vwo)."""
    cat = _text(df["categorie"])
    is_po = _text(df["sector"]) == "po"
    ots = pd.Series(np.where(is_po, NOEMER_OTS["po"], np.where(cat == "totaal", NOEMER_OTS["vo"], cat)),
                    index=df.index)
    jaar = pd.to_numeric(df["jaar"], errors="coerce")
    teldatum = pd.Series([f"{int(j)}-10-01" if pd.notna(j) else "" for j in jaar], index=df.index)
    sig = _signature(df, base=OKTOBER, teldatum=teldatum, populatie="", ots=ots, filt="")
    return sig.where(_text(df["soort"]) == "telling", "")


def _prognose_noemer(df: pd.DataFrame) -> pd.Series:
    """The basis: the count of the last 1 October (the row's peildatum)."""
    cat = _text(df["categorie"])
    is_po = _text(df["sector"]) == "po"
    ots = pd.Series(np.where(is_po, NOEMER_OTS["po"], np.where(cat == "totaal", NOEMER_OTS["vo"], cat)),
                    index=df.index)
    return _signature(df, base=OKTOBER, teldatum=df["peildatum"], populatie="", ots=ots, filt="")


def _gemeentetabel_teller(df: pd.DataFrame) -> pd.Series:
    """Schoolgaand swv rows of bao, vmbo_havo_vwo and pro: the pupils at the SWV's vestigingen."""
    cat = _text(df["categorie"])
    keep = (_text(df["populatie"]) == "schoolgaand") & (_text(df["grain"]) == "swv") \
        & cat.isin(["bao", "vmbo_havo_vwo", "pro"]) & (_text(df["zorgcategorie"]) == "")
    sig = _signature(df, base=OKTOBER, teldatum=df["peildatum"], populatie="", ots=cat, filt="")
    return sig.where(keep, "")


DECLARATIONS: dict[str, dict[str, Declaration]] = {
    "aantal_leerlingen": {"teller": _aantal_teller},
    "deelnamepercentage": {"teller": _deelname_teller, "noemer": _bao_sbo_noemer},
    "cluster_1_2": {"noemer": _bao_sbo_noemer},
    "gewichtenleerlingen": {"noemer": _bao_sbo_noemer},
    "apc_leerlingen": {"noemer": _apc_noemer},
    "peildatum_1_februari": {"noemer": _februari_sbo_noemer},
    "leerlingprognose": {"teller": _prognose_telling, "noemer": _prognose_noemer},
    "gemeentetabel": {"teller": _gemeentetabel_teller},
}


def signatures(mart: str, df: pd.DataFrame, measures: tuple[str, ...] = ("teller", "noemer")) -> pd.DataFrame:
    """Declared signatures of a mart's cells: columns ``cell`` (row * len(measures) + measure), ``signature``."""
    declared = DECLARATIONS.get(mart.removeprefix("mart_").removeprefix("pub_"), {})
    frames = []
    for m, measure in enumerate(measures):
        if measure not in declared or measure not in df.columns or df.empty:
            continue
        sig = declared[measure](df.reset_index(drop=True))
        keep = (sig != "").to_numpy() & df[measure].notna().to_numpy()
        rows = np.flatnonzero(keep)
        frames.append(pd.DataFrame({"cell": rows * len(measures) + m, "signature": sig.to_numpy()[rows]}))
    if not frames:
        return pd.DataFrame({"cell": pd.Series(dtype=np.int64), "signature": pd.Series(dtype=object)})
    return pd.concat(frames, ignore_index=True)


@dataclass
class Links:
    """What binds cells of different marts: equal pairs and union sums (relation, cell, coef), in global cell ids."""

    equal: tuple[np.ndarray, np.ndarray]
    sums: tuple[np.ndarray, np.ndarray, np.ndarray]
    mismatches: int = 0

    @property
    def count(self) -> int:
        return len(self.equal[0]) + (int(self.sums[0].max()) + 1 if len(self.sums[0]) else 0)


def cross_mart_links(cells: pd.DataFrame, value: np.ndarray) -> Links:
    """Links between the cells of ``cells`` (columns ``cell`` = global cell id, ``signature``; ``value`` = true value
    per global cell): cells sharing a signature are equal, a signature over several onderwijstypes is the sum of the
    signatures of its parts that are published (the others are known zeros)."""
    empty = np.zeros(0, dtype=np.int64)
    if cells.empty:
        return Links((empty, empty), (empty, empty, np.zeros(0)))
    c = cells.assign(v=value[cells["cell"].to_numpy()]).sort_values(["signature", "cell"], kind="mergesort")
    # equalities: chain each cell to the first of its signature, where the values agree
    first = c.groupby("signature", sort=False)["cell"].transform("first").to_numpy()
    first_v = value[first]
    same = np.abs(c["v"].to_numpy() - first_v) <= TOLERANCE * np.maximum(1.0, np.abs(first_v))
    differs = c.loc[~same, "signature"].nunique()
    link = same & (c["cell"].to_numpy() != first)
    equal = (c["cell"].to_numpy()[link].astype(np.int64), first[link].astype(np.int64))
    # unions: one representative cell per signature
    reps = c.drop_duplicates("signature")[["signature", "cell", "v"]]
    split = reps["signature"].str.split("|", expand=True)
    ots_col = split.columns[7]
    is_union = split[ots_col].str.contains("+", regex=False)
    rep_of = dict(zip(reps["signature"], reps["cell"], strict=True))
    rel, mem, coef = [], [], []
    mismatches = int(differs)
    next_rel = 0
    for idx in np.flatnonzero(is_union.to_numpy()):
        row = split.iloc[idx]
        parts = []
        for ot in row[ots_col].split("+"):
            key = "|".join([*row.iloc[:7].tolist(), ot, *row.iloc[8:].tolist()])
            if key in rep_of:
                parts.append(rep_of[key])
        if not parts:
            continue
        total = int(reps["cell"].iloc[idx])
        if abs(value[parts].sum() - value[total]) > TOLERANCE * max(1.0, abs(value[total])):
            mismatches += 1
            continue
        rel.extend([next_rel] * (len(parts) + 1))
        mem.extend([total, *parts])
        coef.extend([-1.0] + [1.0] * len(parts))
        next_rel += 1
    sums = (np.asarray(rel, dtype=np.int64), np.asarray(mem, dtype=np.int64), np.asarray(coef, dtype=float))
    return Links(equal, sums, mismatches)
