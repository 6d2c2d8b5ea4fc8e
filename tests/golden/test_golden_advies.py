"""Schooladvies en plaatsing (po, vo) and verplaatsingen on the golden flow case, worked out by hand below.

The pupils are those of golden_flow_data.py (four 1 Octobers: Y0 = 2021 .. Y3 = 2024). Advies codes: 10 pro,
20 vmbo-b, 23 vmbo-k, 28 vmbo-gt, 29 vmbo-gt/havo (double), 30 havo, 31 havo/vwo (double), 40 vwo; the order is
pro 1 < vmbo_b 2 < vmbo_k 3 < vmbo_gt 4 < havo 5 < vwo 6.

F12 has advies 28 herzien to 30: the herzien advies wins, so havo leerjaar 3 is conform (boven the first advies).
F13 is in vso verblijfsjaar 3 at Y3: categorie vso (verblijfsjaar 3 stands in for leerjaar 3).
"""

from __future__ import annotations

import pytest

from tests.golden.golden_flow_data import Y3

pytestmark = pytest.mark.xdist_group("golden_flow")  # the golden flow warehouse is built once, on one worker

F12 = "leerjaar_3_conform_advies"
F13 = "vso"

CATEGORIEEN = ("leerjaar_3_boven_advies", "leerjaar_3_conform_advies", "leerjaar_3_onder_advies",
               "niet_in_leerjaar_3", "vso", "overig", "niet_meer_in_onderwijs", "zonder_advies")


def counts(con, mart: str, grain: str, code: str, **filters) -> dict[str, tuple[float, float]]:
    """categorie -> (teller, noemer) of one unit's rows in one filter cell (filters not given: null = all)."""
    cols = {"mart_schooladvies_po": ("po_onderwijssoort", "advies", "vo_onderwijssoort"),
            "mart_schooladvies_vo": ("vo_onderwijssoort", "nog_in_swv")}[mart]
    where = " and ".join(f"{c} = ?" if c in filters else f"{c} is null" for c in cols)
    rows = con.execute(f"select categorie, teller, noemer from marts.{mart} where grain = ? and grain_code = ? and "
                       f"{where}", [grain, code, *[filters[c] for c in cols if c in filters]]).fetchall()
    return {c: (t, n) for c, t, n in rows}


def expected(noemer: float, **tellers: int) -> dict[str, tuple[float, float]]:
    """Every categorie of a zero-filled swv cell: the given tellers, 0 elsewhere, totaal = noemer."""
    out = {c: (float(tellers.get(c, 0)), float(noemer)) for c in CATEGORIEEN}
    out["totaal"] = (float(noemer), float(noemer))
    return out


def _plus(d: dict[str, int], key: str) -> dict[str, int]:
    return {**d, key: d.get(key, 0) + 1}


# Positions at Y3 of the po leavers of PO2401 (in po at Y0, in no po enrolment at Y1; every one is in vo at Y1):
#   F01 advies havo, havo lj 3 -> conform        F08 advies vmbo-k, gone at Y3 -> niet meer in het onderwijs
#   F02 advies vmbo-gt, havo lj 3 -> boven        F10 vmbo-gt/havo, vmbo_gt lj 3 -> conform (either level)
#   F03 advies vwo, havo lj 3 -> onder            F11 no advies -> zonder advies (havo at Y3)
#   F04 havo/vwo, havo lj 2 -> niet in lj 3       F12 advies vmbo-gt herzien havo, havo lj 3 -> conform
#   F05 (sbo) advies pro, pro lj 3 -> conform     F13 advies havo, vso verblijfsjaar 3 at Y3 -> vso
#   F06 (so) no advies -> zonder advies (vso)     F14 advies vmbo-b, mbo niveau 2 at Y3 -> overig
#   F07 (so) advies vmbo-b, vmbo_k lj 3 -> boven  F15 advies vmbo-gt, repeated lj 1, lj 2 at Y3 -> niet in lj 3
# F09 left bao 20AA00 (PO2402) for vo; F29 (bao 30AA00, PO2403, no advies) is in no snapshot after Y0.
# F30 left so 30SO00 (region C, TLV PO2401) for vmbo_b at 30VA00, advies vmbo-b, vmbo_b lj 3 at Y3 -> conform; it
# is a leaver of PO2403 (so counts binnen swv-regio), not of PO2401, the SWV that funded it.
PO2401 = {"leerjaar_3_boven_advies": 2,  # F02 F07
          "leerjaar_3_conform_advies": 3,  # F01 F05 F10
          "leerjaar_3_onder_advies": 1,  # F03
          "niet_in_leerjaar_3": 2,  # F04 F15
          "overig": 1,  # F14
          "niet_meer_in_onderwijs": 1,  # F08
          "zonder_advies": 2}  # F06 F11
