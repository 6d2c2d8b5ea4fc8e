"""`make run` ends with the run summary and an exit code: 0 published, 1 failed, 3 published without a refused
delivery that has no earlier version landed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagster_project import cli
from dagster_project.ingest import ingest_all
from dagster_project.settings import Settings

TOTAAL_HEADER = "SCHOOLSOORT;MET_TLV_DIT_SWV;MET_TLV_ANDER_SWV;TOTAAL\n"
GOOD = (TOTAAL_HEADER + "SBO;10;2;12\nSO;5;1;6\n").encode()
BROKEN = b"SCHOOLSOORT;TOTAAL\nSBO;12\n"  # misses MET_TLV_DIT_SWV and MET_TLV_ANDER_SWV


def _name(swv: str) -> str:
    return f"Totaal_aantal_leerlingen_sbo_en_so_{swv}_1_10_2024.csv"


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, dict[str, bool]]:
    """RAW and WAREHOUSE, with the pipeline replaced by its ingest (the summary is built from the landing)."""
    raw, wh = tmp_path / "raw", tmp_path / "wh"
    raw.mkdir()
    outcome_success = {"value": True}

    def ingest_only(settings: Settings, **_: object) -> cli.RunOutcome:
        ingest_all(settings)
        ok = outcome_success["value"]
        return cli.RunOutcome(ok, "run-1", settings, failures=[] if ok else ["step dbt_warehouse failed: boom"])

    monkeypatch.setattr(cli, "run_pipeline", ingest_only)
    monkeypatch.setattr(cli, "_instance", lambda use_home: None)
    return raw, wh, outcome_success


def _main(raw: Path, wh: Path) -> int:
    return cli.main(["run", "--raw", str(raw), "--warehouse", str(wh)])


def test_clean_run_exits_0(dirs: tuple[Path, Path, dict[str, bool]], capsys: pytest.CaptureFixture[str]) -> None:
    raw, wh, _ = dirs
    (raw / _name("PO2401")).write_bytes(GOOD)
    assert _main(raw, wh) == 0
    out = capsys.readouterr().out
    assert "files: 1 seen, 1 landed, 0 unchanged, 0 refused (0 with nothing landed)" in out
    assert "nightly run run-1 succeeded\n" in out
    assert f"query it:            make query WAREHOUSE={wh}" in out


def test_refused_delivery_without_earlier_version_exits_3(dirs: tuple[Path, Path, dict[str, bool]],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    raw, wh, _ = dirs
    (raw / _name("PO2401")).write_bytes(GOOD)
    (raw / _name("PO2402")).write_bytes(BROKEN)
    assert _main(raw, wh) == 3
    captured = capsys.readouterr()
    assert "refused:\n    - " + _name("PO2402") + ": header misses required column(s) MET_TLV_DIT_SWV" in captured.out
    assert "published, but 1 refused delivery(ies) have no earlier version landed" in captured.err
    assert "duo_1a_totaal SWV PO2402 x datum 2024-10-01 x variant sbo_en_so" in captured.err
    report = json.loads((wh / "landing" / "_run_report.json").read_text(encoding="utf-8"))
    assert (report["exit_code"], report["run_id"], report["published"]) == (3, "run-1", True)


def test_refused_file_whose_earlier_version_stays_exits_0_with_warnings(dirs: tuple[Path, Path, dict[str, bool]],
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    raw, wh, _ = dirs
    (raw / _name("PO2401")).write_bytes(GOOD)
    assert _main(raw, wh) == 0
    (raw / _name("PO2401")).write_bytes(BROKEN)  # the landed 2 rows stay
    assert _main(raw, wh) == 0
    out = capsys.readouterr().out
    assert "stays landed" in out and "succeeded with warnings (see the summary above)" in out


def test_failed_run_exits_1(dirs: tuple[Path, Path, dict[str, bool]], capsys: pytest.CaptureFixture[str]) -> None:
    raw, wh, outcome = dirs
    outcome["value"] = False
    (raw / _name("PO2401")).write_bytes(GOOD)
    assert _main(raw, wh) == 1
    err = capsys.readouterr().err
    assert "nightly run run-1 FAILED; nothing was published" in err and "step dbt_warehouse failed: boom" in err
    assert json.loads((wh / "landing" / "_run_report.json").read_text(encoding="utf-8"))["status"] == "failed"


def test_failure_lines_leave_out_the_warn_checks() -> None:
    """A failed run lists its failed blocking (ERROR) checks; the WARN run_report check is in the summary instead."""
    from types import SimpleNamespace

    from dagster import AssetCheckKey, AssetCheckSeverity, AssetKey

    def evaluation(name: str, severity: AssetCheckSeverity) -> SimpleNamespace:
        return SimpleNamespace(passed=False, severity=severity, description=f"{name} says no",
                               asset_check_key=AssetCheckKey(AssetKey(["warehouse", "build"]), name))

    result = SimpleNamespace(all_events=[], get_asset_check_evaluations=lambda: [
        evaluation("run_report", AssetCheckSeverity.WARN), evaluation("publication_checks", AssetCheckSeverity.ERROR)])
    assert cli._failures(result) == ["check warehouse/build:publication_checks failed: publication_checks says no"]
