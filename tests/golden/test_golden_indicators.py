"""The seven indicator marts reproduce the golden data set's values, worked out by hand below (golden_data.py).

Snapshots (an enrolment counts on teldatum d when van <= d < tot), cluster 1/2 pupils P18, P19, V16 left out of (v)so:

1 October 2024 (T2, schooljaar 2024-2025)                        1 October 2023 (T1, schooljaar 2023-2024)
  PO2401  bao 10AA00: P01 P02 P20   bao 10AB00: P03 P04 P07          bao: P01 P02 P05 (10AA00), P03 P04 P07 (10AB00) = 6
          sbo 10AC00: P05 P06                                        sbo: P06 = 1
  PO2402  bao 20AA00: P08 P09 P10   sbo 20AC00: P11                  bao 3, sbo 1
  PO2403  bao 30AA00: P12 P13                                        bao: P12 P13 P16 = 3, sbo 0
  so 10SO00 (region PO2401): P14 (TLV PO2402, H, residentieel), P15 (TLV PO2401, L), P17 (TLV PO2403, M)
  so 30SO00 (region PO2403): P16 (TLV PO2403, M)  -- on T1 P16 was still in bao
  VO2401  10VA00: V01 vwo, V02 havo, V03 vmbo_gt lwoo, V06 vavo (1/2), V15 vmbo_b = 4.5; pro 10VB00: V04 V05 = 2
  VO2402  10VA01: V07 brugjaar; 20VA00: V08 vmbo_b lwoo, V09 vmbo_k = 3; pro 0
  VO2403  30VA00: V10 havo, V12 vmbo_gt = 2; pro V11 = 1          (T1: same but without V06: VO2401 vmbo_havo_vwo = 4)
  vso 10SO00 (region VO2401): V13 (TLV VO2402, M, residentieel), V14 (TLV VO2401, H)
"""

from __future__ import annotations

import pytest

from dagster_project.masking.suppression import PublishSpec, derived_columns, key_columns

FILTERS = {
    "mart_aantal_leerlingen": ("zorgcategorie", "leeftijdsgroep", "residentieel", "onderwijssoort", "leerweg", "lwoo"),
    "mart_deelnamepercentage": ("zorgcategorie",),
    "mart_gewichtenleerlingen": (),
    "mart_apc_leerlingen": (),
    "mart_leerlingprognose": (),
    "mart_peildatum_1_februari": ("zorgcategorie", "leeftijdsgroep"),
    "mart_cluster_1_2": (),
}
J1, J2 = "2023-2024", "2024-2025"
pytestmark = pytest.mark.xdist_group("golden_indicators")  # one worker builds the golden warehouse once


