"""Run the ``nightly`` Dagster job in this process and split its time into stages from Dagster's step events."""

from __future__ import annotations

import time
from typing import Any

from benchmarks.measure import ResourceSampler

STAGES = ("ingest", "dbt", "checks", "publish")


def classify_steps(defs: Any) -> dict[str, str]:
    """Map each op name of the job's assets and checks to a stage: ingest, dbt, checks, publish or other.

    An op is ``ingest`` when its assets are in group ``ingest``, ``dbt`` when its assets are dbt models (kind
    ``dbt``), ``checks`` when it only evaluates asset checks (or is the other op of group ``masking``, the gate asset
    on the checked build), ``publish`` when its group is ``exports`` or ``release``.
    """
    stage_of: dict[str, str] = {}
    graph = defs.resolve_asset_graph()
    for assets_def in graph.assets_defs:
        try:
            op_name = assets_def.node_def.name
        except Exception:  # external/source assets have no op
            continue
        groups = {g.lower() for g in assets_def.group_names_by_key.values()}
        kinds: set[str] = set()
        for spec in getattr(assets_def, "specs", []) or []:
            kinds |= {k.lower() for k in (getattr(spec, "kinds", None) or set())}
        name = op_name.lower()
        if not list(assets_def.keys):
            stage = "checks"
        elif "ingest" in groups or name.startswith("ingest"):
            stage = "ingest"
        elif "dbt" in kinds or "dbt" in name:
            stage = "dbt"
        elif groups & {"exports", "release"} or "publish" in name or "export" in name:
            stage = "publish"
        elif "check" in name or "masking" in groups:  # the gate asset on the checked build belongs to the checks
            stage = "checks"
        else:
            stage = "other"
        stage_of[op_name] = stage
    return stage_of


def _stage_for_step(step_key: str, stage_of: dict[str, str]) -> str:
    base = step_key.split("[")[0]
    if base in stage_of:
        return stage_of[base]
    name = base.lower()
    for stage, words in (("ingest", ("ingest",)), ("dbt", ("dbt",)), ("checks", ("check", "gx", "expectation")),
                         ("publish", ("publish", "export", "swap"))):
        if any(w in name for w in words):
            return stage
    return "other"


def run_nightly() -> dict[str, Any]:
    """Run the job exactly as ``python -m dagster_project.cli run`` does (``cli.run_pipeline``) and time every step.

    RAW and WAREHOUSE come from the environment (``PASSEND_RAW`` / ``PASSEND_WAREHOUSE``). Per step: wall time from
    the STEP_START to the STEP_SUCCESS/STEP_FAILURE event timestamps in the run's event log; peak RSS and CPU from a
    background sampler of this process (and its subprocesses) over the same window. Steps of one stage are summed
    (the in-process executor runs one step at a time).
    """
    t_import = time.perf_counter()
    from dagster import DagsterEventType, DagsterInstance

    from dagster_project.cli import run_pipeline
    from dagster_project.settings import Settings

    settings = Settings.from_env()
    import_s = time.perf_counter() - t_import
    with DagsterInstance.ephemeral() as instance, ResourceSampler() as sampler:
        t0 = time.time()
        outcome = run_pipeline(settings, instance=instance)
        t1 = time.time()
        logs = instance.all_logs(outcome.run_id)
    from dagster_project.definitions import defs  # already imported by run_pipeline

    stage_of = classify_steps(defs)
    steps: dict[str, dict[str, Any]] = {}
    check_outcomes = {"passed": 0, "failed": 0}
    for entry in logs:
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type
        if entry.step_key and kind == DagsterEventType.STEP_START:
            steps.setdefault(entry.step_key, {})["start"] = entry.timestamp
        elif entry.step_key and kind in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
            steps.setdefault(entry.step_key, {})["end"] = entry.timestamp
            steps[entry.step_key]["status"] = "success" if kind == DagsterEventType.STEP_SUCCESS else "failure"
        elif kind == DagsterEventType.ASSET_CHECK_EVALUATION:
            passed = getattr(event.event_specific_data, "passed", None)
            check_outcomes["passed" if passed else "failed"] += 1
    stages: dict[str, dict[str, Any]] = {s: {"wall_s": 0.0, "cpu_s": 0.0, "peak_rss_mb": 0.0, "steps": 0} for s in STAGES}
    step_rows = []
    for key, s in steps.items():
        if "start" not in s or "end" not in s:
            continue
        stage = _stage_for_step(key, stage_of)
        window = sampler.window(s["start"], s["end"])
        agg = stages.setdefault(stage, {"wall_s": 0.0, "cpu_s": 0.0, "peak_rss_mb": 0.0, "steps": 0})
        agg["wall_s"] += s["end"] - s["start"]
        agg["cpu_s"] += window["cpu_s"]
        agg["peak_rss_mb"] = max(agg["peak_rss_mb"], window["peak_rss_mb"])
        agg["steps"] += 1
        step_rows.append({"step": key, "stage": stage, "status": s.get("status"), "wall_s": round(s["end"] - s["start"], 3),
                          **window})
    for agg in stages.values():
        agg["wall_s"] = round(agg["wall_s"], 3)
        agg["cpu_s"] = round(agg["cpu_s"], 3)
    failed = [r["step"] for r in step_rows if r["status"] == "failure"]
    return {
        "success": bool(outcome.success),
        "failed_steps": failed,
        "failures": outcome.failures,
        "run_id": outcome.run_id,
        "import_s": round(import_s, 3),
        "sampled_peak_rss_mb": sampler.peak_rss_mb,  # process + subprocesses together
        "execute_s": round(t1 - t0, 3),  # run_pipeline: definitions load + job
        "stages": stages,
        "steps": sorted(step_rows, key=lambda r: -r["wall_s"]),
        "asset_checks": check_outcomes,
    }
