"""The landelijk benchmark in an SWV package: the mean of the SWV values (DPO), labelled, with the pooled figure beside.

Hand-made published rows (three po SWVs, worked out by hand):
  deelname sbo 2024-2025: PO2401 5 / 50 = 10 %, PO2402 6 / 20 = 30 %, PO2403 8 / 20 = 40 %
      benchmark (mean of the SWVs) = (10 + 30 + 40) / 3 = 26.67 %; pooled = (5 + 6 + 8) / (50 + 20 + 20) = 19 / 90
      = 21.11 %
  deelname sbo 2023-2024: PO2401 5 / 10 = 50 %, PO2402 5 / 20 = 25 %, PO2403 10 / 20 = 50 %
      benchmark = 125 / 3 = 41.67 %; pooled = 20 / 50 = 40 %
  aantal bao 2024-2025: 100, 200, 600 -> benchmark 900 / 3 = 300, national total 900 (not on an SWV's scale)
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from dagster_project.exports.charts import chart_selection, chart_series
from dagster_project.exports.columns import BENCHMARK_LABEL, POOLED_LABEL
from dagster_project.exports.package_data import PackageData
from dagster_project.exports.packages import write_swv_package

J1, J2 = "2023-2024", "2024-2025"


def row(indicator, swv, schooljaar, categorie, teller, noemer, waarde, gemiddelde=None, gemaskeerd=False,
        weergave=None):
    grain = "landelijk" if swv is None else "swv"
    return {"indicator": indicator, "sector": "po", "swv_code": swv, "schooljaar": schooljaar,
            "peildatum": pd.Timestamp(f"{schooljaar[:4]}-10-01"), "populatie": None, "grain": grain,
            "grain_code": swv or "NL", "grain_naam": swv or "Nederland", "categorie": categorie,
            "teller": teller, "noemer": noemer, "waarde": waarde, "waarde_gemiddelde_swv": gemiddelde,
            "gemaskeerd": gemaskeerd, "weergave": weergave if weergave is not None else (
                None if waarde is None else f"{waarde:.1f}".replace(".", ","))}


def deelname() -> pd.DataFrame:
    rows = [row("deelnamepercentage", "PO2401", J2, "sbo", 5, 50, 10.0),
            row("deelnamepercentage", "PO2402", J2, "sbo", 6, 20, 30.0),
            row("deelnamepercentage", "PO2403", J2, "sbo", 8, 20, 40.0),
            row("deelnamepercentage", None, J2, "sbo", 19, 90, 100 * 19 / 90, 80 / 3),
            row("deelnamepercentage", "PO2401", J1, "sbo", 5, 10, 50.0),
            row("deelnamepercentage", "PO2402", J1, "sbo", 5, 20, 25.0),
            row("deelnamepercentage", "PO2403", J1, "sbo", 10, 20, 50.0),
            row("deelnamepercentage", None, J1, "sbo", 20, 50, 40.0, 125 / 3)]
    return pd.DataFrame(rows)


def aantal() -> pd.DataFrame:
    rows = [row("aantal_leerlingen", "PO2401", J2, "bao", 100, None, 100.0),
            row("aantal_leerlingen", "PO2402", J2, "bao", 200, None, 200.0),
            row("aantal_leerlingen", "PO2403", J2, "bao", 600, None, 600.0),
            row("aantal_leerlingen", None, J2, "bao", 900, None, 900.0, 300.0)]
    return pd.DataFrame(rows)


def test_chart_lines_are_the_swv_the_benchmark_and_for_a_rate_the_pooled_figure():
    sel, _ = chart_selection(deelname())
    lines = chart_series(sel, "PO2401")
    assert set(lines) == {"PO2401", BENCHMARK_LABEL, POOLED_LABEL}
    assert lines["PO2401"].to_dict() == {J1: 50.0, J2: 10.0}
    assert lines[BENCHMARK_LABEL].to_dict() == pytest.approx({J1: 125 / 3, J2: 80 / 3})
    assert lines[POOLED_LABEL].to_dict() == pytest.approx({J1: 40.0, J2: 100 * 19 / 90})
    # a count: the national total (900) is another order of magnitude than an SWV's count, so only the benchmark
    sel, _ = chart_selection(aantal())
    lines = chart_series(sel, "PO2401")
    assert set(lines) == {"PO2401", BENCHMARK_LABEL}
    assert lines[BENCHMARK_LABEL].to_dict() == {J2: 300.0}


def test_package_shows_the_benchmark_labelled_beside_the_pooled_figure(tmp_path):
    data = PackageData.prepare({"deelnamepercentage": deelname(), "aantal_leerlingen": aantal()}, None)
    write_swv_package(tmp_path, "PO2401", data)
    (xlsx,) = tmp_path.glob("gegevensbestand_PO2401_*.xlsx")
    wb = load_workbook(xlsx, read_only=True)
    land = [r for r in wb["landelijk"].iter_rows(values_only=True)]
    header = list(land[0])
    bench, pooled = header.index(f"{BENCHMARK_LABEL} (benchmark)"), header.index(POOLED_LABEL)
    assert bench < pooled  # the benchmark comes first
    by_cell = {(r[header.index("indicator")], r[header.index("schooljaar")]): (r[bench], r[pooled]) for r in land[1:]}
    assert by_cell[("deelnamepercentage", J2)] == pytest.approx((80 / 3, 100 * 19 / 90))
    assert by_cell[("deelnamepercentage", J1)] == pytest.approx((125 / 3, 40.0))
    assert by_cell[("aantal_leerlingen", J2)] == (300, 900)
    # the SWV's own tab: its value with the benchmark and the pooled figure of the same cell beside it
    tab = list(wb["deelnamepercentage"].iter_rows(values_only=True))
    header = list(tab[0])
    own = {r[header.index("schooljaar")]: (r[header.index("waarde")], r[header.index(BENCHMARK_LABEL)],
                                           r[header.index(POOLED_LABEL)]) for r in tab[1:]}
    assert own[J2] == pytest.approx((10.0, 80 / 3, 100 * 19 / 90))
    assert own[J1] == pytest.approx((50.0, 125 / 3, 40.0))
    wb.close()
    txt = (tmp_path / "deelnamepercentage.txt").read_text(encoding="utf-8")
    assert "- PO2401: 10,0" in txt
    assert f"- {BENCHMARK_LABEL} (benchmark, gestreept): 26,7" in txt
    assert f"- {POOLED_LABEL} (gestippeld): 21,1" in txt
    txt = (tmp_path / "aantal_leerlingen.txt").read_text(encoding="utf-8")
    assert f"- {BENCHMARK_LABEL} (benchmark, gestreept): 300,0" in txt
    assert f"- {POOLED_LABEL}: 900,0" in txt and "niet getekend" in txt


def test_a_masked_benchmark_is_shown_masked(tmp_path):
    frame = deelname()
    land = (frame["grain"] == "landelijk") & (frame["schooljaar"] == J2)
    frame.loc[land, "waarde_gemiddelde_swv"] = None
    frame.loc[land, "gemaskeerd"] = True
    data = PackageData.prepare({"deelnamepercentage": frame}, None)
    write_swv_package(tmp_path, "PO2401", data)
    (xlsx,) = tmp_path.glob("gegevensbestand_PO2401_*.xlsx")
    wb = load_workbook(xlsx, read_only=True)
    tab = list(wb["deelnamepercentage"].iter_rows(values_only=True))
    header = list(tab[0])
    own = {r[header.index("schooljaar")]: r[header.index(BENCHMARK_LABEL)] for r in tab[1:]}
    assert own == {J2: "gemaskeerd", J1: pytest.approx(125 / 3)}
    wb.close()
    assert f"- {BENCHMARK_LABEL} (benchmark, gestreept): gemaskeerd" in \
        (tmp_path / "deelnamepercentage.txt").read_text(encoding="utf-8")
