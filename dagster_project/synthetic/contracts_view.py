"""Small helpers over ``dagster_project.contracts``: the delivered headers of a family, in order."""

from __future__ import annotations

from dagster_project.contracts import FAMILY_BY_NAME


def headers(family: str) -> list[str]:
    """Delivered header names of a family, in contract order."""
    return [c.header for c in FAMILY_BY_NAME[family].columns]