def cell(con, mart: str, **where) -> dict:
    """The one row of ``mart`` matching ``where``; filter columns not named are null ("all"), grain defaults to swv."""
    where = {"grain": "swv", **{f: None for f in FILTERS[mart]}, **where}
    sql = " and ".join(f"{k} is null" if v is None else f"{k} = ?" for k, v in where.items())
    params = [v for v in where.values() if v is not None]
    rel = con.execute(f"select * from marts.{mart} where {sql}", params)
    cols = [d[0] for d in rel.description]
    rows = [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
    assert len(rows) == 1, f"{mart} {where}: {len(rows)} rows"
    return rows[0]


def check(con, mart: str, teller: float, noemer: float | None, waarde: float | None, **where) -> dict:
    r = cell(con, mart, **where)
    assert r["teller"] == pytest.approx(teller, abs=1e-9), (mart, where, r)
    if noemer is None:
        assert r["noemer"] is None, (mart, where, r)
    else:
        assert r["noemer"] == pytest.approx(noemer, abs=1e-9), (mart, where, r)
    if waarde is None:
        assert r["waarde"] is None, (mart, where, r)
    else:
        assert r["waarde"] == pytest.approx(waarde, abs=1e-9), (mart, where, r)
    return r


def gemiddelde(con, mart: str, **where) -> float | None:
    return cell(con, mart, grain="landelijk", **where)["waarde_gemiddelde_swv"]


# ---------------------------------------------------------------------------------------------- 1 aantal leerlingen
def test_aantal_leerlingen(golden_db):
    m, c = "mart_aantal_leerlingen", golden_db
    # po 2024-2025: bao PO2401 = P01 P02 P03 P04 P07 P20 = 6, PO2402 = 3, PO2403 = 2; landelijk 11, mean 11/3
    for swv, n in {"PO2401": 6, "PO2402": 3, "PO2403": 2}.items():
        check(c, m, n, None, n, schooljaar=J2, swv_code=swv, categorie="bao")
    check(c, m, 11, None, 11, schooljaar=J2, grain="landelijk", categorie="bao")
    assert gemiddelde(c, m, schooljaar=J2, categorie="bao") == pytest.approx(11 / 3)
    # 2023-2024: bao PO2401 = P01 P02 P03 P04 P05 P07 = 6, PO2403 = P12 P13 P16 = 3; landelijk 6 + 3 + 3 = 12
    check(c, m, 3, None, 3, schooljaar=J1, swv_code="PO2403", categorie="bao")
    check(c, m, 12, None, 12, schooljaar=J1, grain="landelijk", categorie="bao")
    # sbo 2024-2025: PO2401 P05 P06 = 2, PO2402 P11 = 1, PO2403 none -> no row; landelijk 3
    check(c, m, 2, None, 2, schooljaar=J2, swv_code="PO2401", categorie="sbo")
    check(c, m, 3, None, 3, schooljaar=J2, grain="landelijk", categorie="sbo")
    # so bekostigd 2024-2025: PO2401 P15, PO2402 P14, PO2403 P16 P17; cluster 2 P18 and cluster 1 P19 not counted
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="PO2401", categorie="so", populatie="bekostigd")
    check(c, m, 2, None, 2, schooljaar=J2, swv_code="PO2403", categorie="so", populatie="bekostigd")
    check(c, m, 4, None, 4, schooljaar=J2, grain="landelijk", categorie="so", populatie="bekostigd")
    # so binnen regio: 10SO00 in region A holds P14 P15 P17 -> PO2401 = 3; 30SO00 in C holds P16 -> PO2403 = 1
    check(c, m, 3, None, 3, schooljaar=J2, swv_code="PO2401", categorie="so", populatie="binnen_regio")
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="PO2403", categorie="so", populatie="binnen_regio")
    # 2023-2024 so bekostigd PO2403 = P17 only (P16 still in bao on 1 Oct 2023)
    check(c, m, 1, None, 1, schooljaar=J1, swv_code="PO2403", categorie="so", populatie="bekostigd")
    # filters: zorgcategorie midden PO2403 = P16 P17 = 2; residentieel PO2402 bekostigd = P14 = 1
    check(c, m, 2, None, 2, schooljaar=J2, swv_code="PO2403", categorie="so", populatie="bekostigd",
          zorgcategorie="midden")
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="PO2402", categorie="so", populatie="bekostigd",
          residentieel=True)
    # leeftijd on 1 Oct 2024, bao PO2401: P01 8, P02 7, P03 9, P04 6, P07 8, P20 4 -> '8' = 2, '<=4' = 1
    check(c, m, 2, None, 2, schooljaar=J2, swv_code="PO2401", categorie="bao", leeftijdsgroep="8")
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="PO2401", categorie="bao", leeftijdsgroep="<=4")
    # grensverkeer: region PO2401's so pupils are funded by PO2401 (P15), PO2402 (P14), PO2403 (P17): 1 each
    for ander in ("PO2401", "PO2402", "PO2403"):
        check(c, m, 1, None, 1, schooljaar=J2, swv_code="PO2401", grain="swv_ander", grain_code=ander,
              categorie="so", populatie="binnen_regio")
    # PO2403's bekostigd pupils go to school in region PO2403 (P16) and PO2401 (P17)
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="PO2403", grain="swv_ander", grain_code="PO2401",
          categorie="so", populatie="bekostigd")
    # vestiging: 10AA00 bao 2024-2025 = P01 P02 P20
    r = check(c, m, 3, None, 3, schooljaar=J2, swv_code="PO2401", grain="vestiging", grain_code="10AA00",
              categorie="bao")
    assert r["grain_naam"] == "Bao De Aap"
    # vo 2024-2025: vmbo_havo_vwo VO2401 = 4 + 1/2 (V06 vavo) = 4.5, VO2402 3, VO2403 2 -> 9.5
    check(c, m, 4.5, None, 4.5, schooljaar=J2, swv_code="VO2401", categorie="vmbo_havo_vwo")
    check(c, m, 9.5, None, 9.5, schooljaar=J2, grain="landelijk", categorie="vmbo_havo_vwo")
    check(c, m, 4, None, 4, schooljaar=J1, swv_code="VO2401", categorie="vmbo_havo_vwo")
    # onderwijssoort vmbo VO2401 = V03 + V15 = 2; vavo = 1/2; leerweg vmbo_b VO2402 = V08; lwoo landelijk V03 V08
    check(c, m, 2, None, 2, schooljaar=J2, swv_code="VO2401", categorie="vmbo_havo_vwo", onderwijssoort="vmbo")
    check(c, m, 0.5, None, 0.5, schooljaar=J2, swv_code="VO2401", categorie="vmbo_havo_vwo", onderwijssoort="vavo")
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="VO2402", categorie="vmbo_havo_vwo", leerweg="vmbo_b")
    check(c, m, 2, None, 2, schooljaar=J2, grain="landelijk", categorie="vmbo_havo_vwo", lwoo=True)
    # pro: VO2401 V04 V05 = 2, VO2403 V11 = 1; vso bekostigd VO2401 V14, VO2402 V13; binnen regio VO2401 = 2
    check(c, m, 2, None, 2, schooljaar=J2, swv_code="VO2401", categorie="pro")
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="VO2402", categorie="vso", populatie="bekostigd")
    check(c, m, 2, None, 2, schooljaar=J2, swv_code="VO2401", categorie="vso", populatie="binnen_regio")
    # no SWV is invented for the reformatorische SWVs or for cluster 1/2
    assert c.execute("select count(*) from marts.mart_aantal_leerlingen where swv_code in ('PO0001', 'VO0001')"
                 " or grain_code = 'onbekend'").fetchone()[0] == 0


