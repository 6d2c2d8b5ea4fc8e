"""The one Definitions object loads, resolves the nightly job, and wires schedule, sensor, pools and lineage."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from dagster import AssetKey, Definitions

from dagster_project.assets.checks import WAREHOUSE_BUILD_KEY
from dagster_project.assets.dbt import LANDING_SOURCES, PassendDbtTranslator
from dagster_project.assets.exports import EXPORTS_KEY
from dagster_project.assets.release import PUBLISHED_KEY
from dagster_project.contracts import FAMILIES
from dagster_project.definitions import defs
from dagster_project.resources import BUILD_DB_POOL
from dagster_project.settings import REPO_ROOT
from tests.support.warehouse import dbt_manifest


def test_definitions_validate_and_nightly_job_resolves() -> None:
    Definitions.validate_loadable(defs)
    job = defs.resolve_job_def("nightly")
    graph = defs.resolve_asset_graph()
    selected = job.asset_layer.selected_asset_keys
    for fam in FAMILIES:  # one ingest asset per family, in group ingest, all in the nightly job
        key = AssetKey(["ingest", fam.name])
        assert key in selected
        assert graph.get(key).group_name == "ingest"
    assert {WAREHOUSE_BUILD_KEY, EXPORTS_KEY, PUBLISHED_KEY} <= selected


STAGES = ("ingest", "staging", "intermediate", "marts", "masking", "exports", "release")


def test_one_name_per_stage_in_groups_and_keys() -> None:
    graph = defs.resolve_asset_graph()
    groups: dict[str, set[str]] = {}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if not node.is_materializable:
            continue
        assert node.group_name in STAGES, f"{key.to_user_string()} is in group {node.group_name}"
        assert key.path[0] == node.group_name, f"{key.to_user_string()} is in group {node.group_name}"
        groups.setdefault(node.group_name, set()).add(key.path[-1])
    assert set(groups) == set(STAGES), f"stages without an asset: {set(STAGES) - set(groups)}"
    # the layers hold what their names say
    assert all(n.startswith("stg_") or n in _seed_names() for n in groups["staging"]), groups["staging"]
    assert all(n.startswith("int_") for n in groups["intermediate"]), groups["intermediate"]
    # the published marts, the decisions they apply (all marts masked together) and the checked build
    assert all(n.startswith("pub_") or n in ("masking_decisions", "checked_build") for n in groups["masking"]), \
        groups["masking"]
    assert groups["exports"] == {"build_exports"} and groups["release"] == {"published_warehouse"}


def _seed_names() -> set[str]:
    return {p.stem for p in (REPO_ROOT / "dbt" / "seeds").glob("*.csv")}


def test_dagster_cli_validates_the_code_location() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}  # validate needs no instance
    proc = subprocess.run([sys.executable, "-m", "dagster", "definitions", "validate", "-m", "dagster_project.definitions"],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schedule_runs_nightly_at_two_amsterdam_time() -> None:
    schedule = defs.resolve_schedule_def("nightly_schedule")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Europe/Amsterdam"
    assert schedule.job_name == "nightly"
    assert defs.resolve_sensor_def("raw_deliveries_sensor").job_name == "nightly"


def test_publication_is_blocked_by_a_blocking_check_and_build_assets_share_one_pool() -> None:
    graph = defs.resolve_asset_graph()
    build, exports, published = WAREHOUSE_BUILD_KEY, EXPORTS_KEY, PUBLISHED_KEY
    checks = {k.name: graph.get_check_spec(k) for k in graph.asset_check_keys if k.asset_key == build}
    assert checks["publication_checks"].blocking and checks["disclosure_audit"].blocking
    export_checks = {k.name: graph.get_check_spec(k) for k in graph.asset_check_keys if k.asset_key == exports}
    assert export_checks["export_scan"].blocking
    assert build in graph.get(exports).parent_keys and exports in graph.get(published).parent_keys
    for key in (build, exports, published):
        assert graph.get(key).pools == {BUILD_DB_POOL}
    dbt_keys = [k for k in graph.get_all_asset_keys() if graph.get(k).is_materializable and k.path[0] != "ingest"]
    for key in dbt_keys:  # every dbt model opens the build file
        assert graph.get(key).pools == {BUILD_DB_POOL}, key


def test_translator_maps_landing_sources_onto_ingest_assets() -> None:
    t = PassendDbtTranslator()
    source = {"resource_type": "source", "source_name": "landing", "name": "duo_1a_tlv", "fqn": ["passend", "landing"]}
    assert t.get_asset_key(source) == AssetKey(["ingest", "duo_1a_tlv"])
    model = {"resource_type": "model", "name": "stg_duo_1a_tlv", "fqn": ["passend", "staging", "stg_duo_1a_tlv"]}
    assert t.get_group_name(model) == "staging"
    assert t.get_asset_key(model) == AssetKey(["staging", "stg_duo_1a_tlv"])
    seed = {"resource_type": "seed", "name": "soort_verblijf", "fqn": ["passend", "soort_verblijf"]}
    assert (t.get_group_name(seed), t.get_asset_key(seed)) == ("staging", AssetKey(["staging", "soort_verblijf"]))


def test_dbt_models_reading_landing_depend_on_the_ingest_assets() -> None:
    manifest = json.loads(dbt_manifest().read_text())
    sources = [s for s in manifest["sources"].values()]
    assert {s["source_name"] for s in sources} <= set(LANDING_SOURCES), "a dbt source that is not an ingest family"
    # BRON and DUO 1B are what every indicator is built from: the dbt project must read them
    assert {"bron_inschrijvingen", "duo_1b_bekostigd"} <= {s["name"] for s in sources}, "dbt reads no landing source"
    graph = defs.resolve_asset_graph()
    ingest_keys = {AssetKey(["ingest", f.name]) for f in FAMILIES}
    for src in sources:
        key = AssetKey(["ingest", src["name"]])
        assert key in ingest_keys, f"dbt source {src['source_name']}.{src['name']} has no ingest family"
        assert graph.get(key).child_keys, f"{src['source_name']}.{src['name']} is read by no dbt model"
    # no dbt source became an asset of its own beside the ingest assets (e.g. opendata/<family> with no producer)
    assert not [k for k in graph.get_all_asset_keys() if k.path[0] in {s["source_name"] for s in sources}]
