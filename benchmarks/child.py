"""One measured stage, run as its own process: ``python -m benchmarks.child <stage> --result FILE ...``."""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any

from dagster_project.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(raw_dir=Path(args.raw).resolve(), warehouse_dir=Path(args.warehouse).resolve())


def stage_floor(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.floor import floor_scan

    return floor_scan(Path(args.raw))


def stage_ingest(args: argparse.Namespace) -> dict[str, Any]:
    from dagster_project.ingest import ingest_all

    results = ingest_all(_settings(args))
    families = {}
    for r in results:
        families[r.family] = {
            "files_loaded": getattr(r, "files_loaded", None),
            "files_skipped_unchanged": getattr(r, "files_skipped_unchanged", None),
            "files_refused": len(getattr(r, "files_refused", []) or []),
            "rows_loaded": getattr(r, "rows_loaded", None),
            "rows_quarantined": getattr(r, "rows_quarantined", None),
            "bytes": getattr(r, "bytes", None),
            "seconds": getattr(r, "seconds", None),
        }
    return {"families": families}


def dbt_model_timings(run_results: Path, top: int = 20) -> dict[str, Any]:
    """Per-node execution time from dbt's ``run_results.json``, slowest first."""
    data = json.loads(run_results.read_text())
    nodes = [
        {"unique_id": r["unique_id"], "status": r["status"], "seconds": round(r.get("execution_time") or 0.0, 3),
         "rows_affected": (r.get("adapter_response") or {}).get("rows_affected")}
        for r in data["results"]
    ]
    nodes.sort(key=lambda n: -n["seconds"])
    by_type: dict[str, float] = {}
    for n in nodes:
        kind = n["unique_id"].split(".")[0]
        by_type[kind] = round(by_type.get(kind, 0.0) + n["seconds"], 3)
    return {"elapsed_s": round(data.get("elapsed_time") or 0.0, 3), "nodes": len(nodes), "seconds_by_type": by_type,
            "slowest": nodes[:top]}


def stage_dbt_build(args: argparse.Namespace) -> dict[str, Any]:
    from dagster_project.dbt_runner import run_dbt

    target = Path(args.target_path)
    run_dbt(["build", "--quiet"], _settings(args), target_path=target)
    return dbt_model_timings(target / "run_results.json")


def stage_dbt_compile(args: argparse.Namespace) -> dict[str, Any]:
    from dagster_project.dbt_runner import run_dbt

    run_dbt(["compile", "--quiet"], _settings(args), target_path=Path(args.target_path))
    return {"manifest": str(Path(args.target_path) / "manifest.json")}


def stage_checks(args: argparse.Namespace) -> dict[str, Any]:
    from dagster_project.checks.publication import run_publication_checks

    outcomes = run_publication_checks(_settings(args).build_db)
    failed = [getattr(o, "name", str(o)) for o in outcomes if not getattr(o, "passed", True)]
    return {"checks": len(outcomes), "failed": failed}


def stage_exports(args: argparse.Namespace) -> dict[str, Any]:
    from dagster_project.exports import export_all

    settings = _settings(args)
    report = export_all(settings.build_db, settings.build_exports_dir, run_id="bench")
    return {"report": repr(report)[:2000]}


def stage_orchestration_free(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.orchestration_free import execute_compiled

    seeds = Path(args.seeds_from) if args.seeds_from else None
    return execute_compiled(Path(args.manifest), Path(args.db), seeds)


def stage_nightly(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.nightly import run_nightly

    return run_nightly()


STAGES = {
    "floor": stage_floor,
    "ingest": stage_ingest,
    "dbt_build": stage_dbt_build,
    "dbt_compile": stage_dbt_compile,
    "checks": stage_checks,
    "exports": stage_exports,
    "orchestration_free": stage_orchestration_free,
    "nightly": stage_nightly,
}


def _profile_summary(profiler: cProfile.Profile, top: int = 30, key: str = "tottime_s") -> list[dict[str, Any]]:
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{Path(filename).name}:{line}({func})", "calls": ncalls,
                     "tottime_s": round(tottime, 3), "cumtime_s": round(cumtime, 3)})
    rows.sort(key=lambda r: -r[key])
    return rows[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--result", required=True, help="JSON file the stage's result is written to")
    parser.add_argument("--raw", default=".")
    parser.add_argument("--warehouse", default=".")
    parser.add_argument("--target-path", default=None)
    parser.add_argument("--manifest", default=None)
    parser.add_argument("--db", default=None)
    parser.add_argument("--seeds-from", default=None)
    parser.add_argument("--profile", action="store_true", help="run under cProfile; top functions in the result")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    result = STAGES[args.stage](args)
    if profiler:
        profiler.disable()
        result["profile_top_tottime"] = _profile_summary(profiler)
        result["profile_top_cumtime"] = _profile_summary(profiler, key="cumtime_s")
    result["in_process_s"] = round(time.perf_counter() - start, 3)
    Path(args.result).write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
