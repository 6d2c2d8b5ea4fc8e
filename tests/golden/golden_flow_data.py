"""Hand-made golden flow case: 30 pupils followed over four 1 October snapshots (2021 to 2024), landing-level rows.

The regions, SWVs and schools are those of ``golden_data`` (region A = PO2401 / VO2401, B = PO2402 / VO2402,
C = PO2403 / VO2403; ``10SO00`` is the so/vso school of region A, ``30SO00`` the so school of region C). Each pupil
is written out as the state BRON shows on each 1 October: ``None`` = not in any BRON snapshot that day. A state
becomes one BRON row on that teldatum (two when the pupil is in mbo and hbo at once). A pupil keeps one enrolment
(inschrijvingsvolgnummer) while the vestiging stays the same.

Every flow category of the seven flow indicators occurs (see the comment beside each pupil):
instroom vanuit po (bao / sbo / so -> vo leerjaar 1, a repeater and an entrant from abroad left out), uitstroom
naar vo (to vmbo_havo_vwo / pro / vso), uitstroom naar vervolgonderwijs (mbo niveau, hbo, wo, ho before mbo, an
onbekostigd mbo enrolment = not found), schooladvies po / vo (boven / conform / onder advies, double advies,
zonder advies, herzien advies, vso, not in leerjaar 3, other, left education, left the SWV), verplaatsingen (within
and outside the SWV, a change of onderwijssoort within one vestiging that is no verplaatsing) and terugstroom
(sbo -> bao, so -> bao, vso -> vo), and a so pupil whose bekostigd SWV is not the SWV of its school's region.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dagster_project.contracts import FAMILY_BY_NAME
from tests.golden import golden_data

Y0, Y1, Y2, Y3 = date(2021, 10, 1), date(2022, 10, 1), date(2023, 10, 1), date(2024, 10, 1)
TELDATA = (Y0, Y1, Y2, Y3)  # schooljaren 2021-2022, 2022-2023, 2023-2024, 2024-2025
SCHOOLJAAR = {Y0: "2021-2022", Y1: "2022-2023", Y2: "2023-2024", Y3: "2024-2025"}
REFERENTIE_DATUM = golden_data.REFERENTIE_DATUM


@dataclass(frozen=True)
class S:
    """The state of one pupil on one 1 October: where BRON has the pupil enrolled and with what."""

    vestiging: str
    soort: str  # BRON onderwijssoort, upper case
    leerjaar: int | None = None  # po: groep; vo: leerjaar
    advies: str | None = None  # advies vo code (10 pro, 20 vmbo-b, 23 vmbo-k, 28 vmbo-gt, 29 gt/havo, 30 havo, ...)
    herzien: str | None = None  # herzien advies vo (written only when the BRON contract has the column)
    lwoo: bool = False
    tlv: tuple[str, str | None] | None = None  # (SWV, categorie L/M/H; None for sbo)
    soort_onderwijs: str | None = None  # (v)so: first digit = cluster
    uitstroomprofiel: str | None = None  # vso
    verblijfsjaar: int | None = None  # (v)so (written only when the BRON contract has the column)
    mbo_niveau: int | None = None
    bekostigd: bool = True
    ook: S | None = None  # a second enrolment on the same day (mbo beside hbo, or an ended one still listed)
    begin: date | None = None  # datum_inschrijving when not the enrolment's first 1 October (an ook enrolment)
    einde: date | None = None  # datum_uitschrijving (None: still enrolled)


def so(vestiging: str, swv: str, cat: str, soort_onderwijs: str, leerjaar: int | None = None, **kw) -> S:
    return S(vestiging, "SO", leerjaar, tlv=(swv, cat), soort_onderwijs=soort_onderwijs, **kw)


def vso(vestiging: str, swv: str, cat: str, soort_onderwijs: str, verblijfsjaar: int, **kw) -> S:
    return S(vestiging, "VSO", tlv=(swv, cat), soort_onderwijs=soort_onderwijs, verblijfsjaar=verblijfsjaar, **kw)


def sbo(vestiging: str, swv: str, leerjaar: int, **kw) -> S:
    return S(vestiging, "SBO", leerjaar, tlv=(swv, None), **kw)


def mbo(niveau: int, bekostigd: bool = True, vestiging: str = "40MB00") -> S:
    return S(vestiging, "MBO", 1, mbo_niveau=niveau, bekostigd=bekostigd)


# id: (geboortedatum, woon_pc4, states on Y0, Y1, Y2, Y3)
PUPILS: dict[str, tuple[date, str, tuple[S | None, S | None, S | None, S | None]]] = {
    # ---- cohort groep 8 on 1 Oct 2021 (po at Y0, vo from Y1): instroom / uitstroom Y0 -> Y1, schooladvies Y0 -> Y3
    # bao -> brugjaar, advies havo, havo leerjaar 3 at Y3: conform
    "F01": (date(2010, 3, 1), "1011", (S("10AA00", "BAO", 8, advies="30"), S("10VA00", "BRUGJAAR", 1),
                                       S("10VA00", "HAVO", 2), S("10VA00", "HAVO", 3))),
    # bao -> vmbo_gt lwoo; advies vmbo-gt, havo leerjaar 3: boven advies (change of onderwijssoort within 10VA00
    # at Y3 is no verplaatsing)
    "F02": (date(2010, 4, 1), "1011", (S("10AA00", "BAO", 8, advies="28"), S("10VA00", "VMBO_GT", 1, lwoo=True),
                                       S("10VA00", "VMBO_GT", 2, lwoo=True), S("10VA00", "HAVO", 3))),
    # bao -> vwo; advies vwo, havo leerjaar 3: onder advies
    "F03": (date(2010, 5, 1), "1012", (S("10AB00", "BAO", 8, advies="40"), S("10VA00", "VWO", 1),
                                       S("10VA00", "VWO", 2), S("10VA00", "HAVO", 3))),
    # bao -> havo; advies havo/vwo; repeats leerjaar 2: not in leerjaar 3 at Y3
    "F04": (date(2010, 6, 1), "1012", (S("10AB00", "BAO", 8, advies="31"), S("10VA00", "HAVO", 1),
                                       S("10VA00", "HAVO", 2), S("10VA00", "HAVO", 2))),
    # sbo -> pro; advies pro, pro leerjaar 3: conform
    "F05": (date(2010, 2, 1), "1011", (sbo("10AC00", "PO2401", 8, advies="10"), S("10VB00", "PRO", 1),
                                       S("10VB00", "PRO", 2), S("10VB00", "PRO", 3))),
    # so (laag) -> vso (laag, vervolgonderwijs); no advies: zonder advies; vso verblijfsjaar 3 at Y3
    "F06": (date(2010, 7, 1), "1011", (so("10SO00", "PO2401", "L", "41", 8),
                                       vso("10SO00", "VO2401", "L", "41", 1, uitstroomprofiel="VERVOLGONDERWIJS"),
                                       vso("10SO00", "VO2401", "L", "41", 2, uitstroomprofiel="VERVOLGONDERWIJS"),
                                       vso("10SO00", "VO2401", "L", "41", 3, uitstroomprofiel="VERVOLGONDERWIJS"))),
    # so (midden) -> vmbo_b lwoo; advies vmbo-b, vmbo_k leerjaar 3: boven advies
    "F07": (date(2010, 8, 1), "1012", (so("10SO00", "PO2401", "M", "32", 8, advies="20"),
                                       S("10VA00", "VMBO_B", 1, lwoo=True), S("10VA00", "VMBO_B", 2, lwoo=True),
                                       S("10VA00", "VMBO_K", 3, lwoo=True))),
    # bao -> vmbo_k; advies vmbo-k; gone at Y3 (emigrated): niet meer in het onderwijs
    "F08": (date(2010, 9, 1), "1011", (S("10AA00", "BAO", 8, advies="23"), S("10VA00", "VMBO_K", 1),
                                       S("10VA00", "VMBO_K", 2), None)),
    # bao in region B (PO2402) -> havo at 10VA00 (VO2401); moves to 20VA00 (VO2402) at Y2: verplaatsing outside
    # the SWV; havo leerjaar 3 at Y3 conform advies havo, no longer in VO2401
    "F09": (date(2010, 10, 1), "2011", (S("20AA00", "BAO", 8, advies="30"), S("10VA00", "HAVO", 1),
                                        S("20VA00", "HAVO", 2), S("20VA00", "HAVO", 3))),
    # bao -> vmbo_gt; double advies vmbo-gt/havo, vmbo_gt leerjaar 3: conform (either level)
    "F10": (date(2010, 11, 1), "1011", (S("10AA00", "BAO", 8, advies="29"), S("10VA00", "VMBO_GT", 1),
                                        S("10VA00", "VMBO_GT", 2), S("10VA00", "VMBO_GT", 3))),
    # bao without advies -> havo: zonder advies, havo leerjaar 3. Repeats groep 8 at 10AB00 after groep 8 at 10AA00,
    # which gave advies havo; the 1 October 2021 snapshot still lists that enrolment (ended 16 July 2021). The last
    # po enrolment (10AB00) has no advies, so F11 has none: the earlier school's advies does not count
    "F11": (date(2010, 12, 1), "1012", (S("10AB00", "BAO", 8,
                                          ook=S("10AA00", "BAO", 8, advies="30", begin=date(2013, 8, 22),
                                                einde=date(2021, 7, 16))),
                                        S("10VA00", "HAVO", 1), S("10VA00", "HAVO", 2), S("10VA00", "HAVO", 3))),
    # bao advies vmbo-gt herzien to havo -> havo: conform the herzien advies (boven the first one)
    "F12": (date(2011, 1, 1), "1011", (S("10AA00", "BAO", 8, advies="28", herzien="30"), S("10VA00", "HAVO", 1),
                                        S("10VA00", "HAVO", 2), S("10VA00", "HAVO", 3))),
    # bao -> vso (hoog, arbeidsmarkt); advies havo: vso at Y3 (verblijfsjaar 3)
    "F13": (date(2010, 1, 15), "1012", (S("10AA00", "BAO", 8, advies="30"),
                                        vso("10SO00", "VO2401", "H", "31", 1, uitstroomprofiel="ARBEIDSMARKT"),
                                        vso("10SO00", "VO2401", "H", "31", 2, uitstroomprofiel="ARBEIDSMARKT"),
                                        vso("10SO00", "VO2401", "H", "31", 3, uitstroomprofiel="ARBEIDSMARKT"))),
    # bao -> pro; advies vmbo-b; in mbo niveau 2 at Y3: other (not in vo)
    "F14": (date(2010, 2, 15), "1011", (S("10AA00", "BAO", 8, advies="20"), S("10VB00", "PRO", 1),
                                        S("10VB00", "PRO", 2), mbo(2))),
    # bao -> vmbo_gt, repeats leerjaar 1 (a repeater at Y2: no instroom then); advies vmbo-gt; leerjaar 2 at Y3
    "F15": (date(2010, 3, 15), "1012", (S("10AB00", "BAO", 8, advies="28"), S("10VA00", "VMBO_GT", 1),
                                        S("10VA00", "VMBO_GT", 1), S("10VA00", "VMBO_GT", 2))),
    # from abroad into havo leerjaar 1 at Y2 (not in any snapshot before): no instroom vanuit po
    "F16": (date(2011, 4, 1), "1011", (None, None, S("10VA00", "HAVO", 1), S("10VA00", "HAVO", 2))),
    # ---- vo -> vervolgonderwijs
    # havo 5 -> hbo and mbo 4 at once at Y1: counts in hbo (ho before mbo)
    "F17": (date(2004, 5, 1), "1011", (S("10VA00", "HAVO", 5), S("50HB00", "HBO", 1, ook=mbo(4)), None, None)),
    # vwo 6 -> wo at Y1
    "F18": (date(2003, 6, 1), "1012", (S("10VA00", "VWO", 6), S("60WO00", "WO", 1), None, None)),
    # vmbo_gt 4 -> mbo niveau 4 at Y1, still there at Y2 (not in po/vo any more: no flow of the vo pupils)
    "F19": (date(2005, 7, 1), "1011", (S("10VA00", "VMBO_GT", 4), mbo(4), mbo(4), None)),
    # pro 5 -> onbekostigd mbo niveau 1 at Y1: not found in bekostigd education
    "F20": (date(2004, 8, 1), "1012", (S("10VB00", "PRO", 5), mbo(1, bekostigd=False), None, None)),
    # vso (midden, vervolgonderwijs, verblijfsjaar 4) -> mbo niveau 2 at Y1
    "F21": (date(2005, 9, 1), "1011", (vso("10SO00", "VO2401", "M", "41", 4, uitstroomprofiel="VERVOLGONDERWIJS"),
                                       mbo(2), None, None)),
    # region B: vmbo_b 4 (VO2402) at Y1 -> mbo niveau 3 at Y2
    "F22": (date(2006, 10, 1), "2011", (S("20VA00", "VMBO_B", 3), S("20VA00", "VMBO_B", 4), mbo(3), None)),
    # ---- terugstroom and verplaatsingen
    # sbo groep 5 -> bao 10AB00 at Y1 (sbo -> bao within PO2401: terugstroom and a verplaatsing within the SWV)
    "F23": (date(2013, 5, 1), "1012", (sbo("10AC00", "PO2401", 5), S("10AB00", "BAO", 6), S("10AB00", "BAO", 7),
                                       S("10AB00", "BAO", 8, advies="23"))),
    # region C: so (midden) at Y1 -> bao 30AA00 at Y2 (so -> bao, PO2403)
    "F24": (date(2015, 6, 1), "3011", (None, so("30SO00", "PO2403", "M", "32", 4), S("30AA00", "BAO", 5),
                                       S("30AA00", "BAO", 6))),
    # vso (midden) at Y1 -> vmbo_b leerjaar 2 at Y2 (vso -> vo, VO2401)
    "F25": (date(2010, 11, 15), "1011", (None, vso("10SO00", "VO2401", "M", "41", 1), S("10VA00", "VMBO_B", 2),
                                         S("10VA00", "VMBO_B", 3))),
    # so 10SO00 (region A, TLV PO2401) -> so 30SO00 (region C, same TLV) at Y1: a (v)so verplaatsing
    "F26": (date(2014, 1, 1), "1011", (so("10SO00", "PO2401", "L", "41", 3), so("30SO00", "PO2401", "L", "41", 4),
                                       so("30SO00", "PO2401", "L", "41", 5), so("30SO00", "PO2401", "L", "41", 6))),
    # bao 10AB00 (PO2401) -> bao 20AA00 (PO2402) at Y1: verplaatsing outside the SWV
    "F27": (date(2014, 2, 1), "2011", (S("10AB00", "BAO", 3), S("20AA00", "BAO", 4), S("20AA00", "BAO", 5),
                                       S("20AA00", "BAO", 6))),
    # stays at bao 10AA00 all four years
    "F28": (date(2014, 3, 1), "1011", (S("10AA00", "BAO", 4), S("10AA00", "BAO", 5), S("10AA00", "BAO", 6),
                                       S("10AA00", "BAO", 7))),
    # bao 30AA00 groep 6 at Y0, gone at Y1: left bekostigd education from po
    "F29": (date(2012, 4, 1), "3011", (S("30AA00", "BAO", 6), None, None, None)),
    # ---- binnen swv-regio versus bekostigd
    # so groep 8 at 30SO00 (region C) with a TLV of PO2401 (placed outside its region by its own SWV), advies vmbo-b
    # -> vmbo_b at 30VA00 (VO2403), leerjaar 3 at Y3: instroom, uitstroom and schooladvies count it binnen
    # swv-regio (PO2403 / VO2403), terugstroom and verplaatsingen (bekostigd) at PO2401
    "F30": (date(2010, 4, 15), "1011", (so("30SO00", "PO2401", "M", "32", 8, advies="20"),
                                        S("30VA00", "VMBO_B", 1), S("30VA00", "VMBO_B", 2),
                                        S("30VA00", "VMBO_B", 3))),
}

_BRON_SECTOR = {"BAO": "PO", "SBO": "PO", "SO": "WEC", "VSO": "WEC", "MBO": "MBO", "HBO": "HO", "WO": "HO"}
_BRON_COLUMNS = {c.landing for c in FAMILY_BY_NAME["bron_inschrijvingen"].columns}


def _enrolment_numbers(pupil: str, states: tuple[S | None, ...]) -> list[tuple[int, date]]:
    """Per snapshot: (inschrijvingsvolgnummer, datum_inschrijving); a new enrolment whenever the vestiging changes."""
    numbers, volgnummer, vorige, begin = [], 0, None, None
    for teldatum, s in zip(TELDATA, states, strict=True):
        if s is None:
            numbers.append((0, teldatum))
            vorige = None
            continue
        if s.vestiging != vorige:
            volgnummer += 1
            begin = date(teldatum.year, 8, 22)
            vorige = s.vestiging
        numbers.append((volgnummer, begin))
    return numbers


def _row(pupil: str, teldatum: date, s: S, volgnummer: str, begin: date) -> dict:
    geboortedatum, woon_pc4 = PUPILS[pupil][:2]
    tlv_swv, tlv_cat = s.tlv if s.tlv else (None, None)
    row = {
        "teldatum": teldatum,
        "leerling_id": pupil,
        "geboortedatum": geboortedatum,
        "geslacht": "V" if int(pupil[1:]) % 2 else "M",
        "woon_pc4": woon_pc4,
        "inschrijvingsvolgnummer": volgnummer,
        "brin": s.vestiging[:4],
        "vestigingscode": s.vestiging,
        "sector": _BRON_SECTOR.get(s.soort, "VO"),
        "onderwijssoort": s.soort,
        "leerjaar": s.leerjaar,
        "mbo_niveau": s.mbo_niveau,
        "is_bekostigde_inschrijving": s.bekostigd,
        "lwoo": s.lwoo,
        "nieuwkomer": False,
        "gewicht": 0.0 if s.soort in ("BAO", "SBO") else None,
        "opp": False,
        "advies_vo": s.advies,
        "advies_vo_herzien": s.herzien,
        "soort_verblijf": "0",
        "tlv_swv_code": tlv_swv,
        "tlv_categorie": tlv_cat,
        "beschikkingsnummer": f"{tlv_swv}-2021-{int(pupil[1:]):05d}" if tlv_swv else None,
        "tlv_begindatum": date(2021, 8, 1) if tlv_swv else None,
        "tlv_einddatum": date(2026, 7, 31) if tlv_swv else None,
        "soort_onderwijs": s.soort_onderwijs,
        "uitstroomprofiel": s.uitstroomprofiel,
        "verblijfsjaar": s.verblijfsjaar,
        "datum_inschrijving": s.begin or begin,
        "datum_uitschrijving": s.einde,
        "bestand_datum": teldatum,
    }
    return {k: v for k, v in row.items() if k in _BRON_COLUMNS or k == "bestand_datum"}


def bron_rows() -> list[dict]:
    """Landing rows of family ``bron_inschrijvingen``: one row per pupil state per 1 October (two for F17 at Y1)."""
    rows = []
    for pupil, (_, _, states) in PUPILS.items():
        for teldatum, s, (nr, begin) in zip(TELDATA, states, _enrolment_numbers(pupil, states), strict=True):
            if s is None:
                continue
            rows.append(_row(pupil, teldatum, s, f"{pupil}-{nr}", begin))
            if s.ook is not None:
                rows.append(_row(pupil, teldatum, s.ook, f"{pupil}-{nr}b", begin))
    return rows


def landing_tables() -> dict[str, list[dict]]:
    """Every landing table of the golden flow case: its BRON rows and the reference files of ``golden_data``."""
    tables: dict[str, list[dict]] = {"bron_inschrijvingen": bron_rows()}
    for family, rows in golden_data.reference_rows().items():
        tables[family] = [{**r, "bestand_datum": REFERENTIE_DATUM} for r in rows]
    return tables