PO2401 = _plus(_plus(PO2401, F12), F13)  # 14 leavers


def test_one_advies_definition(golden_flow_db):
    c = golden_flow_db
    # The schooladvies that counts is one row per pupil in int_leerling_advies; the flow model carries none, so the
    # po and the vo indicator read the same advies.
    cols = [r[0] for r in c.execute("describe intermediate.int_leerling_stroom").fetchall()]
    assert "advies_po" not in cols
    advies = dict(c.execute("select leerling_id, advies from intermediate.int_leerling_advies").fetchall())
    # F09: one po enrolment, advies 30 -> havo; F12: 28 herzien to 30 -> havo (the herzien advies wins)
    assert (advies["F09"], advies["F12"]) == ("havo", "havo")
    # F11: the earlier enrolment (10AA00, ended July 2021) has advies 30, the last one (10AB00, from August 2021)
    # has none -> geen_advies; an earlier school's advies is not taken over
    assert advies["F11"] == "geen_advies"
    # F23: sbo 10AC00 without advies (Y0), then bao 10AB00 with advies 23 at Y3: the last enrolment's -> vmbo_k
    assert advies["F23"] == "vmbo_k"
    # F11 therefore counts zonder advies in both marts: po (PO2401, with F06) and vo (VO2401 havo entrants: F11 only)
    assert counts(c, "mart_schooladvies_po", "swv", "PO2401", advies="geen_advies")["zonder_advies"] == (2, 2)
    assert counts(c, "mart_schooladvies_po", "vestiging", "10AB00")["zonder_advies"][0] == 1
    assert counts(c, "mart_schooladvies_vo", "swv", "VO2401", vo_onderwijssoort="havo")["zonder_advies"] == (1, 4)
    # had it taken the earlier advies havo, F11 (havo leerjaar 3 at Y3) would be conform: PO2401 conform 4 + 1
    assert counts(c, "mart_schooladvies_po", "swv", "PO2401")["leerjaar_3_conform_advies"] == (4, 14)


def test_schooladvies_po_swv_positions(golden_flow_db):
    c = golden_flow_db
    assert sum(PO2401.values()) == 14
    assert counts(c, "mart_schooladvies_po", "swv", "PO2401") == expected(14, **PO2401)
    # PO2402: F09 advies havo, havo lj 3 at 20VA00 -> conform, 1 of 1
    assert counts(c, "mart_schooladvies_po", "swv", "PO2402") == expected(1, leerjaar_3_conform_advies=1)
    # PO2403: F29 no advies, gone -> zonder advies; F30 conform
    assert counts(c, "mart_schooladvies_po", "swv", "PO2403") == expected(2, zonder_advies=1,
                                                                          leerjaar_3_conform_advies=1)
    assert counts(c, "mart_schooladvies_po", "vestiging", "30SO00") == {
        "leerjaar_3_conform_advies": (1, 1), "totaal": (1, 1)}
    # only 2024-2025 has the snapshots t-3 (Y0) and t-2 (Y1) it needs
    assert c.execute("select distinct schooljaar, peildatum from marts.mart_schooladvies_po").fetchall() \
        == [("2024-2025", Y3)]


