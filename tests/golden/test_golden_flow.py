"""The flow model and the flow marts reproduce the golden flow case (golden_flow_data.py), worked out by hand below.

Pupils in po/vo on each 1 October (Y0 = 2021 .. Y3 = 2024; mbo/hbo/wo are not po/vo):
  Y0: F01-F15 (15), F17-F22 (6), F23 F26 F27 F28 F29 (5), F30         = 27
  Y1: F01-F15 (15), F22, F23-F28 (6), F30                            = 23   (F17-F21 in mbo/hbo/wo or gone)
  Y2: F01-F15 (15), F16, F23-F28 (6), F30                            = 23   (F22 in mbo)
  Y3: F01-F07 (7), F09-F13 (5), F15, F16, F23-F28 (6), F30           = 21   (F08 gone, F14 in mbo)
"""

from __future__ import annotations

import pytest

from tests.golden.golden_flow_data import Y0, Y1, Y2, Y3

pytestmark = pytest.mark.xdist_group("golden_flow")  # one worker builds the golden flow warehouse once


def statuses(con, jaren: int) -> dict[tuple, int]:
    rows = con.execute("select teldatum, stroom_status, count(*) from intermediate.int_leerling_stroom"
                       " where jaren = ? group by all", [jaren]).fetchall()
    return {(t, s): n for t, s, n in rows}


def flow(con, pupil: str, teldatum, jaren: int = 1) -> dict:
    rel = con.execute("select * from intermediate.int_leerling_stroom where leerling_id = ? and teldatum = ?"
                      " and jaren = ?", [pupil, teldatum, jaren])
    cols = [d[0] for d in rel.description]
    rows = rel.fetchall()
    assert len(rows) == 1, (pupil, teldatum, jaren, rows)
    return dict(zip(cols, rows[0], strict=True))


def test_flow_balance_one_year(golden_flow_db):
    got = statuses(golden_flow_db, 1)
    # Y0 -> Y1: found in po/vo = F01-F15, F22, F23, F26, F27, F28, F30 = 21; vervolgonderwijs F17 F18 F19 F21 = 4;
    # left bekostigd education F20 (onbekostigd mbo) and F29 = 2; 21 + 4 + 2 = 27 pupils at Y0.
    # New at Y1: F24 F25 = 2; 21 + 2 = 23 pupils at Y1.
    assert got[(Y1, "po_vo")] == 21
    assert got[(Y1, "vervolgonderwijs")] == 4
    assert got[(Y1, "uit_bekostigd_onderwijs")] == 2
    assert got[(Y1, "nieuw")] == 2
    # Y1 -> Y2: po/vo F01-F15, F23-F28, F30 = 22, vervolg F22 = 1 (23 at Y1); nieuw F16 (22 + 1 = 23 at Y2)
    assert got[(Y2, "po_vo")] == 22
    assert got[(Y2, "vervolgonderwijs")] == 1
    assert got[(Y2, "nieuw")] == 1
    assert (Y2, "uit_bekostigd_onderwijs") not in got
    # Y2 -> Y3: po/vo 21, vervolg F14 (mbo 2), left F08 (23 at Y2); nobody new
    assert got[(Y3, "po_vo")] == 21
    assert got[(Y3, "vervolgonderwijs")] == 1
    assert got[(Y3, "uit_bekostigd_onderwijs")] == 1
    assert (Y3, "nieuw") not in got
    assert sum(got.values()) == 21 + 4 + 2 + 2 + 22 + 1 + 1 + 21 + 1 + 1


def test_flow_pairs_over_two_and_three_years(golden_flow_db):
    two, three = statuses(golden_flow_db, 2), statuses(golden_flow_db, 3)
    # Y0 -> Y2: of the 27 at Y0, in po/vo at Y2: F01-F15 (15), F23 F26 F27 F28 F30 = 20; vervolg F19 (mbo 4), F22
    # (mbo 3) = 2; left F17 F18 F20 F21 F29 = 5 (F17/F18/F21 were in ho/mbo at Y1 but in no snapshot at Y2)
    assert (two[(Y2, "po_vo")], two[(Y2, "vervolgonderwijs")], two[(Y2, "uit_bekostigd_onderwijs")]) == (20, 2, 5)
    assert two[(Y2, "nieuw")] == 23 - 20  # F16, F24, F25
    # Y0 -> Y3: po/vo F01-F07, F09-F13, F15, F23 F26 F27 F28 F30 = 18; vervolg F14 = 1; left the other 8
    assert (three[(Y3, "po_vo")], three[(Y3, "vervolgonderwijs")], three[(Y3, "uit_bekostigd_onderwijs")]) \
        == (18, 1, 27 - 18 - 1)
    assert three[(Y3, "nieuw")] == 21 - 18  # F16, F24, F25
    assert set(three) == {(Y3, "po_vo"), (Y3, "vervolgonderwijs"), (Y3, "uit_bekostigd_onderwijs"), (Y3, "nieuw")}


