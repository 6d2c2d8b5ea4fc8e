"""The publication layer on a tiny generated warehouse: audit of every pub_ mart, checks, exports and their scans."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from dagster_project.checks.disclosure_audit import audit_warehouse
from dagster_project.checks.export_scan import PNG_SIGNATURE, scan_exports
from dagster_project.checks.publication import run_publication_checks
from dagster_project.dbt_runner import run_dbt
from dagster_project.settings import Settings
from tests.support.shared_warehouse import SharedWarehouse

pytestmark = pytest.mark.slow
PUBLISH = "path:models/masking"


def build_tiny_published_warehouse(tmp_path: Path, seed: int = 11, scale: str = "tiny", threshold: int = 5) -> Path:
    """Generate deliveries (tiny by default), ingest, build everything up to the pub_ models and run their dbt tests.

    ``threshold`` is the run's Settings.mask_threshold, which run_dbt hands to dbt as ``--vars``."""
    from dagster_project.ingest import ingest_all
    from dagster_project.synthetic import generate

    settings = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "warehouse", mask_threshold=threshold)
    generate(settings.raw_dir, scale=scale, seed=seed)
    ingest_all(settings)
    run_dbt(["build", "--quiet", "--select", f"+{PUBLISH}", "--exclude-resource-type", "test"], settings,
            target_path=tmp_path / "dbt_target")
    run_dbt(["test", "--quiet", "--select", PUBLISH], settings, target_path=tmp_path / "dbt_target")
    return settings.build_db


@pytest.fixture(scope="module")
def published(tiny_warehouse: SharedWarehouse) -> tuple[Path, Path]:
    """The published DuckDB file and exports of the shared tiny warehouse (seed 11; its nightly run built every
    pub_ model, ran their dbt tests and wrote the exports). Read only."""
    return tiny_warehouse.published_db, tiny_warehouse.exports_dir


def test_no_masked_cell_recoverable_in_any_pub_mart(published):
    db, _ = published
    reports = audit_warehouse(db, threshold=5)
    assert len(reports) >= 7  # every indicator mart has its pub_ model
    for r in reports:
        assert r.ok, (r.model, r.single_masked[:3], r.pinned[:3], r.primary_leaks[:3], r.unmatched_rows)
    assert sum(r.masked for r in reports) > 0


@pytest.fixture(scope="module")
def demo_audit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    db = build_tiny_published_warehouse(tmp_path_factory.mktemp("published_demo"), seed=3, scale="demo")
    return db, {r.model: r for r in audit_warehouse(db, threshold=5)}


@pytest.mark.demo
def test_demo_scale_no_single_masked_cell_and_checks_pass(demo_audit):
    # demo: 12 SWVs (6 po, 6 vo), ~1.3 M enrolment rows over 6 snapshots: many more relations and LP components.
    # The minimum guarantee of publication, on every pub_ mart: no sum relation with exactly one masked
    # cell (nor one pinned by its own bounds) and no primary-masked value recoverable.
    db, reports = demo_audit
    assert len(reports) >= 7
    for r in reports.values():
        assert not r.single_masked and not r.primary_leaks and not r.unmatched_rows, (r.model, r.single_masked[:3])
    assert sum(r.masked for r in reports.values()) > 1000
    failed = [(o.asset, o.name, o.failing_rows[:2]) for o in run_publication_checks(db, threshold=5) if not o.passed]
    assert not failed


@pytest.mark.demo
def test_demo_scale_lp_audit_holds_on_every_mart(demo_audit):
    """Combining every relation of a mart (LP with the attacker's bounds) pins no masked cell, in any pub_ mart."""
    _, reports = demo_audit
    for name, r in reports.items():
        assert r.ok, (name, len(r.pinned), r.pinned[:3])


