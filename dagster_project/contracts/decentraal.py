"""Decentraal: figures a SWV enters itself (TLV-aanvragen per afgifteduur, klachten and geschillen)."""

from __future__ import annotations

from dagster_project.contracts.base import SWV_CODE_RE, Column, Family
from dagster_project.contracts.duo import SCHOOLSOORT_1A

AFGIFTEDUUR = ("0-2", "2-4", ">=4")
GESCHIL_SOORT = ("KLACHT", "BEZWAAR", "BEROEP", "GESCHIL")

DECENTRAAL_FAMILIES: tuple[Family, ...] = (
    # ---------------------------------------------------------------- decentraal (entered by SWVs)
    Family(
        name="decentraal_tlv",
        filename=rf"^decentraal_tlv_(?P<swv>{SWV_CODE_RE})_(?P<schooljaar>\d{{4}}-\d{{4}})\.csv$",
        description="TLV-aanvragen, toegekend and afgewezen per afgifteduur and schoolsoort, entered by the SWV.",
        grain="SWV x schooljaar x schoolsoort x afgifteduur",
        key=("schoolsoort", "afgifteduur"),
        columns=(
            Column("SCHOOLSOORT", "schoolsoort", "code", code_list=SCHOOLSOORT_1A),
            Column("AFGIFTEDUUR", "afgifteduur", "code", code_list=AFGIFTEDUUR),
            Column("AANGEVRAAGD", "aangevraagd", "int"),
            Column("TOEGEKEND", "toegekend", "int"),
            Column("AFGEWEZEN", "afgewezen", "int"),
        ),
    ),
    Family(
        name="decentraal_geschillen",
        filename=rf"^decentraal_geschillen_(?P<swv>{SWV_CODE_RE})_(?P<schooljaar>\d{{4}}-\d{{4}})\.csv$",
        description="Klachten, bezwaren, beroepen and geschillen per schooljaar, entered by the SWV.",
        grain="SWV x schooljaar x soort",
        key=("soort",),
        columns=(
            Column("SOORT", "soort", "code", code_list=GESCHIL_SOORT),
            Column("AANTAL", "aantal", "int"),
        ),
    ),
)
