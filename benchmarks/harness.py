"""The benchmark run: cached raw set, nightly job repetitions, stages alone, baselines (a)(b)(c), JSON result."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import counts
from benchmarks.child import dbt_model_timings
from benchmarks.incremental import prepare_incremental_raw
from benchmarks.machine import git_commit, machine_info, package_versions
from benchmarks.measure import Measurement, StageFailed, run_child
from benchmarks.report import format_report, summarise
from dagster_project.settings import Settings

DONE_MARKER = ".bench-complete"  # starts with '.', so ingest ignores it
BENCH_PSEUDONYM_KEY = "passend-bench-key-not-secret"  # synthetic data only; fixed so runs are comparable
CHILD = "benchmarks.child"


@dataclass(frozen=True)
class BenchOptions:
    """What to run. ``warehouse_dir/bench`` holds the cached raw sets, the work folders and the JSON results."""

    warehouse_dir: Path
    scale: str = "national"
    seed: int = 42
    repetitions: int = 3
    isolated_stages: bool = True
    profile_ingest: bool = False
    keep_work: bool = False
    raw_dir: Path | None = None  # use these deliveries instead of generating (not cached, not deleted)

    @property
    def bench_dir(self) -> Path:
        return self.warehouse_dir / "bench"


def _log(msg: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {msg}", flush=True)


def ensure_raw(opts: BenchOptions, env: dict[str, str], work: Path) -> tuple[Path, dict[str, Any] | None]:
    """The raw deliveries: ``bench/raw-<scale>-seed<seed>/``, generated once per seed (done-marker), then reused."""
    if opts.raw_dir is not None:
        return opts.raw_dir.resolve(), None
    raw = opts.bench_dir / f"raw-{opts.scale}-seed{opts.seed}"
    if (raw / DONE_MARKER).exists():
        _log(f"reusing cached raw set {raw}")
        return raw, None
    if raw.exists():
        shutil.rmtree(raw)  # an interrupted generation: start again
    _log(f"generating {opts.scale} raw set (seed {opts.seed}) into {raw}")
    m = run_child(["-m", "dagster_project.synthetic", "--scale", opts.scale, "--seed", str(opts.seed), "--out", str(raw)],
                  result_file=work / "generate.json", env=env)
    (raw / DONE_MARKER).write_text(json.dumps({"seed": opts.seed, "scale": opts.scale, "generated_at": _now()}))
    return raw, m.to_dict()


def ensure_fresh_manifest(env: dict[str, str], work: Path) -> bool:
    """Prepare ``dbt/target/manifest.json`` the project's one way (``python -m dagster_project.dbt_project``) when it
    is missing or stale; True if it did. dagster-dbt builds the dbt assets from it: a stale one would leave new
    models out of the job."""
    from dagster_project.dbt_project import manifest_is_fresh

    if manifest_is_fresh():
        return False
    _log("dbt manifest is stale or missing: python -m dagster_project.dbt_project")
    run_child(["-m", "dagster_project.dbt_project"], result_file=work / "manifest.json", env=env)
    return True


def _now() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _child(stage: str, work: Path, name: str, env: dict[str, str], *extra: str) -> Measurement:
    return run_child(["-m", CHILD, stage, "--result", str(work / f"{name}.json"), *extra], result_file=work / f"{name}.json",
                     env=env)


def _stage_env(base: dict[str, str], raw: Path, warehouse: Path) -> dict[str, str]:
    settings = Settings(raw_dir=raw, warehouse_dir=warehouse)
    return {**base, **settings.dbt_env()}


def _rows_after_job(warehouse: Path, raw_rows: int | None) -> dict[str, dict[str, Any]]:
    """Rows in/out of each stage, read from what a finished nightly job left in ``warehouse``."""
    settings = Settings(raw_dir=warehouse, warehouse_dir=warehouse)
    landing = counts.landing_rows(settings.landing_dir)
    db = settings.published_db if settings.published_db.exists() else settings.build_db
    per_schema = counts.warehouse_rows(db)
    published_rows = sum(n for s, n in per_schema.items() if s.startswith("masking"))
    exports_dir = settings.exports_dir if settings.exports_dir.exists() else settings.build_exports_dir
    exported = counts.export_rows(exports_dir)
    return {
        "ingest": {"rows_in": raw_rows, "rows_out": landing["rows_loaded"], "rows_quarantined": landing["rows_quarantined"]},
        "dbt": {"rows_in": landing["rows_loaded"], "rows_out": sum(per_schema.values()), "rows_by_schema": per_schema},
        "checks": {"rows_in": published_rows, "rows_out": published_rows},
        "publish": {"rows_in": published_rows, "rows_out": exported["parquet_rows"], "export_files": exported["files"],
                    "export_bytes": exported["bytes"]},
    }


def run_nightly_measured(raw: Path, warehouse: Path, work: Path, name: str, env: dict[str, str],
                         raw_rows: int | None) -> dict[str, Any]:
    """The nightly job in a child process: total from wait4, stages from Dagster step events, rows afterwards."""
    m = _child("nightly", work, name, _stage_env(env, raw, warehouse))
    res = m.result
    stages = res.get("stages", {})
    for stage, rows in _rows_after_job(warehouse, raw_rows).items():
        stages.setdefault(stage, {}).update(rows)
    run_results = next(iter(sorted(warehouse.glob("build/**/run_results.json"))), None)
    return {
        "dbt_run_results": dbt_model_timings(run_results) if run_results else None,
        "wall_s": m.wall_s, "cpu_s": m.cpu_s,
        # wait4's ru_maxrss is the largest single process; the sampler sums the job process and its dbt subprocess
        "peak_rss_mb": max(m.peak_rss_mb, res.get("sampled_peak_rss_mb") or 0.0),
        "peak_rss_mb_largest_process": m.peak_rss_mb,
        "success": res.get("success"), "failed_steps": res.get("failed_steps"),
        "import_s": res.get("import_s"), "execute_s": res.get("execute_s"),
        "stages": stages, "slowest_steps": res.get("steps", [])[:10], "asset_checks": res.get("asset_checks"),
    }


def run_isolated(raw: Path, work: Path, env: dict[str, str], profile_ingest: bool) -> dict[str, Any]:
    """Each stage alone in its own process on a fresh warehouse: clean per-stage peak RSS, dbt per-model timings."""
    wh = work / "isolated"
    senv = _stage_env(env, raw, wh)
    common = ["--raw", str(raw), "--warehouse", str(wh)]
    out: dict[str, Any] = {}
    steps: list[tuple[str, str, list[str]]] = [
        ("ingest", "ingest", []),
        ("dbt", "dbt_build", ["--target-path", str(work / "isolated-dbt-target")]),
        ("checks", "checks", []),
        ("publish", "exports", []),
    ]
    for name, stage, extra in steps:
        _log(f"isolated stage {name}")
        try:
            out[name] = _child(stage, work, f"isolated-{name}", senv, *common, *extra).to_dict()
        except StageFailed as exc:  # record and go on: one broken stage must not lose a long benchmark
            _log(f"isolated stage {name} failed: {str(exc)[-500:]}")
            out[name] = {"error": str(exc)[-3000:]}
            break
    if profile_ingest:
        _log("profiling ingest (cProfile, fresh warehouse)")
        pwh = work / "profile"
        out["ingest_profiled"] = _child("ingest", work, "profile-ingest", _stage_env(env, raw, pwh), "--raw", str(raw),
                                        "--warehouse", str(pwh), "--profile").to_dict()
        shutil.rmtree(pwh, ignore_errors=True)
    return out


def run_orchestration_free(raw: Path, built: Path, work: Path, env: dict[str, str], repetitions: int) -> dict[str, Any]:
    """Baseline (b): the compiled SQL of the job's own ``dbt build``, executed ``repetitions`` times.

    The manifest dbt wrote at the end of the job's build (``build/dbt_target/manifest.json``) holds every executed
    node's ``compiled_code``; when it is absent, ``dbt compile`` makes one (not timed as part of b).
    """
    manifest = next(iter(sorted(built.glob("build/**/manifest.json"))), None)
    compiled: dict[str, Any] = {"source": str(manifest)}
    if manifest is None or not _has_compiled_models(manifest):
        target = work / "compile-target"
        compiled = _child("dbt_compile", work, "dbt-compile", _stage_env(env, raw, built), "--raw", str(raw),
                          "--warehouse", str(built), "--target-path", str(target)).to_dict()
        manifest = target / "manifest.json"
    seeds = Settings(raw_dir=raw, warehouse_dir=built).published_db
    runs = []
    for i in range(1, repetitions + 1):
        _log(f"(b) orchestration-free run {i}/{repetitions}")
        m = _child("orchestration_free", work, f"orchestration-free-{i}", env, "--manifest", str(manifest),
                   "--db", str(work / "orchestration-free" / "passend.duckdb"),
                   *(["--seeds-from", str(seeds)] if seeds.exists() else []))
        runs.append(m.to_dict())
    return {"compile": compiled, "runs": runs}


def _has_compiled_models(manifest: Path) -> bool:
    nodes = json.loads(manifest.read_text()).get("nodes", {}).values()
    models = [n for n in nodes if n.get("resource_type") == "model"]
    return bool(models) and all(n.get("compiled_code") for n in models if n["config"].get("materialized") != "ephemeral")


def _save_partial(results: dict[str, Any], path: Path) -> None:
    """What is measured so far, summarised (``bench report FILE`` prints it), in case a long run is cut short."""
    snapshot = {**results, "summary": summarise(results), "partial": True}
    path.write_text(json.dumps(snapshot, indent=1, default=str))


def run_benchmark(opts: BenchOptions, on_progress: Callable[[str], None] = _log) -> dict[str, Any]:
    """Run everything, write ``bench/<timestamp>.json``, print the report; returns the result dict."""
    stamp = _now()
    opts.bench_dir.mkdir(parents=True, exist_ok=True)
    work = opts.bench_dir / f"work-{stamp}"
    work.mkdir(parents=True)
    env = {
        "PASSEND_PSEUDONYM_KEY": os.environ.get("PASSEND_PSEUDONYM_KEY", BENCH_PSEUDONYM_KEY),
        "DAGSTER_HOME": str(work / "dagster_home"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    (work / "dagster_home").mkdir()
    results: dict[str, Any] = {
        "meta": {"timestamp": stamp, "scale": opts.scale, "seed": opts.seed, "repetitions": opts.repetitions,
                 "machine": machine_info(), "packages": package_versions(), "git_commit": git_commit()},
    }
    started = time.perf_counter()
    results["meta"]["manifest_reparsed"] = ensure_fresh_manifest(env, work)
    raw, generation = ensure_raw(opts, env, work)
    results["generation"] = generation

    on_progress("(a) floor: DuckDB read_csv over every raw file")
    floor = [_child("floor", work, f"floor-{i}", env, "--raw", str(raw)) for i in range(1, opts.repetitions + 1)]
    results["floor"] = [f.to_dict() for f in floor]
    partial = opts.bench_dir / f"{stamp}.partial.json"
    first = floor[0].result
    results["raw"] = {"path": str(raw), "files": first.get("files"), "bytes": first.get("bytes"), "rows": first.get("rows"),
                      "families": first.get("families")}
    raw_rows = first.get("rows")

    pipeline = []
    last_wh: Path | None = None
    for i in range(1, opts.repetitions + 1):
        on_progress(f"nightly job run {i}/{opts.repetitions}")
        wh = work / f"pipeline-{i}"
        pipeline.append(run_nightly_measured(raw, wh, work, f"nightly-{i}", env, raw_rows))
        results["pipeline"] = pipeline
        _save_partial(results, partial)
        if last_wh is not None and not opts.keep_work:
            shutil.rmtree(last_wh, ignore_errors=True)
        last_wh = wh
    results["pipeline"] = pipeline
    assert last_wh is not None

    if opts.isolated_stages:
        results["isolated_stages"] = run_isolated(raw, work, env, opts.profile_ingest)
        _save_partial(results, partial)
        if not opts.keep_work:
            shutil.rmtree(work / "isolated", ignore_errors=True)

    on_progress("(b) orchestration-free: compiled dbt SQL in one DuckDB connection")
    try:
        results["orchestration_free"] = run_orchestration_free(raw, last_wh, work, env, opts.repetitions)
    except StageFailed as exc:
        _log(f"(b) failed: {str(exc)[-500:]}")
        results["orchestration_free"] = {"error": str(exc)[-3000:], "runs": []}
    _save_partial(results, partial)

    on_progress("(c) incremental: one new teldatum on the last built warehouse")
    inc_raw = work / "raw-incremental"
    added = prepare_incremental_raw(raw, inc_raw)
    try:
        incremental = run_nightly_measured(inc_raw, last_wh, work, "incremental", env, None)
    except StageFailed as exc:
        _log(f"(c) failed: {str(exc)[-500:]}")
        incremental = {"error": str(exc)[-3000:], "success": False}
    incremental["added"] = added
    results["incremental"] = incremental

    results["total_bench_s"] = round(time.perf_counter() - started, 1)
    results["summary"] = summarise(results)
    out = opts.bench_dir / f"{stamp}.json"
    out.write_text(json.dumps(results, indent=1, default=str))
    partial.unlink(missing_ok=True)
    results["result_file"] = str(out)
    if not opts.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    print(format_report(results), flush=True)
    print(f"\nresults: {out}", flush=True)
    return results
