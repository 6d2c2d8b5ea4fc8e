"""Leerplicht data per gemeente and schooljaar (verzuim, vrijstellingen), counts 1-4 masked at the source."""

from __future__ import annotations

from dagster_project.contracts.base import Column, Family

VERZUIM_CATEGORIE = ("ABSOLUUT", "RELATIEF", "LANGDURIG_RELATIEF")
VRIJSTELLING_ARTIKEL = ("5A", "5B", "5C", "15", "3A", "11G", "VERVANGENDE_LEERPLICHT")

LEERPLICHT_FAMILIES: tuple[Family, ...] = (
    # ---------------------------------------------------------------- leerplicht (masked at source)
    Family(
        name="verzuim",
        filename=r"^verzuim_(?P<schooljaar>\d{4}-\d{4})\.csv$",
        description="Verzuim per gemeente, schooljaar, onderwijssoort and categorie; counts 1-4 delivered as '<5'.",
        grain="gemeente x schooljaar x onderwijssoort x categorie",
        key=("gemeentecode", "schooljaar", "onderwijssoort", "categorie"),
        columns=(
            Column("GEMEENTECODE", "gemeentecode", "code", width=4),
            Column("GEMEENTENAAM", "gemeentenaam", "text"),
            Column("SCHOOLJAAR", "schooljaar", "code", pattern=r"^\d{4}-\d{4}$"),
            Column("ONDERWIJSSOORT", "onderwijssoort", "code", code_list=("PO", "VO", "SO", "VSO", "MBO")),
            Column("CATEGORIE", "categorie", "code", code_list=VERZUIM_CATEGORIE),
            Column("AANTAL", "aantal", "int", nullable=True),  # '<5' -> null + gemaskeerd flag
        ),
    ),
    Family(
        name="vrijstellingen",
        filename=r"^vrijstellingen_(?P<schooljaar>\d{4}-\d{4})\.csv$",
        description="Vrijstellingen van de leerplicht per gemeente, schooljaar, onderwijssoort and artikel; "
        "counts 1-4 delivered as '<5'.",
        grain="gemeente x schooljaar x onderwijssoort x artikel",
        key=("gemeentecode", "schooljaar", "onderwijssoort", "artikel"),
        columns=(
            Column("GEMEENTECODE", "gemeentecode", "code", width=4),
            Column("GEMEENTENAAM", "gemeentenaam", "text"),
            Column("SCHOOLJAAR", "schooljaar", "code", pattern=r"^\d{4}-\d{4}$"),
            Column("ONDERWIJSSOORT", "onderwijssoort", "code", code_list=("PO", "VO")),
            Column("ARTIKEL", "artikel", "code", code_list=VRIJSTELLING_ARTIKEL),
            Column("AANTAL", "aantal", "int", nullable=True),
        ),
    ),
)
