"""The sum relations of published marts: which cells add up to which, found from the mart shape and checked on the
true values.

The mart shape is the contract of docs/model-contracts.md ("Indicator marts"): categorie siblings and their total,
the filter values and their "all" row, vestigingen / gemeenten / grensverkeer rows and their SWV row, SWVs and the
landelijk row, and across the two populaties of (v)so the same pupils counted twice. Relations across marts (the
same count published twice, a noemer that is the sum of counts of another mart) come from ``masking.cover``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

MEASURES: tuple[str, ...] = ("teller", "noemer")
VALUE_COLUMNS: tuple[str, ...] = ("teller", "noemer", "waarde", "waarde_gemiddelde_swv")
NON_KEY_COLUMNS: frozenset[str] = frozenset({*VALUE_COLUMNS, "grain_naam"})
GRAIN_RELATIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # (part grain, total grain, key columns that differ between parts and total)
    ("swv", "landelijk", ("swv_code", "grain", "grain_code")),
    ("vestiging", "swv", ("grain", "grain_code")),
    ("gemeente", "swv", ("grain", "grain_code")),
    ("swv_ander", "swv", ("grain", "grain_code")),  # grensverkeer rows incl. the own SWV add up to the swv row
)
TOLERANCE = 1e-6



@dataclass(frozen=True)
class PublishSpec:
    """What masking needs to know of a mart: its filter columns, its totaal categorie and whether it adds up.

    Inferred from the column order (docs/model-contracts.md); ``meta`` overrides it for hand-made marts in tests.
    """

    filters: tuple[str, ...] = ()
    categorie_total: str | None = "totaal"
    additive: bool = True

    @classmethod
    def infer(cls, columns: list[str] | pd.Index, meta: dict | None = None) -> PublishSpec:
        """Filters are the columns between ``categorie`` and ``teller`` (contract order) unless meta names them."""
        meta = meta or {}
        cols = list(columns)
        if "filters" in meta and meta["filters"] is not None:
            filters = tuple(meta["filters"])
        elif "categorie" in cols and "teller" in cols:
            filters = tuple(cols[cols.index("categorie") + 1: cols.index("teller")])
        else:
            filters = ()
        return cls(
            filters=filters,
            categorie_total=meta.get("categorie_total", "totaal"),
            additive=bool(meta.get("additive", True)),
        )




def key_columns(df: pd.DataFrame) -> list[str]:
    """Columns that identify a row of a mart: those before ``teller`` (contract order) but the display name.

    Columns after the numbers are derived from ``waarde`` (e.g. boven_sbo_drempel).
    """
    cols = list(df.columns)
    before = cols[: cols.index("teller")] if "teller" in cols else cols
    return [c for c in before if c not in NON_KEY_COLUMNS]


def derived_columns(df: pd.DataFrame) -> list[str]:
    """Columns after the numbers: published only where ``waarde`` is."""
    cols = list(df.columns)
    after = cols[cols.index("teller") + 1:] if "teller" in cols else []
    return [c for c in after if c not in NON_KEY_COLUMNS and c not in ("gemaskeerd", "weergave")]


def _group_ids(df: pd.DataFrame, by: list[str]) -> np.ndarray:
    if not by:
        return np.zeros(len(df), dtype=np.int64)
    keyed = df[by].astype("object").where(df[by].notna(), "\x00null")
    return keyed.groupby(by, dropna=False, sort=False).ngroup().to_numpy(dtype=np.int64)


def _candidate_groups(df: pd.DataFrame, spec: PublishSpec) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    """Per relation family: (name, row index, group id, is_total) of the rows taking part."""
    keys = key_columns(df)
    rows = np.arange(len(df))
    out: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
    if spec.categorie_total is not None and "categorie" in df.columns:
        is_total = (df["categorie"] == spec.categorie_total).fillna(False).to_numpy(dtype=bool)
        if is_total.any():
            out.append(("categorie", rows, _group_ids(df, [k for k in keys if k != "categorie"]), is_total))
    for f in spec.filters:
        if f not in df.columns:
            continue
        is_total = df[f].isna().to_numpy()
        out.append((f"filter:{f}", rows, _group_ids(df, [k for k in keys if k != f]), is_total))
    if "grain" in df.columns:
        grain = df["grain"].astype("object").to_numpy()
        for part, total, differ in GRAIN_RELATIONS:
            sel = np.flatnonzero((grain == part) | (grain == total))
            if len(sel) == 0 or not (grain[sel] == total).any() or not (grain[sel] == part).any():
                continue
            sub = df.iloc[sel]
            out.append((f"grain:{part}->{total}", sel, _group_ids(sub, [k for k in keys if k not in differ]),
                        grain[sel] == total))
        out.extend(_population_groups(df, keys, grain))
    return out


def _population_groups(df: pd.DataFrame, keys: list[str], grain: np.ndarray):
    """Relations across the two populaties of (v)so, which count the same pupils twice.

    At one vestiging the bekostigd rows (one per funding SWV) add up to the binnen_regio row; and SWV A's
    grensverkeer (swv_ander) row for partner B under bekostigd is B's row for partner A under binnen_regio.
    """
    if "populatie" not in df.columns:
        return []
    pop = df["populatie"].astype("object").to_numpy()
    both = (pop == "bekostigd") | (pop == "binnen_regio")
    out = []
    sel = np.flatnonzero((grain == "vestiging") & both)
    if len(sel):
        out.append(("populatie:vestiging", sel,
                    _group_ids(df.iloc[sel], [k for k in keys if k not in ("populatie", "swv_code")]),
                    pop[sel] == "binnen_regio"))
    sel = np.flatnonzero((grain == "swv_ander") & both)
    if len(sel):
        flipped = df.iloc[sel].copy()
        regio = pop[sel] == "binnen_regio"
        flipped.loc[regio, ["swv_code", "grain_code"]] = flipped.loc[regio, ["grain_code", "swv_code"]].to_numpy()
        out.append(("populatie:swv_ander", sel, _group_ids(flipped, [k for k in keys if k != "populatie"]), regio))
    return out


@dataclass
class SuppressionStats:
    """Counts of one suppression run (cells = non-null teller/noemer values)."""

    cells: int = 0
    primary: int = 0
    secondary: int = 0
    relations: int = 0
    cross_mart_links: int = 0
    equality_groups: int = 0
    non_additive_groups: int = 0
    iterations: int = 0
    unresolved_relations: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def masked_share(self) -> float:
        return (self.primary + self.secondary) / self.cells if self.cells else 0.0


@dataclass
class CellRelations:
    """The cells of one mart (or of several, concatenated) and what binds them, in cell space.

    A cell is one teller or noemer value: cell id = row * len(MEASURES) + measure. ``equal`` holds pairs of cells
    that are the same published number; ``members`` holds (relation, cell, coef) of the sum relations
    Σ coef · x = 0; ``tier`` is what hiding the cell costs in kind (see ``cell_tiers``).
    """

    value: np.ndarray
    equal: tuple[np.ndarray, np.ndarray]
    members: tuple[np.ndarray, np.ndarray, np.ndarray]
    tier: np.ndarray

    @property
    def n_relations(self) -> int:
        return int(self.members[0].max()) + 1 if len(self.members[0]) else 0

    @classmethod
    def concat(cls, parts: list[CellRelations]) -> tuple[CellRelations, np.ndarray]:
        """One system of several marts: cell and relation ids shifted; returns the first cell id of each part."""
        offsets = np.cumsum([0] + [len(p.value) for p in parts])[:-1].astype(np.int64)
        rel_offsets = np.cumsum([0] + [p.n_relations for p in parts])[:-1].astype(np.int64)

        def cat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype=dtype)

        return cls(
            cat([p.value for p in parts], float),
            (cat([p.equal[0] + o for p, o in zip(parts, offsets, strict=True)], np.int64),
             cat([p.equal[1] + o for p, o in zip(parts, offsets, strict=True)], np.int64)),
            (cat([p.members[0] + r for p, r in zip(parts, rel_offsets, strict=True)], np.int64),
             cat([p.members[1] + o for p, o in zip(parts, offsets, strict=True)], np.int64),
             cat([p.members[2] for p in parts], float)),
            cat([p.tier for p in parts], np.int8),
        ), offsets

    def extended(self, equal: tuple[np.ndarray, np.ndarray],
                 sums: tuple[np.ndarray, np.ndarray, np.ndarray]) -> CellRelations:
        """This system plus more equal cell pairs and more sum relations (relation 0.., cell, coef)."""
        rel = np.asarray(sums[0], dtype=np.int64) + self.n_relations
        return CellRelations(
            self.value,
            (np.concatenate([self.equal[0], np.asarray(equal[0], dtype=np.int64)]),
             np.concatenate([self.equal[1], np.asarray(equal[1], dtype=np.int64)])),
            (np.concatenate([self.members[0], rel]),
             np.concatenate([self.members[1], np.asarray(sums[1], dtype=np.int64)]),
             np.concatenate([self.members[2], np.asarray(sums[2], dtype=float)])),
            self.tier,
        )


@dataclass
class ClassSystem:
    """``CellRelations`` closed over equality: cells that are one number form a class; relations are over classes."""

    cls_of_cell: np.ndarray
    cls_value: np.ndarray
    cls_tier: np.ndarray
    rel: np.ndarray
    cls: np.ndarray
    coef: np.ndarray


def cell_tiers(df: pd.DataFrame, spec: PublishSpec) -> np.ndarray:
    """What hiding a cell costs in kind, per cell: 0 for the cells of a detail grain (vestiging, gemeente,
    grensverkeer), 2 for a swv row, 4 for the landelijk row; +1 when the row is a headline (no filter set).

    Secondary suppression hides the cheapest tier first, and within a tier the smallest value: a vestiging sibling
    before the SWV total it adds up to, a filter cell before the row without filters.
    """
    n = len(df)
    grain = df["grain"].astype("object").to_numpy() if "grain" in df.columns else np.full(n, "swv", dtype=object)
    tier = np.where(grain == "landelijk", 4, np.where(grain == "swv", 2, 0)).astype(np.int8)
    filters = [f for f in spec.filters if f in df.columns]
    headline = df[filters].isna().all(axis=1).to_numpy() if filters else np.ones(n, dtype=bool)
    tier = tier + headline.astype(np.int8)
    return np.repeat(tier, len(MEASURES))


def mart_relations(df: pd.DataFrame, spec: PublishSpec, stats: SuppressionStats) -> CellRelations:
    """The cells of one mart and its relations, each checked on the true values: a sum relation is kept where the
    parts add up to the total; where every part equals the total it is an equality (a shared noemer)."""
    n = len(df)
    values = np.column_stack([pd.to_numeric(df[m], errors="coerce").to_numpy(dtype=float) if m in df.columns
                              else np.full(n, np.nan) for m in MEASURES])
    cell_value = values.ravel()  # cell id = row * len(MEASURES) + measure
    eq_edges: list[tuple[np.ndarray, np.ndarray]] = []
    sum_members: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    next_rel = 0
    for _name, rows, gid, is_total in _candidate_groups(df, spec):
        for m in range(len(MEASURES)):
            cells = rows * len(MEASURES) + m
            v = cell_value[cells]
            frame = pd.DataFrame({"g": gid, "t": is_total, "v": v, "c": cells})
            frame = frame[frame["v"].notna()]
            if frame.empty:
                continue
            tot = frame[frame["t"]]
            parts = frame[~frame["t"]]
            tot_count = tot.groupby("g").size()
            good_total = tot_count[tot_count == 1].index
            tot = tot[tot["g"].isin(good_total)].set_index("g")
            agg = parts.groupby("g")["v"].agg(["sum", "min", "max", "size"])
            agg = agg.join(tot[["v", "c"]], how="inner")
            if agg.empty:
                continue
            scale = np.maximum(1.0, np.abs(agg["v"].to_numpy()))
            additive = np.abs(agg["sum"].to_numpy() - agg["v"].to_numpy()) <= TOLERANCE * scale
            equal = ((np.abs(agg["min"].to_numpy() - agg["v"].to_numpy()) <= TOLERANCE * scale)
                     & (np.abs(agg["max"].to_numpy() - agg["v"].to_numpy()) <= TOLERANCE * scale))
            single = agg["size"].to_numpy() == 1
            eq_groups = agg.index[equal & (~additive | single)]
            sum_groups = agg.index[additive & ~single & spec.additive]
            stats.equality_groups += len(eq_groups)
            stats.non_additive_groups += int((~additive & ~equal).sum())
            if len(eq_groups):
                p = parts[parts["g"].isin(eq_groups)]
                eq_edges.append((p["c"].to_numpy(), tot.loc[p["g"].to_numpy(), "c"].to_numpy()))
            if len(sum_groups):
                p = parts[parts["g"].isin(sum_groups)]
                t = tot.loc[sum_groups]
                rel_of = pd.Series(np.arange(next_rel, next_rel + len(sum_groups)), index=sum_groups)
                sum_members.append((rel_of.loc[p["g"].to_numpy()].to_numpy(), p["c"].to_numpy(),
                                    np.ones(len(p))))
                sum_members.append((rel_of.loc[t.index].to_numpy(), t["c"].to_numpy(), -np.ones(len(t))))
                next_rel += len(sum_groups)
    empty = np.zeros(0, dtype=np.int64)
    equal_pairs = (np.concatenate([e[0] for e in eq_edges]).astype(np.int64) if eq_edges else empty,
                   np.concatenate([e[1] for e in eq_edges]).astype(np.int64) if eq_edges else empty)
    members = ((np.concatenate([s[0] for s in sum_members]).astype(np.int64),
                np.concatenate([s[1] for s in sum_members]).astype(np.int64),
                np.concatenate([s[2] for s in sum_members]).astype(float)) if sum_members
               else (empty, empty, np.zeros(0)))
    return CellRelations(cell_value, equal_pairs, members, cell_tiers(df, spec))


def close_classes(cells: CellRelations, stats: SuppressionStats) -> ClassSystem:
    """Merge the cells joined by equalities into classes (one published number) and express the sum relations over
    classes: members of one class in one relation are summed, relations with fewer than two classes dropped."""
    n_cells = len(cells.value)
    a, b = cells.equal
    if len(a):
        graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n_cells, n_cells))
        _, cls_of_cell = connected_components(graph, directed=False)
    else:
        cls_of_cell = np.arange(n_cells)
    n_cls = int(cls_of_cell.max()) + 1 if n_cells else 0
    cls_value = np.full(n_cls, np.nan)
    present = ~np.isnan(cells.value)
    cls_value[cls_of_cell[present]] = cells.value[present]
    cls_tier = np.zeros(n_cls, dtype=np.int8)
    np.maximum.at(cls_tier, cls_of_cell[present], cells.tier[present])
    rel, cell, coef = cells.members
    if len(rel):
        mem = pd.DataFrame({"rel": rel, "cls": cls_of_cell[cell], "coef": coef})
        mem = mem.groupby(["rel", "cls"], as_index=False)["coef"].sum()
        mem = mem[mem["coef"].abs() > TOLERANCE]
        size = mem.groupby("rel")["cls"].transform("size")
        mem = mem[size >= 2]
        mem["rel"] = pd.factorize(mem["rel"])[0]
        rel, cls, coef = (mem["rel"].to_numpy(np.int64), mem["cls"].to_numpy(np.int64), mem["coef"].to_numpy(float))
    else:
        rel = cls = np.zeros(0, dtype=np.int64)
        coef = np.zeros(0)
    stats.relations = int(rel.max()) + 1 if len(rel) else 0
    return ClassSystem(cls_of_cell, cls_value, cls_tier, rel, cls, coef)
