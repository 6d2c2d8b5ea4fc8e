"""The four funding reconciliation marts on a hand-built fixture with known, hand-placed discrepancies.

Teldata: BRON 2023-10-01 (history only), 2024-10-01 and 2025-02-01; DUO 1A/1B 2024-10-01; 1A bo/sbo 2025-02-01.
Geography: tests/support/geografie.py. Every discrepancy placed on purpose is listed in EXPECTED_* with the reasoning.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.support.geografie import GEMEENTEN, REGIO, VESTIGINGEN
from tests.support.landing import build_warehouse, rows_from_text

# one worker builds the fixture warehouse (module scope), not every worker that runs one of the tests
pytestmark = pytest.mark.xdist_group("reconciliation")

BRON = rows_from_text("""
teldatum;leerling_id;geboortedatum;woon_pc4;inschrijvingsvolgnummer;vestigingscode;brin;sector;onderwijssoort;is_bekostigde_inschrijving;lwoo;nieuwkomer;soort_verblijf;tlv_swv_code;tlv_categorie;beschikkingsnummer;tlv_begindatum;tlv_einddatum;soort_onderwijs;datum_inschrijving;bestand_datum
2023-10-01;R10;2014-01-01;1011;1;03CC00;03CC;WEC;SO;J;N;N;0;;;;;;31;2020-08-20;20231001
# R01 so, TLV PO2402 H: agrees with 1B
2024-10-01;R01;2014-01-01;2011;1;03CC00;03CC;WEC;SO;J;N;N;0;PO2402;H;PO2402-2024-00001;2024-08-01;2026-07-31;31;2024-08-20;20241001
# R02 sbo, TLV PO2402: agrees with 1B
2024-10-01;R02;2016-01-01;2011;1;02BB00;02BB;PO;SBO;J;N;N;0;PO2402;;PO2402-2024-00002;2024-08-01;2026-07-31;;2024-08-20;20241001
# R03 so, TLV PO2401 M; 1B lists the pupil under PO2403 -> ander_swv
2024-10-01;R03;2014-01-01;1011;1;03CC00;03CC;WEC;SO;J;N;N;0;PO2401;M;PO2401-2024-00003;2024-08-01;2026-07-31;31;2024-08-20;20241001
# R04 so, TLV PO2402 L; 1B says SO_VSO_HOOG -> andere_categorie
2024-10-01;R04;2014-01-01;2011;1;03CC00;03CC;WEC;SO;J;N;N;0;PO2402;L;PO2402-2024-00004;2024-08-01;2026-07-31;31;2024-08-20;20241001
# R05 so, TLV PO2402 H; not in 1B -> ontbreekt_in_1b
2024-10-01;R05;2014-01-01;2011;1;03CC00;03CC;WEC;SO;J;N;N;0;PO2402;H;PO2402-2024-00005;2024-08-01;2026-07-31;31;2024-08-20;20241001
# R06 bao in BRON, but 1B funds the pupil -> ontbreekt_in_bron
2024-10-01;R06;2016-01-01;1011;1;01AA00;01AA;PO;BAO;J;N;N;0;;;;;;;2020-08-20;20241001
# R07 so at 03CC00, TLV PO2402 H; 1B says vestiging 07GG00 -> andere_vestiging
2024-10-01;R07;2014-01-01;2011;1;03CC00;03CC;WEC;SO;J;N;N;0;PO2402;H;PO2402-2024-00007;2024-08-01;2026-07-31;31;2024-08-20;20241001
# R08 so residential, no TLV -> woonplaats PO2402; 1B says TLV -> andere_wijze_van_bepaling (category not comparable)
2024-10-01;R08;2014-01-01;2011;1;03CC00;03CC;WEC;SO;J;N;N;3;;;;;;31;2024-08-20;20241001
# R09 so, TLV PO2402 H; twice in 1B (PO2402 and PO2401) -> dubbel_in_1b
2024-10-01;R09;2014-01-01;2011;1;03CC00;03CC;WEC;SO;J;N;N;0;PO2402;H;PO2402-2024-00009;2024-08-01;2026-07-31;31;2024-08-20;20241001
# R10 so since 2020, no TLV, not residential, no previous enrolment visible: BRON falls back on home 1011 -> PO2401
#     (bepaling_afleidbaar false); 1B says PO2403 -> swv_niet_afleidbaar (informational)
2024-10-01;R10;2014-01-01;1011;1;03CC00;03CC;WEC;SO;J;N;N;0;;;;;;31;2020-08-20;20241001
# vo pupils at 04DD00 (VO2401): havo+lwoo, vavo, pro, nieuwkomer in the brugjaar; one at 09HH00 (VO2401, unlisted)
2024-10-01;V01;2010-01-01;1012;1;04DD00;04DD;VO;HAVO;J;J;N;0;;;;;;;2022-08-20;20241001
2024-10-01;V02;2005-01-01;1012;1;04DD00;04DD;VO;VAVO;J;N;N;0;;;;;;;2023-08-20;20241001
2024-10-01;V03;2010-01-01;1012;1;04DD00;04DD;VO;PRO;J;N;N;0;;;;;;;2022-08-20;20241001
2024-10-01;V04;2012-01-01;1012;1;04DD00;04DD;VO;BRUGJAAR;J;N;J;0;;;;;;;2024-08-20;20241001
2024-10-01;V05;2012-01-01;1012;1;09HH00;09HH;VO;VWO;J;N;N;0;;;;;;;2024-08-20;20241001
# V06 a second vavo pupil at 04DD00: with V02 the vavo count is 2, and both are part of Totaal
2024-10-01;V06;2005-01-01;1012;1;04DD00;04DD;VO;VAVO;J;N;N;0;;;;;;;2023-08-20;20241001
# 1 February 2025: two bao pupils at 01AA00 (1A bo/sbo file says 3)
2025-02-01;P01;2016-01-01;1011;1;01AA00;01AA;PO;BAO;J;N;N;0;;;;;;;2020-08-20;20250201
2025-02-01;P02;2016-01-01;1011;1;01AA00;01AA;PO;BAO;J;N;N;0;;;;;;;2020-08-20;20250201
""")
B1 = rows_from_text("""
leerling_id;beschikkingsnummer;leeftijd_teldatum;instellingscode;vestigingscode;vestigingsnaam;ondersteuningscategorie;inschrijvingsvolgnummer;datum_inschrijving;residentiele_leerling;hoofd_onderwijssoort;wijze_van_bepaling;teldatum;swv_code;bestand_swv_code;bestand_datum
R01;PO2402-2024-00001;10;03CC;03CC00;Mytylschool;SO_VSO_HOOG;1;2024-08-20;N;SO;TLV;2024-10-01;PO2402;PO2402;2024-10-01
R02;PO2402-2024-00002;8;02BB;02BB00;De Brug sbo;SBO;1;2024-08-20;N;SBO;TLV;2024-10-01;PO2402;PO2402;2024-10-01
R04;PO2402-2024-00004;10;03CC;03CC00;Mytylschool;SO_VSO_HOOG;1;2024-08-20;N;SO;TLV;2024-10-01;PO2402;PO2402;2024-10-01
R06;;8;03CC;03CC00;Mytylschool;SO_VSO_LAAG;1;2024-08-20;N;SO;VORIGE_INSCHRIJVING;2024-10-01;PO2402;PO2402;2024-10-01
R07;PO2402-2024-00007;10;07GG;07GG00;Elders;SO_VSO_HOOG;1;2024-08-20;N;SO;TLV;2024-10-01;PO2402;PO2402;2024-10-01
R08;PO2402-2024-00008;10;03CC;03CC00;Mytylschool;SO_VSO_LAAG;1;2024-08-20;J;SO;TLV;2024-10-01;PO2402;PO2402;2024-10-01
R09;PO2402-2024-00009;10;03CC;03CC00;Mytylschool;SO_VSO_HOOG;1;2024-08-20;N;SO;TLV;2024-10-01;PO2402;PO2402;2024-10-01
R09;PO2402-2024-00009;10;03CC;03CC00;Mytylschool;SO_VSO_HOOG;1;2024-08-20;N;SO;TLV;2024-10-01;PO2401;PO2401;2024-10-01
R03;PO2401-2024-00003;10;03CC;03CC00;Mytylschool;SO_VSO_MIDDE;1;2024-08-20;N;SO;TLV;2024-10-01;PO2403;PO2403;2024-10-01
R10;;10;03CC;03CC00;Mytylschool;SO_VSO_LAAG;1;2020-08-20;N;SO;VORIGE_INSCHRIJVING;2024-10-01;PO2403;PO2403;2024-10-01
""")
# 1A per SWV, consistent with 1B above except where marked
A1_TLV = rows_from_text("""
schoolsoort;vestigingscode;deelnemende_vestiging;totaal;aantal_hoog_tlv;aantal_hoog_rp;aantal_hoog_overig;aantal_midden_tlv;aantal_midden_rp;aantal_midden_overig;aantal_laag_tlv;aantal_laag_rp;aantal_laag_overig;aantal_sbo_tlv;aantal_sbo_overig;bestand_swv_code;bestand_datum
# PO2402 so 03CC00: tlv hoog R01 R04 R09 = 3, tlv laag R08 = 1, overig laag R06 = 1
SO;03CC00;J;5;3;0;0;0;0;0;1;0;1;0;0;PO2402;2024-10-01
# PO2402 sbo 02BB00: 1B has 1 (R02), 1A says 2 -> aantal_verschilt; 07GG00 (R07) is not listed -> ontbreekt_in_1a
SBO;02BB00;J;2;0;0;0;0;0;0;0;0;0;2;0;PO2402;2024-10-01
# PO2401 so 03CC00: tlv hoog R09 = 1 (agrees with 1B) but TOTAAL 2 -> totaal_ongelijk_som_categorieen
SO;03CC00;N;2;1;0;0;0;0;0;0;0;0;0;0;PO2401;2024-10-01
# PO2403 so 03CC00: tlv midden R03 = 1, overig laag R10 = 1
SO;03CC00;N;2;0;0;0;1;0;0;0;0;1;0;0;PO2403;2024-10-01
""")
A1_TOTAAL = rows_from_text("""
schoolsoort;met_tlv_dit_swv;met_tlv_ander_swv;totaal;bestand_variant;bestand_swv_code;bestand_datum
SO;5;0;5;sbo_en_so;PO2402;2024-10-01
# 1 + 0 <> 2 -> dit_plus_ander_ongelijk_totaal
SBO;1;0;2;sbo_en_so;PO2402;2024-10-01
""")
A1_VO = rows_from_text("""
vestigingscode;totaal;nieuwkomers;vavo_gedeeltelijk_bekostigd;lwoo;pro;bestand_swv_code;bestand_datum
# BRON at 04DD00: V01 havo+lwoo, V02 and V06 vavo, V03 pro, V04 nieuwkomer (brugjaar). As DUO describes the file,
#   Totaal includes vavo and excludes the nieuwkomers: V01 + V02 + V06 + V03 = 4 (reading vavo out of Totaal and
#   nieuwkomers into it, the old reading, would give V01 + V03 + V04 = 3 and flag this agreeing row); nieuwkomers 1
#   (V04), vavo 2, lwoo 1 (V01), pro 1 (V03). 1A says lwoo 0 -> totaal_verschilt (lwoo) only; its parts
#   vavo 2 + lwoo 0 + pro 1 = 3 <= Totaal 4, so 1A intern has no complaint
# 09HH00 (VO2401, 1 pupil in BRON) is not listed -> vestiging_ontbreekt_in_1a
04DD00;4;1;2;0;1;VO2401;2024-10-01
# VO2402 on 2025-10-01 (no BRON snapshot that day, so no comparison with BRON): vavo 2 + lwoo 6 + pro 3 = 11 parts of
#   a Totaal of 10 -> vo_deelaantallen_groter_dan_totaal (1A intern); nieuwkomers 7 are beside Totaal and do not count
06FF00;10;7;2;6;3;VO2402;2025-10-01
""")
A1_PO = rows_from_text("""
vestigingscode;totaal;bestand_swv_code;bestand_datum
# BRON on 1 February 2025: 2 pupils at 01AA00; 1A says 3 -> totaal_verschilt
01AA00;3;PO2401;2025-02-01
""")
TABLES = {"bron_inschrijvingen": BRON, "duo_1b_bekostigd": B1, "duo_1a_tlv": A1_TLV, "duo_1a_totaal": A1_TOTAAL,
          "duo_1a_vestigingen_vo": A1_VO, "duo_1a_vestigingen_po": A1_PO, "ref_regio_indeling": REGIO,
          "ref_gemeenten": GEMEENTEN, "ref_vestigingen": VESTIGINGEN}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    # staging column tests run in test_populations; leaving them out here halves the build time
    con = build_warehouse(Path(tmp_path_factory.mktemp("reconciliation")), TABLES,
                          exclude=["resource_type:test,path:models/staging"])
    yield con
    con.close()


def test_1a_intern(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select reden_code, swv_code, schoolsoort, vestigingscode, totaal, som_delen from marts.mart_recon_1a_intern "
        "order by reden_code"
    ).fetchall()
    assert rows == [
        ("dit_plus_ander_ongelijk_totaal", "PO2402", "SBO", None, 2, 1),
        ("totaal_ongelijk_som_categorieen", "PO2401", "SO", "03CC00", 2, 1),
        ("vo_deelaantallen_groter_dan_totaal", "VO2402", "VO", "06FF00", 10, 11),
    ]


def test_1b_vs_1a(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select reden_code, swv_code, schoolsoort, vestigingscode, soort, niveau, aantal_1b, aantal_1a "
        "from marts.mart_recon_1b_1a order by reden_code"
    ).fetchall()
    assert rows == [
        ("aantal_verschilt", "PO2402", "SBO", "02BB00", "tlv", "sbo", 1, 2),
        ("ontbreekt_in_1a", "PO2402", "SO", "07GG00", "tlv", "hoog", 1, 0),
    ]


def test_bron_vs_1b(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select leerling_id, reden_code, is_afwijking, swv_bron, swv_1b from marts.mart_recon_bron_1b order by all"
    ).fetchall()
    assert rows == [
        ("R03", "ander_swv", True, "PO2401", "PO2403"),
        ("R04", "andere_categorie", True, "PO2402", "PO2402"),
        ("R05", "ontbreekt_in_1b", True, "PO2402", None),
        ("R06", "ontbreekt_in_bron", True, None, "PO2402"),
        ("R07", "andere_vestiging", True, "PO2402", "PO2402"),
        ("R08", "andere_wijze_van_bepaling", True, "PO2402", "PO2402"),
        ("R09", "dubbel_in_1b", True, "PO2402", "PO2401"),
        ("R10", "swv_niet_afleidbaar", False, "PO2401", "PO2403"),
    ]


def test_1a_vestigingen_vs_bron(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select reden_code, sector, swv_code, strftime(teldatum, '%Y-%m-%d'), vestigingscode, meting, aantal_1a, "
        "aantal_bron from marts.mart_recon_1a_vestigingen_bron order by all"
    ).fetchall()
    assert rows == [
        ("totaal_verschilt", "po", "PO2401", "2025-02-01", "01AA00", "totaal", 3, 2),
        ("totaal_verschilt", "vo", "VO2401", "2024-10-01", "04DD00", "lwoo", 0, 1),
        ("vestiging_ontbreekt_in_1a", "vo", "VO2401", "2024-10-01", "09HH00", "totaal", 0, 1),
    ]


def test_every_reason_code_is_documented(warehouse: duckdb.DuckDBPyConnection) -> None:
    undocumented = warehouse.execute(
        "select reden_code from (select reden_code from marts.mart_recon_1a_intern union all "
        "select reden_code from marts.mart_recon_1b_1a union all select reden_code from marts.mart_recon_bron_1b union all "
        "select reden_code from marts.mart_recon_1a_vestigingen_bron) "
        "where reden_code not in (select reden_code from seeds.reconciliatie_reden)"
    ).fetchall()
    assert undocumented == []


def test_summary_counts_rows_per_check_and_reason(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select controle, reden_code, is_afwijking, sum(aantal_rijen)::int from marts.mart_recon_samenvatting "
        "group by all order by all"
    ).fetchall()
    # the rows of the four detail tests above, counted by check and reason
    assert rows == [
        ("BRON vs DUO 1B", "ander_swv", True, 1),
        ("BRON vs DUO 1B", "andere_categorie", True, 1),
        ("BRON vs DUO 1B", "andere_vestiging", True, 1),
        ("BRON vs DUO 1B", "andere_wijze_van_bepaling", True, 1),
        ("BRON vs DUO 1B", "dubbel_in_1b", True, 1),
        ("BRON vs DUO 1B", "ontbreekt_in_1b", True, 1),
        ("BRON vs DUO 1B", "ontbreekt_in_bron", True, 1),
        ("BRON vs DUO 1B", "swv_niet_afleidbaar", False, 1),
        ("DUO 1A intern", "dit_plus_ander_ongelijk_totaal", True, 1),
        ("DUO 1A intern", "totaal_ongelijk_som_categorieen", True, 1),
        ("DUO 1A intern", "vo_deelaantallen_groter_dan_totaal", True, 1),
        ("DUO 1A vestigingen vs BRON", "totaal_verschilt", True, 2),
        ("DUO 1A vestigingen vs BRON", "vestiging_ontbreekt_in_1a", True, 1),
        ("DUO 1B vs 1A", "aantal_verschilt", True, 1),
        ("DUO 1B vs 1A", "ontbreekt_in_1a", True, 1),
    ]
