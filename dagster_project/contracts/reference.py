"""Reference data (dated snapshots): SWV register, vestigingen, regio-indeling, apc postcodes, cluster 1/2, gemeenten."""

from __future__ import annotations

from dagster_project.contracts.base import SNAPSHOT_DATUM, SWV_CODE_RE, Column, Family

VESTIGING_SCHOOLSOORT = ("BAO", "SBO", "SO", "VSO", "SO_VSO", "VO", "MBO", "HO")
SWV_SECTOR = ("PO", "VO")

REFERENCE_FAMILIES: tuple[Family, ...] = (
    # ---------------------------------------------------------------- reference (dated snapshots)
    Family(
        name="ref_swv",
        filename=r"^swv_register_(?P<datum>\d{8})\.csv$",
        description="Register of samenwerkingsverbanden: code, name, sector (PO0001/VO0001 = national reformatorisch).",
        grain="SWV",
        key=("swv_code",),
        staging_filename_columns=SNAPSHOT_DATUM,
        columns=(
            Column("SWV_CODE", "swv_code", "code", pattern=f"^{SWV_CODE_RE}$"),
            Column("SWV_NAAM", "swv_naam", "text"),
            Column("SECTOR", "sector", "code", code_list=SWV_SECTOR),
        ),
    ),
    Family(
        name="ref_vestigingen",
        filename=r"^vestigingen_(?P<datum>\d{8})\.csv$",
        description="School locations (vestigingen) with BRIN, schoolsoort, postcode, gemeente, bestuur and the SWV "
        "they are a member of (bao/sbo/vo; empty for so/vso, which belong to SWVs by funding).",
        grain="vestiging",
        key=("vestigingscode",),
        staging_filename_columns=SNAPSHOT_DATUM,
        columns=(
            Column("VESTIGINGSCODE", "vestigingscode", "code", width=6),
            Column("BRIN", "brin", "code", width=4),
            Column("VESTIGINGSNAAM", "vestigingsnaam", "text"),
            Column("SCHOOLSOORT", "schoolsoort", "code", code_list=VESTIGING_SCHOOLSOORT),
            Column("POSTCODE", "postcode", "code", pattern=r"^\d{4} ?[A-Z]{2}$"),
            Column("GEMEENTECODE", "gemeentecode", "code", width=4),
            Column("GEMEENTENAAM", "gemeentenaam", "text"),
            Column("BESTUURSNUMMER", "bestuursnummer", "code", width=5),
            Column("SWV_CODE", "swv_code", "code", nullable=True, pattern=f"^{SWV_CODE_RE}$"),
            Column("CLUSTER", "cluster", "int", nullable=True),
        ),
    ),
    Family(
        name="ref_regio_indeling",
        filename=r"^pc4_gemeente_swv_regeling_(?P<datum>\d{4}-\d{2}-\d{2})\.csv$",
        description="Official regio-indeling: every PC4 area with its gemeente and its po and vo SWV "
        "(same layout as the published regulation; 'Europoort' = no SWV).",
        grain="PC4",
        key=("pc4",),
        staging_filename_columns=SNAPSHOT_DATUM,
        columns=(
            Column("PC4", "pc4", "code", width=4),
            Column("GEMEENTE", "gemeentenaam", "text"),
            Column("PO_SWV", "po_swv_code", "code", nullable=True),
            Column("VO_SWV", "vo_swv_code", "code", nullable=True),
        ),
    ),
    Family(
        name="ref_apc_postcodes",
        filename=r"^apc_postcodes_(?P<datum>\d{8})\.csv$",
        description="PC4 areas designated as armoedeprobleemcumulatiegebied (apc), per year.",
        grain="PC4 x jaar",
        key=("pc4", "jaar"),
        staging_filename_columns=SNAPSHOT_DATUM,
        columns=(
            Column("PC4", "pc4", "code", width=4),
            Column("JAAR", "jaar", "int"),
        ),
    ),
    Family(
        name="ref_cluster12",
        filename=r"^cluster12_instellingen_(?P<datum>\d{8})\.csv$",
        description="Institutions (BRIN) for cluster 1 (visueel) and cluster 2 (auditief/communicatief) education.",
        grain="instelling",
        key=("brin",),
        staging_filename_columns=SNAPSHOT_DATUM,
        columns=(
            Column("BRIN", "brin", "code", width=4),
            Column("INSTELLINGSNAAM", "instellingsnaam", "text"),
            Column("CLUSTER", "cluster", "int"),
        ),
    ),
    Family(
        name="ref_gemeenten",
        filename=r"^gemeenten_(?P<datum>\d{8})\.csv$",
        description="Gemeenten (municipalities) with CBS code and name.",
        grain="gemeente",
        key=("gemeentecode",),
        staging_filename_columns=SNAPSHOT_DATUM,
        columns=(
            Column("GEMEENTECODE", "gemeentecode", "code", width=4),
            Column("GEMEENTENAAM", "gemeentenaam", "text"),
        ),
    ),
)
