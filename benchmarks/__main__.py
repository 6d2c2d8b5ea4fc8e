"""Command line of the benchmark: ``python -m benchmarks [run|report|history] ...``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.harness import BenchOptions, run_benchmark
from benchmarks.report import format_history, format_report
from dagster_project.settings import Settings


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-"):
        argv.insert(0, "run")  # `python -m benchmarks --seed 42` = run
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the benchmark (default)")
    run.add_argument("--scale", default="national", choices=["tiny", "demo", "national"])
    run.add_argument("--seed", type=int, default=42)
    run.add_argument("--repetitions", "-n", type=int, default=3, help="nightly job runs (and baseline runs); medians")
    run.add_argument("--warehouse", type=Path, default=None, help="default: $PASSEND_WAREHOUSE (results in <it>/bench)")
    run.add_argument("--raw", type=Path, default=None, help="benchmark these deliveries instead of a generated set")
    run.add_argument("--no-isolated", action="store_true", help="skip running each stage alone in its own process")
    run.add_argument("--profile-ingest", action="store_true", help="one extra ingest under cProfile")
    run.add_argument("--keep-work", action="store_true", help="keep the per-run warehouses and child logs")
    rep = sub.add_parser("report", help="print the report of a stored result (default: the latest)")
    rep.add_argument("file", type=Path, nargs="?")
    rep.add_argument("--warehouse", type=Path, default=None)
    hist = sub.add_parser("history", help="one line per stored result, to compare runs over time")
    hist.add_argument("--warehouse", type=Path, default=None)
    args = parser.parse_args(argv)
    warehouse = (args.warehouse or Settings.from_env().warehouse_dir).resolve()
    bench_dir = warehouse / "bench"
    if args.command == "run":
        opts = BenchOptions(warehouse_dir=warehouse, scale=args.scale, seed=args.seed, repetitions=args.repetitions,
                            isolated_stages=not args.no_isolated, profile_ingest=args.profile_ingest,
                            keep_work=args.keep_work, raw_dir=args.raw)
        run_benchmark(opts)
        return 0
    stored = sorted(p for p in bench_dir.glob("*.json") if not p.name.endswith(".partial.json"))
    if not stored:
        print(f"no benchmark results in {bench_dir}", file=sys.stderr)
        return 1
    if args.command == "report":
        print(format_report(json.loads((args.file or stored[-1]).read_text())))
    else:
        print(format_history([json.loads(p.read_text()) for p in stored]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
