"""Inspectie arrangementen per vestiging."""

from __future__ import annotations

from dagster_project.contracts.base import SNAPSHOT_DATUM, Column, Family

INSPECTIE_ARRANGEMENT = ("BASIS", "ZWAK", "ZEER_ZWAK")

INSPECTIE_FAMILIES: tuple[Family, ...] = (
    # ---------------------------------------------------------------- inspectie
    Family(
        name="inspectie",
        filename=r"^inspectie_arrangementen_(?P<datum>\d{8})\.csv$",
        description="Inspectie arrangement (basis, zwak, zeer zwak) per vestiging with date and report URL.",
        grain="vestiging x datum",
        key=("vestigingscode", "datum"),
        staging_filename_columns=SNAPSHOT_DATUM,
        columns=(
            Column("VESTIGINGSCODE", "vestigingscode", "code", width=6),
            Column("ARRANGEMENT", "arrangement", "code", code_list=INSPECTIE_ARRANGEMENT),
            Column("DATUM", "datum", "date"),
            Column("RAPPORT_URL", "rapport_url", "text"),
        ),
    ),
)
