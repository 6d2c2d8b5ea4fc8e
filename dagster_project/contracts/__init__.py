"""The delivered-file contract of every input family: file names, headers, types and code lists.

One source of truth shared by the synthetic generator (which writes files to it), ingest (which validates files
against it) and the dbt staging layer (generated from it by ``python -m dagster_project.dbt_staging``).
``docs/data-contracts.md`` explains each family for humans. One module per source family: ``duo`` (1A, 1B),
``bron``, ``reference``, ``leerplicht``, ``inspectie``, ``prognose``, ``decentraal``, ``opendata``; the building blocks
(``Column``, ``Family``, the kinds) are in ``base``. Everything is importable from this package.
"""

from __future__ import annotations

from dagster_project.contracts.base import (
    BESCHIKKINGSNUMMER_RE,
    FILENAME_COLUMNS,
    LOAD_METADATA,
    SWV_CODE_RE,
    Column,
    Family,
    FilenameColumn,
    Kind,
)
from dagster_project.contracts.bron import (
    ADVIES_VO,
    ADVIES_VO_NIET_NIVEAU,
    BRON_FAMILIES,
    BRON_ONDERWIJSSOORT,
    BRON_SECTOR,
    GESLACHT,
    GEWICHT,
    SOORT_ONDERWIJS,
    SOORT_VERBLIJF,
    TLV_CATEGORIE,
    UITSTROOMPROFIEL,
)
from dagster_project.contracts.decentraal import AFGIFTEDUUR, DECENTRAAL_FAMILIES, GESCHIL_SOORT
from dagster_project.contracts.duo import (
    DUO_FAMILIES,
    HOOFD_ONDERWIJSSOORT_1B,
    ONDERSTEUNINGSCATEGORIE,
    SCHOOLSOORT_1A,
    WIJZE_VAN_BEPALING,
)
from dagster_project.contracts.inspectie import INSPECTIE_ARRANGEMENT, INSPECTIE_FAMILIES
from dagster_project.contracts.leerplicht import LEERPLICHT_FAMILIES, VERZUIM_CATEGORIE, VRIJSTELLING_ARTIKEL
from dagster_project.contracts.opendata import OPENDATA_FAMILIES, SOORT_PO_OPENDATA
from dagster_project.contracts.prognose import PROGNOSE_FAMILIES, PROGNOSE_VO_TYPE
from dagster_project.contracts.reference import REFERENCE_FAMILIES, SWV_SECTOR, VESTIGING_SCHOOLSOORT

# every family, in the order files are recognised (the first matching file-name pattern wins)
FAMILIES: tuple[Family, ...] = (
    *DUO_FAMILIES,
    *BRON_FAMILIES,
    *REFERENCE_FAMILIES,
    *LEERPLICHT_FAMILIES,
    *INSPECTIE_FAMILIES,
    *PROGNOSE_FAMILIES,
    *DECENTRAAL_FAMILIES,
    *OPENDATA_FAMILIES,
)

FAMILY_BY_NAME: dict[str, Family] = {f.name: f for f in FAMILIES}
if len(FAMILY_BY_NAME) != len(FAMILIES):
    raise ValueError("two input families share a name")


def recognise(filename: str) -> Family | None:
    """The family whose file-name pattern matches ``filename`` (base name), or None."""
    for fam in FAMILIES:
        if fam.filename_re.match(filename):
            return fam
    return None


__all__ = [
    "ADVIES_VO", "ADVIES_VO_NIET_NIVEAU", "AFGIFTEDUUR", "BESCHIKKINGSNUMMER_RE", "BRON_FAMILIES", "BRON_ONDERWIJSSOORT",
    "BRON_SECTOR",
    "DECENTRAAL_FAMILIES", "DUO_FAMILIES", "FAMILIES", "FAMILY_BY_NAME", "FILENAME_COLUMNS", "GESCHIL_SOORT",
    "GESLACHT", "GEWICHT", "HOOFD_ONDERWIJSSOORT_1B", "INSPECTIE_ARRANGEMENT", "INSPECTIE_FAMILIES",
    "LEERPLICHT_FAMILIES", "LOAD_METADATA", "ONDERSTEUNINGSCATEGORIE", "OPENDATA_FAMILIES", "PROGNOSE_FAMILIES",
    "PROGNOSE_VO_TYPE", "REFERENCE_FAMILIES", "SCHOOLSOORT_1A", "SOORT_ONDERWIJS", "SOORT_PO_OPENDATA",
    "SOORT_VERBLIJF", "SWV_CODE_RE", "SWV_SECTOR", "TLV_CATEGORIE", "UITSTROOMPROFIEL", "VERZUIM_CATEGORIE",
    "VESTIGING_SCHOOLSOORT", "VRIJSTELLING_ARTIKEL", "WIJZE_VAN_BEPALING", "Column", "Family", "FilenameColumn",
    "Kind", "recognise",
]