def test_schooladvies_po_filters(golden_flow_db):
    c = golden_flow_db
    # po_onderwijssoort so: F06 zonder advies, F07 boven -> 1 of 2 each (50 %)
    so = counts(c, "mart_schooladvies_po", "swv", "PO2401", po_onderwijssoort="so")
    assert (so["zonder_advies"], so["leerjaar_3_boven_advies"], so["totaal"]) == ((1, 2), (1, 2), (2, 2))
    # sbo: F05 conform, 1 of 1; bao: the other 14 - 2 - 1 = 11
    assert counts(c, "mart_schooladvies_po", "swv", "PO2401", po_onderwijssoort="sbo")["leerjaar_3_conform_advies"] \
        == (1, 1)
    assert counts(c, "mart_schooladvies_po", "swv", "PO2401", po_onderwijssoort="bao")["totaal"] == (11, 11)
    # advies vmbo_gt/havo (29): F10 conform, 1 of 1; advies havo (30): F01 conform, F12 (herzien) conform, F13 vso
    assert counts(c, "mart_schooladvies_po", "swv", "PO2401", advies="vmbo_gt/havo")["leerjaar_3_conform_advies"] \
        == (1, 1)
    havo = counts(c, "mart_schooladvies_po", "swv", "PO2401", advies="havo")
    assert havo["totaal"] == (3, 3)  # F01, F12 (herzien), F13
    assert havo["leerjaar_3_conform_advies"] == (2, 3)  # F01, F12
    # no advies: geen_advies F06, F11 (2 of 2 zonder advies)
    assert counts(c, "mart_schooladvies_po", "swv", "PO2401", advies="geen_advies")["zonder_advies"] == (2, 2)
    # zonder advies by where the pupil is at Y3: F06 vso, F11 havo; noemer = all 14 leavers (share of all)
    for soort in ("vso", "havo"):
        cell = counts(c, "mart_schooladvies_po", "swv", "PO2401", vo_onderwijssoort=soort)
        assert cell == {"zonder_advies": (1, 14)}, soort
    # PO2403: F29 (gone) of its 2 leavers F29, F30
    assert counts(c, "mart_schooladvies_po", "swv", "PO2403", vo_onderwijssoort="niet_in_onderwijs") \
        == {"zonder_advies": (1, 2)}


def test_schooladvies_po_vestiging_and_landelijk(golden_flow_db):
    c = golden_flow_db
    # vestiging 10SO00 (so, region A): F06 zonder advies, F07 boven
    assert counts(c, "mart_schooladvies_po", "vestiging", "10SO00") == {
        "zonder_advies": (1, 2), "leerjaar_3_boven_advies": (1, 2), "totaal": (2, 2)}
    # landelijk conform: pooled (4 + 1 + 1) / (14 + 1 + 2); mean of the SWV values
    # PO2401 conform/14, PO2402 100 %, PO2403 1/2 = 50 %
    conform = PO2401["leerjaar_3_conform_advies"]
    row = c.execute("select teller, noemer, waarde, waarde_gemiddelde_swv from marts.mart_schooladvies_po"
                    " where grain = 'landelijk' and categorie = 'leerjaar_3_conform_advies' and po_onderwijssoort is null"
                    " and advies is null and vo_onderwijssoort is null").fetchone()
    assert row[:2] == (conform + 2, 17)
    assert row[2] == pytest.approx(100 * (conform + 2) / 17)
    assert row[3] == pytest.approx((100 * conform / 14 + 100 + 50) / 3)