# ---------------------------------------------------------------------------------------------- 2 deelnamepercentage
def test_deelnamepercentage(golden_db):
    m, c = "mart_deelnamepercentage", golden_db
    # po noemer 2024-2025 = bao + sbo: PO2401 6 + 2 = 8, PO2402 3 + 1 = 4, PO2403 2 + 0 = 2; landelijk 14
    r = check(c, m, 2, 8, 100 * 2 / 8, schooljaar=J2, swv_code="PO2401", categorie="sbo")
    assert r["boven_sbo_drempel"] is True  # 25 % > 2 %
    r = check(c, m, 0, 2, 0.0, schooljaar=J2, swv_code="PO2403", categorie="sbo")  # no sbo: explicit 0 %
    assert r["boven_sbo_drempel"] is False
    check(c, m, 3, 14, 100 * 3 / 14, schooljaar=J2, grain="landelijk", categorie="sbo")
    assert gemiddelde(c, m, schooljaar=J2, categorie="sbo") == pytest.approx((25 + 25 + 0) / 3)
    # 2023-2024: noemer PO2401 = 6 + 1 = 7, sbo P06 -> 1/7
    check(c, m, 1, 7, 100 * 1 / 7, schooljaar=J1, swv_code="PO2401", categorie="sbo")
    # so bekostigd: PO2401 1/8 = 12.5, PO2402 1/4 = 25, PO2403 2/2 = 100; landelijk 4/14, mean 137.5 / 3
    check(c, m, 1, 8, 12.5, schooljaar=J2, swv_code="PO2401", categorie="so", populatie="bekostigd")
    check(c, m, 2, 2, 100.0, schooljaar=J2, swv_code="PO2403", categorie="so", populatie="bekostigd")
    check(c, m, 4, 14, 100 * 4 / 14, schooljaar=J2, grain="landelijk", categorie="so", populatie="bekostigd")
    assert gemiddelde(c, m, schooljaar=J2, categorie="so", populatie="bekostigd") == pytest.approx(137.5 / 3)
    # zorgcategorie hoog: only P14 (PO2402): 1/4 = 25; PO2401 0/8 = 0; landelijk 1/14, mean 25/3
    check(c, m, 1, 4, 25.0, schooljaar=J2, swv_code="PO2402", categorie="so", populatie="bekostigd",
          zorgcategorie="hoog")
    check(c, m, 0, 8, 0.0, schooljaar=J2, swv_code="PO2401", categorie="so", populatie="bekostigd",
          zorgcategorie="hoog")
    assert gemiddelde(c, m, schooljaar=J2, categorie="so", populatie="bekostigd",
                      zorgcategorie="hoog") == pytest.approx(25 / 3)
    # so binnen regio: PO2401 3/8 = 37.5, PO2402 0/4, PO2403 1/2 = 50
    check(c, m, 3, 8, 37.5, schooljaar=J2, swv_code="PO2401", categorie="so", populatie="binnen_regio")
    # vo noemer = vmbo_havo_vwo + pro: VO2401 4.5 + 2 = 6.5, VO2402 3 + 0 = 3, VO2403 2 + 1 = 3; landelijk 12.5
    check(c, m, 2, 6.5, 100 * 2 / 6.5, schooljaar=J2, swv_code="VO2401", categorie="pro")
    check(c, m, 3, 12.5, 24.0, schooljaar=J2, grain="landelijk", categorie="pro")
    assert gemiddelde(c, m, schooljaar=J2, categorie="pro") == pytest.approx((100 * 2 / 6.5 + 0 + 100 / 3) / 3)
    check(c, m, 1, 3, 100 / 3, schooljaar=J2, swv_code="VO2402", categorie="lwoo")  # V08
    check(c, m, 2, 12.5, 16.0, schooljaar=J2, grain="landelijk", categorie="lwoo")  # V03 V08
    check(c, m, 1, 3, 100 / 3, schooljaar=J2, swv_code="VO2402", categorie="vso", populatie="bekostigd")  # V13
    check(c, m, 2, 6, 100 * 2 / 6, schooljaar=J1, swv_code="VO2401", categorie="pro")  # T1 noemer 4 + 2


