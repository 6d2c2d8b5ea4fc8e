"""The delivered-file contract of every input family: file names, headers, types and code lists.

One source of truth shared by the synthetic generator (which writes files to it) and ingest (which
validates files against it). ``docs/data-contracts.md`` explains each family for humans.

Column kinds:
  code      text that keeps leading zeros (``width`` = the zero-padded width Excel may have lost)
  text      free text
  int       whole number (counts must be >= 0 unless ``signed``)
  decimal   number with decimal comma or point (``0,30``)
  date      YYYYMMDD, D-M-YYYY, DD-MM-YYYY or ISO YYYY-MM-DD
  bool      J/N, Ja/Nee, 1/0, true/false
  pupil_id  BSN (9 digits, 11-proef) or onderwijsnummer: replaced at ingest by a keyed pseudonym
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["code", "text", "int", "decimal", "date", "bool", "pupil_id"]

SWV_CODE_RE = r"(?:PO|VO)\d{4}"
BESCHIKKINGSNUMMER_RE = re.compile(r"^(?P<swv>(?:PO|VO)\d{4})-(?P<jaar>\d{4})-(?P<volgnummer>\d{5})$")

# Code lists -------------------------------------------------------------------------------------
SCHOOLSOORT_1A = ("SBO", "SO", "VSO")
ONDERSTEUNINGSCATEGORIE = ("SBO", "SO_VSO_LAAG", "SO_VSO_MIDDE", "SO_VSO_HOOG")
WIJZE_VAN_BEPALING = ("TLV", "WOONPLAATS", "VORIGE_INSCHRIJVING")
HOOFD_ONDERWIJSSOORT_1B = ("SBO", "SO", "VSO")
BRON_SECTOR = ("PO", "WEC", "VO", "MBO", "HO")
BRON_ONDERWIJSSOORT = (
    "BAO", "SBO", "SO", "VSO",
    "BRUGJAAR", "VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO", "PRO", "VAVO",
    "MBO", "HBO", "WO",
)
TLV_CATEGORIE = ("L", "M", "H")  # bekostigingscategorie laag / midden / hoog
SOORT_VERBLIJF = ("0", "3", "4", "5", "6")  # 3-6 = residentieel geplaatst
GEWICHT = ("0", "0.3", "1.2")  # leerlinggewicht po (delivered as 0 / 0,30 / 1,20)
# soort (speciaal) onderwijs: first digit is the cluster (1 visueel, 2 auditief/communicatief,
# 3 verstandelijk/lichamelijk/langdurig ziek, 4 gedrag/psychiatrie)
SOORT_ONDERWIJS = ("11", "12", "21", "22", "23", "24", "25", "26", "31", "32", "33", "34", "41", "42", "43")
ADVIES_VO = ("10", "20", "21", "23", "24", "28", "29", "30", "31", "40")
# 10 pro, 20 vmbo-b, 21 vmbo-b/k, 23 vmbo-k, 24 vmbo-k/gt, 28 vmbo-gt, 29 vmbo-gt/havo, 30 havo,
# 31 havo/vwo, 40 vwo
UITSTROOMPROFIEL = ("VERVOLGONDERWIJS", "ARBEIDSMARKT", "DAGBESTEDING")
GESLACHT = ("M", "V", "O")
VESTIGING_SCHOOLSOORT = ("BAO", "SBO", "SO", "VSO", "SO_VSO", "VO", "MBO", "HO")
SWV_SECTOR = ("PO", "VO")
INSPECTIE_ARRANGEMENT = ("BASIS", "ZWAK", "ZEER_ZWAK")
VERZUIM_CATEGORIE = ("ABSOLUUT", "RELATIEF", "LANGDURIG_RELATIEF")
VRIJSTELLING_ARTIKEL = ("5A", "5B", "5C", "15", "3A", "11G", "VERVANGENDE_LEERPLICHT")
AFGIFTEDUUR = ("0-2", "2-4", ">=4")
GESCHIL_SOORT = ("KLACHT", "BEZWAAR", "BEROEP", "GESCHIL")
PROGNOSE_VO_TYPE = ("VMBO_HAVO_VWO", "PRO")


@dataclass(frozen=True)
class Column:
    header: str  # as delivered (case-insensitive match)
    landing: str  # name in landing parquet
    kind: Kind
    required: bool = True  # header must be present
    nullable: bool = False  # empty value allowed
    width: int | None = None  # zero-padded width for codes (leading zeros restored)
    code_list: tuple[str, ...] | None = None
    aliases: tuple[str, ...] = ()
    pattern: str | None = None  # regex a non-empty value must match (after padding)
    signed: bool = False  # ints: negative allowed
    description: str | None = None  # staging column description; default: the kind (and code list)


@dataclass(frozen=True)
class FilenameColumn:
    """A file-name part as it appears in the family's staging model (name, description, not_null test)."""

    landing: str  # landing column of the part (a value of FILENAME_COLUMNS)
    name: str  # staging column name
    description: str
    not_null: bool = False


