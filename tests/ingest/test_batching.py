"""Small files of a family are validated in batches: every outcome must equal ingesting the files one by one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from dagster_project.ingest import ingest_family, run
from dagster_project.settings import Settings
from tests.support.ingest_files import (
    B1_HEADER,
    BSN_A,
    BSN_B,
    BSN_INVALID,
    TOTAAL_HEADER,
    TOTAAL_ROWS,
    b1_row,
    csv_bytes,
    landing_file,
    manifest,
    quarantine,
    sha,
    write,
)


def b1_name(swv: str, datum: str = "1_10_2024") -> str:
    return f"Bekostigde_leerlingen_{swv}_{datum}.csv"


def b1_file(swv: str, *rows: list[object]) -> bytes:
    return csv_bytes(B1_HEADER, rows or [b1_row(BSN_A, swv=swv, beschikking=f"{swv}-2024-00001"),
                                         b1_row(BSN_B, swv=swv, beschikking=f"{swv}-2024-00002")])


GOOD = {b1_name(f"PO24{i:02d}"): b1_file(f"PO24{i:02d}") for i in range(1, 9)}
GOOD[b1_name("PO2409", "31_2_2024")] = b1_file("PO2409")  # not a real date in the name: refused while reading
# The second delivery: a misnamed file (refused by validation, its first version stays landed), rows failing checks,
# a duplicate key, a broken file and a header-only file, among unchanged and changed good files.
CHANGED = {
    b1_name("PO2401"): b1_file("PO2401", b1_row(BSN_A, swv="PO2402", beschikking="PO2402-2024-00001"),
                               b1_row(BSN_B, swv="PO2402", beschikking="PO2402-2024-00002")),
    b1_name("PO2402"): b1_file("PO2402", b1_row(BSN_A, swv="PO2402", beschikking="PO2402-2024-00001"),
                               b1_row(BSN_INVALID, swv="PO2402", beschikking="PO2402-2024-00002"),
                               b1_row(BSN_B, swv="PO2401", beschikking="PO2401-2024-00003")),
    b1_name("PO2403"): b1_file("PO2403", b1_row(BSN_A, swv="PO2403", beschikking="PO2403-2024-00001"),
                               b1_row(BSN_A, swv="PO2403", beschikking="PO2403-2024-00002")),
    b1_name("PO2404"): b1_file("PO2404", b1_row(BSN_A, swv="PO2404", beschikking="PO2404-2024-00001",
                                                teldatum="1-2-2025")),
    b1_name("PO2405"): b1_file("PO2405")[:-20],  # truncated
    b1_name("PO2406"): csv_bytes(B1_HEADER, []),
    b1_name("PO2407"): b1_file("PO2407", b1_row(BSN_B, swv="PO2407", beschikking="PO2407-2024-00009")),
}


def _ingest(settings: Settings, family: str) -> dict[str, object]:
    """Outcome of one ingest without timings: result counts, manifest, quarantine and every landed parquet."""
    result = ingest_family(family, settings)
    folder = settings.landing_dir / family
    return {
        "result": (result.files_seen, result.files_loaded, result.files_skipped_unchanged, result.files_refused,
                   result.rows_loaded, result.rows_quarantined, result.bytes),
        "manifest": manifest(settings).drop("seconds", "loaded_at").rows(),
        "quarantine": quarantine(settings).drop("loaded_at").rows(),
        "landing": {p.name: pl.read_parquet(p).drop("_loaded_at").rows() for p in sorted(folder.glob("*.parquet"))},
    }


def _two_deliveries(settings: Settings, family: str, first: dict[str, bytes],
                    second: dict[str, bytes]) -> list[dict[str, object]]:
    for name, data in first.items():
        write(settings, name, data)
    outcomes = [_ingest(settings, family)]
    for name, data in second.items():
        write(settings, name, data)
    outcomes.append(_ingest(settings, family))
    return outcomes


@pytest.fixture
def per_file(tmp_path: Path) -> Settings:
    return Settings(raw_dir=tmp_path / "raw_one_by_one", warehouse_dir=tmp_path / "warehouse_one_by_one")


def _count_batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    real = run.validate_files

    def counting(frame, family, files, key):
        sizes.append(len(files))
        return real(frame, family, files, key)

    monkeypatch.setattr(run, "validate_files", counting)
    return sizes


def test_batched_ingest_equals_file_by_file(settings: Settings, per_file: Settings,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    batches = _count_batches(monkeypatch)
    batched = _two_deliveries(settings, "duo_1b_bekostigd", GOOD, CHANGED)
    # second delivery: 7 changed files minus PO2405 (truncated) and PO2406 (header only over 2 landed rows), both
    # refused while reading
    assert batches == [8, 5], "one batch per delivery: the readable changed files, validated together"

    batches.clear()
    monkeypatch.setattr(run, "BATCH_MAX_BYTES", 0)  # every file is a batch of its own
    one_by_one = _two_deliveries(per_file, "duo_1b_bekostigd", GOOD, CHANGED)
    assert batches == [1] * 13
    assert batched == one_by_one


def test_refusal_found_by_validation_refuses_only_that_file_in_a_batch(settings: Settings) -> None:
    for name, data in GOOD.items():
        write(settings, name, data)
    ingest_family("duo_1b_bekostigd", settings)
    misnamed = b1_name("PO2401")
    before = {n: sha(landing_file(settings, "duo_1b_bekostigd", n.removesuffix(".csv"))) for n in GOOD
              if "31_2" not in n}
    for name, data in CHANGED.items():
        write(settings, name, data)
    result = ingest_family("duo_1b_bekostigd", settings)

    assert result.files_skipped_unchanged == 1  # PO2408
    assert sorted(result.files_refused) == sorted([
        f"{b1_name('PO2409', '31_2_2024')}: the date '31_2_2024' in the file name is not a real date; expected "
        "D_M_YYYY, YYYYMMDD or YYYY-MM-DD",
        f"{misnamed}: the file name says SWV PO2401 but column SAMENWERKINGSVERBAND holds PO2402 on all 2 rows; "
        f"expected the same SWV (wrong file name?) (the earlier version, sha256 {_sha(GOOD[misnamed])}, stays landed)",
        f"{b1_name('PO2404')}: the file name says teldatum 2024-10-01 but column TELDATUM holds 2025-02-01 on all 1 "
        "rows; expected the same teldatum (wrong file name?) (the earlier version, sha256 "
        f"{_sha(GOOD[b1_name('PO2404')])}, stays landed)",
        next(m for m in result.files_refused if m.startswith(f"{b1_name('PO2405')}: truncated")),
        f"{b1_name('PO2406')}: header only (0 rows) over a landed delivery of 2 row(s); expected the rows of the "
        "delivery (re-deliver it; delete the file from RAW to withdraw the delivery) (the earlier version, sha256 "
        f"{_sha(GOOD[b1_name('PO2406')])}, stays landed)",
    ])
    assert result.files_loaded == 3  # PO2402, PO2403, PO2407
    for name in (misnamed, b1_name("PO2404"), b1_name("PO2405"), b1_name("PO2406"), b1_name("PO2408")):
        assert sha(landing_file(settings, "duo_1b_bekostigd", name.removesuffix(".csv"))) == before[name]
    q = quarantine(settings).sort("file", "row", "column").select("file", "row", "column", "reason").rows()
    assert q == [
        (b1_name("PO2402"), 3, "BSN_OWN", "pupil number fails the 11-proef (BSN) and onderwijsnummer check"),
        (b1_name("PO2402"), 4, "SAMENWERKINGSVERBAND", "SWV differs from the file name's SWV PO2402"),
        (b1_name("PO2403"), 3, "BSN_OWN+INSCHRIJVINGSVOLGNUMMER",
         "duplicate of row 2 (same leerling_id+inschrijvingsvolgnummer)"),
    ]
    rows = {r["path"]: r for r in manifest(settings).iter_rows(named=True)}
    assert {n: (rows[n]["status"], rows[n]["rows_loaded"], rows[n]["rows_quarantined"]) for n in CHANGED} == {
        misnamed: ("refused", 0, 0), b1_name("PO2402"): ("loaded", 1, 2), b1_name("PO2403"): ("loaded", 1, 1),
        b1_name("PO2404"): ("refused", 0, 0), b1_name("PO2405"): ("refused", 0, 0),
        b1_name("PO2406"): ("refused", 0, 0), b1_name("PO2407"): ("loaded", 1, 0),
    }


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def test_an_error_in_a_batch_stays_with_its_file(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    real = run.validate_files
    calls: list[int] = []

    def flaky(frame, family, files, key):
        calls.append(len(files))
        if any("PO2402" in f.path for f in files):
            raise RuntimeError("boom")
        return real(frame, family, files, key)

    monkeypatch.setattr(run, "validate_files", flaky)
    for swv in ("PO2401", "PO2402", "PO2403"):
        write(settings, f"Totaal_aantal_leerlingen_sbo_en_so_{swv}_1_10_2024.csv", csv_bytes(TOTAAL_HEADER, TOTAAL_ROWS))
    result = ingest_family("duo_1a_totaal", settings)
    assert calls == [3, 1, 1, 1]
    assert result.files_loaded == 2 and result.rows_loaded == 4
    assert result.files_refused == ["Totaal_aantal_leerlingen_sbo_en_so_PO2402_1_10_2024.csv: could not be loaded "
                                    "(RuntimeError: boom); expected a file readable under the contract of duo_1a_totaal"]
