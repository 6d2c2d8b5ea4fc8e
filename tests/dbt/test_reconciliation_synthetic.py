"""End to end at tiny scale: generator (with injected 1A/1B discrepancies) -> ingest -> dbt; the reconciliation marts
report exactly the injected discrepancies, no more and no fewer.

How each injected discrepancy (``_generator_manifest.json``) shows up:
  1a_count_off               1A cell +1 (TOTAAL too)      -> mart_recon_1b_1a: that SWV x vestiging, 1B - 1A = -1
  1b_pupil_absent_from_bron  extra 1B row                 -> mart_recon_1b_1a +1 at its vestiging and
                                                             mart_recon_bron_1b ontbreekt_in_bron for the pupil
  1b_category_differs        1B category changed          -> mart_recon_1b_1a -1 (old niveau) and +1 (new niveau);
                                                             andere_categorie in mart_recon_bron_1b allowed (only
                                                             decidable when BRON has the TLV's category)
  1b_wrong_swv               1B row in another SWV's file -> mart_recon_1b_1a -1 at the old SWV and +1 at the new
                                                             one (absent when ingest quarantined the row because the
                                                             beschikkingsnummer prefix contradicts the SWV);
                                                             ander_swv / ontbreekt_in_1b in mart_recon_bron_1b allowed
Every afwijking row (is_afwijking, and all rows of the other three marts) must be explained by a manifest entry,
and every entry must be found by at least its required rows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import polars as pl
import pytest
from landing_fixtures import POPULATION_SELECT, release_dbt_duckdb

from dagster_project.dbt_runner import run_dbt
from dagster_project.ingest import ingest_all
from dagster_project.ingest.pseudonym import load_key, pseudonym
from dagster_project.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
N_DISCREPANCIES = 8


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[duckdb.DuckDBPyConnection, dict, Settings]:
    root = Path(tmp_path_factory.mktemp("recon_e2e"))
    settings = Settings(raw_dir=root / "raw", warehouse_dir=root / "warehouse")
    subprocess.run(
        [sys.executable, "-m", "dagster_project.synthetic", "--scale", "tiny", "--seed", "1", "--out",
         str(settings.raw_dir), "--discrepancies", str(N_DISCREPANCIES)],
        check=True, capture_output=True,
    )
    manifest = json.loads((settings.raw_dir / "_generator_manifest.json").read_text(encoding="utf-8"))
    ingest_all(settings)
    try:
        run_dbt(["build", "--quiet", "--select", *POPULATION_SELECT, "--indirect-selection", "cautious",
                 "--exclude", "resource_type:test,path:models/staging"], settings, target_path=root / "dbt_target")
    finally:
        release_dbt_duckdb()
    con = duckdb.connect(str(settings.build_db), read_only=True)
    yield con, manifest, settings
    con.close()


def _quarantined_files(settings: Settings) -> set[str]:
    path = settings.landing_dir / "_quarantine.parquet"
    return set(pl.read_parquet(path)["file"].to_list()) if path.exists() else set()


def _expected(manifest: dict, settings: Settings) -> tuple[Counter, Counter]:
    """(required, allowed) row counts by (mart, swv or pupil, teldatum, vestigingscode or reden, sign)."""
    key = load_key(settings.pseudonym_key_file)
    quarantined = _quarantined_files(settings)
    required: Counter = Counter()
    allowed: Counter = Counter()
    for d in manifest["discrepancies"]:
        t, vest = d["teldatum"], d["vestigingscode"]
        kind = d["type"]
        if kind == "1a_count_off":
            required.update([("1b_1a", d["swv_code"], t, vest, -1)])
        elif kind == "1b_pupil_absent_from_bron":
            required.update([("1b_1a", d["swv_code"], t, vest, +1)])
            required.update([("bron_1b", pseudonym(d["pupil_number"], key), t, "ontbreekt_in_bron", 0)])
        elif kind == "1b_category_differs":
            required.update([("1b_1a", d["swv_code"], t, vest, -1)])
            required.update([("1b_1a", d["swv_code"], t, vest, +1)])
            allowed.update([("bron_1b", pseudonym(d["pupil_number"], key), t, "andere_categorie", 0)])
        elif kind == "1b_wrong_swv":
            required.update([("1b_1a", d["expected"], t, vest, -1)])
            (allowed if d["file"] in quarantined else required).update([("1b_1a", d["written"], t, vest, +1)])
            for reden in ("ander_swv", "ontbreekt_in_1b"):
                allowed.update([("bron_1b", pseudonym(d["pupil_number"], key), t, reden, 0)])
        else:
            raise AssertionError(f"unknown discrepancy type {kind}")
    return required, allowed


def _found(con: duckdb.DuckDBPyConnection) -> Counter:
    rows = con.execute(
        "select '1b_1a', swv_code, strftime(teldatum, '%Y-%m-%d'), vestigingscode, sign(verschil)::int "
        "from marts.mart_recon_1b_1a "
        "union all select 'bron_1b', leerling_id, strftime(teldatum, '%Y-%m-%d'), reden_code, 0 "
        "from marts.mart_recon_bron_1b where is_afwijking "
        "union all select '1a_intern', swv_code, strftime(teldatum, '%Y-%m-%d'), reden_code, 0 "
        "from marts.mart_recon_1a_intern "
        "union all select '1a_vestigingen', swv_code, strftime(teldatum, '%Y-%m-%d'), reden_code, 0 "
        "from marts.mart_recon_1a_vestigingen_bron"
    ).fetchall()
    return Counter(rows)


def _unexplained(found: Counter, required: Counter, allowed: Counter) -> dict:
    """Rows found more often than the manifest explains (required + allowed)."""
    return {k: n for k, n in found.items() if n > required[k] + allowed[k]}


def _missing(found: Counter, required: Counter) -> dict:
    """Required rows found less often than required."""
    return {k: n for k, n in required.items() if found[k] < n}


def test_generator_injected_the_discrepancies(built) -> None:
    _, manifest, _ = built
    assert len(manifest["discrepancies"]) == N_DISCREPANCIES


def test_reconciliation_finds_exactly_the_injected_discrepancies(built) -> None:
    con, manifest, settings = built
    required, allowed = _expected(manifest, settings)
    found = _found(con)
    assert _unexplained(found, required, allowed) == {}, "afwijkingen not explained by the generator manifest"
    assert _missing(found, required) == {}, "injected discrepancies the reconciliation missed"


def test_every_injected_discrepancy_is_reported(built) -> None:
    con, manifest, settings = built
    found = _found(con)
    key = load_key(settings.pseudonym_key_file)
    for d in manifest["discrepancies"]:
        swvs = {d["swv_code"], d.get("expected"), d.get("written")}
        pupil = pseudonym(d["pupil_number"], key) if d.get("pupil_number") else None
        hits = [f for f in found if f[2] == d["teldatum"] and (
            (f[0] == "1b_1a" and f[1] in swvs and f[3] == d["vestigingscode"]) or (f[0] == "bron_1b" and f[1] == pupil))]
        assert hits, f"not reported: {d}"


def test_informational_rows_are_only_undecidable_ones(built) -> None:
    con, _, _ = built
    rows = con.execute(
        "select distinct reden_code from marts.mart_recon_bron_1b where not is_afwijking"
    ).fetchall()
    assert set(rows) <= {("swv_niet_afleidbaar",), ("wijze_label_verschilt",)}