@dataclass(frozen=True)
class Family:
    name: str  # landing folder / dbt source table name
    filename: str  # regex on the file name; named groups swv, datum (D_M_YYYY or YYYYMMDD), schooljaar
    columns: tuple[Column, ...]
    description: str
    grain: str
    key: tuple[str, ...] = field(default_factory=tuple)  # landing columns unique per file
    # file-name parts renamed or described in staging (others keep their landing name, see dagster_project.dbt_staging)
    staging_filename_columns: tuple[FilenameColumn, ...] = ()

    @property
    def filename_re(self) -> re.Pattern[str]:
        return re.compile(self.filename, re.IGNORECASE)


def _swv_date(prefix: str) -> str:
    return rf"^{prefix}_(?P<swv>{SWV_CODE_RE})_(?P<datum>\d{{1,2}}_\d{{1,2}}_\d{{4}})\.csv$"


# file-name parts that become record columns in staging
_SWV_FROM_FILENAME = FilenameColumn("bestand_swv_code", "swv_code",
                                    "SWV the file was delivered for (from the file name, e.g. PO2401)", not_null=True)
_TELDATUM_FROM_FILENAME = FilenameColumn("bestand_datum", "teldatum",
                                         "teldatum (count date) of the file (from the file name)", not_null=True)
_DUO_1A_FILENAME = (_SWV_FROM_FILENAME, _TELDATUM_FROM_FILENAME)
_SNAPSHOT_DATUM = (FilenameColumn("bestand_datum", "snapshot_datum",
                                  "date of the reference snapshot (from the file name)"),)


def _counts(*headers: str) -> tuple[Column, ...]:
    return tuple(Column(h, h.lower(), "int") for h in headers)


_CATS = [f"AANTAL_{niveau}_{soort}" for niveau in ("HOOG", "MIDDEN", "LAAG") for soort in ("TLV", "RP", "OVERIG")]

