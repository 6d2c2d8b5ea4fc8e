"""Primary and secondary suppression of indicator marts: small counts and the cells that would reveal them.

``suppress_linked`` masks several marts as one system: the relations inside each mart (``masking.relations``), the
links between marts from the declared cover (``masking.cover``: the same count published twice is one number with
one mask status; a noemer that is a sum of another mart's counts is a relation), and the protection of
``masking.protection`` over the whole. ``suppress`` is the same for one mart alone. Then per mart:

- a rate (``waarde``) on a masked teller or noemer is masked, and ``waarde_gemiddelde_swv`` on a landelijk row when
  one of the SWV values under it or the landelijk teller/noemer is masked;
- ``weergave`` is the display text: the number, ``<threshold`` on a primary count, or ``gemaskeerd``.

An independent LP audit lives in ``dagster_project.checks.disclosure_audit``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dagster_project.masking import cover
from dagster_project.masking.protection import protect, smallest_unit
from dagster_project.masking.relations import (
    MEASURES,
    TOLERANCE,
    CellRelations,
    PublishSpec,
    SuppressionStats,
    _group_ids,
    close_classes,
    derived_columns,
    key_columns,
    mart_relations,
)

__all__ = ["PublishSpec", "SuppressionResult", "SuppressionStats", "derived_columns", "key_columns", "suppress",
           "suppress_linked"]


@dataclass
class SuppressionResult:
    """The published frame of one mart, its decisions per cell (rows in the caller's order, columns teller and
    noemer: hidden, and hidden with the '<threshold' label) and the statistics of the whole system."""

    frame: pd.DataFrame
    stats: SuppressionStats
    masked: np.ndarray
    labelled: np.ndarray


def suppress(mart: pd.DataFrame, *, threshold: int = 5, spec: PublishSpec | None = None,
             lp: bool = True) -> SuppressionResult:
    """The published version of one mart alone: masked numbers set to null, plus ``gemaskeerd`` and ``weergave``."""
    return suppress_linked({"": mart}, threshold=threshold, specs={"": spec} if spec else None, lp=lp)[""]


def suppress_linked(marts: dict[str, pd.DataFrame], *, threshold: int = 5,
                    specs: dict[str, PublishSpec] | None = None, lp: bool = True,
                    step: float | None = None) -> dict[str, SuppressionResult]:
    """The published version of each mart, masked together (``marts``: mart name -> unmasked rows).

    ``step`` is the smallest unit of a count (``smallest_unit``); by default it is taken from these rows. A caller
    that suppresses the publication in independent groups passes the unit of the whole publication, so every group
    has the attacker's bounds of the whole.

    The result does not depend on the order of the rows (DuckDB returns them in any order): rows are put in key
    order before the relations are built, so ties in "the cheapest cell" always fall the same way; each frame comes
    back in the caller's order. The statistics are those of the whole system (the same object for every mart).
    """
    stats = SuppressionStats()
    names = list(marts)
    ordered = {name: _in_key_order(marts[name]) for name in names}
    specs = {name: (specs or {}).get(name) or PublishSpec.infer(ordered[name][0].columns) for name in names}
    parts = [mart_relations(ordered[name][0], specs[name], stats) for name in names]
    joint, offsets, linked = linked_relations({name: ordered[name][0] for name in names}, parts, stats)
    system = close_classes(linked, stats)
    step = smallest_unit(joint.value) if step is None else step
    with np.errstate(invalid="ignore"):
        primary = (system.cls_value > 0) & (system.cls_value < threshold)
    masked, labelled = protect(system, primary, float(threshold), step, stats, lp=lp)
    cell_masked = masked[system.cls_of_cell] & ~np.isnan(joint.value)
    cell_primary = primary[system.cls_of_cell] & ~np.isnan(joint.value)
    cell_labelled = labelled[system.cls_of_cell] & ~np.isnan(joint.value)
    stats.cells = int((~np.isnan(joint.value)).sum())
    stats.primary = int(cell_primary.sum())
    stats.secondary = int((cell_masked & ~cell_primary).sum())
    out: dict[str, SuppressionResult] = {}
    for name, part, offset in zip(names, parts, offsets, strict=True):
        df, caller_order = ordered[name]
        span = slice(int(offset), int(offset) + len(part.value))
        masked_rows = cell_masked[span].reshape(-1, len(MEASURES))[caller_order]
        labelled_rows = cell_labelled[span].reshape(-1, len(MEASURES))[caller_order]
        frame = apply_decisions(df.iloc[caller_order].reset_index(drop=True), masked_rows, labelled_rows, threshold)
        out[name] = SuppressionResult(frame=frame, stats=stats, masked=masked_rows, labelled=labelled_rows)
    return out


def linked_relations(marts: dict[str, pd.DataFrame], parts: list[CellRelations],
                     stats: SuppressionStats) -> tuple[CellRelations, np.ndarray, CellRelations]:
    """The cells of all ``marts`` (``parts``: their own relations, in the same order) as one system: the cells and
    relations side by side (with the offset of each mart's first cell), and the same with the cover links between
    marts added (``masking.cover``)."""
    joint, offsets = CellRelations.concat(parts)
    declared = pd.concat(
        [cover.signatures(name, df).assign(cell=lambda d, o=o: d["cell"] + o)
         for (name, df), o in zip(marts.items(), offsets, strict=True)], ignore_index=True)
    links = cover.cross_mart_links(declared, joint.value)
    stats.cross_mart_links = links.count
    if links.mismatches:
        stats.notes.append(f"{links.mismatches} declared cover links do not hold on the values and were left out")
    return joint, offsets, joint.extended(links.equal, links.sums)


def apply_decisions(df: pd.DataFrame, masked: np.ndarray, labelled: np.ndarray, threshold: int) -> pd.DataFrame:
    """The published rows: masked numbers set to null, ``gemaskeerd`` and ``weergave`` added.

    ``masked`` and ``labelled`` have one row per row of ``df`` (any order) and one column per measure.
    """
    df = df.reset_index(drop=True).copy()
    by_measure = np.asarray(masked, dtype=bool)
    prim_measure = np.asarray(labelled, dtype=bool)
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
    return df


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