def test_schooladvies_vo(golden_flow_db):
    c = golden_flow_db
    # The entrants of VO2401 on Y1 (in po at Y0): F01-F15, all at 10VA00 / 10VB00 / 10SO00 (vso: F06, F13). The
    # positions are those of the po leavers plus F09 (advies havo, havo lj 3 at 20VA00 in VO2402 -> conform).
    vo2401 = _plus(PO2401, "leerjaar_3_conform_advies")
    assert counts(c, "mart_schooladvies_vo", "swv", "VO2401") == expected(15, **vo2401)
    # F16 (from abroad at Y2) and F25 (new in vso at Y1) did not come from po; F30 entered vmbo_b at 30VA00
    # (VO2403) from so, advies vmbo-b, vmbo_b lj 3 at Y3 -> conform, still in VO2403
    assert counts(c, "mart_schooladvies_vo", "swv", "VO2403") == expected(1, leerjaar_3_conform_advies=1)
    assert counts(c, "mart_schooladvies_vo", "swv", "VO2403", nog_in_swv="ja")["totaal"] == (1, 1)
    assert c.execute("select distinct swv_code from marts.mart_schooladvies_vo where grain = 'swv'"
                     " order by swv_code").fetchall() == [("VO2401",), ("VO2403",)]
    # nog_in_swv nee: F08 (gone), F09 (VO2402), F14 (mbo) = 3; ja: 15 - 3 = 12 (F06, F13 in vso 10SO00 = VO2401)
    nee = counts(c, "mart_schooladvies_vo", "swv", "VO2401", nog_in_swv="nee")
    assert nee["totaal"] == (3, 3)
    assert (nee["niet_meer_in_onderwijs"], nee["leerjaar_3_conform_advies"], nee["overig"]) == ((1, 3),) * 3
    assert counts(c, "mart_schooladvies_vo", "swv", "VO2401", nog_in_swv="ja")["totaal"] == (12, 12)
    # entered havo on Y1: F04 (niet in lj 3), F09 (conform), F11 (zonder advies), F12 = 4
    havo = counts(c, "mart_schooladvies_vo", "swv", "VO2401", vo_onderwijssoort="havo")
    assert havo["totaal"] == (4, 4)
    assert havo["zonder_advies"] == (1, 4)
    assert havo["leerjaar_3_conform_advies"] == (2, 4)  # F09, F12
    # entered vso on Y1: F06 zonder advies, F13
    vso = counts(c, "mart_schooladvies_vo", "swv", "VO2401", vo_onderwijssoort="vso")
    assert (vso["totaal"], vso["zonder_advies"], vso[F13]) == ((2, 2), (1, 2), (1, 2))


def verplaatsingen(con, grain: str, code: str, schooljaar: str) -> dict[tuple, tuple[float, float]]:
    rows = con.execute("select categorie, herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie, teller, noemer"
                       " from marts.mart_verplaatsingen where grain = ? and grain_code = ? and schooljaar = ?",
                       [grain, code, schooljaar]).fetchall()
    return {tuple(r[:4]): (r[4], r[5]) for r in rows}