def test_threshold_reaches_the_masking_models_from_settings(tiny_warehouse: SharedWarehouse, tmp_path: Path) -> None:
    """Settings.mask_threshold = 8 -> dbt --vars -> the pub_ models' config: no published count in 1..7.

    On the same tiny data set with the default 5, counts of 5, 6 and 7 are published (checked on the mart), so the
    test fails if the models fall back to any other threshold. The marts are the shared warehouse's (a copy of its
    file); only the pub_ models and their tests are built again, with the threshold 8.
    """
    settings = Settings(raw_dir=tiny_warehouse.raw_dir, warehouse_dir=tmp_path / "warehouse", mask_threshold=8)
    settings.build_dir.mkdir(parents=True)
    shutil.copyfile(tiny_warehouse.published_db, settings.build_db)
    run_dbt(["build", "--quiet", "--select", PUBLISH], settings, target_path=tmp_path / "dbt_target")
    with duckdb.connect(str(settings.build_db), read_only=True) as con:
        small = con.execute("select count(*) from masking.pub_aantal_leerlingen where teller > 0 and teller < 8"
                            ).fetchone()[0]
        mid = con.execute("select count(*) from marts.mart_aantal_leerlingen where teller >= 5 and teller < 8"
                          ).fetchone()[0]
        labels = {r[0] for r in con.execute("select distinct weergave from masking.pub_aantal_leerlingen "
                                            "where weergave like '<%'").fetchall()}
    assert small == 0
    assert mid > 0  # cells the default threshold would publish exist, and were masked here
    assert labels == {"<8"}


def test_publication_checks_pass(published):
    db, _ = published
    outcomes = run_publication_checks(db, threshold=5)
    assert {o.asset for o in outcomes} >= {"pub_aantal_leerlingen", "pub_gemeentetabel"}
    failed = [(o.asset, o.name, o.failing_rows[:2]) for o in outcomes if not o.passed]
    assert not failed


def test_exports_hold_no_bsn_and_no_other_swv(published):
    db, out = published
    report = scan_exports(db, out)
    assert report.files > 0
    assert report.ok, (report.bsn_like[:3], report.other_swv[:3], report.bad_files[:3])


def test_parquet_and_manifest(published, tiny_warehouse: SharedWarehouse):
    _, out = published
    manifest = json.loads((out / "parquet" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run_id"] == tiny_warehouse.run_id  # the nightly run that wrote the exports
    ds = manifest["datasets"]["pub_aantal_leerlingen"]
    assert (out / "parquet" / ds["path"]).exists() and ds["rows"] > 0 and ds["peildata"]
    described = {c["name"]: c["description"] for c in ds["columns"]}
    assert described["gemaskeerd"] and described["teller"]


def test_swv_packages_open_with_promised_tabs_and_charts(published):
    _, out = published
    folders = sorted(p for p in (out / "swv").iterdir() if p.is_dir())
    assert folders
    for folder in folders:
        code = folder.name
        (gegevens,) = folder.glob(f"gegevensbestand_{code}_*.xlsx")
        wb = load_workbook(gegevens, read_only=True)
        assert wb.sheetnames[:2] == ["inleiding", "landelijk"]
        assert wb.sheetnames[2:] == sorted(wb.sheetnames[2:]) and "aantal_leerlingen" in wb.sheetnames
        wb.close()
        full = load_workbook(gegevens)  # not read-only: freeze panes and cell types are visible
        tab = full["aantal_leerlingen"]
        assert tab.freeze_panes == "A2" and tab["A1"].font.b
        header = [c.value for c in tab[1]]
        numbers = [row[header.index("teller")] for row in tab.iter_rows(min_row=2, values_only=True)]
        # real numbers are numeric cells; a masked count is the text '<5' or 'gemaskeerd', never a number-like string
        assert any(isinstance(v, float | int) for v in numbers)
        assert {v for v in numbers if isinstance(v, str)} <= {"<5", "gemaskeerd"}
        assert "swv_code" in header and code in {row[header.index("swv_code")] for row in
                                                 tab.iter_rows(min_row=2, values_only=True)}
        full.close()
        (gemeente,) = folder.glob(f"gemeentetabel_{code}_*.xlsx")
        assert load_workbook(gemeente, read_only=True).sheetnames == ["schoolgaand", "woonachtig"]
        pngs = list(folder.glob("*.png"))
        assert pngs
        for png in pngs:
            data = png.read_bytes()
            assert data.startswith(PNG_SIGNATURE) and len(data) > 1000
            assert png.with_suffix(".txt").read_text(encoding="utf-8").startswith(png.stem.replace("_", " "))