def test_deelnamepercentage_rate_without_any_teller_has_zero_rows(golden_db_zonder_vso):
    # The golden set without its vso enrolments (V13, V14, V15 from January 2025, V16): no SWV has a vso pupil.
    # Every vo SWV still has a noemer (2024-2025: VO2401 4.5 + 2 = 6.5, VO2402 3 + 0 = 3, VO2403 2 + 1 = 3), so
    # the vso rows exist with teller 0 and waarde 0 % in both populaties; landelijk 0 / 12.5 = 0 %, mean 0.
    m, c = "mart_deelnamepercentage", golden_db_zonder_vso
    for populatie in ("bekostigd", "binnen_regio"):
        check(c, m, 0, 6.5, 0.0, schooljaar=J2, swv_code="VO2401", categorie="vso", populatie=populatie)
        check(c, m, 0, 3, 0.0, schooljaar=J2, swv_code="VO2402", categorie="vso", populatie=populatie)
        check(c, m, 0, 3, 0.0, schooljaar=J2, swv_code="VO2403", categorie="vso", populatie=populatie)
        check(c, m, 0, 12.5, 0.0, schooljaar=J2, grain="landelijk", categorie="vso", populatie=populatie)
        assert gemiddelde(c, m, schooljaar=J2, categorie="vso", populatie=populatie) == 0.0
        # 2023-2024 as well: VO2401 noemer 4 + 2 = 6
        check(c, m, 0, 6, 0.0, schooljaar=J1, swv_code="VO2401", categorie="vso", populatie=populatie)
    # the other categories are unchanged: pro VO2401 2 / 6.5
    check(c, m, 2, 6.5, 100 * 2 / 6.5, schooljaar=J2, swv_code="VO2401", categorie="pro")


# ---------------------------------------------------------------------------------------------- 3 gewichtenleerlingen
def test_gewichtenleerlingen(golden_db):
    m, c = "mart_gewichtenleerlingen", golden_db
    # 2024-2025 noemer bao + sbo 8 / 4 / 2. Gewicht 0,30: PO2401 P02 P06, PO2402 P08, PO2403 P13;
    # gewicht 1,20: PO2401 P03, PO2402 P10
    check(c, m, 2, 8, 25.0, schooljaar=J2, swv_code="PO2401", categorie="gewicht_0_30")
    check(c, m, 1, 8, 12.5, schooljaar=J2, swv_code="PO2401", categorie="gewicht_1_20")
    check(c, m, 3, 8, 37.5, schooljaar=J2, swv_code="PO2401", categorie="totaal")
    check(c, m, 0, 2, 0.0, schooljaar=J2, swv_code="PO2403", categorie="gewicht_1_20")
    check(c, m, 1, 2, 50.0, schooljaar=J2, swv_code="PO2403", categorie="totaal")
    # landelijk 0,30: 4/14; 1,20: 2/14; totaal 6/14; means (25+25+50)/3, (12.5+25+0)/3, (37.5+50+50)/3
    check(c, m, 4, 14, 100 * 4 / 14, schooljaar=J2, grain="landelijk", categorie="gewicht_0_30")
    check(c, m, 6, 14, 100 * 6 / 14, schooljaar=J2, grain="landelijk", categorie="totaal")
    assert gemiddelde(c, m, schooljaar=J2, categorie="gewicht_0_30") == pytest.approx(100 / 3)
    assert gemiddelde(c, m, schooljaar=J2, categorie="gewicht_1_20") == pytest.approx(12.5)
    assert gemiddelde(c, m, schooljaar=J2, categorie="totaal") == pytest.approx(137.5 / 3)
    # vestiging 10AC00 (sbo): P05 0, P06 0,30 -> 1/2; 2023-2024 PO2401: 7 pupils, P02 P06 at 0,30 -> 2/7
    check(c, m, 1, 2, 50.0, schooljaar=J2, swv_code="PO2401", grain="vestiging", grain_code="10AC00",
          categorie="gewicht_0_30")
    check(c, m, 2, 7, 100 * 2 / 7, schooljaar=J1, swv_code="PO2401", categorie="gewicht_0_30")


