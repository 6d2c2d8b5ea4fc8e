"""int_leerling_teldatum on a hand-built fixture: the counting enrolment and every population column.

Geography (3 SWVs, 6 vestigingen): tests/support/geografie.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.support.geografie import GEMEENTEN, REGIO, VESTIGINGEN
from tests.support.landing import build_warehouse, rows_from_text

# one worker builds the fixture warehouse (module scope), not every worker that runs one of the tests
pytestmark = pytest.mark.xdist_group("populations")

# BRON snapshots 2023-10-01 and 2024-10-01. Besides active enrolments a snapshot may hold enrolments that ended in
# the school year (they inform the history but never count).
BRON = rows_from_text("""
teldatum;leerling_id;geboortedatum;woon_pc4;inschrijvingsvolgnummer;vestigingscode;brin;sector;onderwijssoort;is_bekostigde_inschrijving;gewicht;soort_verblijf;tlv_swv_code;tlv_categorie;beschikkingsnummer;tlv_begindatum;tlv_einddatum;soort_onderwijs;datum_inschrijving;datum_uitschrijving;bestand_datum
# L01 bao pupil, both years; born 2 Oct 2015: 7 on 1 Oct 2023, 8 on 1 Oct 2024
2023-10-01;L01;2015-10-02;1011;1;01AA00;01AA;PO;BAO;J;0,30;0;;;;;;;2019-08-20;;20231001
2024-10-01;L01;2015-10-02;1011;1;01AA00;01AA;PO;BAO;J;0,30;0;;;;;;;2019-08-20;;20241001
# L02 so with a valid TLV of PO2402, category H, living in PO2401's region, school in PO2403's region
2024-10-01;L02;2014-05-05;1011;1;03CC00;03CC;WEC;SO;J;;0;PO2402;H;PO2402-2024-00001;2024-08-01;2025-07-31;31;2024-08-20;;20241001
# L03 so, residentieel (soort verblijf 4), no TLV, home in PO2402
2024-10-01;L03;2013-01-01;2011;1;03CC00;03CC;WEC;SO;J;;4;;;;;;41;2022-08-20;;20241001
# L04 bao 01AA00 (PO2401) until an unknown date, then sbo from 2024-03-01: vorige inschrijving -> PO2401
2023-10-01;L04;2016-02-02;2011;1;01AA00;01AA;PO;BAO;J;0;0;;;;;;;2020-08-20;;20231001
2024-10-01;L04;2016-02-02;2011;2;02BB00;02BB;PO;SBO;J;0;0;;;;;;;2024-03-01;;20241001
# L05 bao 05EE00 ended 2024-01-10, sbo from 2024-02-20 (a 41-day gap): vorige inschrijving -> 05EE00's SWV on the
#     teldatum: PO2401 (register snapshot 2024-06-01; on 2023-10-01 05EE00 was PO2402 by region)
2023-10-01;L05;2015-06-06;3011;1;05EE00;05EE;PO;BAO;J;0;0;;;;;;;2019-08-20;;20231001
2024-10-01;L05;2015-06-06;3011;1;05EE00;05EE;PO;BAO;J;0;0;;;;;;;2019-08-20;2024-01-10;20241001
2024-10-01;L05;2015-06-06;3011;2;02BB00;02BB;PO;SBO;J;0;0;;;;;;;2024-02-20;;20241001
# L06 so -> vso at the same school (po -> vso transition): vorige inschrijving -> vo SWV of 03CC00's region VO2403
2023-10-01;L06;2011-03-03;1012;1;03CC00;03CC;WEC;SO;J;;0;;;;;;31;2018-08-20;;20231001
2024-10-01;L06;2011-03-03;1012;1;03CC00;03CC;WEC;SO;J;;0;;;;;;31;2018-08-20;2024-07-31;20241001
2024-10-01;L06;2011-03-03;1012;2;03CC00;03CC;WEC;VSO;J;;0;;;;;;31;2024-08-01;;20241001
# L07 vo 04DD00 (register VO2401) ended 2024-08-15, vso from 2024-09-01: gap 17 days -> vorige inschrijving VO2401
2023-10-01;L07;2010-04-04;2011;1;04DD00;04DD;VO;VMBO_B;J;;0;;;;;;;2022-08-20;;20231001
2024-10-01;L07;2010-04-04;2011;1;04DD00;04DD;VO;VMBO_B;J;;0;;;;;;;2022-08-20;2024-08-15;20241001
2024-10-01;L07;2010-04-04;2011;2;03CC00;03CC;WEC;VSO;J;;0;;;;;;42;2024-09-01;;20241001
# L08 vso, first enrolment ever, TLV of VO2403 expired 2024-07-31: no previous enrolment -> home 2011 -> VO2402
#     (wijze vorige_inschrijving, as DUO records it); no 1B row,
#     so the zorgcategorie is the expired TLV's (M = midden)
2024-10-01;L08;2009-09-09;2011;1;03CC00;03CC;WEC;VSO;J;;0;VO2403;M;VO2403-2022-00007;2022-08-01;2024-07-31;43;2024-08-20;;20241001
# L09 havo at 06FF00 (register VO2402, region VO2403), living in Europoort (no SWV)
2024-10-01;L09;2010-12-12;3099;1;06FF00;06FF;VO;HAVO;J;;0;;;;;;;2022-08-20;;20241001
# L10 vavo at 04DD00: counts half
2024-10-01;L10;2005-01-01;1012;1;04DD00;04DD;VO;VAVO;J;;0;;;;;;;2023-08-20;;20241001
# L11 two active enrolments: bao (volgnummer 1) and sbo with a TLV of PO2401 L (volgnummer 2): sbo counts
2024-10-01;L11;2016-07-07;1011;1;01AA00;01AA;PO;BAO;J;0;0;;;;;;;2020-08-20;;20241001
2024-10-01;L11;2016-07-07;1011;2;02BB00;02BB;PO;SBO;J;0;0;PO2401;L;PO2401-2024-00003;2024-09-01;2026-07-31;;2024-09-01;;20241001
# L12 only a non-bekostigde enrolment: no row
2024-10-01;L12;2016-01-01;1011;1;01AA00;01AA;PO;BAO;N;0;0;;;;;;;2020-08-20;;20241001
# L13 uitgeschreven on the teldatum itself: counts in 2023, not in 2024 (the end date is exclusive)
2023-10-01;L13;2012-02-02;1011;1;01AA00;01AA;PO;BAO;J;1,20;0;;;;;;;2017-08-20;;20231001
2024-10-01;L13;2012-02-02;1011;1;01AA00;01AA;PO;BAO;J;1,20;0;;;;;;;2017-08-20;2024-10-01;20241001
# L14 mbo student: not a po/vo pupil
2024-10-01;L14;2006-01-01;1011;1;99ZZ00;99ZZ;MBO;MBO;J;;0;;;;;;;2023-08-20;;20241001
# L15 so cluster 2 (soort 22) with a TLV: cluster 1/2 pupils are not funded by an SWV
2024-10-01;L15;2017-01-01;3011;1;03CC00;03CC;WEC;SO;J;;0;PO2403;M;PO2403-2024-00009;2024-08-01;2025-07-31;22;2024-08-20;;20241001
# L16 so with a TLV whose beschikkingsnummer prefix (PO2403) differs from TLV_SWV (PO2401): the prefix wins
2024-10-01;L16;2015-01-01;3011;1;03CC00;03CC;WEC;SO;J;;0;PO2401;M;PO2403-2023-00011;2023-08-01;2025-07-31;32;2023-08-20;;20241001
""")
# a second vestigingen snapshot (2024-06-01): 05EE00 joins PO2401 in the register (before: none, so region PO2402).
# 2023-10-01 uses the 2023-01-01 snapshot, 2024-10-01 the new one.
VESTIGINGEN_2024 = [
    {**v, "bestand_datum": "2024-06-01", "swv_code": "PO2401" if v["vestigingscode"] == "05EE00" else v["swv_code"]}
    for v in VESTIGINGEN
]
TABLES = {"bron_inschrijvingen": BRON, "ref_regio_indeling": REGIO, "ref_gemeenten": GEMEENTEN,
          "ref_vestigingen": VESTIGINGEN + VESTIGINGEN_2024}
SELECT = ["path:seeds", "path:models/staging", "path:models/intermediate"]

COLUMNS = ("leerling_id", "teldatum", "sector", "onderwijstype", "telgewicht", "leerweg", "vestigingscode", "leeftijd",
           "zorgcategorie", "cluster", "swv_bekostigd", "wijze_van_bepaling", "swv_regio", "swv_vestiging", "swv_woon")
# expected rows, worked out by hand from the fixture comments above
EXPECTED = {
    ("L01", "2023-10-01"): ("po", "bao", 1.0, None, "01AA00", 7, None, None, None, None, "PO2401", "PO2401", "PO2401"),
    ("L01", "2024-10-01"): ("po", "bao", 1.0, None, "01AA00", 8, None, None, None, None, "PO2401", "PO2401", "PO2401"),
    ("L02", "2024-10-01"): ("po", "so", 1.0, None, "03CC00", 10, "hoog", 3, "PO2402", "tlv", "PO2403", "PO2403", "PO2401"),
    ("L03", "2024-10-01"): ("po", "so", 1.0, None, "03CC00", 11, "laag", 4, "PO2402", "woonplaats", "PO2403", "PO2403",
                            "PO2402"),
    ("L04", "2023-10-01"): ("po", "bao", 1.0, None, "01AA00", 7, None, None, None, None, "PO2401", "PO2401", "PO2402"),
    ("L04", "2024-10-01"): ("po", "sbo", 1.0, None, "02BB00", 8, None, None, "PO2401", "vorige_inschrijving", "PO2402",
                            "PO2402", "PO2402"),
    ("L05", "2023-10-01"): ("po", "bao", 1.0, None, "05EE00", 8, None, None, None, None, "PO2402", "PO2402", "PO2403"),
    ("L05", "2024-10-01"): ("po", "sbo", 1.0, None, "02BB00", 9, None, None, "PO2401", "vorige_inschrijving", "PO2402",
                            "PO2402", "PO2403"),
    ("L06", "2023-10-01"): ("po", "so", 1.0, None, "03CC00", 12, "laag", 3, "PO2401", "vorige_inschrijving", "PO2403", "PO2403",
                            "PO2401"),
    ("L06", "2024-10-01"): ("vo", "vso", 1.0, None, "03CC00", 13, "laag", 3, "VO2403", "vorige_inschrijving", "VO2403",
                            "VO2403", "VO2401"),
    ("L07", "2023-10-01"): ("vo", "vmbo_havo_vwo", 1.0, "vmbo_b", "04DD00", 13, None, None, None, None, "VO2401", "VO2401",
                            "VO2402"),
    ("L07", "2024-10-01"): ("vo", "vso", 1.0, None, "03CC00", 14, "laag", 4, "VO2401", "vorige_inschrijving", "VO2403",
                            "VO2403", "VO2402"),
    ("L08", "2024-10-01"): ("vo", "vso", 1.0, None, "03CC00", 15, "midden", 4, "VO2402", "vorige_inschrijving",
                            "VO2403", "VO2403", "VO2402"),
    ("L09", "2024-10-01"): ("vo", "vmbo_havo_vwo", 1.0, "havo", "06FF00", 13, None, None, None, None, "VO2403", "VO2402",
                            None),
    ("L10", "2024-10-01"): ("vo", "vmbo_havo_vwo", 0.5, None, "04DD00", 19, None, None, None, None, "VO2401", "VO2401",
                            "VO2401"),
    ("L11", "2024-10-01"): ("po", "sbo", 1.0, None, "02BB00", 8, None, None, "PO2401", "tlv", "PO2402", "PO2402", "PO2401"),
    ("L13", "2023-10-01"): ("po", "bao", 1.0, None, "01AA00", 11, None, None, None, None, "PO2401", "PO2401", "PO2401"),
    ("L15", "2024-10-01"): ("po", "so", 1.0, None, "03CC00", 7, "midden", 2, None, None, "PO2403", "PO2403", "PO2403"),
    ("L16", "2024-10-01"): ("po", "so", 1.0, None, "03CC00", 9, "midden", 3, "PO2403", "tlv", "PO2403", "PO2403", "PO2403"),
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    con = build_warehouse(Path(tmp_path_factory.mktemp("populations")), TABLES, select=SELECT)
    yield con
    con.close()


def test_one_row_per_counting_pupil_and_teldatum(warehouse: duckdb.DuckDBPyConnection) -> None:
    keys = warehouse.execute(
        "select leerling_id, strftime(teldatum, '%Y-%m-%d') from intermediate.int_leerling_teldatum order by all"
    ).fetchall()
    # L12 (not bekostigd), L13 in 2024 (uitgeschreven on the teldatum) and L14 (mbo) have no row
    assert keys == sorted(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=lambda k: f"{k[0]}-{k[1]}")
def test_population_columns(warehouse: duckdb.DuckDBPyConnection, key: tuple[str, str]) -> None:
    row = warehouse.execute(
        f"select {', '.join(COLUMNS[2:])} from intermediate.int_leerling_teldatum "
        "where leerling_id = ? and teldatum = cast(? as date)",
        list(key),
    ).fetchone()
    assert row == EXPECTED[key]


def test_calendar_and_place_columns(warehouse: duckdb.DuckDBPyConnection) -> None:
    row = warehouse.execute(
        "select schooljaar, peildatum_type, vestiging_pc4, vestiging_gemeentecode, woon_gemeentecode, gewicht, residentieel "
        "from intermediate.int_leerling_teldatum where leerling_id = 'L01' and teldatum = date '2024-10-01'"
    ).fetchone()
    assert row == ("2024-2025", "1 oktober", "1011", "0363", "0363", 0.3, False)
    # L03 soort verblijf 4 = residentieel; vo pupils carry no po gewicht
    sql = "select {} from intermediate.int_leerling_teldatum where leerling_id = ?"
    assert warehouse.execute(sql.format("residentieel"), ["L03"]).fetchone() == (True,)
    assert warehouse.execute(sql.format("gewicht"), ["L09"]).fetchone() == (None,)


def test_history_links_previous_enrolment(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select inschrijvingsvolgnummer, vorige_vestigingscode, vorige_onderwijssoort, vorige_datum_uitschrijving::varchar "
        "from intermediate.int_inschrijving_historie where leerling_id = 'L05' order by volgorde"
    ).fetchall()
    assert rows == [("1", None, None, None), ("2", "05EE00", "bao", "2024-01-10")]


def test_zorgcategorie_origin_and_derivability(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select leerling_id, zorgcategorie_herkomst, bepaling_afleidbaar from intermediate.int_leerling_teldatum "
        "where teldatum = date '2024-10-01' and onderwijstype in ('so', 'vso', 'sbo') order by leerling_id"
    ).fetchall()
    # so/vso: valid TLV -> tlv; none and no 1B in this fixture -> expired TLV (L08) or standaard_laag; sbo: null.
    # Derivable: a valid TLV (L02, L11, L16), residential (L03) or a visible previous enrolment (L04, L05, L06, L07);
    # L08 has none, so its SWV is the home-PC4 fallback; L15 (cluster 2) is not funded by an SWV.
    assert rows == [
        ("L02", "tlv", True), ("L03", "standaard_laag", True), ("L04", None, True), ("L05", None, True),
        ("L06", "standaard_laag", True), ("L07", "standaard_laag", True), ("L08", "verlopen_tlv", False),
        ("L11", None, True), ("L15", "tlv", None), ("L16", "tlv", True),
    ]


def test_mbo_students_are_in_vervolgonderwijs(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select leerling_id, onderwijssoort, sector, leeftijd, swv_woon_vo from intermediate.int_vervolgonderwijs_teldatum"
    ).fetchall()
    # L14: mbo, born 2006-01-01 -> 18 on 2024-10-01, home 1011 -> VO2401
    assert rows == [("L14", "mbo", "mbo", 18, "VO2401")]


def test_reference_snapshot_in_force_per_teldatum(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select strftime(teldatum, '%Y-%m-%d'), swv_code_register, swv_po_regio, swv_po_vestiging "
        "from intermediate.int_vestiging_teldatum where vestigingscode = '05EE00' order by teldatum"
    ).fetchall()
    assert rows == [("2023-10-01", None, "PO2402", "PO2402"), ("2024-10-01", "PO2401", "PO2402", "PO2401")]
    # Europoort is no SWV; the gemeente code comes from the gemeenten reference by name
    europoort = warehouse.execute(
        "select distinct po_swv_code, vo_swv_code, gemeentecode from intermediate.int_regio_indeling_teldatum "
        "where pc4 = '3099'"
    ).fetchall()
    assert europoort == [(None, None, "0599")]
