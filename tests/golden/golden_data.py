"""Hand-made golden data set: 36 pupils, 3 po + 3 vo SWVs, schooljaren 2023-2024 and 2024-2025, landing-level rows.

Read this file top to bottom: regions, schools, pupils and their enrolments are written out so the expected indicator
values in ``test_golden_indicators.py`` can be worked out by hand. BRON snapshots are not listed per teldatum: an
enrolment is in the snapshot of teldatum ``d`` when ``van <= d`` and (``tot`` is empty or ``d < tot``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

T1 = date(2023, 10, 1)  # 1 oktober, schooljaar 2023-2024
F1 = date(2024, 2, 1)  # 1 februari, schooljaar 2023-2024
T2 = date(2024, 10, 1)  # 1 oktober, schooljaar 2024-2025
F2 = date(2025, 2, 1)  # 1 februari, schooljaar 2024-2025
TELDATA = (T1, F1, T2, F2)
REFERENTIE_DATUM = date(2024, 12, 1)  # delivery date of every reference and prognose file

# ------------------------------------------------------------------------------ reference: SWVs and regions
SWV_REGISTER = [  # swv_code, swv_naam, sector
    ("PO2401", "SWV Amstel PO", "PO"),
    ("PO2402", "SWV Rijn PO", "PO"),
    ("PO2403", "SWV Maas PO", "PO"),
    ("VO2401", "SWV Amstel VO", "VO"),
    ("VO2402", "SWV Rijn VO", "VO"),
    ("VO2403", "SWV Maas VO", "VO"),
    ("PO0001", "SWV Reformatorisch PO", "PO"),  # national, no region
    ("VO0001", "SWV Reformatorisch VO", "VO"),
]

REGIO_INDELING = [  # pc4, gemeente, po_swv, vo_swv   (region A = 10xx, B = 20xx, C = 30xx)
    ("1011", "Amstelstad", "PO2401", "VO2401"),
    ("1012", "Amstelstad", "PO2401", "VO2401"),
    ("2011", "Rijndorp", "PO2402", "VO2402"),
    ("2012", "Rijndorp", "PO2402", "VO2402"),
    ("3011", "Maashaven", "PO2403", "VO2403"),
    ("3012", "Maashaven", "PO2403", "VO2403"),
    ("9999", "Europoort", None, None),  # no SWV
]
GEMEENTEN = [("0001", "Amstelstad"), ("0002", "Rijndorp"), ("0003", "Maashaven"), ("0099", "Europoort")]
GEMEENTE_VAN_PC4 = {"10": "0001", "20": "0002", "30": "0003", "99": "0099"}

APC_POSTCODES = [("1012", 2023), ("1012", 2024), ("3012", 2023), ("3012", 2024)]  # apc-gebieden per jaar

CLUSTER12_INSTELLINGEN = [("21KE", "Kentalis Rijn", 2), ("31VI", "Visio Maas", 1)]

# ------------------------------------------------------------------------------ reference: vestigingen
VESTIGINGEN = [  # code, naam, schoolsoort, postcode, swv_code (member SWV; empty for (v)so), cluster
    ("10AA00", "Bao De Aap", "BAO", "1011 AB", "PO2401", None),
    ("10AB00", "Bao De Beer", "BAO", "1012 CD", "PO2401", None),
    ("10AC00", "Sbo De Cirkel", "SBO", "1011 EF", "PO2401", None),
    ("20AA00", "Bao Rijnoever", "BAO", "2011 AB", "PO2402", None),
    ("20AC00", "Sbo Rijnpoort", "SBO", "2011 CD", "PO2402", None),
    ("30AA00", "Bao Maaskant", "BAO", "3011 AB", "PO2403", None),
    ("10SO00", "SO VSO Amstelborg", "SO_VSO", "1011 GH", None, None),  # region A: PO2401 / VO2401
    ("30SO00", "SO Maasduin", "SO", "3011 CD", None, None),  # region C: PO2403
    ("21KE00", "Kentalis Rijn", "SO_VSO", "2012 AB", None, 2),  # cluster 2, region B
    ("31VI00", "Visio Maas", "SO", "3012 AB", None, 1),  # cluster 1, region C
    ("10VA00", "Amstel Lyceum", "VO", "1011 KL", "VO2401", None),
    ("10VA01", "Amstel Lyceum locatie Rijn", "VO", "2012 CD", "VO2402", None),  # same instelling 10VA, other SWV
    ("10VB00", "Praktijkschool Amstel", "VO", "1012 EF", "VO2401", None),
    ("20VA00", "Rijn College", "VO", "2011 EF", "VO2402", None),
    ("30VA00", "Maas Scholengemeenschap", "VO", "3011 EF", "VO2403", None),
]

# ------------------------------------------------------------------------------ prognoses (DUO, delivered 2024-12-01)
PROGNOSE_PO = [  # vestigingscode, jaar (1 October of), aantal
    ("10AA00", 2024, 99),  # not a future year: ignored
    ("10AA00", 2025, 4), ("10AA00", 2026, 3),
    ("10AA00", 2040, 50),  # more than 15 years ahead of 2024: ignored
    ("10AB00", 2025, 2), ("10AB00", 2026, 3),
    ("20AA00", 2025, 3), ("20AA00", 2026, 6),
    ("30AA00", 2025, 1), ("30AA00", 2026, 2),
]
PROGNOSE_VO = [  # brin, onderwijstype, jaar, aantal
    ("10VA", "VMBO_HAVO_VWO", 2025, 11), ("10VA", "VMBO_HAVO_VWO", 2026, 22),
    ("10VB", "PRO", 2025, 3), ("10VB", "PRO", 2026, 2),
    ("20VA", "VMBO_HAVO_VWO", 2025, 2), ("20VA", "VMBO_HAVO_VWO", 2026, 1),
    ("30VA", "VMBO_HAVO_VWO", 2025, 3), ("30VA", "VMBO_HAVO_VWO", 2026, 4),
    ("30VA", "PRO", 2025, 1), ("30VA", "PRO", 2026, 2),
]

# ------------------------------------------------------------------------------ pupils
PUPILS = {  # id: (geboortedatum, woon_pc4)
    "P01": (date(2016, 5, 1), "1011"), "P02": (date(2017, 3, 1), "1012"), "P03": (date(2015, 6, 1), "1012"),
    "P04": (date(2018, 9, 15), "2011"), "P05": (date(2014, 11, 20), "1011"), "P06": (date(2013, 1, 10), "1012"),
    "P07": (date(2016, 2, 15), "1011"), "P08": (date(2019, 1, 5), "2011"), "P09": (date(2012, 3, 3), "2012"),
    "P10": (date(2017, 7, 7), "2011"), "P11": (date(2015, 10, 10), "2011"), "P12": (date(2016, 12, 12), "3011"),
    "P13": (date(2011, 4, 4), "3012"), "P14": (date(2014, 5, 5), "2011"), "P15": (date(2017, 1, 1), "1011"),
    "P16": (date(2017, 4, 1), "3011"), "P17": (date(2015, 9, 9), "3012"), "P18": (date(2016, 6, 6), "1011"),
    "P19": (date(2018, 3, 3), "2012"), "P20": (date(2020, 8, 1), "1011"),
    "V01": (date(2010, 1, 1), "1011"), "V02": (date(2009, 5, 5), "1012"), "V03": (date(2011, 2, 2), "1012"),
    "V04": (date(2010, 3, 3), "1012"), "V05": (date(2011, 4, 4), "1011"), "V06": (date(2006, 6, 6), "1011"),
    "V07": (date(2012, 7, 7), "2012"), "V08": (date(2011, 8, 8), "2011"), "V09": (date(2010, 9, 9), "2012"),
    "V10": (date(2008, 10, 10), "3012"), "V11": (date(2009, 11, 11), "3011"), "V12": (date(2011, 12, 12), "3011"),
    "V13": (date(2009, 1, 13), "2011"), "V14": (date(2010, 2, 14), "1011"), "V15": (date(2011, 3, 15), "1012"),
    "V16": (date(2012, 4, 16), "3011"),
}


@dataclass(frozen=True)
class Tlv:
    swv: str
    categorie: str | None  # L / M / H; None for an sbo TLV
    begin: date = date(2022, 8, 1)
    eind: date = date(2026, 7, 31)
    volgnummer: int = 1


@dataclass(frozen=True)
class Enrolment:
    pupil: str
    vestiging: str
    onderwijssoort: str  # BRON code, upper case
    van: date = date(2022, 8, 22)
    tot: date | None = None
    tlv: Tlv | None = None
    soort_onderwijs: str | None = None  # (v)so: first digit = cluster
    gewicht: float | None = None  # po: 0 / 0.3 / 1.2
    lwoo: bool = False
    soort_verblijf: str = "0"  # 3-6 = residentieel
    volgnummer: int = 1


D = date
ENROLMENTS = [
    # --- po, region A (PO2401)
    Enrolment("P01", "10AA00", "BAO", gewicht=0.0),
    Enrolment("P02", "10AA00", "BAO", gewicht=0.3),
    Enrolment("P03", "10AB00", "BAO", gewicht=1.2),
    Enrolment("P04", "10AB00", "BAO", gewicht=0.0),  # lives in region B (2011), goes to school in region A
    Enrolment("P05", "10AA00", "BAO", van=D(2020, 8, 20), tot=D(2024, 7, 12), gewicht=0.0),  # bao -> sbo in summer 2024
    Enrolment("P05", "10AC00", "SBO", van=D(2024, 8, 19), tlv=Tlv("PO2401", None, D(2024, 8, 1), D(2026, 7, 31), 5),
              gewicht=0.0, volgnummer=2),
    Enrolment("P06", "10AC00", "SBO", tlv=Tlv("PO2401", None, volgnummer=6), gewicht=0.3),
    Enrolment("P07", "10AB00", "BAO", tot=D(2025, 1, 6), gewicht=0.0),  # bao -> sbo between 1 Oct 2024 and 1 Feb 2025
    Enrolment("P07", "10AC00", "SBO", van=D(2025, 1, 6), tlv=Tlv("PO2401", None, D(2025, 1, 6), D(2027, 7, 31), 7),
              gewicht=0.0, volgnummer=2),
    Enrolment("P20", "10AA00", "BAO", van=D(2024, 8, 19), gewicht=0.0),  # new pupil in 2024-2025
    # --- po, region B (PO2402)
    Enrolment("P08", "20AA00", "BAO", gewicht=0.3),
    Enrolment("P09", "20AA00", "BAO", gewicht=0.0),
    Enrolment("P10", "20AA00", "BAO", gewicht=1.2),
    Enrolment("P11", "20AC00", "SBO", tot=D(2025, 1, 6), tlv=Tlv("PO2402", None, volgnummer=11),
              gewicht=0.0),  # leaves sbo (and education in the data set) between 1 Oct 2024 and 1 Feb 2025
    # --- po, region C (PO2403)
    Enrolment("P12", "30AA00", "BAO", gewicht=0.0),
    Enrolment("P13", "30AA00", "BAO", gewicht=0.3),
    # --- so (cluster 3/4, TLV)
    Enrolment("P14", "10SO00", "SO", tlv=Tlv("PO2402", "H", volgnummer=14), soort_onderwijs="31",
              soort_verblijf="4"),  # lives in B, funded by PO2402 with TLV, school in region A, residentieel
    Enrolment("P15", "10SO00", "SO", tlv=Tlv("PO2401", "L", volgnummer=15), soort_onderwijs="41"),
    Enrolment("P16", "30AA00", "BAO", tot=D(2023, 12, 1), gewicht=0.0),  # bao -> so between 1 Oct 2023 and 1 Feb 2024
    Enrolment("P16", "30SO00", "SO", van=D(2023, 12, 1), tlv=Tlv("PO2403", "M", D(2023, 11, 15), D(2025, 7, 31), 16),
              soort_onderwijs="32", volgnummer=2),
    Enrolment("P17", "10SO00", "SO", tot=D(2025, 1, 6), tlv=Tlv("PO2403", "M", volgnummer=17),
              soort_onderwijs="32"),  # so in A -> so in C: already in so on 1 Oct, not new on 1 Feb 2025
    Enrolment("P17", "30SO00", "SO", van=D(2025, 1, 6), tlv=Tlv("PO2403", "M", volgnummer=17), soort_onderwijs="32",
              volgnummer=2),
    # --- so cluster 1 and 2 (no TLV: not funded by a SWV)
    Enrolment("P18", "21KE00", "SO", soort_onderwijs="21"),
    Enrolment("P19", "31VI00", "SO", van=D(2024, 8, 19), soort_onderwijs="11"),
    # --- vo, region A (VO2401); instelling 10VA also has a location in region B (10VA01, VO2402)
    Enrolment("V01", "10VA00", "VWO"),
    Enrolment("V02", "10VA00", "HAVO"),
    Enrolment("V03", "10VA00", "VMBO_GT", lwoo=True),
    Enrolment("V04", "10VB00", "PRO"),
    Enrolment("V05", "10VB00", "PRO"),
    Enrolment("V06", "10VA00", "VAVO", van=D(2024, 8, 19)),  # VAVO counts 1/2, only in 2024-2025
    Enrolment("V15", "10VA00", "VMBO_B", tot=D(2025, 1, 6)),  # vmbo -> vso between 1 Oct 2024 and 1 Feb 2025
    Enrolment("V15", "10SO00", "VSO", van=D(2025, 1, 6), tlv=Tlv("VO2401", "L", D(2025, 1, 6), D(2027, 7, 31), 15),
              soort_onderwijs="41", volgnummer=2),
    # --- vo, region B (VO2402)
    Enrolment("V07", "10VA01", "BRUGJAAR"),
    Enrolment("V08", "20VA00", "VMBO_B", lwoo=True),
    Enrolment("V09", "20VA00", "VMBO_K"),
    # --- vo, region C (VO2403)
    Enrolment("V10", "30VA00", "HAVO"),
    Enrolment("V11", "30VA00", "PRO"),
    Enrolment("V12", "30VA00", "VMBO_GT"),
    # --- vso
    Enrolment("V13", "10SO00", "VSO", tlv=Tlv("VO2402", "M", volgnummer=13), soort_onderwijs="41",
              soort_verblijf="4"),  # lives in B, funded by VO2402, school in region A, residentieel
    Enrolment("V14", "10SO00", "VSO", tlv=Tlv("VO2401", "H", volgnummer=14), soort_onderwijs="31"),
    Enrolment("V16", "21KE00", "VSO", soort_onderwijs="22"),  # cluster 2, lives in C
]

_BRON_SECTOR = {"BAO": "PO", "SBO": "PO", "SO": "WEC", "VSO": "WEC"}
_SCHOOLSOORT = {v[0]: v for v in VESTIGINGEN}


def active(enrolment: Enrolment, teldatum: date) -> bool:
    """Whether the enrolment is in the BRON snapshot of ``teldatum``."""
    return enrolment.van <= teldatum and (enrolment.tot is None or teldatum < enrolment.tot)


def bron_rows() -> list[dict]:
    """Landing rows of family ``bron_inschrijvingen`` (one snapshot per teldatum), landing column names."""
    rows = []
    for teldatum in TELDATA:
        for e in ENROLMENTS:
            if not active(e, teldatum):
                continue
            geboortedatum, woon_pc4 = PUPILS[e.pupil]
            t = e.tlv
            rows.append({
                "teldatum": teldatum,
                "leerling_id": e.pupil,
                "geboortedatum": geboortedatum,
                "geslacht": "V" if int(e.pupil[1:]) % 2 else "M",
                "woon_pc4": woon_pc4,
                "inschrijvingsvolgnummer": f"{e.pupil}-{e.volgnummer}",
                "brin": e.vestiging[:4],
                "vestigingscode": e.vestiging,
                "sector": _BRON_SECTOR.get(e.onderwijssoort, "VO"),
                "onderwijssoort": e.onderwijssoort,
                "leerjaar": None,
                "mbo_niveau": None,
                "is_bekostigde_inschrijving": True,
                "lwoo": e.lwoo,
                "nieuwkomer": False,
                "gewicht": e.gewicht,
                "opp": False,
                "advies_vo": None,
                "soort_verblijf": e.soort_verblijf,
                "tlv_swv_code": t.swv if t else None,
                "tlv_categorie": t.categorie if t else None,
                "beschikkingsnummer": f"{t.swv}-{t.begin.year}-{t.volgnummer:05d}" if t else None,
                "tlv_begindatum": t.begin if t else None,
                "tlv_einddatum": t.eind if t else None,
                "soort_onderwijs": e.soort_onderwijs,
                "uitstroomprofiel": None,
                "datum_inschrijving": e.van,
                "datum_uitschrijving": e.tot,
            })
    return rows


def reference_rows() -> dict[str, list[dict]]:
    """Landing rows of the reference and prognose families, keyed by family name."""
    return {
        "ref_swv": [{"swv_code": c, "swv_naam": n, "sector": s} for c, n, s in SWV_REGISTER],
        "ref_regio_indeling": [{"pc4": p, "gemeentenaam": g, "po_swv_code": po, "vo_swv_code": vo}
                               for p, g, po, vo in REGIO_INDELING],
        "ref_gemeenten": [{"gemeentecode": c, "gemeentenaam": n} for c, n in GEMEENTEN],
        "ref_apc_postcodes": [{"pc4": p, "jaar": j} for p, j in APC_POSTCODES],
        "ref_cluster12": [{"brin": b, "instellingsnaam": n, "cluster": c} for b, n, c in CLUSTER12_INSTELLINGEN],
        "ref_vestigingen": [
            {"vestigingscode": code, "brin": code[:4], "vestigingsnaam": naam, "schoolsoort": soort,
             "postcode": pc, "gemeentecode": GEMEENTE_VAN_PC4[pc[:2]],
             "gemeentenaam": dict(GEMEENTEN)[GEMEENTE_VAN_PC4[pc[:2]]], "bestuursnummer": "10000",
             "swv_code": swv, "cluster": cluster}
            for code, naam, soort, pc, swv, cluster in VESTIGINGEN
        ],
        "prognose_po": [{"vestigingscode": v, "jaar": j, "aantal": a} for v, j, a in PROGNOSE_PO],
        "prognose_vo": [{"brin": b, "onderwijstype": t, "jaar": j, "aantal": a} for b, t, j, a in PROGNOSE_VO],
    }
