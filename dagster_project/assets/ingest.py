"""One ingest asset per input family: delivered CSVs in RAW → typed, pseudonymised landing parquet."""


import dataclasses
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from dagster_project.contracts import FAMILIES, Family
from dagster_project.ingest import ingest_family
from dagster_project.resources import PassendSettings

INGEST_GROUP = "ingest"


def landing_key(family: str) -> AssetKey:
    """Asset key of a family's landing parquet (``ingest/<family>``); dbt source ``landing.<family>`` maps onto it."""
    return AssetKey([INGEST_GROUP, family])


def _metadata(result: Any) -> dict[str, Any]:
    """Scalar fields of the ingest result, for the Dagster UI."""
    if callable(getattr(result, "metadata", None)):
        fields = dict(result.metadata())
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    elif isinstance(result, dict):
        fields = dict(result)
    else:
        fields = {"result": repr(result)}
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, bool | int | float | str) or value is None:
            out[name] = value
        elif isinstance(value, list | tuple) and len(value) <= 50:
            out[name] = [str(v) for v in value]
        else:
            out[name] = str(value)[:2000]
    return out


def _ingest_asset(family: Family, *, warn_unrecognised: bool) -> AssetsDefinition:
    @asset(
        key=landing_key(family.name),
        group_name=INGEST_GROUP,
        description=f"Landing parquet of `{family.name}` ({family.grain}): {family.description}",
        kinds={"polars", "parquet"},
    )
    def _ingest(context: AssetExecutionContext, passend: PassendSettings) -> MaterializeResult:
        result = ingest_family(family.name, passend.get(), context.log, warn_unrecognised=warn_unrecognised)
        for message in getattr(result, "files_refused", None) or []:
            context.log.warning(f"refused: {message}")
        return MaterializeResult(metadata=_metadata(result))

    return _ingest


# only the first family's asset reports files in RAW that no family recognises
ingest_assets: list[AssetsDefinition] = [_ingest_asset(f, warn_unrecognised=(i == 0)) for i, f in enumerate(FAMILIES)]