def test_flow_rows_carry_both_ends(golden_flow_db):
    c = golden_flow_db
    # F17: hbo and mbo 4 on the same day: counted in hbo (ho before mbo), no mbo niveau
    r = flow(c, "F17", Y1)
    assert (r["stroom_status"], r["vervolg_onderwijssoort"], r["vervolg_mbo_niveau"]) == ("vervolgonderwijs", "hbo", None)
    assert (r["herkomst_onderwijssoort"], r["herkomst_swv_vestiging"]) == ("havo", "VO2401")
    # F20: only an onbekostigd mbo enrolment at Y1: left bekostigd education
    r = flow(c, "F20", Y1)
    assert (r["stroom_status"], r["vervolg_onderwijssoort"]) == ("uit_bekostigd_onderwijs", None)
    # F06 so -> vso in 10SO00 (region A): so SWV of the region PO2401, vso bekostigd by VO2401, uitstroomprofiel
    r = flow(c, "F06", Y1)
    assert (r["herkomst_onderwijstype"], r["herkomst_swv_vestiging"], r["herkomst_swv_bekostigd"]) \
        == ("so", "PO2401", "PO2401")
    assert (r["bestemming_onderwijstype"], r["bestemming_swv_vestiging"], r["bestemming_swv_bekostigd"],
            r["bestemming_zorgcategorie"], r["bestemming_uitstroomprofiel"]) \
        == ("vso", "VO2401", "VO2401", "laag", "VERVOLGONDERWIJS")
    # F09: bao in PO2402 -> havo at 10VA00 (VO2401); three years on (Y0 -> Y3) in havo leerjaar 3
    r = flow(c, "F09", Y1)
    assert (r["herkomst_swv_vestiging"], r["bestemming_swv_vestiging"], r["bestemming_leerjaar"]) \
        == ("PO2402", "VO2401", 1)
    r = flow(c, "F09", Y3, jaren=3)
    assert (r["herkomst_leerjaar"], r["bestemming_onderwijssoort"], r["bestemming_leerjaar"]) == (8, "havo", 3)
    # F30: so at 30SO00 (postcode in region C) with a TLV of PO2401: SWV of the region PO2403, bekostigd PO2401
    r = flow(c, "F30", Y1)
    assert (r["herkomst_onderwijstype"], r["herkomst_swv_vestiging"], r["herkomst_swv_regio"],
            r["herkomst_swv_bekostigd"], r["bestemming_swv_vestiging"]) == ("so", "PO2403", "PO2403", "PO2401", "VO2403")
    # F11 at Y0: the enrolment that counts is the one at 10AB00 (the ended 10AA00 enrolment beside it is not active)
    assert flow(c, "F11", Y1)["herkomst_vestigingscode"] == "10AB00"
    # verblijfsjaar of (v)so from BRON: F06 in vso verblijfsjaar 2 at Y2 and 3 at Y3; F21 left vso after year 4
    r = flow(c, "F06", Y3)
    assert (r["herkomst_verblijfsjaar"], r["bestemming_verblijfsjaar"]) == (2, 3)
    assert flow(c, "F21", Y1)["herkomst_verblijfsjaar"] == 4
    # F07: so (midden) -> vmbo_b with lwoo
    r = flow(c, "F07", Y1)
    assert (r["herkomst_zorgcategorie"], r["bestemming_leerweg"], r["bestemming_lwoo"]) == ("midden", "vmbo_b", True)
    # F16 from abroad at Y2: nieuw, no herkomst
    r = flow(c, "F16", Y2)
    assert (r["stroom_status"], r["herkomst_sector"], r["teldatum_herkomst"]) == ("nieuw", None, Y1)
    # nobody has a pair that starts before the first snapshot
    assert c.execute("select count(*) from intermediate.int_leerling_stroom where teldatum_herkomst < ?",
                     [Y0]).fetchone()[0] == 0


