"""The BRON extract: one snapshot of all enrolments (po, wec, vo, mbo, ho) per teldatum, pupil level."""

from __future__ import annotations

from dagster_project.contracts.base import BESCHIKKINGSNUMMER_RE, SWV_CODE_RE, Column, Family

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
ADVIES_VO = ("10", "20", "21", "23", "24", "28", "29", "30", "31", "40", "50", "80", "90")
# 10 pro, 20 vmbo-b, 21 vmbo-b/k, 23 vmbo-k, 24 vmbo-k/gt, 28 vmbo-gt, 29 vmbo-gt/havo, 30 havo,
# 31 havo/vwo, 40 vwo; 50 vso, 80 geen advies mogelijk, 90 onbekend.
# The code values are our reading of the BRON code list (the level digit first, non-level advice above 40); the
# official list could not be checked here, so 50 / 80 / 90 are to be verified against a real BRON extract.
ADVIES_VO_NIET_NIVEAU = ("50", "80", "90")  # advies without a vo level: vso, geen advies mogelijk, onbekend
UITSTROOMPROFIEL = ("VERVOLGONDERWIJS", "ARBEIDSMARKT", "DAGBESTEDING")
GESLACHT = ("M", "V", "O")

BRON_FAMILIES: tuple[Family, ...] = (
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
            Column("ADVIES_VO_HERZIEN", "advies_vo_herzien", "code", required=False, nullable=True,
                   code_list=ADVIES_VO,
                   description="heroverwogen (revised) advies vo after the doorstroomtoets; when present it wins "
                               "over advies_vo (same code list; empty when the advies was not revised)"),
            Column("SOORT_VERBLIJF", "soort_verblijf", "code", code_list=SOORT_VERBLIJF),
            Column("TLV_SWV", "tlv_swv_code", "code", nullable=True, pattern=f"^{SWV_CODE_RE}$"),
            Column("TLV_BEKOSTIGINGSCATEGORIE", "tlv_categorie", "code", nullable=True, code_list=TLV_CATEGORIE),
            Column("TLV_BESCHIKKINGSNUMMER", "beschikkingsnummer", "code", nullable=True,
                   pattern=BESCHIKKINGSNUMMER_RE.pattern),
            Column("TLV_BEGINDATUM", "tlv_begindatum", "date", nullable=True),
            Column("TLV_EINDDATUM", "tlv_einddatum", "date", nullable=True),
            Column("SOORT_ONDERWIJS", "soort_onderwijs", "code", nullable=True, code_list=SOORT_ONDERWIJS),
            Column("UITSTROOMPROFIEL", "uitstroomprofiel", "code", nullable=True, code_list=UITSTROOMPROFIEL),
            Column("VERBLIJFSJAAR", "verblijfsjaar", "int", required=False, nullable=True,
                   description="so/vso enrolments: school year of stay in that onderwijssoort (1 = first school "
                               "year in so, resp. vso); empty elsewhere"),
            Column("DATUM_INSCHRIJVING", "datum_inschrijving", "date"),
            Column("DATUM_UITSCHRIJVING", "datum_uitschrijving", "date", nullable=True),
        ),
    ),
)
