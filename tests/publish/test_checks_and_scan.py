"""GX publication checks and export scans on small hand-made inputs (each must pass clean input, catch bad)."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from dagster_project.checks.export_scan import ScanReport, elfproef, scan_bsn, scan_swv_packages
from dagster_project.checks.publication import validate_frame


def pub_frame(teller: float | None, noemer: float | None, waarde: float | None, gemaskeerd: bool, weergave: str | None,
              swv_code: str = "PO2401") -> pd.DataFrame:
    return pd.DataFrame([{
        "indicator": "t", "sector": "po", "swv_code": swv_code, "schooljaar": "2024-2025",
        "peildatum": pd.Timestamp("2024-10-01"), "populatie": None, "grain": "swv", "grain_code": swv_code,
        "grain_naam": "x", "categorie": "a", "teller": teller, "noemer": noemer, "waarde": waarde,
        "waarde_gemiddelde_swv": None, "gemaskeerd": gemaskeerd, "weergave": weergave,
    }])


def test_checks_pass_on_clean_rows():
    df = pd.concat([pub_frame(10, 40, 25.0, False, "25,0"), pub_frame(None, 40, None, True, "gemaskeerd"),
                    pub_frame(0, 40, 0.0, False, "0,0")], ignore_index=True)
    outcomes = validate_frame(df, "pub_t", threshold=5)
    assert {o.name for o in outcomes} >= {"geen_kleine_teller", "percentage_0_100", "swv_code_wellformed",
                                           "gemaskeerd_consistent"}
    assert all(o.passed for o in outcomes), [o for o in outcomes if not o.passed]


def test_checks_catch_small_count_bad_rate_bad_code_and_inconsistent_mask():
    df = pd.concat([
        pub_frame(3, 40, 7.5, False, "7,5"),            # published count 3
        pub_frame(60, 40, 150.0, False, "150,0"),       # percentage 150
        pub_frame(10, 40, 25.0, False, "25,0", swv_code="XX12"),  # malformed code
        pub_frame(None, 40, 25.0, True, "<5"),          # shown masked but waarde present
    ], ignore_index=True)
    failed = {o.name: o for o in validate_frame(df, "pub_t", threshold=5) if not o.passed}
    assert {"geen_kleine_teller", "percentage_0_100", "swv_code_wellformed", "grain_code_wellformed",
            "gemaskeerd_consistent"} <= set(failed)
    assert failed["geen_kleine_teller"].failing_count == 1 and failed["geen_kleine_teller"].blocking


def test_elfproef():
    # 111222333: 9+8+7+12+10+8+9+6-3 = 66 = 6*11 -> passes; 123456789: 9+16+21+24+25+24+21+16-9 = 147 -> not
    assert elfproef("111222333")
    assert not elfproef("123456789")
    assert not elfproef("12345678")


def test_scans_find_planted_bsn_and_other_swv(tmp_path):
    pkg = tmp_path / "swv" / "PO2401"
    pkg.mkdir(parents=True)
    (pkg / "a.txt").write_text("titel\nleerling 111222333\n", encoding="utf-8")
    wb = Workbook()
    wb.active.append(["vergelijking", "PO2402"])
    wb.save(pkg / "gemeentetabel_PO2401_2024-2025.xlsx")
    (pkg / "chart.png").write_bytes(b"not a png")
    report = scan_swv_packages(tmp_path, {"PO2401": "Eigen SWV", "PO2402": "Buur SWV"}, scan_bsn(tmp_path))
    assert report.bsn_like == [("swv/PO2401/a.txt", "111222333")]
    assert ("swv/PO2401/gemeentetabel_PO2401_2024-2025.xlsx", "PO2402") in report.other_swv
    assert {p for p, _ in report.bad_files} == {"swv/PO2401/chart.png", "swv/PO2401/gemeentetabel_PO2401_2024-2025.xlsx"}
    assert not report.ok and ScanReport().ok


def test_grensverkeer_partner_may_be_named_in_the_own_package_only(tmp_path):
    """PO2402 funds pupils at PO2401's schools: PO2401's package may name it; PO2403 (no grensverkeer) may not."""
    pkg = tmp_path / "swv" / "PO2401"
    pkg.mkdir(parents=True)
    (pkg / "grensverkeer.txt").write_text("partner PO2402 Buur SWV\nvergelijking PO2403\n", encoding="utf-8")
    register = {"PO2401": "Eigen SWV", "PO2402": "Buur SWV", "PO2403": "Verre SWV"}
    report = scan_swv_packages(tmp_path, register, partners={"PO2401": {"PO2401", "PO2402"}})
    assert report.other_swv == [("swv/PO2401/grensverkeer.txt", "PO2403")]
    # without the partner list the same package names two other SWVs (code of PO2402 and its name)
    report = scan_swv_packages(tmp_path, register)
    assert sorted(report.other_swv) == [("swv/PO2401/grensverkeer.txt", "PO2402"),
                                        ("swv/PO2401/grensverkeer.txt", "PO2402"),
                                        ("swv/PO2401/grensverkeer.txt", "PO2403")]
