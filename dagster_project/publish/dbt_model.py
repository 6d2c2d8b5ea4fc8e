"""Body of the dbt Python models ``pub_<indicator>``: suppress a mart and keep its column types."""

from __future__ import annotations

import os
from typing import Any

from dagster_project.publish.suppression import PublishSpec, SuppressionStats, suppress
from dagster_project.settings import DEFAULT_MASK_THRESHOLD

PUBLISH_COLUMNS = {"gemaskeerd": "boolean", "weergave": "varchar"}


def mask_threshold(configured: Any = None) -> int:
    """The threshold: the model's configured value (dbt var ``mask_threshold``), else ``PASSEND_MASK_THRESHOLD``, else 5."""
    if configured not in (None, ""):
        return int(configured)
    return int(os.environ.get("PASSEND_MASK_THRESHOLD", DEFAULT_MASK_THRESHOLD))


def publish_relation(session: Any, mart: Any, *, threshold: int, publish_meta: dict | None = None,
                     lp: bool = True) -> tuple[Any, SuppressionStats]:
    """The published relation of ``mart`` (a DuckDBPyRelation): suppressed, in the mart's column types.

    Returns a DuckDB relation on ``session`` plus the suppression statistics.
    """
    types = dict(zip(mart.columns, [str(t) for t in mart.dtypes], strict=True))
    frame = mart.df()
    spec = PublishSpec.infer(frame.columns, publish_meta)
    result = suppress(frame, threshold=threshold, spec=spec, lp=lp)
    view = f"_pub_frame_{id(result.frame)}"
    session.register(view, result.frame)
    select = [f'cast("{c}" as {t}) as "{c}"' for c, t in types.items()]
    select += [f'cast("{c}" as {t}) as "{c}"' for c, t in PUBLISH_COLUMNS.items()]
    rel = session.sql(f"select {', '.join(select)} from {view}")
    return rel, result.stats


def publish_model(dbt: Any, session: Any, mart: Any) -> Any:
    """What a ``pub_`` Python model returns: its mart suppressed with the configured threshold."""
    meta = dbt.config.get("meta") or {}
    rel, _ = publish_relation(session, mart, threshold=mask_threshold(meta.get("mask_threshold")),
                              publish_meta=meta.get("publish"))
    return rel.to_arrow_table()
