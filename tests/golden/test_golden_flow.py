"""The flow model and the flow marts reproduce the golden flow case (golden_flow_data.py), worked out by hand below.

Pupils in po/vo on each 1 October (Y0 = 2021 .. Y3 = 2024; mbo/hbo/wo are not po/vo):
  Y0: F01-F15 (15), F17-F22 (6), F23 F26 F27 F28 F29 (5)            = 26
  Y1: F01-F15 (15), F22, F23-F28 (6)                                 = 22   (F17-F21 in mbo/hbo/wo or gone)
  Y2: F01-F15 (15), F16, F23-F28 (6)                                 = 22   (F22 in mbo)
  Y3: F01-F07 (7), F09-F13 (5), F15, F16, F23-F28 (6)                = 20   (F08 gone, F14 in mbo)
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
    # Y0 -> Y1: found in po/vo = F01-F15, F22, F23, F26, F27, F28 = 20; vervolgonderwijs F17 F18 F19 F21 = 4;
    # left bekostigd education F20 (onbekostigd mbo) and F29 = 2; 20 + 4 + 2 = 26 pupils at Y0.
    # New at Y1: F24 F25 = 2; 20 + 2 = 22 pupils at Y1.
    assert got[(Y1, "po_vo")] == 20
    assert got[(Y1, "vervolgonderwijs")] == 4
    assert got[(Y1, "uit_bekostigd_onderwijs")] == 2
    assert got[(Y1, "nieuw")] == 2
    # Y1 -> Y2: po/vo F01-F15, F23-F28 = 21, vervolg F22 = 1 (22 at Y1); nieuw F16 (21 + 1 = 22 at Y2)
    assert got[(Y2, "po_vo")] == 21
    assert got[(Y2, "vervolgonderwijs")] == 1
    assert got[(Y2, "nieuw")] == 1
    assert (Y2, "uit_bekostigd_onderwijs") not in got
    # Y2 -> Y3: po/vo 20, vervolg F14 (mbo 2), left F08 (22 at Y2); nobody new
    assert got[(Y3, "po_vo")] == 20
    assert got[(Y3, "vervolgonderwijs")] == 1
    assert got[(Y3, "uit_bekostigd_onderwijs")] == 1
    assert (Y3, "nieuw") not in got
    assert sum(got.values()) == 20 + 4 + 2 + 2 + 21 + 1 + 1 + 20 + 1 + 1


def test_flow_pairs_over_two_and_three_years(golden_flow_db):
    two, three = statuses(golden_flow_db, 2), statuses(golden_flow_db, 3)
    # Y0 -> Y2: of the 26 at Y0, in po/vo at Y2: F01-F15 (15), F23 F26 F27 F28 = 19; vervolg F19 (mbo 4), F22
    # (mbo 3) = 2; left F17 F18 F20 F21 F29 = 5 (F17/F18/F21 were in ho/mbo at Y1 but in no snapshot at Y2)
    assert (two[(Y2, "po_vo")], two[(Y2, "vervolgonderwijs")], two[(Y2, "uit_bekostigd_onderwijs")]) == (19, 2, 5)
    assert two[(Y2, "nieuw")] == 22 - 19  # F16, F24, F25
    # Y0 -> Y3: po/vo F01-F07, F09-F13, F15, F23 F26 F27 F28 = 17; vervolg F14 = 1; left the other 8
    assert (three[(Y3, "po_vo")], three[(Y3, "vervolgonderwijs")], three[(Y3, "uit_bekostigd_onderwijs")]) \
        == (17, 1, 26 - 17 - 1)
    assert three[(Y3, "nieuw")] == 20 - 17  # F16, F24, F25
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
    # F09: bao in PO2402 -> havo at 10VA00 (VO2401), advies of the last po enrolment = 30 (havo)
    r = flow(c, "F09", Y1)
    assert (r["herkomst_swv_vestiging"], r["bestemming_swv_vestiging"], r["bestemming_leerjaar"], r["advies_po"]) \
        == ("PO2402", "VO2401", 1, "30")
    # three years on (Y0 -> Y3) the advies is still that of the last po enrolment
    r = flow(c, "F09", Y3, jaren=3)
    assert (r["herkomst_leerjaar"], r["bestemming_onderwijssoort"], r["bestemming_leerjaar"], r["advies_po"]) \
        == (8, "havo", 3, "30")
    # F07: so (midden) -> vmbo_b with lwoo
    r = flow(c, "F07", Y1)
    assert (r["herkomst_zorgcategorie"], r["bestemming_leerweg"], r["bestemming_lwoo"]) == ("midden", "vmbo_b", True)
    # F16 from abroad at Y2: nieuw, no herkomst
    r = flow(c, "F16", Y2)
    assert (r["stroom_status"], r["herkomst_sector"], r["teldatum_herkomst"]) == ("nieuw", None, Y1)
    # nobody has a pair that starts before the first snapshot
    assert c.execute("select count(*) from intermediate.int_leerling_stroom where teldatum_herkomst < ?",
                     [Y0]).fetchone()[0] == 0
