"""The run summary: landed / unchanged / refused (with reasons) / duplicates / quarantined per family / unrecognised /
reconciliation warnings, and the exit code it implies."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
from dagster import AssetCheckSeverity, build_asset_check_context

from dagster_project.assets.run_report import run_report
from dagster_project.ingest import ingest_all
from dagster_project.ingest.report import (
    EXIT_FAILED,
    EXIT_MISSING_DELIVERY,
    EXIT_OK,
    build_run_report,
    reconciliation_warnings,
    summary_lines,
)
from dagster_project.resources import PassendSettings
from dagster_project.settings import Settings
from tests.support.ingest_files import B1_HEADER, BSN_A, BSN_INVALID, TOTAAL_HEADER, TOTAAL_ROWS, b1_row, csv_bytes, write


def totaal(swv: str, suffix: str = "") -> str:
    return f"Totaal_aantal_leerlingen_sbo_en_so_{swv}_1_10_2024{suffix}.csv"


GOOD_TOTAAL = csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS)  # 2 rows: SBO, SO
B1 = "Bekostigde_leerlingen_PO2401_1_10_2024.csv"


def _messy_second_run(settings: Settings) -> None:
    """First run: PO2401 lands (2 rows). Second run: PO2401 emptied, PO2402 new and broken, PO2403 new plus an
    identical browser copy, a 1B file with one bad pupil number, and a file no family knows."""
    write(settings, totaal("PO2401"), GOOD_TOTAAL)
    ingest_all(settings)
    write(settings, totaal("PO2401"), b"")
    write(settings, totaal("PO2402"), csv_bytes(TOTAAL_HEADER[:3], [r[:3] for r in TOTAAL_ROWS]))
    write(settings, totaal("PO2403"), GOOD_TOTAAL)
    write(settings, totaal("PO2403", " (1)"), GOOD_TOTAAL)
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_INVALID, beschikking="PO2401-2024-00002")]))
    write(settings, "notities.txt", b"bel DUO over PO2402\n")
    ingest_all(settings)


def _recon_build(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("""create table marts.mart_recon_samenvatting as select * from (values
        ('DUO 1B vs 1A', 'aantal_verschilt', true, '1B differs from 1A', 'PO2401', date '2024-10-01', 3),
        ('DUO 1B vs 1A', 'aantal_verschilt', true, '1B differs from 1A', 'PO2402', date '2024-10-01', 2),
        ('BRON vs DUO 1B', 'swv_niet_afleidbaar', false, 'informational', 'PO2401', date '2024-10-01', 7)
    ) t(controle, reden_code, is_afwijking, omschrijving, swv_code, teldatum, aantal_rijen)""")
    con.close()
    return path


def test_summary_counts_every_outcome(settings: Settings) -> None:
    _messy_second_run(settings)
    report = build_run_report(settings, run_id="r1", build_db=_recon_build(settings.build_db))
    # second run, by hand: seen = 4 Totaal files + 1 1B file = 5; landed = PO2403 + the 1B file = 2;
    # unchanged 0 (PO2401 changed); refused = PO2401 (empty, its 2 rows stay) + PO2402 (no TOTAAL column) = 2,
    # of which PO2402 has nothing landed; duplicate = the " (1)" copy; unrecognised = notities.txt
    assert report["files"] == {"seen": 5, "landed": 2, "unchanged": 0, "refused": 2, "refused_nothing_landed": 1,
                               "duplicate": 1, "removed": 0, "unrecognised": 1}
    # rows landed: PO2403 2 + 1B 1 (of 2: the invalid BSN is quarantined) = 3
    assert report["rows"] == {"landed": 3, "quarantined": 1, "codes_repaired": 0}
    assert report["quarantined_per_family"] == {"duo_1b_bekostigd": 1}
    assert [(r["path"], r["earlier_version_landed"]) for r in report["refused"]] == [
        (totaal("PO2401"), True), (totaal("PO2402"), False)]
    assert report["refused"][1]["reason"].startswith(f"{totaal('PO2402')}: header misses required column(s) TOTAAL")
    assert report["missing_deliveries"] == [{"family": "duo_1a_totaal", "path": totaal("PO2402"),
                                             "delivery": "SWV PO2402 x datum 2024-10-01 x variant sbo_en_so"}]
    assert [d["path"] for d in report["duplicates"]] == [totaal("PO2403", " (1)")]
    assert report["unrecognised"] == [{"path": "notities.txt", "reason": "name matches no family pattern and the "
                                       "header fits no family contract"}]
    # reconciliation: 3 + 2 difference rows in 2 SWV x teldatum; the informational 7 are not warnings
    assert report["reconciliation_warnings"] == {"rows": 5, "by_reason": [
        {"controle": "DUO 1B vs 1A", "reden_code": "aantal_verschilt", "omschrijving": "1B differs from 1A", "rows": 5,
         "swv_teldatum": 2}]}
    assert (report["exit_code"], report["status"]) == (EXIT_MISSING_DELIVERY, "published_with_missing_deliveries")
    text = "\n".join(summary_lines(report))
    assert "MISSING from what is published (refused, no earlier version landed):\n    - duo_1a_totaal SWV PO2402" in text
    assert "1 quarantined (duo_1b_bekostigd 1)" in text


def test_refusal_with_an_earlier_version_landed_is_a_warning_not_an_error(settings: Settings) -> None:
    write(settings, totaal("PO2401"), GOOD_TOTAAL)
    ingest_all(settings)
    write(settings, totaal("PO2401"), csv_bytes(TOTAAL_HEADER, []))  # header only over 2 landed rows: refused
    ingest_all(settings)
    report = build_run_report(settings)
    assert (report["files"]["refused"], report["files"]["refused_nothing_landed"]) == (1, 0)
    assert (report["exit_code"], report["status"]) == (EXIT_OK, "warnings")
    assert report["reconciliation_warnings"] is None  # no build asked for
    assert build_run_report(settings, run_failed=True)["exit_code"] == EXIT_FAILED


def test_a_clean_run_is_ok(settings: Settings) -> None:
    write(settings, totaal("PO2401"), GOOD_TOTAAL)
    ingest_all(settings)
    report = build_run_report(settings, build_db=_recon_build(settings.build_db).with_name("none.duckdb"))
    assert (report["files"]["landed"], report["exit_code"], report["status"]) == (1, EXIT_OK, "ok")
    assert reconciliation_warnings(settings.build_db)["rows"] == 5


def test_asset_check_warns_with_the_counts_and_writes_the_report(settings: Settings) -> None:
    _messy_second_run(settings)
    _recon_build(settings.build_db)
    context = build_asset_check_context(resources={"passend": PassendSettings(
        raw_dir=str(settings.raw_dir), warehouse_dir=str(settings.warehouse_dir))})
    result = run_report(context)
    assert (result.passed, result.severity) == (False, AssetCheckSeverity.WARN)
    meta = {k: getattr(v, "value", v) for k, v in result.metadata.items()}
    assert (meta["files_refused"], meta["files_refused_nothing_landed"], meta["files_duplicate"],
            meta["files_unrecognised"], meta["rows_quarantined"], meta["reconciliation_warning_rows"]) == (2, 1, 1, 1, 1, 5)
    written = json.loads((settings.landing_dir / "_run_report.json").read_text(encoding="utf-8"))
    assert written["files"]["refused"] == 2 and written["exit_code"] == EXIT_MISSING_DELIVERY
    assert dt.datetime.fromisoformat(written["written_at"]).year >= 2024