# ---------------------------------------------------------------------------------------------- 4 apc-leerlingen
def test_apc_leerlingen(golden_db):
    m, c = "mart_apc_leerlingen", golden_db
    # apc PC4 1012 and 3012 (lists 2023 and 2024). VO2401 vmbo_havo_vwo 2024-2025: V02 V03 V15 live in 1012,
    # V01 V06 in 1011 -> 3 / 4.5; pro V04 in 1012, V05 in 1011 -> 1/2; totaal 4 / 6.5
    check(c, m, 3, 4.5, 100 * 3 / 4.5, schooljaar=J2, swv_code="VO2401", categorie="vmbo_havo_vwo")
    check(c, m, 1, 2, 50.0, schooljaar=J2, swv_code="VO2401", categorie="pro")
    check(c, m, 4, 6.5, 100 * 4 / 6.5, schooljaar=J2, swv_code="VO2401", categorie="totaal")
    # VO2402: nobody in an apc PC4 (0/3); no pro pupils -> noemer 0, waarde null
    check(c, m, 0, 3, 0.0, schooljaar=J2, swv_code="VO2402", categorie="vmbo_havo_vwo")
    check(c, m, 0, 0, None, schooljaar=J2, swv_code="VO2402", categorie="pro")
    # VO2403: V10 in 3012 -> vmbo_havo_vwo 1/2, pro V11 in 3011 -> 0/1, totaal 1/3
    check(c, m, 1, 3, 100 / 3, schooljaar=J2, swv_code="VO2403", categorie="totaal")
    # landelijk vmbo_havo_vwo (3 + 0 + 1) / 9.5; pro 1/3 with mean (50 + 0)/2 (VO2402 has no value)
    check(c, m, 4, 9.5, 100 * 4 / 9.5, schooljaar=J2, grain="landelijk", categorie="vmbo_havo_vwo")
    assert gemiddelde(c, m, schooljaar=J2, categorie="vmbo_havo_vwo") == pytest.approx((100 * 3 / 4.5 + 0 + 50) / 3)
    check(c, m, 1, 3, 100 / 3, schooljaar=J2, grain="landelijk", categorie="pro")
    assert gemiddelde(c, m, schooljaar=J2, categorie="pro") == pytest.approx(25.0)
    # 2023-2024 VO2401 vmbo_havo_vwo: V02 V03 V15 of V01 V02 V03 V15 -> 3/4
    check(c, m, 3, 4, 75.0, schooljaar=J1, swv_code="VO2401", categorie="vmbo_havo_vwo")
    # vestiging 10VA01 (VO2402): V07 in 2012 -> 0/1
    check(c, m, 0, 1, 0.0, schooljaar=J2, swv_code="VO2402", grain="vestiging", grain_code="10VA01",
          categorie="vmbo_havo_vwo")


