"""Bodies of the dbt Python models of the masking layer.

``masking_decisions`` suppresses every published mart together (one system: the relations inside each mart and the
cover links between them) and stores the decision per row: which of teller and noemer is hidden, and whether the
display may say '<threshold'. Each ``pub_<indicator>`` model applies the decisions of its mart to the mart's rows,
so one count has one mask status in every mart that publishes it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dagster_project.masking import partitions
from dagster_project.masking.relations import key_columns
from dagster_project.masking.suppression import apply_decisions, suppress_linked

PUBLISH_COLUMNS = {"gemaskeerd": "boolean", "weergave": "varchar"}
DECISION_COLUMNS = ("mart", "row_key", "teller_gemaskeerd", "noemer_gemaskeerd", "teller_label", "threshold")


def mask_threshold(configured: Any) -> int:
    """The threshold a masking model was configured with (dbt var ``mask_threshold``, set from the run's Settings).

    There is no fallback: a model without the config would mask with a threshold nobody chose.
    """
    if configured in (None, ""):
        raise ValueError("the masking model has no mask_threshold config: set it from the dbt var mask_threshold "
                         "(dbt/models/masking/_publish.yml)")
    threshold = int(configured)
    if threshold < 1:
        raise ValueError(f"mask_threshold must be a positive count, got {configured!r}")
    return threshold


def row_keys(df: pd.DataFrame) -> pd.Series:
    """The identity of each row of a mart as one text: its key columns (``key_columns``), null as an empty field."""
    keys = key_columns(df)
    out = pd.Series("", index=df.index, dtype=object)
    for i, k in enumerate(keys):
        txt = df[k].astype(str).where(df[k].notna(), "\x00")
        out = txt if i == 0 else out + "\x1f" + txt
    return out


def decisions_frame(marts: dict[str, pd.DataFrame], *, threshold: int, step: float | None = None) -> pd.DataFrame:
    """Mask status per row of every mart, decided together (``suppress_linked``; ``step``: the smallest unit of a
    count, see ``protection.smallest_unit``, taken from ``marts`` when not given)."""
    results = suppress_linked(marts, threshold=threshold, step=step)
    frames = []
    for name, result in results.items():
        df = marts[name].reset_index(drop=True)
        frames.append(pd.DataFrame({
            "mart": name,
            "row_key": row_keys(df).to_numpy(),
            "teller_gemaskeerd": result.masked[:, 0],
            "noemer_gemaskeerd": result.masked[:, 1],
            "teller_label": result.labelled[:, 0],
            "threshold": threshold,
        }))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in DECISION_COLUMNS})
    return pd.concat(frames, ignore_index=True)


def decide_model(session: Any, marts: dict[str, Any], *, threshold: Any) -> Any:
    """What ``masking_decisions`` returns: the decisions over ``marts`` (name -> DuckDB relation of the mart).

    The marts are read and suppressed one (sector, schooljaar) part at a time (``masking.partitions``): no relation
    joins cells of two parts, so this is the system of all marts at once in a fraction of the memory. The smallest
    unit of a count (½ where VAVO halves occur anywhere, else 1) is one for the whole publication, so the bounds of
    a part do not depend on which other parts exist. A row with cells in two parts gets each measure's decision
    from the part of that cell.
    """
    threshold = mask_threshold(threshold)
    marts = {name.removeprefix("mart_"): rel for name, rel in marts.items()}
    step = publication_unit(marts)
    sources = partitions.part_sources(marts)
    frames = []
    for part in sorted({q for by_part in sources.values() for q in by_part}):
        frames.append(decisions_frame({name: partitions.rows_for(name, rel, sources[name].get(part, []), part)
                                       for name, rel in marts.items()}, threshold=threshold, step=step))
    if not frames:
        return decisions_frame({}, threshold=threshold)
    decided = pd.concat(frames, ignore_index=True)
    return decided.groupby(["mart", "row_key"], sort=True, as_index=False).agg(
        teller_gemaskeerd=("teller_gemaskeerd", "max"), noemer_gemaskeerd=("noemer_gemaskeerd", "max"),
        teller_label=("teller_label", "max"), threshold=("threshold", "first"))


def publication_unit(marts: dict[str, Any]) -> float:
    """The smallest unit of a count over every mart: 0.5 when a teller or noemer anywhere is not whole, else 1."""
    for rel in marts.values():
        measures = [m for m in ("teller", "noemer") if m in rel.columns]
        if not measures:
            continue
        halves = " or ".join(f"abs({m} - round({m})) > 1e-6" for m in measures)
        if rel.filter(halves).limit(1).fetchall():
            return 0.5
    return 1.0


def published_frame(mart: pd.DataFrame, decisions: pd.DataFrame, *, name: str, threshold: int) -> pd.DataFrame:
    """The rows of ``mart`` with the decisions of ``decisions`` (only rows of ``name``) applied.

    A row without a decision, or a decision made with another threshold, is an error: publishing it unmasked, or
    masked for another threshold, would be wrong either way.
    """
    mine = decisions[decisions["mart"] == name]
    if not mine.empty and (mine["threshold"].astype(int) != threshold).any():
        raise ValueError(f"masking_decisions for {name} were made with threshold {set(mine['threshold'])}, "
                         f"this model is configured with {threshold}")
    df = mart.reset_index(drop=True)
    joined = pd.DataFrame({"row_key": row_keys(df).to_numpy()}).merge(
        mine, on="row_key", how="left", validate="one_to_one")
    missing = joined["teller_gemaskeerd"].isna()
    if missing.any():
        raise LookupError(f"masking_decisions has no decision for {int(missing.sum())} rows of {name} "
                          f"(first: {joined.loc[missing, 'row_key'].iloc[0]!r}); rebuild masking_decisions")
    masked = joined[["teller_gemaskeerd", "noemer_gemaskeerd"]].to_numpy(dtype=bool)
    labelled = np.column_stack([joined["teller_label"].to_numpy(dtype=bool), np.zeros(len(df), dtype=bool)])
    return apply_decisions(df, masked, labelled, threshold)


def publish_model(session: Any, mart: Any, decisions: Any, *, name: str, threshold: Any) -> Any:
    """What a ``pub_`` Python model returns: ``mart`` with its masking decisions applied, in the mart's types."""
    types = dict(zip(mart.columns, [str(t) for t in mart.dtypes], strict=True))
    mine = decisions.filter(f"mart = '{name}'").df()
    frame = published_frame(mart.df(), mine, name=name, threshold=mask_threshold(threshold))
    view = f"_pub_frame_{id(frame)}"
    session.register(view, frame)
    select = [f'cast("{c}" as {t}) as "{c}"' for c, t in types.items()]
    select += [f'cast("{c}" as {t}) as "{c}"' for c, t in PUBLISH_COLUMNS.items()]
    return session.sql(f"select {', '.join(select)} from {view}").to_arrow_table()
