"""DUO open onderwijsdata: real public files, as published (Windows-1252, DUO's own headers)."""

from __future__ import annotations

from dagster_project.contracts.base import SWV_CODE_RE, Column, Family

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