# ---------------------------------------------------------------------------------------------- 5 leerlingprognose
def test_leerlingprognose(golden_db):
    m, c = "mart_leerlingprognose", golden_db
    # basis = 1 Oct 2024. po vestigingen with a prognosis: 10AA00 (P01 P02 P20 = 3), 10AB00 (P03 P04 P07 = 3),
    # 20AA00 (3), 30AA00 (P12 P13 = 2); 1 Oct 2023: 3, 3, 3, 3 (P16 still at 30AA00)
    check(c, m, 4, 3, 100 * (4 - 3) / 3, swv_code="PO2401", grain="vestiging", grain_code="10AA00", jaar=2025)
    check(c, m, 2, 3, 100 * (2 - 3) / 3, swv_code="PO2401", grain="vestiging", grain_code="10AB00", jaar=2025)
    # PO2401 = 10AA00 + 10AB00: basis 6, 2025: 4 + 2 = 6 -> 0 %; 2026: 3 + 3 = 6 -> 0 %
    check(c, m, 6, 6, 0.0, swv_code="PO2401", categorie="totaal", jaar=2025)
    check(c, m, 6, 3, 100.0, swv_code="PO2402", categorie="totaal", jaar=2026)  # 20AA00: 6 vs 3
    check(c, m, 1, 2, -50.0, swv_code="PO2403", categorie="totaal", jaar=2025)
    # trend: PO2403 counted 3 on 1 Oct 2023 against basis 2 -> +50 %; the basis year itself is 0 %
    r = check(c, m, 3, 2, 50.0, swv_code="PO2403", categorie="totaal", jaar=2023)
    assert r["soort"] == "telling"
    check(c, m, 2, 2, 0.0, swv_code="PO2403", categorie="totaal", jaar=2024)
    # landelijk po: basis 3 + 3 + 3 + 2 = 11; 2025: 4 + 2 + 3 + 1 = 10; 2026: 3 + 3 + 6 + 2 = 14
    check(c, m, 10, 11, 100 * (10 - 11) / 11, sector="po", grain="landelijk", jaar=2025)
    check(c, m, 14, 11, 100 * (14 - 11) / 11, sector="po", grain="landelijk", jaar=2026)
    assert gemiddelde(c, m, sector="po", categorie="totaal", jaar=2025) == pytest.approx((0 + 0 - 50) / 3)
    # only 2025..2039: the 2024 prognosis row and the 2040 row are ignored
    assert c.execute("select count(*) from marts.mart_leerlingprognose where soort = 'prognose' "
                 "and jaar not between 2025 and 2039").fetchone()[0] == 0
    # vo vmbo_havo_vwo: instelling 10VA has 4.5 pupils in VO2401 (10VA00) and 1 in VO2402 (10VA01) = 5.5;
    # prognosis 2025 = 11 -> VO2401 11 * 4.5/5.5 = 9, VO2402 11 * 1/5.5 = 2; 2026 = 22 -> 18 and 4
    check(c, m, 9, 4.5, 100.0, swv_code="VO2401", categorie="vmbo_havo_vwo", jaar=2025)
    check(c, m, 18, 4.5, 300.0, swv_code="VO2401", categorie="vmbo_havo_vwo", jaar=2026)
    # VO2402 = 10VA share 2 + 20VA (V08 V09, prognosis 2) = 4 against 1 + 2 = 3
    check(c, m, 4, 3, 100 * (4 - 3) / 3, swv_code="VO2402", categorie="vmbo_havo_vwo", jaar=2025)
    # pro: 10VB (V04 V05 = 2) -> 3 in 2025; 30VA (V11 = 1) -> 2 in 2026
    check(c, m, 3, 2, 50.0, swv_code="VO2401", categorie="pro", jaar=2025)
    check(c, m, 2, 1, 100.0, swv_code="VO2403", categorie="pro", jaar=2026)
    # totaal VO2401 2025: 9 + 3 = 12 against 4.5 + 2 = 6.5
    check(c, m, 12, 6.5, 100 * (12 - 6.5) / 6.5, swv_code="VO2401", categorie="totaal", jaar=2025)
    # landelijk vmbo_havo_vwo 2025: 9 + 4 + 3 = 16 against 4.5 + 3 + 2 = 9.5
    check(c, m, 16, 9.5, 100 * (16 - 9.5) / 9.5, sector="vo", grain="landelijk", categorie="vmbo_havo_vwo",
          jaar=2025)
    # trend vo: VO2401 vmbo_havo_vwo 1 Oct 2023 = 4 (no V06 yet) against 4.5
    check(c, m, 4, 4.5, 100 * (4 - 4.5) / 4.5, swv_code="VO2401", categorie="vmbo_havo_vwo", jaar=2023)


# ---------------------------------------------------------------------------------------------- 6 peildatum 1 februari
def test_peildatum_1_februari(golden_db):
    m, c = "mart_peildatum_1_februari", golden_db
    # 2023-2024: P16 bao (1 Oct 2023) -> so 30SO00 (1 Feb 2024), TLV PO2403 midden, 6 years old on 1 Feb 2024
    check(c, m, 1, None, 1, schooljaar=J1, swv_code="PO2403", categorie="so")
    # filters one at a time: P16 is in the zorgcategorie midden cell and in the leeftijdsgroep <8 cell
    check(c, m, 1, None, 1, schooljaar=J1, swv_code="PO2403", categorie="so", zorgcategorie="midden")
    check(c, m, 1, None, 1, schooljaar=J1, swv_code="PO2403", categorie="so", leeftijdsgroep="<8")
    check(c, m, 1, None, 1, schooljaar=J1, swv_code="PO2403", grain="vestiging", grain_code="30SO00", categorie="so")
    # 2024-2025: V15 vmbo -> vso 10SO00 (TLV VO2401, laag).
    # P17 changed so school (10SO00 -> 30SO00) but was in so on 1 Oct: not new.
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="VO2401", categorie="vso", zorgcategorie="laag")
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="VO2401", grain="swv_ander", grain_code="VO2401",
          categorie="vso")
    assert c.execute("select count(*) from marts.mart_peildatum_1_februari where schooljaar = '2024-2025' "
                 "and categorie = 'so'").fetchone()[0] == 0
    # so 2024-2025: nobody new. landelijk vso 2024-2025: 1 (V15), mean over the 3 vo SWVs 1/3
    check(c, m, 1, None, 1, schooljaar=J2, grain="landelijk", categorie="vso")
    assert gemiddelde(c, m, schooljaar=J2, categorie="vso") == pytest.approx(1 / 3)