FAMILIES: tuple[Family, ...] = (
    # ---------------------------------------------------------------- DUO 1A (per SWV, per teldatum)
    Family(
        name="duo_1a_tlv",
        filename=_swv_date("Aantallen_leerlingen_met_tlv_swv"),
        description="Pupils bekostigd by this SWV per (v)so/sbo vestiging and category (TLV, RP = residentieel "
        "geplaatst, OVERIG = derived from previous enrolment), by zorgniveau hoog/midden/laag; sbo TLV/overig.",
        grain="SWV x vestiging x teldatum",
        key=("schoolsoort", "vestigingscode"),
        staging_filename_columns=_DUO_1A_FILENAME,
        columns=(
            Column("SCHOOLSOORT", "schoolsoort", "code", code_list=SCHOOLSOORT_1A),
            Column("VESTIGINGSCODE", "vestigingscode", "code", width=6, aliases=("vestiging",)),
            Column("DEELNEMENDE_VESTIGING", "deelnemende_vestiging", "bool"),
            Column("TOTAAL", "totaal", "int"),
            *_counts(*_CATS, "AANTAL_SBO_TLV", "AANTAL_SBO_OVERIG"),
        ),
    ),
    Family(
        name="duo_1a_totaal",
        filename=rf"^Totaal_aantal_leerlingen_(?P<variant>sbo_en_so|vso)_(?P<swv>{SWV_CODE_RE})"
        r"_(?P<datum>\d{1,2}_\d{1,2}_\d{4})\.csv$",
        description="Pupils at sbo/so (po) or vso (vo) vestigingen in the SWV's region, split by whether this SWV "
        "or another SWV funds them (TLV). MET_TLV_DIT_SWV + MET_TLV_ANDER_SWV = TOTAAL.",
        grain="SWV x schoolsoort x teldatum",
        key=("schoolsoort",),
        staging_filename_columns=(*_DUO_1A_FILENAME, FilenameColumn(
            "bestand_variant", "bestand_variant", "variant from the delivered file name (sbo_en_so or vso)")),
        columns=(
            Column("SCHOOLSOORT", "schoolsoort", "code", code_list=SCHOOLSOORT_1A),
            Column("MET_TLV_DIT_SWV", "met_tlv_dit_swv", "int", aliases=("ondersteuningsbekost_dit_swv",)),
            Column("MET_TLV_ANDER_SWV", "met_tlv_ander_swv", "int", aliases=("ondersteuningsbekost_ander_swv",)),
            Column("TOTAAL", "totaal", "int"),
        ),
    ),
    Family(
        name="duo_1a_vestigingen_po",
        filename=_swv_date("Aantallen_leerlingen_vestigingen_bo_en_sbo"),
        description="Pupils per bao/sbo vestiging of the SWV on 1 February.",
        grain="SWV x vestiging x teldatum",
        key=("vestigingscode",),
        staging_filename_columns=_DUO_1A_FILENAME,
        columns=(
            Column("VESTIGING", "vestigingscode", "code", width=6, aliases=("vestigingscode",)),
            Column("TOTAAL", "totaal", "int"),
        ),
    ),
    Family(
        name="duo_1a_vestigingen_vo",
        filename=_swv_date("Aantallen_leerlingen_vestigingen_vo"),
        description="Pupils per vo vestiging of the SWV on 1 October: Totaal (incl. VAVO partly funded, LWOO and "
        "PRO; excl. Nieuwkomers cat. 1), Nieuwkomers cat. 1 (not in Totaal), VAVO gedeeltelijk bekostigd, LWOO, PRO.",
        grain="SWV x vestiging x teldatum",
        key=("vestigingscode",),
        staging_filename_columns=_DUO_1A_FILENAME,
        columns=(
            Column("Vestiging", "vestigingscode", "code", width=6, aliases=("vestigingscode",)),
            Column("Totaal", "totaal", "int"),
            Column("Nieuwkomers", "nieuwkomers", "int"),
            Column("VAVO gedeeltelijk bekostigd", "vavo_gedeeltelijk_bekostigd", "int"),
            Column("LWOO", "lwoo", "int"),
            Column("PRO", "pro", "int"),
        ),
    ),
    # ---------------------------------------------------------------- DUO 1B (pupil level)
    Family(
        name="duo_1b_bekostigd",
        filename=_swv_date("Bekostigde_leerlingen"),
        description="Every sbo/(v)so pupil for whom this SWV pays ondersteuningsbekostiging on the teldatum.",
        grain="pupil x teldatum",
        key=("leerling_id", "inschrijvingsvolgnummer"),
        columns=(
            Column("BSN_OWN", "leerling_id", "pupil_id"),
            Column("BESCHIKKINGSNUMMER", "beschikkingsnummer", "code", nullable=True,
                   pattern=BESCHIKKINGSNUMMER_RE.pattern),
            Column("LEEFTIJD_TELDATUM", "leeftijd_teldatum", "int"),
            Column("INSTELLINGSCODE", "instellingscode", "code", width=4),
            Column("VESTIGINGSCODE", "vestigingscode", "code", width=6),
            Column("VESTIGINGSNAAM", "vestigingsnaam", "text"),
            Column("VESTIGING_SWVNUMMER", "vestiging_swv_code", "code", nullable=True, pattern=f"^{SWV_CODE_RE}$"),
            Column("VESTIGING_SWVNAAM", "vestiging_swv_naam", "text", nullable=True),
            Column("ONDERSTEUNINGSCATEGORIE", "ondersteuningscategorie", "code", code_list=ONDERSTEUNINGSCATEGORIE),
            Column("INSCHRIJVINGSVOLGNUMMER", "inschrijvingsvolgnummer", "code"),
            Column("DATUM_INSCHRIJVING", "datum_inschrijving", "date"),
            Column("DATUM_UITSCHRIJVING", "datum_uitschrijving", "date", nullable=True),
            Column("BEGIN_DATUM_TLV", "begin_datum_tlv", "date", nullable=True),
            Column("EIND_DATUM_TLV", "eind_datum_tlv", "date", nullable=True),
            Column("RESIDENTIELE_LEERLING", "residentiele_leerling", "bool"),
            Column("HOOFD_ONDERWIJSSOORT", "hoofd_onderwijssoort", "code", code_list=HOOFD_ONDERWIJSSOORT_1B),
            Column("WIJZE_VAN_BEPALING", "wijze_van_bepaling", "code", code_list=WIJZE_VAN_BEPALING),
            Column("TELDATUM", "teldatum", "date"),
            Column("SAMENWERKINGSVERBAND", "swv_code", "code", pattern=f"^{SWV_CODE_RE}$"),
        ),
    ),
    # ---------------------------------------------------------------- BRON (pupil x enrolment)
    Family(
        name="bron_inschrijvingen",
        filename=r"^BRON_inschrijvingen_(?P<datum>\d{8})\.csv$",
        description="Snapshot of all enrolments (po, wec, vo, mbo, ho) on one teldatum (1 October or 1 February).",
        grain="pupil x enrolment x teldatum",
        key=("leerling_id", "inschrijvingsvolgnummer"),
        columns=(
            Column("PEILDATUM", "teldatum", "date"),
            Column("PERSOONSGEBONDEN_NUMMER", "leerling_id", "pupil_id"),
            Column("GEBOORTEDATUM", "geboortedatum", "date"),
            Column("GESLACHT", "geslacht", "code", code_list=GESLACHT),
            Column("POSTCODE_LEERLING", "woon_pc4", "code", width=4, nullable=True),
            Column("INSCHRIJVINGSVOLGNUMMER", "inschrijvingsvolgnummer", "code"),
            Column("BRIN", "brin", "code", width=4),
            Column("VESTIGINGSCODE", "vestigingscode", "code", width=6),
            Column("SECTOR", "sector", "code", code_list=BRON_SECTOR),
            Column("ONDERWIJSSOORT", "onderwijssoort", "code", code_list=BRON_ONDERWIJSSOORT),
            Column("LEERJAAR", "leerjaar", "int", nullable=True),
            Column("MBO_NIVEAU", "mbo_niveau", "int", nullable=True),
            Column("BEKOSTIGD", "is_bekostigde_inschrijving", "bool"),
            Column("LWOO", "lwoo", "bool"),
            Column("NIEUWKOMER", "nieuwkomer", "bool"),
            Column("GEWICHT", "gewicht", "decimal", nullable=True),
            Column("OPP", "opp", "bool"),
            Column("ADVIES_VO", "advies_vo", "code", nullable=True, code_list=ADVIES_VO),
            Column("SOORT_VERBLIJF", "soort_verblijf", "code", code_list=SOORT_VERBLIJF),
            Column("TLV_SWV", "tlv_swv_code", "code", nullable=True, pattern=f"^{SWV_CODE_RE}$"),
            Column("TLV_BEKOSTIGINGSCATEGORIE", "tlv_categorie", "code", nullable=True, code_list=TLV_CATEGORIE),
            Column("TLV_BESCHIKKINGSNUMMER", "beschikkingsnummer", "code", nullable=True,
                   pattern=BESCHIKKINGSNUMMER_RE.pattern),
            Column("TLV_BEGINDATUM", "tlv_begindatum", "date", nullable=True),
            Column("TLV_EINDDATUM", "tlv_einddatum", "date", nullable=True),
            Column("SOORT_ONDERWIJS", "soort_onderwijs", "code", nullable=True, code_list=SOORT_ONDERWIJS),
            Column("UITSTROOMPROFIEL", "uitstroomprofiel", "code", nullable=True, code_list=UITSTROOMPROFIEL),
            Column("DATUM_INSCHRIJVING", "datum_inschrijving", "date"),
            Column("DATUM_UITSCHRIJVING", "datum_uitschrijving", "date", nullable=True),
        ),
    ),
    # ---------------------------------------------------------------- reference (dated snapshots)
    Family(
        name="ref_swv",
        filename=r"^swv_register_(?P<datum>\d{8})\.csv$",
        description="Register of samenwerkingsverbanden: code, name, sector (PO0001/VO0001 = national reformatorisch).",
        grain="SWV",
        key=("swv_code",),
        staging_filename_columns=_SNAPSHOT_DATUM,
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
        staging_filename_columns=_SNAPSHOT_DATUM,
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
        staging_filename_columns=_SNAPSHOT_DATUM,
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
        staging_filename_columns=_SNAPSHOT_DATUM,
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
        staging_filename_columns=_SNAPSHOT_DATUM,
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
        staging_filename_columns=_SNAPSHOT_DATUM,
        columns=(
            Column("GEMEENTECODE", "gemeentecode", "code", width=4),
            Column("GEMEENTENAAM", "gemeentenaam", "text"),
        ),
    ),
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
    # ---------------------------------------------------------------- inspectie, prognoses
    Family(
        name="inspectie",
        filename=r"^inspectie_arrangementen_(?P<datum>\d{8})\.csv$",
        description="Inspectie arrangement (basis, zwak, zeer zwak) per vestiging with date and report URL.",
        grain="vestiging x datum",
        key=("vestigingscode", "datum"),
        staging_filename_columns=_SNAPSHOT_DATUM,
        columns=(
            Column("VESTIGINGSCODE", "vestigingscode", "code", width=6),
            Column("ARRANGEMENT", "arrangement", "code", code_list=INSPECTIE_ARRANGEMENT),
            Column("DATUM", "datum", "date"),
            Column("RAPPORT_URL", "rapport_url", "text"),
        ),
    ),
    Family(
        name="prognose_po",
        filename=r"^prognose_po_(?P<datum>\d{8})\.csv$",
        description="DUO prognosis of pupils per po vestiging per future 1 October (15 years ahead).",
        grain="vestiging x jaar",
        key=("vestigingscode", "jaar"),
        staging_filename_columns=_SNAPSHOT_DATUM,
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
        staging_filename_columns=_SNAPSHOT_DATUM,
        columns=(
            Column("BRIN", "brin", "code", width=4),
            Column("ONDERWIJSTYPE", "onderwijstype", "code", code_list=PROGNOSE_VO_TYPE),
            Column("JAAR", "jaar", "int"),
            Column("AANTAL", "aantal", "int"),
        ),
    ),
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


# ---------------------------------------------------------------- DUO open onderwijsdata (real public files, as published)
SOORT_PO_OPENDATA = ("BO", "SBO", "SO", "VSO")
_LEERJAAR_MV = tuple(
    Column(f"LEER- OF VERBLIJFSJAAR {jaar} - {mv}", f"leerjaar_{jaar}_{mv.lower()}", "int")
    for jaar in range(1, 7) for mv in ("MAN", "VROUW")
)

OPENDATA_FAMILIES: tuple[Family, ...] = (
    Family(
        name="opendata_po_vestigingen",
        filename=r"^gemiddelde-afstand-tussen-woonadres-leerling-en-schoolvestiging-(?P<schooljaar>\d{4}-\d{4})\.csv$",
        description="DUO open data: pupils per po/wec vestiging (bo, sbo, so, vso) on 1 October with the mean "
        "home-school distance; Windows-1252, gemeentenummer without leading zeros, postcode without space.",
        grain="vestiging x soort_po x peildatum",
        key=("brin", "vestigingsnummer", "soort_po"),
        columns=(
            Column("PEILDATUM", "peildatum", "date"),
            Column("BRIN_NUMMER", "brin", "code", width=4),
            Column("VESTIGINGSNUMMER", "vestigingsnummer", "code", width=2),
            Column("INSTELLINGSNAAM_VESTIGING", "vestigingsnaam", "text"),
            Column("POSTCODE_VESTIGING", "postcode", "code", nullable=True, pattern=r"^\d{4} ?[A-Za-z]{2}$"),
            Column("PLAATSNAAM", "plaatsnaam", "text", nullable=True),
            Column("GEMEENTENUMMER", "gemeentecode", "code", width=4, nullable=True),
            Column("GEMEENTENAAM", "gemeentenaam", "text", nullable=True),
            Column("PROVINCIE", "provincie", "text", nullable=True),
            Column("SOORT_PO", "soort_po", "code", code_list=SOORT_PO_OPENDATA),
            Column("DENOMINATIE_VESTIGING", "denominatie", "text", nullable=True),
            Column("BEVOEGD_GEZAG_NUMMER", "bestuursnummer", "code", width=5, nullable=True),
            Column("AFSTAND", "gemiddelde_afstand_m", "decimal", nullable=True),
            Column("LEERLINGEN", "aantal_leerlingen", "int"),
        ),
    ),
    Family(
        name="opendata_vo_vestigingen_onderwijstype",
        filename=r"^leerlingen-vo-per-vestiging-naar-onderwijstype-(?P<jaar>\d{4})\.csv$",
        description="DUO open data: vo pupils on 1 October per vestiging x onderwijstype x elementcode, by leer- of "
        "verblijfsjaar 1-6 and man/vrouw (incl. praktijkonderwijs and VAVO-uitbesteed rows; no vso).",
        grain="vestiging x onderwijstype x elementcode",
        columns=(
            Column("BRIN NUMMER", "brin", "code", width=4),
            Column("VESTIGINGSNUMMER", "vestigingsnummer", "code", width=2),
            Column("INSTELLINGSNAAM VESTIGING", "vestigingsnaam", "text"),
            Column("PLAATSNAAM VESTIGING", "plaatsnaam", "text", nullable=True),
            Column("PROVINCIE VESTIGING", "provincie", "text", nullable=True),
            Column("ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR", "onderwijstype", "text"),
            Column("VMBO SECTOR", "vmbo_sector", "text", nullable=True),
            Column("AFDELING", "afdeling", "text", nullable=True),
            Column("ELEMENTCODE", "elementcode", "code", width=4),
            Column("OPLEIDINGSNAAM", "opleidingsnaam", "text", nullable=True),
            *_LEERJAAR_MV,
        ),
    ),
    Family(
        name="opendata_vestigingen",
        filename=r"^alle-vestigingen-(?P<variant>bo|vo)\.csv$",
        description="DUO open data: address list of all bo or vo vestigingen (monthly snapshot) with postcode and "
        "gemeente; further regional columns of the file are ignored.",
        grain="vestiging",
        key=("vestigingscode",),
        columns=(
            Column("PROVINCIE", "provincie", "text", nullable=True),
            Column("BEVOEGD GEZAG NUMMER", "bestuursnummer", "code", width=5, nullable=True),
            Column("BRIN NUMMER", "brin", "code", width=4),
            Column("VESTIGINGSNUMMER", "vestigingscode", "code", width=6),
            Column("VESTIGINGSNAAM", "vestigingsnaam", "text"),
            Column("STRAATNAAM", "straatnaam", "text", nullable=True),
            Column("HUISNUMMER-TOEVOEGING", "huisnummer_toevoeging", "text", nullable=True),
            Column("POSTCODE", "postcode", "code", nullable=True, pattern=r"^\d{4} ?[A-Za-z]{2}$"),
            Column("PLAATSNAAM", "plaatsnaam", "text", nullable=True),
            Column("GEMEENTENUMMER", "gemeentecode", "code", width=4, nullable=True),
            Column("GEMEENTENAAM", "gemeentenaam", "text", nullable=True),
            Column("DENOMINATIE", "denominatie", "text", nullable=True),
            Column("ONDERWIJSSTRUCTUUR", "onderwijsstructuur", "text", required=False, nullable=True),
        ),
    ),
    Family(
        name="opendata_vsv_swv",
        filename=r"^vsv-per-swv-(?P<jaar>\d{4})\.csv$",
        description="DUO open data: vo vestiging -> vo SWV (incl. VO0001 landelijk) with pupils and voortijdig "
        "schoolverlaters (vsv).",
        grain="vestiging",
        key=("brin", "vestigingsnummer"),
        columns=(
            Column("SAMENWERKINGSVERBAND_NUMMER", "swv_code", "code", pattern=f"^{SWV_CODE_RE}$"),
            Column("brin_nummer", "brin", "code", width=4),
            Column("vestigings_nummer", "vestigingsnummer", "code", width=2),
            Column("aantal_leerlingen", "aantal_leerlingen", "int"),
            Column("vsv_totaal", "vsv_totaal", "int"),
            Column("vsv_vmbo", "vsv_vmbo", "int"),
            Column("vsv_mbo", "vsv_mbo", "int"),
            Column("vsv_overig", "vsv_overig", "int"),
        ),
    ),
)
FAMILIES = FAMILIES + OPENDATA_FAMILIES

FAMILY_BY_NAME: dict[str, Family] = {f.name: f for f in FAMILIES}

# Metadata columns ingest adds to every landing row.
LOAD_METADATA = ("_source_file", "_source_sha256", "_source_row", "_loaded_at")
# Columns ingest adds from the file name where the pattern has them.
FILENAME_COLUMNS = {"swv": "bestand_swv_code", "datum": "bestand_datum", "schooljaar": "bestand_schooljaar",
                    "variant": "bestand_variant", "jaar": "bestand_jaar"}


def recognise(filename: str) -> Family | None:
    """The family whose file-name pattern matches ``filename`` (base name), or None."""
    for fam in FAMILIES:
        if fam.filename_re.match(filename):
            return fam
    return None
