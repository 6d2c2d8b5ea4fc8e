"""Smoke test of the benchmark harness end to end at tiny scale: it runs and its report has every part.

Asserts the structure of the JSON result and the printed report, never a timing (timings belong in the benchmark).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.harness import BenchOptions, run_benchmark


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.xdist_group("bench")
def test_harness_runs_end_to_end_at_tiny_scale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opts = BenchOptions(warehouse_dir=tmp_path / "warehouse", scale="tiny", seed=7, repetitions=1, isolated_stages=False)
    results = run_benchmark(opts)

    # the JSON result is stored under WAREHOUSE/bench/<timestamp>.json and equals what was returned
    stored = sorted((tmp_path / "warehouse" / "bench").glob("*.json"))
    assert [p.name for p in stored] == [f"{results['meta']['timestamp']}.json"]
    assert json.loads(stored[0].read_text())["summary"] == results["summary"]
    # raw set cached by seed with a done-marker; work folders removed
    assert (tmp_path / "warehouse" / "bench" / "raw-tiny-seed7" / ".bench-complete").exists()
    assert not list((tmp_path / "warehouse" / "bench").glob("work-*"))

    assert results["raw"]["rows"] > 0 and results["raw"]["files"] > 0
    (run,) = results["pipeline"]
    assert run["success"] is True, run.get("failed_steps")
    for stage in ("ingest", "dbt", "checks", "publish"):
        st = run["stages"][stage]
        assert st["steps"] >= 1, f"no Dagster step was attributed to stage {stage}"
        assert {"wall_s", "cpu_s", "peak_rss_mb", "rows_in", "rows_out"} <= set(st)
    assert run["stages"]["ingest"]["rows_out"] > 0
    assert run["stages"]["dbt"]["rows_out"] > 0
    assert run["stages"]["publish"]["rows_out"] > 0
    (b,) = results["orchestration_free"]["runs"]
    assert b["result"]["models"] > 0
    assert results["incremental"]["success"] is True
    assert "BRON_inschrijvingen_" in results["incremental"]["added"]["new_file"]

    s = results["summary"]
    assert set(s) == {"pipeline", "baselines", "ratios", "targets"}
    assert s["ratios"]["pipeline_over_floor"] is not None
    assert s["ratios"]["pipeline_over_orchestration_free"] is not None
    assert s["baselines"]["incremental_wall_s"] is not None

    printed = capsys.readouterr().out
    for part in ("nightly job (1 runs", "(a) floor", "(b) orchestration-free", "(c) incremental", "pipeline / (a) floor",
                 "pipeline / (b) orchestration-free", "targets", str(stored[0])):
        assert part in printed