# ---------------------------------------------------------------------------------------------- flow marts
FILTERS = {
    "mart_instroom_vanuit_po": ("onderwijssoort",),
    "mart_uitstroom_naar_vo": ("herkomst", "so_zorgcategorie", "leerweg", "lwoo", "vso_zorgcategorie",
                               "uitstroomprofiel"),
    "mart_uitstroom_naar_vervolgonderwijs": ("herkomst", "mbo_niveau"),
    "mart_terugstroom": ("zorgcategorie",),
}
J1, J2, J3 = "2022-2023", "2023-2024", "2024-2025"  # schooljaren of t = Y1, Y2, Y3


def cell(con, mart: str, **where) -> dict:
    """The one row of ``mart`` matching ``where``; filter columns not named are null ("all"), grain defaults to swv."""
    where = {"grain": "swv", "populatie": None, **{f: None for f in FILTERS[mart]}, **where}
    sql = " and ".join(f"{k} is null" if v is None else f"{k} = ?" for k, v in where.items())
    rel = con.execute(f"select * from marts.{mart} where {sql}", [v for v in where.values() if v is not None])
    cols = [d[0] for d in rel.description]
    rows = [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
    assert len(rows) == 1, f"{mart} {where}: {len(rows)} rows"
    return rows[0]


def check(con, mart: str, teller: float, noemer: float, **where) -> dict:
    """teller, noemer and waarde = 100 teller / noemer of one row."""
    r = cell(con, mart, **where)
    assert (r["teller"], r["noemer"]) == (teller, noemer), (mart, where, r)
    assert r["waarde"] == pytest.approx(100 * teller / noemer), (mart, where, r)
    return r


def rows(con, mart: str, **where) -> int:
    sql = " and ".join(f"{k} = ?" for k in where) or "true"
    return con.execute(f"select count(*) from marts.{mart} where {sql}", list(where.values())).fetchone()[0]


def test_instroom_vanuit_po(golden_flow_db):
    m, c = "mart_instroom_vanuit_po", golden_flow_db
    # Y0 -> Y1: the 16 pupils of groep 8 at Y0 are all in vo leerjaar 1 (or vso) at Y1. F01-F15 at VO2401 (10VA00,
    # 10VB00, vso 10SO00 in region A): from bao F01-F04 F08-F15 minus F05 F06 F07 = 12, from sbo F05 = 1, from so
    # F06 F07 = 2. F30 (so at 30SO00) enters vmbo_b at 30VA00: VO2403, so 1 of 1; bao and sbo 0 of 1 (zero-filled)
    check(c, m, 12, 15, schooljaar=J1, swv_code="VO2401", categorie="bao")
    check(c, m, 1, 15, schooljaar=J1, swv_code="VO2401", categorie="sbo")
    check(c, m, 2, 15, schooljaar=J1, swv_code="VO2401", categorie="so")
    check(c, m, 1, 1, schooljaar=J1, swv_code="VO2403", categorie="so")
    check(c, m, 0, 1, schooljaar=J1, swv_code="VO2403", categorie="bao")
    r = check(c, m, 12, 16, schooljaar=J1, grain="landelijk", categorie="bao")
    assert r["waarde_gemiddelde_swv"] == pytest.approx((80.0 + 0.0) / 2)  # VO2401 12/15, VO2403 0/1
    # filter onderwijssoort entered (teller and noemer): havo F04 F09 F11 F12, all from bao -> 4/4, so 0/4;
    # vso F06 (so) F13 (bao) -> 1/2 each; pro F05 (sbo) F14 (bao)
    check(c, m, 4, 4, schooljaar=J1, swv_code="VO2401", categorie="bao", onderwijssoort="havo")
    check(c, m, 0, 4, schooljaar=J1, swv_code="VO2401", categorie="so", onderwijssoort="havo")
    check(c, m, 1, 2, schooljaar=J1, swv_code="VO2401", categorie="so", onderwijssoort="vso")
    check(c, m, 1, 2, schooljaar=J1, swv_code="VO2401", categorie="sbo", onderwijssoort="pro")
    # vestiging of the vo school: 10VA00 has 11 entrants (F01-F04 F07-F12 F15), F07 from so; 10VB00 F05 F14
    check(c, m, 10, 11, schooljaar=J1, swv_code="VO2401", grain="vestiging", grain_code="10VA00", categorie="bao")
    check(c, m, 1, 2, schooljaar=J1, swv_code="VO2401", grain="vestiging", grain_code="10VB00", categorie="sbo")
    # Y1 -> Y2: F15 repeats leerjaar 1 (in vo at Y1) and F16 comes from abroad: no entrants, no rows
    assert rows(c, m, schooljaar=J2) == 0
    assert rows(c, m, schooljaar=J3) == 0


def test_uitstroom_naar_vo(golden_flow_db):
    m, c = "mart_uitstroom_naar_vo", golden_flow_db
    # Y0 -> Y1: of the 15 po pupils found in vo, 14 were at PO2401 and F09 at PO2402 (bao 20AA00).
    # PO2401: pro F05 F14 = 2, vso F06 F13 = 2, vmbo_havo_vwo 14 - 4 = 10
    check(c, m, 10, 14, schooljaar=J1, swv_code="PO2401", categorie="vmbo_havo_vwo")
    check(c, m, 2, 14, schooljaar=J1, swv_code="PO2401", categorie="pro")
    check(c, m, 2, 14, schooljaar=J1, swv_code="PO2401", categorie="vso")
    check(c, m, 1, 1, schooljaar=J1, swv_code="PO2402", categorie="vmbo_havo_vwo")
    check(c, m, 0, 1, schooljaar=J1, swv_code="PO2402", categorie="pro")
    # F30 (so at 30SO00 in region C, TLV PO2401) counts binnen swv-regio: at PO2403 (-> vmbo_b), not in PO2401's 14
    check(c, m, 1, 1, schooljaar=J1, swv_code="PO2403", categorie="vmbo_havo_vwo")
    check(c, m, 1, 1, schooljaar=J1, swv_code="PO2403", categorie="vmbo_havo_vwo", herkomst="so")
    check(c, m, 1, 1, schooljaar=J1, swv_code="PO2403", categorie="vmbo_havo_vwo", leerweg="vmbo_b")
    check(c, m, 1, 1, schooljaar=J1, swv_code="PO2403", grain="vestiging", grain_code="30SO00",
          categorie="vmbo_havo_vwo")
    # landelijk pooled (10 + 1 + 1) / (14 + 1 + 1); mean of the SWVs (10/14 * 100 + 100 + 100) / 3
    r = check(c, m, 12, 16, schooljaar=J1, grain="landelijk", categorie="vmbo_havo_vwo")
    assert r["waarde_gemiddelde_swv"] == pytest.approx((100 * 10 / 14 + 100 + 100) / 3)
    # herkomst (teller and noemer): sbo F05 -> pro 1/1, vmbo_havo_vwo 0/1; so F06 (vso) F07 (vmbo_b): 1/2, pro 0/2
    check(c, m, 1, 1, schooljaar=J1, swv_code="PO2401", categorie="pro", herkomst="sbo")
    check(c, m, 0, 1, schooljaar=J1, swv_code="PO2401", categorie="vmbo_havo_vwo", herkomst="sbo")
    check(c, m, 1, 2, schooljaar=J1, swv_code="PO2401", categorie="vso", herkomst="so")
    check(c, m, 0, 2, schooljaar=J1, swv_code="PO2401", categorie="pro", herkomst="so")
    # so zorgcategorie (teller and noemer): midden F07 -> vmbo_havo_vwo 1/1; laag F06 -> vso 1/1
    check(c, m, 1, 1, schooljaar=J1, swv_code="PO2401", categorie="vmbo_havo_vwo", so_zorgcategorie="midden")
    check(c, m, 1, 1, schooljaar=J1, swv_code="PO2401", categorie="vso", so_zorgcategorie="laag")
    # destination filters (teller only, noemer all 14): leerweg vmbo_b F07, vmbo_k F08, vmbo_gt F02 F10 F15;
    # lwoo F02 F07 = 2, without lwoo 10 - 2 = 8; vso hoog F13, laag F06; uitstroomprofiel arbeidsmarkt F13
    check(c, m, 1, 14, schooljaar=J1, swv_code="PO2401", categorie="vmbo_havo_vwo", leerweg="vmbo_b")
    check(c, m, 1, 14, schooljaar=J1, swv_code="PO2401", categorie="vmbo_havo_vwo", leerweg="vmbo_k")
    check(c, m, 3, 14, schooljaar=J1, swv_code="PO2401", categorie="vmbo_havo_vwo", leerweg="vmbo_gt")
    check(c, m, 2, 14, schooljaar=J1, swv_code="PO2401", categorie="vmbo_havo_vwo", lwoo=True)
    check(c, m, 8, 14, schooljaar=J1, swv_code="PO2401", categorie="vmbo_havo_vwo", lwoo=False)
    check(c, m, 1, 14, schooljaar=J1, swv_code="PO2401", categorie="vso", vso_zorgcategorie="hoog")
    check(c, m, 1, 14, schooljaar=J1, swv_code="PO2401", categorie="vso", vso_zorgcategorie="laag")
    check(c, m, 1, 14, schooljaar=J1, swv_code="PO2401", categorie="vso", uitstroomprofiel="arbeidsmarkt")
    check(c, m, 1, 14, schooljaar=J1, swv_code="PO2401", categorie="vso", uitstroomprofiel="vervolgonderwijs")
    # vestiging of the po school: 10AA00 F01 F02 F08 F10 F12 F13 F14 = 7 (vmbo_havo_vwo 5, vso F13, pro F14);
    # 10AB00 F03 F04 F11 F15 = 4, all vmbo_havo_vwo; 10SO00 F06 F07
    check(c, m, 5, 7, schooljaar=J1, swv_code="PO2401", grain="vestiging", grain_code="10AA00",
          categorie="vmbo_havo_vwo")
    check(c, m, 4, 4, schooljaar=J1, swv_code="PO2401", grain="vestiging", grain_code="10AB00",
          categorie="vmbo_havo_vwo")
    check(c, m, 1, 2, schooljaar=J1, swv_code="PO2401", grain="vestiging", grain_code="10SO00", categorie="vso")
    # later years: no po pupil reaches vo (F23, F24 stay in po): no rows
    assert rows(c, m, schooljaar=J2) == 0 and rows(c, m, schooljaar=J3) == 0


def test_uitstroom_naar_vervolgonderwijs(golden_flow_db):
    m, c = "mart_uitstroom_naar_vervolgonderwijs", golden_flow_db
    # Y0 -> Y1 at VO2401: F17 hbo (also in mbo 4: ho first), F18 wo, F19 mbo 4, F21 (vso) mbo 2 = 4 found;
    # F20 only in onbekostigd mbo: not found, not in the noemer
    check(c, m, 2, 4, schooljaar=J1, swv_code="VO2401", categorie="mbo")
    check(c, m, 1, 4, schooljaar=J1, swv_code="VO2401", categorie="hbo")
    check(c, m, 1, 4, schooljaar=J1, swv_code="VO2401", categorie="wo")
    # herkomst (teller and noemer): havo F17 -> hbo 1/1, mbo 0/1; vso F21 -> mbo 1/1; pro F20 not found: no rows
    check(c, m, 1, 1, schooljaar=J1, swv_code="VO2401", categorie="hbo", herkomst="havo")
    check(c, m, 0, 1, schooljaar=J1, swv_code="VO2401", categorie="mbo", herkomst="havo")
    check(c, m, 1, 1, schooljaar=J1, swv_code="VO2401", categorie="mbo", herkomst="vso")
    assert rows(c, m, schooljaar=J1, herkomst="pro") == 0
    # mbo niveau (teller only): 4 = F19, 2 = F21, each 1 of 4; no niveau 1 (F20 is not bekostigd)
    check(c, m, 1, 4, schooljaar=J1, swv_code="VO2401", categorie="mbo", mbo_niveau="4")
    check(c, m, 1, 4, schooljaar=J1, swv_code="VO2401", categorie="mbo", mbo_niveau="2")
    assert rows(c, m, schooljaar=J1, mbo_niveau="1") == 0
    # vestiging: 10VA00 F17 F18 F19 -> mbo 1/3; 10SO00 F21 -> mbo 1/1
    check(c, m, 1, 3, schooljaar=J1, swv_code="VO2401", grain="vestiging", grain_code="10VA00", categorie="mbo")
    check(c, m, 1, 1, schooljaar=J1, swv_code="VO2401", grain="vestiging", grain_code="10SO00", categorie="mbo")
    # Y1 -> Y2: F22 vmbo_b at VO2402 -> mbo 3; Y2 -> Y3: F14 pro at VO2401 -> mbo 2
    check(c, m, 1, 1, schooljaar=J2, swv_code="VO2402", categorie="mbo", mbo_niveau="3")
    check(c, m, 1, 1, schooljaar=J3, swv_code="VO2401", categorie="mbo", herkomst="pro")
    check(c, m, 1, 1, schooljaar=J3, grain="landelijk", categorie="mbo")


def test_terugstroom(golden_flow_db):
    m, c = "mart_terugstroom", golden_flow_db
    # Y0 -> Y1 sbo 10AC00 (PO2401): F05 (-> pro) and F23 (-> bao 10AB00): 1 of 2 back in bao
    check(c, m, 1, 2, schooljaar=J1, swv_code="PO2401", categorie="sbo_naar_bao")
    check(c, m, 1, 2, schooljaar=J1, swv_code="PO2401", grain="vestiging", grain_code="10AC00",
          categorie="sbo_naar_bao")
    # so at Y0: F06 F07 F26 at 10SO00 (region A) and F30 at 30SO00 (region C), all TLV PO2401; none to bao.
    # bekostigd: PO2401 0 of 4; binnen regio: PO2401 0 of 3 (10SO00), PO2403 0 of 1 (F30)
    check(c, m, 0, 4, schooljaar=J1, swv_code="PO2401", categorie="so_naar_bao", populatie="bekostigd")
    check(c, m, 0, 3, schooljaar=J1, swv_code="PO2401", categorie="so_naar_bao", populatie="binnen_regio")
    check(c, m, 0, 1, schooljaar=J1, swv_code="PO2403", categorie="so_naar_bao", populatie="binnen_regio")
    assert rows(c, m, schooljaar=J1, swv_code="PO2403", categorie="so_naar_bao", populatie="bekostigd") == 0
    # Y1 -> Y2 so at 30SO00 (region C): F24 (TLV PO2403) -> bao 30AA00, F26 (TLV PO2401) stays in so
    check(c, m, 1, 1, schooljaar=J2, swv_code="PO2403", categorie="so_naar_bao", populatie="bekostigd")
    check(c, m, 0, 1, schooljaar=J2, swv_code="PO2401", categorie="so_naar_bao", populatie="bekostigd")
    check(c, m, 1, 2, schooljaar=J2, swv_code="PO2403", categorie="so_naar_bao", populatie="binnen_regio")
    r = check(c, m, 1, 2, schooljaar=J2, grain="landelijk", categorie="so_naar_bao", populatie="bekostigd")
    assert r["waarde_gemiddelde_swv"] == pytest.approx((100 + 0) / 2)  # PO2403 100 %, PO2401 0 %
    # zorgcategorie (teller and noemer): F24 midden 1/1, F26 laag 0/1
    check(c, m, 1, 1, schooljaar=J2, swv_code="PO2403", categorie="so_naar_bao", populatie="bekostigd",
          zorgcategorie="midden")
    check(c, m, 0, 1, schooljaar=J2, swv_code="PO2401", categorie="so_naar_bao", populatie="bekostigd",
          zorgcategorie="laag")
    # vso at Y1 (10SO00, VO2401): F06 laag, F13 hoog stay; F25 midden -> vmbo_b: 1 of 3; midden 1/1, hoog 0/1
    check(c, m, 1, 3, schooljaar=J2, swv_code="VO2401", categorie="vso_naar_vo", populatie="bekostigd")
    check(c, m, 1, 3, schooljaar=J2, swv_code="VO2401", categorie="vso_naar_vo", populatie="binnen_regio")
    check(c, m, 1, 1, schooljaar=J2, swv_code="VO2401", categorie="vso_naar_vo", populatie="bekostigd",
          zorgcategorie="midden")
    check(c, m, 0, 1, schooljaar=J2, swv_code="VO2401", categorie="vso_naar_vo", populatie="bekostigd",
          zorgcategorie="hoog")
    # Y2 -> Y3: F26 stays in so (0/1 at PO2401 bekostigd and PO2403 binnen regio); F06 F13 stay in vso (0/2)
    check(c, m, 0, 1, schooljaar=J3, swv_code="PO2401", categorie="so_naar_bao", populatie="bekostigd")
    check(c, m, 0, 1, schooljaar=J3, swv_code="PO2403", categorie="so_naar_bao", populatie="binnen_regio")
    check(c, m, 0, 2, schooljaar=J3, swv_code="VO2401", categorie="vso_naar_vo", populatie="bekostigd")
    # no sbo pupil at Y1 or Y2: no sbo rows after 2022-2023
    assert rows(c, m, categorie="sbo_naar_bao", schooljaar=J2) == 0
