"""Body of the dbt Python models ``pub_<indicator>``: suppress a mart and keep its column types."""

from __future__ import annotations

from typing import Any

from dagster_project.masking.suppression import PublishSpec, SuppressionStats, suppress

PUBLISH_COLUMNS = {"gemaskeerd": "boolean", "weergave": "varchar"}


def mask_threshold(configured: Any) -> int:
    """The threshold a ``pub_`` model was configured with (dbt var ``mask_threshold``, set from the run's Settings).

    There is no fallback: a model without the config would mask with a threshold nobody chose.
    """
    if configured in (None, ""):
        raise ValueError("the masking model has no mask_threshold config: set it from the dbt var mask_threshold "
                         "(dbt/models/masking/_publish.yml)")
    threshold = int(configured)
    if threshold < 1:
        raise ValueError(f"mask_threshold must be a positive count, got {configured!r}")
    return threshold


def publish_relation(session: Any, mart: Any, *, threshold: int) -> tuple[Any, SuppressionStats]:
    """The published relation of ``mart`` (a DuckDBPyRelation): suppressed, in the mart's column types.

    Returns a DuckDB relation on ``session`` plus the suppression statistics.
    """
    types = dict(zip(mart.columns, [str(t) for t in mart.dtypes], strict=True))
    frame = mart.df()
    result = suppress(frame, threshold=threshold, spec=PublishSpec.infer(frame.columns))
    view = f"_pub_frame_{id(result.frame)}"
    session.register(view, result.frame)
    select = [f'cast("{c}" as {t}) as "{c}"' for c, t in types.items()]
    select += [f'cast("{c}" as {t}) as "{c}"' for c, t in PUBLISH_COLUMNS.items()]
    rel = session.sql(f"select {', '.join(select)} from {view}")
    return rel, result.stats


def publish_model(session: Any, mart: Any, *, threshold: Any) -> Any:
    """What a ``pub_`` Python model returns: ``mart`` suppressed with the model's configured threshold."""
    rel, _ = publish_relation(session, mart, threshold=mask_threshold(threshold))
    return rel.to_arrow_table()