def test_verplaatsingen_po(golden_flow_db):
    c = golden_flow_db
    # Y0 -> Y1 (2022-2023), po: F23 sbo 10AC00 -> bao 10AB00 (both PO2401), F26 so 10SO00 -> so 30SO00 (funded by
    # PO2401 on both days), F27 bao 10AB00 (PO2401) -> bao 20AA00 (PO2402). F01-F15 po -> vo: never a verplaatsing.
    # naar noemer = PO2401's pupils at Y1: bao F23 F28 = 2, so F26 = 1; vanaf noemer at Y0: bao F01-F04, F08,
    # F10-F15, F27, F28 = 13, sbo F05 F23 = 2, so F06 F07 F26 and F30 = 4 ((v)so at the SWV that funds them: F30
    # is at 30SO00 in region C with a TLV of PO2401)
    assert verplaatsingen(c, "swv", "PO2401", "2022-2023") == {
        ("naar_mijn_scholen", "sbo", "bao", "binnen_swv"): (1, 2),
        ("naar_mijn_scholen", "so", "so", "binnen_swv"): (1, 1),
        ("naar_mijn_scholen", "bao", "bao", "buiten_swv"): (0, 2),  # zero-filled: PO2401 has bao pupils at Y1
        ("vanaf_mijn_scholen", "sbo", "bao", "binnen_swv"): (1, 2),
        ("vanaf_mijn_scholen", "so", "so", "binnen_swv"): (1, 4),
        ("vanaf_mijn_scholen", "bao", "bao", "buiten_swv"): (1, 13),
    }
    # PO2402 at Y1 has one bao pupil (F27), at Y0 one bao pupil (F09) and no sbo / so pupils
    assert verplaatsingen(c, "swv", "PO2402", "2022-2023") == {
        ("naar_mijn_scholen", "bao", "bao", "buiten_swv"): (1, 1),
        ("naar_mijn_scholen", "sbo", "bao", "binnen_swv"): (0, 1),
        ("vanaf_mijn_scholen", "bao", "bao", "buiten_swv"): (0, 1),
    }
    # vestiging grain: only non-empty cells; 10AB00 at Y0 had bao F03 F04 F11 F15 F27 = 5, at Y1 bao F23 = 1
    assert verplaatsingen(c, "vestiging", "10AB00", "2022-2023") == {
        ("naar_mijn_scholen", "sbo", "bao", "binnen_swv"): (1, 1),
        ("vanaf_mijn_scholen", "bao", "bao", "buiten_swv"): (1, 5),
    }
    # landelijk naar sbo -> bao: pooled 1 / (2 + 1) ; mean of PO2401 50 % and PO2402 0 % = 25 %
    row = c.execute("select teller, noemer, waarde, waarde_gemiddelde_swv from marts.mart_verplaatsingen"
                    " where grain = 'landelijk' and schooljaar = '2022-2023' and categorie = 'naar_mijn_scholen'"
                    " and herkomst_onderwijssoort = 'sbo'").fetchone()
    assert row[:2] == (1, 3)
    assert row[2] == pytest.approx(100 / 3)
    assert row[3] == pytest.approx(25.0)


def test_verplaatsingen_vo_and_no_move_within_a_vestiging(golden_flow_db):
    c = golden_flow_db
    # Y1 -> Y2 (2023-2024), vo: F09 havo 10VA00 (VO2401) -> havo 20VA00 (VO2402); F25 vso 10SO00 (funded VO2401)
    # -> vmbo_b 10VA00 (VO2401). naar noemer: VO2401 vmbo_b at Y2 F07 F25 = 2; vanaf noemer at Y1: havo F04 F09
    # F11 F12 = 4, vso F06 F13 F25 = 3
    got = verplaatsingen(c, "swv", "VO2401", "2023-2024")
    assert got[("naar_mijn_scholen", "vso", "vmbo_b", "binnen_swv")] == (1, 2)
    assert got[("vanaf_mijn_scholen", "vso", "vmbo_b", "binnen_swv")] == (1, 3)
    assert got[("vanaf_mijn_scholen", "havo", "havo", "buiten_swv")] == (1, 4)
    assert verplaatsingen(c, "swv", "VO2402", "2023-2024")[("naar_mijn_scholen", "havo", "havo", "buiten_swv")] \
        == (1, 1)
    # po in 2023-2024: F24 so 30SO00 -> bao 30AA00, both PO2403
    assert verplaatsingen(c, "swv", "PO2403", "2023-2024") == {
        ("naar_mijn_scholen", "so", "bao", "binnen_swv"): (1, 1),
        ("vanaf_mijn_scholen", "so", "bao", "binnen_swv"): (1, 1),
    }
    # Y2 -> Y3: F02 vmbo_gt -> havo, F03 vwo -> havo and F07 vmbo_b -> vmbo_k stay at 10VA00; nobody else moves:
    # no verplaatsing in 2024-2025 at all
    assert c.execute("select count(*) from marts.mart_verplaatsingen where schooljaar = '2024-2025'").fetchone() \
        == (0,)
    # a verplaatsing never crosses po -> vo
    assert c.execute("select count(*) from marts.mart_verplaatsingen where herkomst_onderwijssoort in"
                     " ('bao', 'sbo', 'so') and bestemming_onderwijssoort not in ('bao', 'sbo', 'so')").fetchone() \
        == (0,)