def test_peildatum_1_februari_sbo_is_the_difference_with_1_october(golden_db):
    # sbo: teller = sbo pupils on 1 February, noemer = sbo pupils on the preceding 1 October, waarde = teller - noemer,
    # at the SWV of the sbo vestiging (populatie null). Not "new in sbo": P05 was in sbo on 1 Oct and still counts.
    m, c = "mart_peildatum_1_februari", golden_db
    # 2024-2025 PO2401 (10AC00): 1 Oct 2024 P05 P06 = 2; 1 Feb 2025 P05 P06 + P07 (bao -> sbo in January) = 3 -> +1
    check(c, m, 3, 2, 1, schooljaar=J2, swv_code="PO2401", categorie="sbo")
    check(c, m, 3, 2, 1, schooljaar=J2, swv_code="PO2401", grain="vestiging", grain_code="10AC00", categorie="sbo")
    # 2024-2025 PO2402 (20AC00): 1 Oct 2024 P11 = 1; P11 leaves on 6 January 2025 -> 0 on 1 Feb -> -1 (negative)
    check(c, m, 0, 1, -1, schooljaar=J2, swv_code="PO2402", categorie="sbo")
    # PO2403 has no sbo vestiging: no row (counts carry no zero rows); it counts 0 in the mean
    assert c.execute("select count(*) from marts.mart_peildatum_1_februari where categorie = 'sbo' "
                     "and swv_code = 'PO2403'").fetchone()[0] == 0
    # landelijk 2024-2025: teller 3 + 0 = 3, noemer 2 + 1 = 3, waarde 0; mean of the SWVs (1 - 1 + 0) / 3 = 0
    check(c, m, 3, 3, 0, schooljaar=J2, grain="landelijk", categorie="sbo")
    assert gemiddelde(c, m, schooljaar=J2, categorie="sbo") == pytest.approx(0.0)
    # 2023-2024: PO2401 P06 on both dates -> 1, 1, 0; PO2402 P11 on both -> 1, 1, 0; landelijk 2, 2, 0
    check(c, m, 1, 1, 0, schooljaar=J1, swv_code="PO2401", categorie="sbo")
    check(c, m, 2, 2, 0, schooljaar=J1, grain="landelijk", categorie="sbo")
    # the sbo rows carry no filter cells (zorgcategorie and leeftijdsgroep are (v)so / so filters)
    assert c.execute("select count(*) from marts.mart_peildatum_1_februari where categorie = 'sbo' "
                     "and (zorgcategorie is not null or leeftijdsgroep is not null or populatie is not null)"
                     ).fetchone()[0] == 0


# ---------------------------------------------------------------------------------------------- 7 cluster 1 en 2
def test_cluster_1_2(golden_db):
    m, c = "mart_cluster_1_2", golden_db
    # 2024-2025 po: P18 (cluster 2, lives 1011 -> PO2401), P19 (cluster 1, lives 2012 -> PO2402): the teller counts
    # the cluster 1/2 pupils living in the SWV's region.
    # noemer = the SWV's own bao + sbo pupils (at its vestigingen), as in mart_deelnamepercentage: PO2401 P01 P02 P20
    # P03 P04 P07 + sbo P05 P06 = 8; PO2402 P08 P09 P10 + P11 = 4; PO2403 P12 P13 = 2. (By home instead, P04, who
    # lives in 2011, would move from PO2401's noemer to PO2402's: 7 and 5.)
    check(c, m, 1, 8, 12.5, schooljaar=J2, swv_code="PO2401", categorie="cluster_2")
    check(c, m, 0, 8, 0.0, schooljaar=J2, swv_code="PO2401", categorie="cluster_1")
    check(c, m, 1, 4, 25.0, schooljaar=J2, swv_code="PO2402", categorie="totaal")
    check(c, m, 0, 2, 0.0, schooljaar=J2, swv_code="PO2403", categorie="totaal")
    check(c, m, 1, 14, 100 / 14, schooljaar=J2, grain="landelijk", sector="po", categorie="cluster_1")
    check(c, m, 2, 14, 100 * 2 / 14, schooljaar=J2, grain="landelijk", sector="po", categorie="totaal")
    assert gemiddelde(c, m, schooljaar=J2, sector="po", categorie="totaal") == pytest.approx((12.5 + 25 + 0) / 3)
    # 2023-2024: P19 not yet enrolled; PO2401 noemer = bao P01 P02 P05 P03 P04 P07 + sbo P06 = 7; PO2402 3 + 1 = 4
    check(c, m, 1, 7, 100 / 7, schooljaar=J1, swv_code="PO2401", categorie="cluster_2")
    check(c, m, 0, 4, 0.0, schooljaar=J1, swv_code="PO2402", categorie="cluster_1")
    # vo: V16 (vso cluster 2, lives 3011 -> VO2403); noemer VO2403 vmbo_havo_vwo V10 V12 + pro V11 = 3;
    # landelijk 1 / (6.5 + 3 + 3) = 1/12.5
    check(c, m, 1, 3, 100 / 3, schooljaar=J2, swv_code="VO2403", categorie="cluster_2")
    check(c, m, 1, 12.5, 8.0, schooljaar=J2, grain="landelijk", sector="vo", categorie="cluster_2")
    # the national reformatorische SWVs have no region, so no pupil lives in theirs: no row (not a 0 %)
    assert c.execute("select count(*) from marts.mart_cluster_1_2 where swv_code in ('PO0001', 'VO0001')"
                 ).fetchone()[0] == 0


