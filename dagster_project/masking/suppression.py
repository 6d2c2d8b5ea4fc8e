"""Primary and secondary suppression of an indicator mart: small counts and the cells that would reveal them.

The mart shape is the contract of docs/model-contracts.md ("Indicator marts"). The function works on the data
alone: it finds every published *sum relation* (categorie siblings and their total, the margins of the filter cube,
vestigingen/gemeenten and their SWV, SWVs and the landelijk row), checks on the true values that the relation
really adds up (a noemer shared by siblings is an *equality*, not a sum), and then masks:

1. primary: every count ``0 < n < threshold`` (zero stays zero);
2. secondary: per relation, as long as an attacker who knows the relation, the published cells and the bounds
   (masked count >= the smallest unit; a primary-masked count < threshold) could pin one masked cell to a single
   value, mask the smallest unmasked non-zero cell of that relation; repeat until stable (deterministic);
3. a rate (``waarde``) on a masked teller or noemer, and ``waarde_gemiddelde_swv`` when one of the SWV values under
   it or the landelijk teller/noemer is masked.

An independent LP audit lives in ``dagster_project.checks.disclosure_audit``.

Over 300 lines on purpose: relation finding, the per-relation rule and the LP repair work on one private array
representation (cells, equality classes, relation members) that would have to become a public interface if split.
Splitting it along that representation is the step to take when the cover-table model replaces relation finding.
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


@dataclass
class SuppressionStats:
    """Counts of one suppression run (cells = non-null teller/noemer values)."""

    cells: int = 0
    primary: int = 0
    secondary: int = 0
    relations: int = 0
    equality_groups: int = 0
    non_additive_groups: int = 0
    iterations: int = 0
    unresolved_relations: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def masked_share(self) -> float:
        return (self.primary + self.secondary) / self.cells if self.cells else 0.0


@dataclass
class SuppressionResult:
    frame: pd.DataFrame
    stats: SuppressionStats


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


def _relations(df: pd.DataFrame, spec: PublishSpec, stats: SuppressionStats):
    """Cells, their classes (equal-valued merged), class values and sum-relation members (rel, class, coef)."""
    n = len(df)
    values = np.column_stack([pd.to_numeric(df[m], errors="coerce").to_numpy(dtype=float) if m in df.columns
                              else np.full(n, np.nan) for m in MEASURES])
    cell_value = values.ravel()  # cell id = row * len(MEASURES) + measure
    n_cells = len(cell_value)
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
    # classes: cells joined by equality relations are one published number
    if eq_edges:
        a = np.concatenate([e[0] for e in eq_edges])
        b = np.concatenate([e[1] for e in eq_edges])
        graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n_cells, n_cells))
        _, cls_of_cell = connected_components(graph, directed=False)
    else:
        cls_of_cell = np.arange(n_cells)
    n_cls = int(cls_of_cell.max()) + 1 if n_cells else 0
    cls_value = np.full(n_cls, np.nan)
    present = ~np.isnan(cell_value)
    cls_value[cls_of_cell[present]] = cell_value[present]
    if sum_members:
        rel = np.concatenate([s[0] for s in sum_members]).astype(np.int64)
        cls = cls_of_cell[np.concatenate([s[1] for s in sum_members]).astype(np.int64)]
        coef = np.concatenate([s[2] for s in sum_members])
        mem = pd.DataFrame({"rel": rel, "cls": cls, "coef": coef}).groupby(["rel", "cls"], as_index=False)["coef"].sum()
        mem = mem[mem["coef"] != 0]
        size = mem.groupby("rel")["cls"].transform("size")
        mem = mem[size >= 2]
        mem["rel"] = pd.factorize(mem["rel"])[0]
        rel, cls, coef = (mem["rel"].to_numpy(np.int64), mem["cls"].to_numpy(np.int64), mem["coef"].to_numpy(float))
    else:
        rel = cls = np.zeros(0, dtype=np.int64)
        coef = np.zeros(0)
    stats.relations = int(rel.max()) + 1 if len(rel) else 0
    return cell_value, cls_of_cell, cls_value, rel, cls, coef


def smallest_unit(values: np.ndarray) -> float:
    """The smallest step a count can take: 1, or 0.5 when VAVO halves occur."""
    v = values[~np.isnan(values)]
    return 1.0 if np.all(np.abs(v - np.round(v)) < TOLERANCE) else 0.5


def exposed_relations(rel: np.ndarray, cls: np.ndarray, coef: np.ndarray, value: np.ndarray, masked: np.ndarray,
                      primary: np.ndarray, threshold: float, step: float) -> np.ndarray:
    """Boolean per relation: one masked cell of it is pinned to a single value by that relation alone.

    The attacker knows the relation (Σ coef·x = 0), every unmasked value and the bounds of a masked cell:
    ``x >= step`` and, for a primary-masked cell, ``x <= threshold - step``.
    """
    n_rel = int(rel.max()) + 1 if len(rel) else 0
    m = masked[cls]
    if not m.any():
        return np.zeros(n_rel, dtype=bool)
    r_ids, c, cf, v = rel[m], cls[m], coef[m], value[cls[m]]
    lo = np.full(len(c), step)
    hi = np.where(primary[c], threshold - step, np.inf)
    cmin = np.where(cf > 0, cf * lo, cf * hi)
    cmax = np.where(cf > 0, cf * hi, cf * lo)
    fin_min, fin_max = np.isfinite(cmin), np.isfinite(cmax)
    s_min = np.bincount(r_ids, weights=np.where(fin_min, cmin, 0.0), minlength=n_rel)
    s_max = np.bincount(r_ids, weights=np.where(fin_max, cmax, 0.0), minlength=n_rel)
    inf_min = np.bincount(r_ids, weights=(~fin_min).astype(float), minlength=n_rel)
    inf_max = np.bincount(r_ids, weights=(~fin_max).astype(float), minlength=n_rel)
    r = np.bincount(r_ids, weights=cf * v, minlength=n_rel)  # = -(known part), what the attacker can compute
    oth_min = np.where(inf_min[r_ids] - (~fin_min) > 0, -np.inf, s_min[r_ids] - np.where(fin_min, cmin, 0.0))
    oth_max = np.where(inf_max[r_ids] - (~fin_max) > 0, np.inf, s_max[r_ids] - np.where(fin_max, cmax, 0.0))
    with np.errstate(invalid="ignore"):
        a = (r[r_ids] - oth_max) / cf
        b = (r[r_ids] - oth_min) / cf
    low = np.maximum(np.minimum(a, b), lo)
    high = np.minimum(np.maximum(a, b), hi)
    pinned = (high - low) < TOLERANCE
    return np.bincount(r_ids, weights=pinned.astype(float), minlength=n_rel) > 0


def _secondary(rel, cls, coef, value, masked, primary, threshold, step, stats: SuppressionStats) -> np.ndarray:
    masked = masked.copy()
    while True:
        exposed = exposed_relations(rel, cls, coef, value, masked, primary, threshold, step)
        if not exposed.any():
            break
        stats.iterations += 1
        cand = exposed[rel] & ~masked[cls] & (value[cls] > 0)
        if not cand.any():
            stats.unresolved_relations = int(exposed.sum())
            stats.notes.append(f"{stats.unresolved_relations} relations exposed with no cell left to mask")
            break
        cr, cc, cv = rel[cand], cls[cand], value[cls[cand]]
        order = np.lexsort((cc, cv, cr))
        first = np.ones(len(order), dtype=bool)
        first[1:] = cr[order][1:] != cr[order][:-1]
        masked[cc[order][first]] = True
    return masked


def _exposed_classes(rel, cls, coef, value, masked, labelled, threshold, step,
                     clean: set[frozenset[int]]) -> list[tuple[list[int], list[int]]]:
    """Per component of masked classes (linked by relations): (classes an attacker pins to one value, all classes).

    Pinned: the interval of a masked class over all relations (with the attacker's bounds) is one point. The
    attacker's upper bound threshold - step applies where the display says '<threshold' (``labelled``). Every
    component is checked by sparse LP (HiGHS), whatever its size; ``clean`` caches components already proven safe.
    All pending components are solved together as one block-diagonal LP (a vertex of the whole is a vertex of each
    block), so thousands of small components cost a few LPs, not thousands.
    """
    m = masked[cls]
    r_ids, c_ids, cf = rel[m], cls[m], coef[m]
    if len(r_ids) == 0:
        return []
    n_rel = int(rel.max()) + 1
    rhs_all = -np.bincount(rel[~m], weights=coef[~m] * value[cls[~m]], minlength=n_rel)
    uniq_c, local_c = np.unique(c_ids, return_inverse=True)
    uniq_r, local_r = np.unique(r_ids, return_inverse=True)
    inc = coo_matrix((np.ones(len(local_r)), (local_r, local_c)), shape=(len(uniq_r), len(uniq_c))).tocsr()
    n_comp, comp = connected_components((inc.T @ inc), directed=False)
    var_order = np.argsort(comp, kind="stable")
    var_starts = np.searchsorted(comp[var_order], np.arange(n_comp + 1))
    keys = [frozenset(uniq_c[var_order[var_starts[k]:var_starts[k + 1]]].tolist()) for k in range(n_comp)]
    pending = np.array([key not in clean for key in keys], dtype=bool)
    if not pending.any():
        return []
    var_keep = pending[comp]
    mem_keep = var_keep[local_c]
    cols = np.flatnonzero(var_keep)
    col_of = np.full(len(uniq_c), -1, dtype=np.int64)
    col_of[cols] = np.arange(len(cols))
    rows_used, row_local = np.unique(local_r[mem_keep], return_inverse=True)
    a_eq = coo_matrix((cf[mem_keep], (row_local, col_of[local_c[mem_keep]])),
                      shape=(len(rows_used), len(cols))).tocsr()
    b_eq = rhs_all[uniq_r[rows_used]]
    classes = uniq_c[cols]
    # an unlabelled cell has no upper bound; a finite cap far above every count keeps each LP bounded (a cell that
    # reaches it is clearly free) and only ever gives the attacker less room, never more
    cap = 2.0 * float(np.nanmax(value)) + 10.0 * threshold
    upper = np.where(labelled[classes], threshold - step, cap)
    pinned = np.zeros(len(cols), dtype=bool)
    pinned[_pinned(a_eq, b_eq, np.full(len(cols), step), upper, value[classes], comp[cols])] = True
    out: list[tuple[list[int], list[int]]] = []
    for k in np.flatnonzero(pending):
        in_k = comp[cols] == k
        if pinned[in_k].any():
            out.append((classes[in_k & pinned].tolist(), classes[in_k].tolist()))
        else:
            clean.add(keys[k])
    return out


def _pinned(a_eq, b_eq, lower: np.ndarray, upper: np.ndarray, truth: np.ndarray, block: np.ndarray,
            seed: int = 0) -> list[int]:
    """Variables that take one value on the whole polytope {A x = b, lower <= x <= upper}.

    ``block`` is the connected component of each variable (no row of A spans two). The true values are one
    feasible point; LPs over all blocks at once with random objectives, then with the sum of the variables still in
    doubt (min and max), give other vertices; a variable seen at two values is free. Only what remains gets its own
    pair of LPs, on its block alone.
    """
    from scipy.optimize import linprog

    n = a_eq.shape[1]
    seen_lo, seen_hi = truth.astype(float).copy(), truth.astype(float).copy()

    def solve(objective: np.ndarray, cols: np.ndarray | None = None) -> None:
        a, b, lo, hi = a_eq, b_eq, lower, upper
        if cols is not None:
            rows = np.flatnonzero(np.asarray(abs(a_eq[:, cols]).sum(axis=1)).ravel() > 0)
            a, b, lo, hi = a_eq[rows][:, cols], b_eq[rows], lower[cols], upper[cols]
        res = linprog(objective, A_eq=a, b_eq=b, bounds=np.column_stack([lo, hi]), method="highs")
        if res.status == 0:
            target = slice(None) if cols is None else cols
            seen_lo[target] = np.minimum(seen_lo[target], res.x)
            seen_hi[target] = np.maximum(seen_hi[target], res.x)

    def doubtful() -> np.ndarray:
        return seen_hi - seen_lo < TOLERANCE

    rng = np.random.default_rng(seed)
    for _ in range(3):
        solve(rng.normal(size=n))
    for _ in range(3):
        doubt = doubtful()
        if not doubt.any():
            return []
        before = int(doubt.sum())
        solve(doubt.astype(float))
        solve(-doubt.astype(float))
        if int(doubtful().sum()) == before:
            break
    for j in np.flatnonzero(doubtful()):
        if seen_hi[j] - seen_lo[j] >= TOLERANCE:
            continue  # freed by an earlier LP of its block
        cols = np.flatnonzero(block == block[j])
        obj = (cols == j).astype(float)
        solve(obj, cols)
        if seen_hi[j] - seen_lo[j] < TOLERANCE:
            solve(-obj, cols)
    return [int(j) for j in np.flatnonzero(doubtful())]


def _protect(rel, cls, coef, value, primary, threshold, step, stats: SuppressionStats, *, lp: bool,
             max_rounds: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """Secondary suppression: the per-relation rule, then LP repair of cells pinned across relations.

    Returns the masked classes and the classes whose display may say '<threshold' (primary, unless that upper
    bound would pin a cell and nothing is left to mask).
    """
    masked = _secondary(rel, cls, coef, value, primary, primary, threshold, step, stats)
    if not lp:
        return masked, primary
    clean: set[frozenset[int]] = set()
    for _ in range(max_rounds):
        pinned = _exposed_classes(rel, cls, coef, value, masked, primary, threshold, step, clean)
        if not pinned:
            return masked, primary
        added = 0
        for group, component in pinned:
            touched: set[int] = set()  # relations that got a new mask this round
            for cell in group:
                cell_rels = np.unique(rel[cls == cell])
                if touched.intersection(cell_rels.tolist()):
                    continue
                # first the relations of the pinned cell, then every relation touching the component
                for rels in (cell_rels, rel[np.isin(cls, component)]):
                    cand = np.isin(rel, rels) & ~masked[cls] & (value[cls] > 0)
                    if cand.any():
                        cc, cv = cls[cand], value[cls[cand]]
                        chosen = cc[np.lexsort((cc, cv))[0]]
                        masked[chosen] = True
                        touched.update(rel[cls == chosen].tolist())
                        added += 1
                        break
        if not added:
            # nothing left to mask: withhold the '<threshold' label (the upper bound) in the stuck components
            stuck = [c for _, component in pinned for c in component if primary[c]]
            clean.clear()  # the bounds changed: components proven safe before are checked again
            if not stuck:
                stats.unresolved_relations += sum(len(g) for g, _ in pinned)
                stats.notes.append(f"{stats.unresolved_relations} masked cells pinned with no cell left to mask")
                return masked, primary
            primary = primary.copy()
            primary[stuck] = False
            stats.notes.append(f"'<threshold' label withheld on {len(stuck)} cells")
        masked = _secondary(rel, cls, coef, value, masked, primary, threshold, step, stats)
        stats.iterations += 1
    stats.notes.append("LP repair stopped after max_rounds")
    return masked, primary


def suppress(mart: pd.DataFrame, *, threshold: int = 5, spec: PublishSpec | None = None,
             lp: bool = True) -> SuppressionResult:
    """The published version of ``mart``: masked numbers set to null, plus ``gemaskeerd`` and ``weergave``.

    The result does not depend on the order of the mart's rows (DuckDB returns them in any order): rows are put in
    key order before the relations are built, so ties in "the smallest cell" always fall the same way; the frame
    comes back in the caller's order.
    """
    df, caller_order = _in_key_order(mart)
    spec = spec or PublishSpec.infer(df.columns)
    stats = SuppressionStats()
    cell_value, cls_of_cell, cls_value, rel, cls, coef = _relations(df, spec, stats)
    step = smallest_unit(cell_value)
    with np.errstate(invalid="ignore"):
        primary = (cls_value > 0) & (cls_value < threshold)
    masked, labelled = _protect(rel, cls, coef, cls_value, primary, float(threshold), step, stats, lp=lp)
    cell_masked = masked[cls_of_cell] & ~np.isnan(cell_value)
    cell_primary = primary[cls_of_cell] & ~np.isnan(cell_value)
    stats.cells = int((~np.isnan(cell_value)).sum())
    stats.primary = int(cell_primary.sum())
    stats.secondary = int((cell_masked & ~cell_primary).sum())

    by_measure = cell_masked.reshape(-1, len(MEASURES))
    prim_measure = (labelled[cls_of_cell] & ~np.isnan(cell_value)).reshape(-1, len(MEASURES))
    teller_m, noemer_m = by_measure[:, 0], by_measure[:, 1]
    waarde_m = (teller_m | noemer_m) & df["waarde"].notna().to_numpy() if "waarde" in df.columns else teller_m
    gem_m = _mask_gemiddelde(df, waarde_m, teller_m | noemer_m)
    for col, mask in (("teller", teller_m), ("noemer", noemer_m), ("waarde", waarde_m), ("waarde_gemiddelde_swv", gem_m)):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64").mask(mask)
    for col in derived_columns(df):
        df[col] = df[col].mask(waarde_m)
    df["gemaskeerd"] = teller_m | noemer_m | waarde_m | gem_m
    is_count = df["noemer"].isna().to_numpy() & ~noemer_m if "noemer" in df.columns else np.ones(len(df), bool)
    df["weergave"] = _weergave(df, teller_m | noemer_m, prim_measure[:, 0] & is_count, threshold, is_count)
    return SuppressionResult(frame=df.iloc[caller_order].reset_index(drop=True), stats=stats)


def _in_key_order(mart: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """``mart`` sorted by all its columns (keys first), and the permutation that gives back the caller's order."""
    df = mart.reset_index(drop=True)
    if df.empty:
        return df.copy(), np.arange(0)
    keys = key_columns(df)
    cols = keys + [c for c in df.columns if c not in keys]
    sortable = pd.DataFrame({c: df[c].astype("string") if df[c].dtype == object else df[c] for c in cols})
    order = sortable.sort_values(cols, kind="mergesort", na_position="first").index.to_numpy()
    return df.iloc[order].reset_index(drop=True).copy(), np.argsort(order)


def _mask_gemiddelde(df: pd.DataFrame, waarde_masked: np.ndarray, row_masked: np.ndarray) -> np.ndarray:
    """Mask the mean of SWV values on a landelijk row when a value under it or the row itself is masked."""
    out = np.zeros(len(df), dtype=bool)
    if "waarde_gemiddelde_swv" not in df.columns or "grain" not in df.columns:
        return out
    grain = df["grain"].astype("object").to_numpy()
    sel = np.flatnonzero((grain == "swv") | (grain == "landelijk"))
    if len(sel) == 0:
        return out
    sub = df.iloc[sel]
    gid = _group_ids(sub, [k for k in key_columns(df) if k not in ("swv_code", "grain", "grain_code")])
    any_masked = np.bincount(gid, weights=waarde_masked[sel].astype(float)) > 0
    is_land = grain[sel] == "landelijk"
    out[sel[is_land]] = any_masked[gid[is_land]] | row_masked[sel[is_land]]
    return out & df["waarde_gemiddelde_swv"].notna().to_numpy()


def _weergave(df: pd.DataFrame, masked: np.ndarray, primary_count: np.ndarray, threshold: int,
              is_count: np.ndarray) -> list[str | None]:
    """Display text of ``waarde``: a number with a decimal comma, ``<5`` or ``gemaskeerd``."""
    waarde = df["waarde"].to_numpy(dtype=float, na_value=np.nan) if "waarde" in df.columns else np.full(len(df), np.nan)
    out: list[str | None] = []
    for w, m, p, c in zip(waarde, masked, primary_count, is_count, strict=True):
        if p:
            out.append(f"<{threshold}")
        elif m:
            out.append("gemaskeerd")
        elif np.isnan(w):
            out.append(None)
        elif c and abs(w - round(w)) < TOLERANCE:
            out.append(f"{round(w):d}")
        else:
            out.append(f"{w:.1f}".replace(".", ","))
    return out
