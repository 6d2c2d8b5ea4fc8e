"""Secondary suppression over a system of sum relations: the per-relation rule and the LP repair.

1. primary cells (counts 0 < n < threshold) are given;
2. per relation, as long as an attacker who knows the relation, the published cells and the bounds (masked count
   >= the smallest unit; a cell labelled '<threshold' <= threshold - unit) could pin one masked cell to a single
   value, hide the cheapest other cell of that relation; repeat until stable (deterministic);
3. LP repair: per connected component of masked cells (sparse LP, HiGHS, any size) find the cells
   pinned by several relations together and hide one more cell next to each; repeat.

"Cheapest" is by tier first (``relations.cell_tiers``: a detail cell before a swv row before the landelijk row, a
filter cell before the headline row), then by value. An independent LP audit lives in
``dagster_project.checks.disclosure_audit``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from dagster_project.masking.relations import TOLERANCE, ClassSystem, SuppressionStats


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


def _secondary(rel, cls, coef, value, tier, masked, primary, threshold, step, stats: SuppressionStats) -> np.ndarray:
    """The per-relation rule: while a relation pins one of its masked cells by itself, hide its cheapest other cell
    (lowest tier, then the cell that closes most exposed relations at once, then smallest value, then class id:
    deterministic)."""
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
        cr, cc = rel[cand], cls[cand]
        # a cell in several exposed relations closes them all at once: within a tier, prefer it
        closes = np.bincount(cc, minlength=len(value))
        order = np.lexsort((cc, value[cc], -closes[cc], tier[cc], cr))
        first = np.ones(len(order), dtype=bool)
        first[1:] = cr[order][1:] != cr[order][:-1]
        masked[cc[order][first]] = True
    return masked


@dataclass(frozen=True)
class PinnedGroup:
    """One component of masked classes with cells an attacker pins: those cells, all classes of the component, and
    per pinned cell the relations (ids) and weights whose combination isolates it (``_pinned``'s certificate)."""

    cells: list[int]
    component: list[int]
    certificates: dict[int, tuple[np.ndarray, np.ndarray]]


def _exposed_classes(rel, cls, coef, value, masked, labelled, threshold, step,
                     clean: set[frozenset[int]]) -> list[PinnedGroup]:
    """Per component of masked classes (linked by relations) where an attacker pins classes to one value: a
    ``PinnedGroup``.

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
    found, certificates = _pinned(a_eq, b_eq, np.full(len(cols), step), upper, value[classes], comp[cols])
    pinned[found] = True
    relation_of_row = uniq_r[rows_used]
    out: list[PinnedGroup] = []
    for k in np.flatnonzero(pending):
        in_k = comp[cols] == k
        if pinned[in_k].any():
            group = np.flatnonzero(in_k & pinned)
            out.append(PinnedGroup(
                cells=classes[group].tolist(), component=classes[in_k].tolist(),
                certificates={int(classes[j]): (relation_of_row[certificates[j][0]], certificates[j][1])
                              for j in group.tolist() if j in certificates}))
        else:
            clean.add(keys[k])
    return out


class _Polytope:
    """{A x = b, lower <= x <= upper} loaded once into HiGHS; each ``minimize`` changes only the objective, so the
    solver starts from the previous optimal basis (a few pivots instead of a solve from scratch)."""

    def __init__(self, a_eq, b_eq: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        import highspy

        self._highspy = highspy
        csc = a_eq.tocsc()
        self.n = csc.shape[1]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n, csc.shape[0]
        lp.col_cost_ = np.zeros(self.n)
        lp.col_lower_ = np.asarray(lower, dtype=np.float64)
        lp.col_upper_ = np.asarray(upper, dtype=np.float64)
        lp.row_lower_ = np.asarray(b_eq, dtype=np.float64)
        lp.row_upper_ = np.asarray(b_eq, dtype=np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
        lp.a_matrix_.index_ = csc.indices.astype(np.int32)
        lp.a_matrix_.value_ = csc.data.astype(np.float64)
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.passModel(lp)
        self._all = np.arange(self.n, dtype=np.int32)

    def minimize(self, objective: np.ndarray) -> np.ndarray | None:
        self.highs.changeColsCost(self.n, self._all, np.asarray(objective, dtype=np.float64))
        self.highs.run()
        if self.highs.getModelStatus() != self._highspy.HighsModelStatus.kOptimal:
            return None
        return np.asarray(self.highs.getSolution().col_value, dtype=float)

    def row_duals(self) -> np.ndarray:
        """The row duals of the last optimal ``minimize`` (one multiplier per row of A)."""
        return np.asarray(self.highs.getSolution().row_dual, dtype=float)


def _pinned(a_eq, b_eq, lower: np.ndarray, upper: np.ndarray, truth: np.ndarray, block: np.ndarray,
            seed: int = 0) -> tuple[list[int], dict[int, tuple[np.ndarray, np.ndarray]]]:
    """Variables that take one value on the whole polytope {A x = b, lower <= x <= upper}, with a certificate each.

    ``block`` is the connected component of each variable (no row of A spans two). The true values are one
    feasible point; LPs over all blocks at once (one HiGHS model, warm-started from objective to objective) with
    random objectives, then with the sum of the variables still in doubt (min and max), then with random signs on
    them, give other vertices; a variable seen at two values is free. What remains gets its own min and max, one
    variable per block in each LP (the blocks are independent, so each block's part is its own optimum).

    The certificate of a pinned variable j is the row duals y of its own block in the LP that minimised it:
    y'A = e_j up to terms of bounds that are tight, so combining the rows with weights y isolates x_j. Returned as
    (row indices, weights), rows with a zero weight left out. A cell added to those rows breaks this combination
    exactly when its column c has y'c != 0 (``protect`` chooses the next cell to hide that way).
    """
    n = a_eq.shape[1]
    seen_lo, seen_hi = truth.astype(float).copy(), truth.astype(float).copy()
    model = _Polytope(a_eq, b_eq, lower, upper)
    certificates: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def solve(objective: np.ndarray) -> bool:
        x = model.minimize(objective)
        if x is not None:
            np.minimum(seen_lo, x, out=seen_lo)
            np.maximum(seen_hi, x, out=seen_hi)
        return x is not None

    def doubtful() -> np.ndarray:
        return seen_hi - seen_lo < TOLERANCE

    rng = np.random.default_rng(seed)
    for _ in range(3):
        solve(rng.normal(size=n))
    for _ in range(3):
        doubt = doubtful()
        if not doubt.any():
            return [], certificates
        before = int(doubt.sum())
        solve(doubt.astype(float))
        solve(-doubt.astype(float))
        if int(doubtful().sum()) == before:
            break
    for _ in range(6):
        doubt = doubtful()
        if not doubt.any():
            return [], certificates
        before = int(doubt.sum())
        solve(np.where(doubt, rng.choice([-1.0, 1.0], size=n), 0.0))
        if int(doubtful().sum()) == before:
            break
    csr = a_eq.tocsr()
    row_block = block[csr.indices[csr.indptr[:-1]]]  # every row holds at least one variable
    row_order = np.argsort(row_block, kind="stable")  # the rows of block b: row_order[row_starts[b]:row_starts[b+1]]
    row_starts = np.searchsorted(row_block[row_order], np.arange(int(block.max()) + 2))
    checked = np.zeros(n, dtype=bool)
    while True:
        todo = np.flatnonzero(doubtful() & ~checked)
        if not len(todo):
            break
        _, first = np.unique(block[todo], return_index=True)
        pick = todo[first]
        checked[pick] = True
        obj = np.zeros(n)
        obj[pick] = 1.0
        duals = model.row_duals() if solve(obj) else None
        still = pick[doubtful()[pick]]
        if len(still):
            if duals is not None:
                for j in still.tolist():
                    rows = np.sort(row_order[row_starts[block[j]]:row_starts[block[j] + 1]])
                    rows = rows[np.abs(duals[rows]) > TOLERANCE]
                    certificates[j] = (rows, duals[rows])
            obj = np.zeros(n)
            obj[still] = -1.0
            solve(obj)
    pinned = [int(j) for j in np.flatnonzero(doubtful())]
    return pinned, {j: certificates[j] for j in pinned if j in certificates}


def protect(system: ClassSystem, primary: np.ndarray, threshold: float, step: float, stats: SuppressionStats, *,
            lp: bool = True, max_rounds: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """Secondary suppression: the per-relation rule, then LP repair of cells pinned across relations.

    Returns the masked classes and the classes whose display may say '<threshold' (primary, unless that upper
    bound would pin a cell and nothing is left to mask). A repair round hides, for every pinned cell, the cheapest
    unmasked cell that breaks the combination of relations pinning it (its certificate, see ``_pinned``), else the
    cheapest of its own relations, else of any relation touching its component; one per relation per round.
    Without the certificate the cheapest cell of a relation is often one the same combination cancels out (it
    sits in two of its relations with opposite signs), and the cell stays pinned round after round.
    """
    rel, cls, coef, value, tier = system.rel, system.cls, system.coef, system.cls_value, system.cls_tier
    masked = _secondary(rel, cls, coef, value, tier, primary, primary, threshold, step, stats)
    if not lp or not len(rel):
        return masked, primary
    n_rel, n_cls = int(rel.max()) + 1, len(value)
    incidence = coo_matrix((np.ones(len(rel)), (cls, rel)), shape=(n_cls, n_rel)).tocsr()  # class -> relations
    members = incidence.T.tocsr()  # relation -> classes
    weights = coo_matrix((coef, (rel, cls)), shape=(n_rel, n_cls)).tocsr()  # relation -> classes, coefficients
    clean: set[frozenset[int]] = set()

    def relations_of(cells) -> np.ndarray:
        return np.unique(np.concatenate([incidence.indices[incidence.indptr[c]:incidence.indptr[c + 1]]
                                         for c in cells]))

    def cells_of(rels: np.ndarray) -> np.ndarray:
        return np.unique(np.concatenate([members.indices[members.indptr[r]:members.indptr[r + 1]] for r in rels]))

    def breaking(certificate: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Cells whose column c has y'c != 0: hiding one of them breaks the combination that pins the cell."""
        rels, y = certificate
        return np.flatnonzero(np.abs(weights[rels].T @ y) > TOLERANCE)

    def candidate_sets(found: PinnedGroup, cell: int, cell_rels: np.ndarray) -> Iterator[np.ndarray]:
        """Where to look for the cell to hide next, best first (computed only as far as needed)."""
        if cell in found.certificates:
            yield breaking(found.certificates[cell])
        yield cells_of(cell_rels)
        yield cells_of(relations_of(found.component))

    for _ in range(max_rounds):
        pinned = _exposed_classes(rel, cls, coef, value, masked, primary, threshold, step, clean)
        if not pinned:
            return masked, primary
        added = 0
        touched = np.zeros(n_rel, dtype=bool)  # relations that got a new mask this round
        for found in pinned:
            for cell in found.cells:
                cell_rels = incidence.indices[incidence.indptr[cell]:incidence.indptr[cell + 1]]
                if touched[cell_rels].any():
                    continue
                for cand in candidate_sets(found, cell, cell_rels):
                    cand = cand[~masked[cand] & (value[cand] > 0)]
                    if len(cand):
                        chosen = cand[np.lexsort((cand, value[cand], tier[cand]))[0]]
                        masked[chosen] = True
                        touched[relations_of([chosen])] = True
                        added += 1
                        break
        if not added:
            # nothing left to mask: withhold the '<threshold' label (the upper bound) in the stuck components
            stuck = [c for found in pinned for c in found.component if primary[c]]
            clean.clear()  # the bounds changed: components proven safe before are checked again
            if not stuck:
                stats.unresolved_relations += sum(len(found.cells) for found in pinned)
                stats.notes.append(f"{stats.unresolved_relations} masked cells pinned with no cell left to mask")
                return masked, primary
            primary = primary.copy()
            primary[stuck] = False
            stats.notes.append(f"'<threshold' label withheld on {len(stuck)} cells")
        masked = _secondary(rel, cls, coef, value, tier, masked, primary, threshold, step, stats)
        stats.iterations += 1
    stats.notes.append("LP repair stopped after max_rounds")
    return masked, primary