def test_shape_of_every_mart(golden_db):
    """Every mart has the contract columns in order, one indicator, and landelijk rows without swv_code."""
    head = ["indicator", "sector", "swv_code", "schooljaar", "peildatum", "populatie", "grain", "grain_code",
            "grain_naam", "categorie"]
    tail = ["teller", "noemer", "waarde", "waarde_gemiddelde_swv"]
    for mart, filters in FILTERS.items():
        cols = [d[0] for d in golden_db.execute(f"select * from marts.{mart} limit 0").description]
        assert cols[:10] == head, mart
        assert cols[10:10 + len(filters)] == list(filters), mart
        assert [c for c in cols if c in tail] == tail, mart
        n_ind, n_bad = golden_db.execute(
            f"select count(distinct indicator), count(*) filter (where grain = 'landelijk' and swv_code is not null)"
            f" from marts.{mart}").fetchone()
        assert (n_ind, n_bad) == (1, 0), mart


def test_masking_reads_filters_keys_and_derived_columns_from_the_column_order(golden_db):
    """Masking finds a mart's filter columns (between categorie and teller) and the columns derived from waarde
    (after the numbers) from the column order: they must be exactly the filters above, the prognosis' extra key
    columns and the sbo threshold flag, or cells would be summed across a filter or a flag published under a mask."""
    extra_keys = {"mart_leerlingprognose": ("jaar", "soort")}
    derived = {"mart_deelnamepercentage": ["boven_sbo_drempel"]}
    for mart, filters in FILTERS.items():
        frame = golden_db.execute(f"select * from marts.{mart} limit 0").df()
        assert PublishSpec.infer(frame.columns).filters == filters + extra_keys.get(mart, ()), mart
        assert derived_columns(frame) == derived.get(mart, []), mart
        assert key_columns(frame) == ["indicator", "sector", "swv_code", "schooljaar", "peildatum", "populatie",
                                      "grain", "grain_code", "categorie", *filters, *extra_keys.get(mart, ())], mart


def test_filters_are_published_one_dimension_at_a_time(golden_db):
    """No row of any mart sets two filter columns, and grensverkeer (swv_ander) rows set none.

    P14 (so, TLV PO2402, hoog, residentieel) would otherwise give a crossed cell zorgcategorie hoog x residentieel
    at PO2402; with single filters PO2402 so bekostigd has a hoog row and a residentieel row, each of 1 pupil.
    """
    c = golden_db
    for mart, filters in FILTERS.items():
        if len(filters) < 2:
            continue
        set_count = " + ".join(f"(case when {f} is null then 0 else 1 end)" for f in filters)
        crossed = c.execute(f"select count(*) from marts.{mart} where {set_count} > 1").fetchone()[0]
        assert crossed == 0, mart
        ander = c.execute(f"select count(*) from marts.{mart} where grain = 'swv_ander' and {set_count} > 0").fetchone()[0]
        assert ander == 0, mart
    m = "mart_aantal_leerlingen"
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="PO2402", populatie="bekostigd", categorie="so",
          zorgcategorie="hoog")
    check(c, m, 1, None, 1, schooljaar=J2, swv_code="PO2402", populatie="bekostigd", categorie="so",
          residentieel=True)
