"""DUO 1A (counts per SWV, vestiging and teldatum) and DUO 1B (every pupil the SWV funds) as delivered to a SWV."""

from __future__ import annotations

from dagster_project.contracts.base import BESCHIKKINGSNUMMER_RE, SWV_CODE_RE, Column, Family, FilenameColumn

SCHOOLSOORT_1A = ("SBO", "SO", "VSO")
ONDERSTEUNINGSCATEGORIE = ("SBO", "SO_VSO_LAAG", "SO_VSO_MIDDE", "SO_VSO_HOOG")
WIJZE_VAN_BEPALING = ("TLV", "WOONPLAATS", "VORIGE_INSCHRIJVING")
HOOFD_ONDERWIJSSOORT_1B = ("SBO", "SO", "VSO")


def _swv_date(prefix: str) -> str:
    return rf"^{prefix}_(?P<swv>{SWV_CODE_RE})_(?P<datum>\d{{1,2}}_\d{{1,2}}_\d{{4}})\.csv$"


def _counts(*headers: str) -> tuple[Column, ...]:
    return tuple(Column(h, h.lower(), "int") for h in headers)


# the SWV and teldatum of a 1A file are in its name only: staging makes them record columns
_SWV_FROM_FILENAME = FilenameColumn("bestand_swv_code", "swv_code",
                                    "SWV the file was delivered for (from the file name, e.g. PO2401)", not_null=True)
_TELDATUM_FROM_FILENAME = FilenameColumn("bestand_datum", "teldatum",
                                         "teldatum (count date) of the file (from the file name)", not_null=True)
_DUO_1A_FILENAME = (_SWV_FROM_FILENAME, _TELDATUM_FROM_FILENAME)

_CATS = [f"AANTAL_{niveau}_{soort}" for niveau in ("HOOG", "MIDDEN", "LAAG") for soort in ("TLV", "RP", "OVERIG")]

DUO_FAMILIES: tuple[Family, ...] = (
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
)
