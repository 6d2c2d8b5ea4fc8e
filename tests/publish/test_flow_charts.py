"""Charts and tabs of the flow indicators in an SWV package, on hand-made published rows.

verplaatsingen has key columns without an 'all' value (herkomst x bestemming onderwijssoort x swv_relatie), and its
po and vo rows have no onderwijssoort in common, so the chart's selection is made per sector:
  po 2024-2025 naar_mijn_scholen bao -> bao buiten_swv: PO2401 2 / 40 = 5 %, PO2402 3 / 30 = 10 %  (two SWVs)
                                  sbo -> bao binnen_swv: PO2401 1 / 40 (masked) only                (one SWV)
      -> po draws bao -> bao buiten_swv (published for 2 SWVs); benchmark (5 + 10) / 2 = 7.5 %
  vo 2024-2025 naar_mijn_scholen havo -> havo binnen_swv: VO2401 6 / 60 = 10 %
      -> vo draws havo -> havo binnen_swv
schooladvies_po is a distribution whose totaal is 100 %: its chart draws leerjaar_3_conform_advies.
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from dagster_project.exports.charts import chart_categorie, chart_selection, chart_series
from dagster_project.exports.columns import BENCHMARK_LABEL, FLOW_BRON
from dagster_project.exports.package_data import PackageData, with_positions
from dagster_project.exports.packages import write_swv_package

J = "2024-2025"


def verplaatsing(swv, sector, herkomst, bestemming, relatie, teller, noemer, waarde, gemiddelde=None,
                 gemaskeerd=False, weergave=None):
    return {"indicator": "verplaatsingen", "sector": sector, "swv_code": swv, "schooljaar": J,
            "peildatum": pd.Timestamp("2024-10-01"), "populatie": None, "grain": "landelijk" if swv is None else "swv",
            "grain_code": swv or "NL", "grain_naam": swv or "Nederland", "categorie": "naar_mijn_scholen",
            "herkomst_onderwijssoort": herkomst, "bestemming_onderwijssoort": bestemming, "swv_relatie": relatie,
            "teller": teller, "noemer": noemer, "waarde": waarde, "waarde_gemiddelde_swv": gemiddelde,
            "gemaskeerd": gemaskeerd,
            "weergave": weergave or (None if waarde is None else f"{waarde:.1f}".replace(".", ","))}


def verplaatsingen() -> pd.DataFrame:
    return pd.DataFrame([
        verplaatsing("PO2401", "po", "bao", "bao", "buiten_swv", 2, 40, 5.0),
        verplaatsing("PO2402", "po", "bao", "bao", "buiten_swv", 3, 30, 10.0),
        verplaatsing(None, "po", "bao", "bao", "buiten_swv", 5, 70, 100 * 5 / 70, 7.5),
        verplaatsing("PO2401", "po", "sbo", "bao", "binnen_swv", None, 40, None, gemaskeerd=True,
                     weergave="gemaskeerd"),
        verplaatsing(None, "po", "sbo", "bao", "binnen_swv", None, 40, None, None, gemaskeerd=True,
                     weergave="gemaskeerd"),
        verplaatsing("VO2401", "vo", "havo", "havo", "binnen_swv", 6, 60, 10.0),
        verplaatsing(None, "vo", "havo", "havo", "binnen_swv", 6, 60, 10.0, 10.0),
    ])


def schooladvies() -> pd.DataFrame:
    rows = []
    for categorie, teller, waarde in (("totaal", 20, 100.0), ("leerjaar_3_conform_advies", 10, 50.0),
                                      ("leerjaar_3_boven_advies", 5, 25.0), ("niet_in_leerjaar_3", 5, 25.0)):
        for swv in ("PO2401", None):
            rows.append({"indicator": "schooladvies_po", "sector": "po", "swv_code": swv, "schooljaar": J,
                         "peildatum": pd.Timestamp("2024-10-01"), "populatie": None,
                         "grain": "landelijk" if swv is None else "swv", "grain_code": swv or "NL",
                         "grain_naam": swv or "Nederland", "categorie": categorie, "po_onderwijssoort": None,
                         "advies": None, "vo_onderwijssoort": None, "teller": teller, "noemer": 20, "waarde": waarde,
                         "waarde_gemiddelde_swv": None if swv else waarde, "gemaskeerd": False,
                         "weergave": f"{waarde:.1f}".replace(".", ",")})
    return pd.DataFrame(rows)


def test_key_columns_without_an_all_value_are_chosen_per_sector():
    sel, selections = chart_selection(verplaatsingen())
    # po: bao -> bao buiten_swv has published values for two SWVs, sbo -> bao for none
    assert selections["po"] == {"herkomst_onderwijssoort": "bao", "bestemming_onderwijssoort": "bao",
                                "swv_relatie": "buiten_swv"}
    # vo has its own cell: a selection made once for both sectors would leave vo SWVs without a line
    assert selections["vo"] == {"herkomst_onderwijssoort": "havo", "bestemming_onderwijssoort": "havo",
                                "swv_relatie": "binnen_swv"}
    po = chart_series(sel[sel["sector"] == "po"], "PO2401")
    assert po["PO2401"].to_dict() == {J: 5.0}
    assert po[BENCHMARK_LABEL].to_dict() == {J: 7.5}
    assert chart_series(sel[sel["sector"] == "vo"], "VO2401")["VO2401"].to_dict() == {J: 10.0}


def test_a_distribution_chart_draws_its_chosen_categorie_not_the_100_percent_totaal():
    sel, _ = chart_selection(schooladvies())
    assert chart_categorie(sel, "PO2401", "schooladvies_po") == "leerjaar_3_conform_advies"
    # without a chosen categorie a totaal of 100 % everywhere is passed over for the most published categorie
    # (three categories with one value each: the first by name)
    assert chart_categorie(sel, "PO2401", "een_verdeling") == "leerjaar_3_boven_advies"


@pytest.mark.parametrize("code, title_part, value", [("VO2401", "verplaatsingen - VO2401", "10,0"),
                                                      ("PO2401", "verplaatsingen - PO2401", "5,0")])
def test_package_of_each_sector_has_the_flow_tab_and_chart(tmp_path, code, title_part, value):
    data = PackageData.prepare({"verplaatsingen": with_positions(verplaatsingen())}, None)
    write_swv_package(tmp_path, code, data)
    txt = (tmp_path / "verplaatsingen.txt").read_text(encoding="utf-8")
    assert title_part in txt and FLOW_BRON in txt
    assert f"- {code}: {value}" in txt  # the SWV's value of the latest year in its own sector's cell
    assert (tmp_path / "verplaatsingen.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (xlsx,) = tmp_path.glob(f"gegevensbestand_{code}_*.xlsx")
    header, *rows = [list(r) for r in load_workbook(xlsx, read_only=True)["verplaatsingen"].iter_rows(values_only=True)]
    got = [dict(zip(header, r, strict=True)) for r in rows]
    expected = verplaatsingen()
    expected = expected[expected["swv_code"] == code]
    assert len(got) == len(expected)
    for r in got:
        (p,) = expected[(expected["herkomst_onderwijssoort"] == r["herkomst_onderwijssoort"])
                        & (expected["bestemming_onderwijssoort"] == r["bestemming_onderwijssoort"])].to_dict("records")
        if p["gemaskeerd"]:
            assert (r["teller"], r["waarde"]) == ("gemaskeerd", "gemaskeerd")
        else:
            assert (r["teller"], r["noemer"], r["waarde"]) == (p["teller"], p["noemer"], p["waarde"])


def test_a_small_swv_whose_every_noemer_is_masked_shows_them_masked(tmp_path):
    # VO2402's only row: 2 / 3 moves, both counts masked; other SWVs' noemers make verplaatsingen a rate
    frame = pd.concat([verplaatsingen(), pd.DataFrame([verplaatsing("VO2402", "vo", "havo", "havo", "binnen_swv",
                                                                    None, None, None, gemaskeerd=True,
                                                                    weergave="gemaskeerd")])], ignore_index=True)
    data = PackageData.prepare({"verplaatsingen": with_positions(frame)}, None)
    write_swv_package(tmp_path, "VO2402", data)
    (xlsx,) = tmp_path.glob("gegevensbestand_VO2402_*.xlsx")
    header, row = [list(r) for r in load_workbook(xlsx, read_only=True)["verplaatsingen"].iter_rows(values_only=True)]
    got = dict(zip(header, row, strict=True))
    assert (got["teller"], got["noemer"], got["waarde"]) == ("gemaskeerd", "gemaskeerd", "gemaskeerd")
