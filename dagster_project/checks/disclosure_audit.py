"""Independent audit of a published mart: can any masked cell be recomputed exactly from what is published?

Written apart from ``masking.suppression`` on purpose (its own relation finding, no shared helpers): it rebuilds
every sum relation from the *unmasked* mart, keeps the relations that really add up, and then asks two questions:

1. does a relation hold exactly one masked cell (recoverable by subtraction)?
2. linear programming (scipy ``linprog``, HiGHS on sparse matrices, per connected component of masked cells, any
   size): with every published value, every relation and the attacker's bounds (masked count >= smallest unit; a
   cell shown as ``<5`` is < threshold), is the interval of a masked cell a single point? It also counts (without
   failing) the primary cells whose interval ends below threshold - unit, i.e. narrower than their label says.

Relations: categorie siblings and their total, filter values and their "all" row, vestiging / gemeente / swv_ander
rows and their SWV row, SWV rows and the landelijk row, and across the two populaties of (v)so: at one vestiging
the bekostigd rows (one per funding SWV) add up to the binnen_regio row, and SWV A's grensverkeer row for partner B
under bekostigd is B's row for partner A under binnen_regio (the same pupils seen from both sides).

Across marts (``audit_linked``, which ``audit_warehouse`` runs over every pub_ mart at once): the cells the cover
declares to count one set of pupils (``masking.cover.signatures``) are one number to an attacker, and a cell whose
set is a union of onderwijstypes is the sum of the cells of its parts (a part no mart lists is a known zero). The
audit builds these constraints itself from the declared signatures, checked on the true values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dagster_project.duckdb_connect import connect
from dagster_project.masking.partitions import part_filter, part_sources, rows_for

NUMBERS = ("teller", "noemer")
NOT_KEYS = {"teller", "noemer", "waarde", "waarde_gemiddelde_swv", "grain_naam", "gemaskeerd", "weergave"}
EPS = 1e-6


@dataclass
class AuditReport:
    """What the audit found for one mart; ``ok`` when nothing can be recovered."""

    model: str
    cells: int = 0
    masked: int = 0
    relations: int = 0
    primary_leaks: list[dict] = field(default_factory=list)  # published counts in 1..threshold-1
    single_masked: list[dict] = field(default_factory=list)  # relations with exactly one masked cell
    pinned: list[dict] = field(default_factory=list)  # masked cells whose LP interval is one point
    # primary cells whose interval ends below threshold - unit, at most (seen on shared LP vertices): reported, not
    # blocking (within a table of small counts the parts of a '<5' total are < 4 by arithmetic alone)
    narrowed: list[dict] = field(default_factory=list)
    unmatched_rows: int = 0

    @property
    def ok(self) -> bool:
        return not (self.primary_leaks or self.single_masked or self.pinned or self.unmatched_rows)

    @property
    def masked_share(self) -> float:
        return self.masked / self.cells if self.cells else 0.0


def _row_key(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """``value|value|...`` of the key columns per row (null as ``<null>``), built column by column."""
    if not keys:
        return pd.Series([""] * len(df), index=df.index, dtype=object)
    parts = [df[k].astype("object").where(df[k].notna(), "<null>").astype(str).to_numpy(dtype=object) for k in keys]
    joined = parts[0]
    for p in parts[1:]:
        joined = joined + "|" + p
    return pd.Series(joined, index=df.index, dtype=object)


def _keys(df: pd.DataFrame) -> list[str]:
    """Row identity: the columns before ``teller`` but the display name (derived flags come after the numbers)."""
    cols = [c for c in df.columns if not c.startswith(("_", "pub_"))]
    return [c for c in cols[: cols.index("teller")] if c not in NOT_KEYS]


def _align(mart: pd.DataFrame, pub: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    keys = _keys(mart)
    m = mart.assign(_k=_row_key(mart, keys)).reset_index(drop=True)
    p = pub.assign(_k=_row_key(pub, keys))[["_k", "teller", "noemer", "weergave"]]
    p = p.rename(columns={"teller": "pub_teller", "noemer": "pub_noemer"})
    joined = m.merge(p, on="_k", how="left", validate="one_to_one", indicator=True)
    unmatched = int((joined["_merge"] != "both").sum()) + abs(len(pub) - len(mart))
    return joined.drop(columns="_merge"), unmatched


def _relation_groups(df: pd.DataFrame, filters: list[str], categorie_total: str | None):
    """Yield (total row index, [part row indices]) for every candidate sum relation of the mart."""
    keys = _keys(df)

    def grouped(sub: pd.DataFrame, drop: tuple[str, ...], is_total):
        by = [k for k in keys if k not in drop]
        kk = _row_key(sub, by)
        buckets: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for idx, k, t in zip(sub.index, kk, is_total(sub), strict=True):
            buckets[k][0 if t else 1].append(idx)
        for totals, parts in buckets.values():
            if len(totals) == 1 and parts:
                yield totals[0], parts

    if categorie_total is not None and "categorie" in df.columns:
        yield from grouped(df, ("categorie",), lambda s: (s["categorie"] == categorie_total).to_numpy())
    for f in filters:
        yield from grouped(df, (f,), lambda s, f=f: s[f].isna().to_numpy())
    for part, total, drop in (("swv", "landelijk", ("swv_code", "grain", "grain_code")),
                              ("vestiging", "swv", ("grain", "grain_code")),
                              ("gemeente", "swv", ("grain", "grain_code")),
                              ("swv_ander", "swv", ("grain", "grain_code"))):
        sub = df[df["grain"].isin([part, total])]
        if sub.empty:
            continue
        yield from grouped(sub, drop, lambda s, total=total: (s["grain"] == total).to_numpy())
    if "populatie" not in df.columns:
        return
    # the same (v)so pupils at one vestiging: Σ bekostigd rows (per funding SWV) = the binnen_regio row
    sub = df[(df["grain"] == "vestiging") & df["populatie"].isin(["bekostigd", "binnen_regio"])]
    if not sub.empty:
        yield from grouped(sub, ("populatie", "swv_code"), lambda s: (s["populatie"] == "binnen_regio").to_numpy())
    # grensverkeer from both sides: A's bekostigd row for partner B = B's binnen_regio row for partner A
    sub = df[(df["grain"] == "swv_ander") & df["populatie"].isin(["bekostigd", "binnen_regio"])]
    if not sub.empty:
        flipped = sub.copy()
        regio = flipped["populatie"] == "binnen_regio"
        flipped.loc[regio, ["swv_code", "grain_code"]] = flipped.loc[regio, ["grain_code", "swv_code"]].to_numpy()
        yield from grouped(flipped, ("populatie",), lambda s: (s["populatie"] == "binnen_regio").to_numpy())


Cell = tuple[str, int, str]  # (mart, row of the aligned frame, measure)


@dataclass
class _Mart:
    """One mart aligned with its published rows: true and shown values per measure, and which cells are masked."""

    name: str
    df: pd.DataFrame
    true: dict[str, np.ndarray]
    masked: dict[str, np.ndarray]
    report: AuditReport


def _prepare(name: str, mart: pd.DataFrame, pub: pd.DataFrame, threshold: int) -> _Mart:
    report = AuditReport(model=name)
    df, report.unmatched_rows = _align(mart, pub)
    true = {m: pd.to_numeric(df[m], errors="coerce").to_numpy(float) for m in NUMBERS}
    shown = {m: pd.to_numeric(df[f"pub_{m}"], errors="coerce").to_numpy(float) for m in NUMBERS}
    masked = {m: ~np.isnan(true[m]) & np.isnan(shown[m]) for m in NUMBERS}
    report.cells = int(sum((~np.isnan(true[m])).sum() for m in NUMBERS))
    report.masked = int(sum(masked[m].sum() for m in NUMBERS))
    for m in NUMBERS:
        leak = (shown[m] > 0) & (shown[m] < threshold)
        for i in np.flatnonzero(leak)[:20]:
            report.primary_leaks.append({"row": df.loc[i, "_k"], "measure": m, "value": float(shown[m][i])})
    return _Mart(name, df, true, masked, report)


def audit_published(mart: pd.DataFrame, pub: pd.DataFrame, *, model: str = "", threshold: int = 5,
                    filters: list[str] | None = None, categorie_total: str | None = "totaal",
                    lp: bool = True) -> AuditReport:
    """Audit ``pub`` (the published rows) against ``mart`` (the same rows unmasked), one mart alone."""
    return audit_linked({model: (mart, pub)}, threshold=threshold, filters={model: filters},
                        categorie_total=categorie_total, lp=lp, cover=False)[0]


def audit_linked(marts: dict[str, tuple[pd.DataFrame, pd.DataFrame]], *, threshold: int = 5,
                 filters: dict[str, list[str] | None] | None = None, categorie_total: str | None = "totaal",
                 lp: bool = True, cover: bool = True, step: float | None = None) -> list[AuditReport]:
    """Audit several published marts together (name -> (mart, pub)): one report per mart.

    The relations of each mart, plus (``cover``) the links between marts that the declared cover gives, form one
    system; a cell pinned by relations of two marts is reported in the mart it belongs to. ``step``: the attacker's
    smallest unit of a count (0.5 where VAVO halves occur, else 1), taken from these marts unless given.
    """
    prepared = [_prepare(name, mart, pub, threshold) for name, (mart, pub) in marts.items()]
    by_name = {p.name: p for p in prepared}
    if step is None:
        all_true = np.concatenate([p.true[m][~np.isnan(p.true[m])] for p in prepared for m in NUMBERS]
                                  or [np.zeros(0)])
        step = 1.0 if np.all(np.abs(all_true - np.round(all_true)) < EPS) else 0.5
    constraints: list[tuple[dict[Cell, float], float]] = []  # (coef per masked cell, rhs)

    def add(p_report: AuditReport, cells: list[Cell], coefs: list[float]) -> None:
        lhs: dict[Cell, float] = defaultdict(float)
        rhs = 0.0
        for cell, c in zip(cells, coefs, strict=True):
            name, i, m = cell
            if by_name[name].masked[m][i]:
                lhs[cell] += c
            else:
                rhs -= c * by_name[name].true[m][i]
        lhs = {k: v for k, v in lhs.items() if abs(v) > EPS}
        if lhs:
            constraints.append((lhs, rhs))
        p_report.relations += 1
        if len(lhs) == 1:
            (cell,) = lhs
            by_name[cell[0]].report.single_masked.append(
                {"row": by_name[cell[0]].df.loc[cell[1], "_k"], "measure": cell[2]})

    for p in prepared:
        cols = list(p.df.columns)
        f = (filters or {}).get(p.name)
        if f is None:
            f = cols[cols.index("categorie") + 1: cols.index("teller")] if "categorie" in cols else []
            f = [c for c in f if c in marts[p.name][0].columns]
        for total, parts in _relation_groups(p.df, f, categorie_total):
            for m in NUMBERS:
                t = p.true[m][total]
                v = p.true[m][parts]
                if np.isnan(t) or np.isnan(v).any():
                    continue
                if abs(t - v.sum()) <= EPS * max(1.0, abs(t)) and len(parts) > 1:
                    add(p.report, [(p.name, total, m)] + [(p.name, i, m) for i in parts],
                        [-1.0] + [1.0] * len(parts))
                elif np.all(np.abs(v - t) <= EPS * max(1.0, abs(t))):
                    for i in parts:  # an equal value shown elsewhere: each pair is its own relation
                        add(p.report, [(p.name, total, m), (p.name, i, m)], [-1.0, 1.0])
    if cover and len(prepared) > 1:
        for cells, coefs in _cover_constraints(prepared):
            add(by_name[cells[0][0]].report, cells, coefs)

    if lp and constraints:
        pinned, narrowed = _lp_intervals(by_name, constraints, threshold, step)
        for cell in pinned:
            by_name[cell.pop("mart")].report.pinned.append(cell)
        for cell in narrowed:
            by_name[cell.pop("mart")].report.narrowed.append(cell)
    return [p.report for p in prepared]


def _cover_constraints(prepared: list[_Mart]) -> list[tuple[list[Cell], list[float]]]:
    """Equalities and union sums between marts from the declared signatures, where they hold on the true values."""
    from dagster_project.masking.cover import signatures

    rows = []
    for p in prepared:
        mart_cols = [c for c in p.df.columns if c not in ("_k", "pub_teller", "pub_noemer", "weergave")]
        sig = signatures(p.name, p.df[mart_cols], NUMBERS)
        for cell, signature in zip(sig["cell"], sig["signature"], strict=True):
            i, m = divmod(int(cell), len(NUMBERS))
            rows.append((signature, (p.name, i, NUMBERS[m]), p.true[NUMBERS[m]][i]))
    by_sig: dict[str, list[tuple[Cell, float]]] = defaultdict(list)
    for signature, cell, value in rows:
        by_sig[signature].append((cell, value))
    out: list[tuple[list[Cell], list[float]]] = []
    for cells in by_sig.values():
        first, v0 = cells[0]
        for cell, v in cells[1:]:
            if abs(v - v0) <= EPS * max(1.0, abs(v0)):
                out.append(([first, cell], [-1.0, 1.0]))
    for signature, cells in by_sig.items():
        fields = signature.split("|")
        if "+" not in fields[7]:
            continue
        total, v_total = cells[0]
        parts = [by_sig["|".join([*fields[:7], ot, *fields[8:]])][0]
                 for ot in fields[7].split("+") if "|".join([*fields[:7], ot, *fields[8:]]) in by_sig]
        if parts and abs(sum(v for _, v in parts) - v_total) <= EPS * max(1.0, abs(v_total)):
            out.append(([total] + [c for c, _ in parts], [-1.0] + [1.0] * len(parts)))
    return out


def _lp_intervals(by_name: dict[str, _Mart], constraints, threshold, step) -> tuple[list[dict], list[dict]]:
    """(masked cells whose feasible interval is one point, primary cells whose interval ends below
    threshold - step) under every relation and the attacker's bounds.

    The components of masked cells are independent, so LPs over all of them at once give a vertex of each; a cell
    still seen at one value gets its own min and max (one cell per component in each LP over all components), so
    "pinned" is exact. "Narrowed" is
    what those vertices show: an upper bound on the number of primary cells narrowed below their label.
    """
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    cells = sorted({c for lhs, _ in constraints for c in lhs})
    index = {c: j for j, c in enumerate(cells)}
    rows, cols, vals = [], [], []
    for r, (lhs, _) in enumerate(constraints):
        for c, v in lhs.items():
            rows.append(r)
            cols.append(index[c])
            vals.append(v)
    a_all = csr_matrix((vals, (rows, cols)), shape=(len(constraints), len(cells)))
    b_all = np.array([rhs for _, rhs in constraints])
    pattern = a_all.copy()
    pattern.data[:] = 1.0
    _, comp = connected_components(pattern.T @ pattern, directed=False)
    label = f"<{threshold}"
    shown_lt = {name: p.df["weergave"].astype("object").to_numpy() == label for name, p in by_name.items()}
    truth = np.array([by_name[n].true[m][i] for n, i, m in cells])
    # no upper bound but the label; a finite cap far above every count keeps the LPs bounded (reaching it means
    # free) and gives the attacker less room, never more
    cap = 2.0 * float(np.nanmax(truth)) + 10.0 * threshold
    upper = np.array([threshold - step if (m == "teller" and shown_lt[n][i]) else cap for n, i, m in cells])
    lower = np.full(len(cells), step)
    is_primary = (truth > 0) & (truth < threshold)
    lo_seen, hi_seen = truth.copy(), truth.copy()

    def vertex(obj: np.ndarray) -> None:
        res = linprog(obj, A_eq=a_all, b_eq=b_all, bounds=np.column_stack([lower, upper]), method="highs")
        if res.status == 0:
            lo_seen[:] = np.minimum(lo_seen, res.x)
            hi_seen[:] = np.maximum(hi_seen, res.x)

    def unsettled() -> tuple[np.ndarray, np.ndarray]:
        flat = hi_seen - lo_seen < EPS
        return flat, flat | (is_primary & (hi_seen < threshold - step - EPS))

    rng = np.random.default_rng(1)
    for obj in (np.ones(len(cells)), -np.ones(len(cells)), rng.normal(size=len(cells)), rng.normal(size=len(cells))):
        vertex(obj)
    for _ in range(3):
        need_lo, need_hi = unsettled()
        if not need_hi.any():
            break
        before = (lo_seen.copy(), hi_seen.copy())
        vertex(need_lo.astype(float))
        vertex(-need_hi.astype(float))
        if np.array_equal(before[0], lo_seen) and np.array_equal(before[1], hi_seen):
            break
    # random signs on the cells still flat: each LP moves a free cell with good odds, a pinned one never
    for _ in range(6):
        flat = unsettled()[0]
        if not flat.any():
            break
        before = int(flat.sum())
        vertex(np.where(flat, rng.choice([-1.0, 1.0], size=len(cells)), 0.0))
        if int(unsettled()[0].sum()) == before:
            break
    # exact min/max for every cell still looking pinned (the blocking question); the narrowed count stays what the
    # shared vertices show, an upper bound (a cell's own max LP could still reach threshold - step)
    # components are independent: one LP over all of them minimises (then maximises) one flat cell per component
    checked = np.zeros(len(cells), dtype=bool)
    while True:
        todo = np.flatnonzero(unsettled()[0] & ~checked)
        if not len(todo):
            break
        _, first = np.unique(comp[todo], return_index=True)
        pick = todo[first]
        checked[pick] = True
        obj = np.zeros(len(cells))
        obj[pick] = 1.0
        vertex(obj)
        still = pick[hi_seen[pick] - lo_seen[pick] < EPS]
        if len(still):
            obj = np.zeros(len(cells))
            obj[still] = -1.0
            vertex(obj)
    pinned: list[dict] = []
    narrowed: list[dict] = []
    for j, (n, i, m) in enumerate(cells):
        interval = (float(lo_seen[j]), float(hi_seen[j]))
        cell = {"mart": n, "row": by_name[n].df.loc[i, "_k"], "measure": m, "value": float(truth[j]),
                "interval": interval}
        if interval[1] - interval[0] < EPS:
            pinned.append(cell)
        elif is_primary[j] and interval[1] < threshold - step - EPS:
            narrowed.append(cell)
    return pinned, narrowed


def audit_warehouse(db_path: Path, *, threshold: int = 5, lp: bool = True) -> list[AuditReport]:
    """Audit every ``masking.pub_<x>`` table of a built warehouse against ``marts.mart_<x>``, read-only, one mart
    report each. A pub_ table without its mart is an error: it could not be audited.

    All marts are audited together (the cover links them), one (sector, schooljaar) part at a time: the cells of a
    part are a closed system (``masking.partitions``, checked relation by relation in the tests), so this is the
    whole system in the memory of one part. The attacker's smallest unit is that of the whole publication. Rows
    missing on either side are counted per table over all parts.
    """
    with connect(str(db_path), read_only=True) as con:
        tables = {(s, t) for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables").fetchall()}
        pubs = sorted(t for s, t in tables if s == "masking" and t.startswith("pub_"))
        for name in pubs:
            if ("marts", "mart_" + name.removeprefix("pub_")) not in tables:
                raise LookupError(f"masking.{name} has no marts.mart_{name.removeprefix('pub_')} to audit it against")
        if not pubs:
            return []
        marts = {name: con.table(f'marts."mart_{name.removeprefix("pub_")}"') for name in pubs}
        published = {name: con.table(f'masking."{name}"') for name in pubs}
        step = _publication_step(marts.values())
        sources = part_sources({name.removeprefix("pub_"): rel for name, rel in marts.items()})
        reports = {name: AuditReport(model=name) for name in pubs}
        for name in pubs:
            reports[name].unmatched_rows = abs(published[name].count("*").fetchone()[0]
                                               - marts[name].count("*").fetchone()[0])
        for part in sorted({q for by_part in sources.values() for q in by_part}):
            pairs = {}
            for name in pubs:
                row_parts = sources[name.removeprefix("pub_")].get(part, [])
                mart = rows_for(name.removeprefix("pub_"), marts[name], row_parts, part)
                pub = _published_rows(published[name], row_parts, mart)
                pairs[name] = (mart, pub)
            for report in audit_linked(pairs, threshold=threshold, lp=lp, step=step):
                _add_report(reports[report.model], report)
    return [reports[name] for name in pubs]


def _publication_step(marts) -> float:
    """0.5 when a true teller or noemer anywhere is not a whole number (VAVO halves), else 1."""
    for rel in marts:
        halves = " or ".join(f"abs({m} - round({m})) > {EPS}" for m in NUMBERS if m in rel.columns)
        if halves and rel.filter(halves).limit(1).fetchall():
            return 0.5
    return 1.0


def _published_rows(pub, row_parts: list[str], mart: pd.DataFrame) -> pd.DataFrame:
    """The published rows of ``row_parts`` whose key is among the rows of ``mart`` (the part's rows)."""
    if not row_parts:
        return pub.limit(0).df()
    frames = [pub.filter(part_filter(p)).df() for p in row_parts]
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    keys = _keys(mart)
    return df[_row_key(df, keys).isin(set(_row_key(mart, keys)))].reset_index(drop=True)


def _add_report(total: AuditReport, part: AuditReport) -> None:
    """Add the findings of one part to the report of the whole mart (rows missing are counted once, outside)."""
    total.cells += part.cells
    total.masked += part.masked
    total.relations += part.relations
    total.primary_leaks += part.primary_leaks
    total.single_masked += part.single_masked
    total.pinned += part.pinned
    total.narrowed += part.narrowed
    total.unmatched_rows += part.unmatched_rows
