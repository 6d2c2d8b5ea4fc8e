"""DUO prognoses of pupil numbers: per po vestiging and per vo instelling, per future 1 October."""

from __future__ import annotations

from dagster_project.contracts.base import SNAPSHOT_DATUM, Column, Family

PROGNOSE_VO_TYPE = ("VMBO_HAVO_VWO", "PRO")

PROGNOSE_FAMILIES: tuple[Family, ...] = (
    Family(
        name="prognose_po",
        filename=r"^prognose_po_(?P<datum>\d{8})\.csv$",
        description="DUO prognosis of pupils per po vestiging per future 1 October (15 years ahead).",
        grain="vestiging x jaar",
        key=("vestigingscode", "jaar"),
        staging_filename_columns=SNAPSHOT_DATUM,
        columns=(
            Column("VESTIGINGSCODE", "vestigingscode", "code", width=6),
            Column("JAAR", "jaar", "int"),
            Column("AANTAL", "aantal", "int"),
        ),
    ),
    Family(
        name="prognose_vo",
        filename=r"^prognose_vo_(?P<datum>\d{8})\.csv$",
        description="DUO prognosis of pupils per vo instelling (BRIN) per future 1 October, vmbo-havo-vwo and pro.",
        grain="instelling x onderwijstype x jaar",
        key=("brin", "onderwijstype", "jaar"),
        staging_filename_columns=SNAPSHOT_DATUM,
        columns=(
            Column("BRIN", "brin", "code", width=4),
            Column("ONDERWIJSTYPE", "onderwijstype", "code", code_list=PROGNOSE_VO_TYPE),
            Column("JAAR", "jaar", "int"),
            Column("AANTAL", "aantal", "int"),
        ),
    ),
)
