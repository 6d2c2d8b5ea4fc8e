"""Summary and report: medians, ratios to the baselines and targets, worked out by hand."""

from __future__ import annotations

from benchmarks.report import format_history, format_report, summarise


def _run(wall: float, rss: float, dbt_wall: float) -> dict:
    stages = {s: {"wall_s": 1.0, "cpu_s": 1.0, "peak_rss_mb": 100.0, "rows_in": 10, "rows_out": 5}
              for s in ("ingest", "checks", "publish")}
    stages["dbt"] = {"wall_s": dbt_wall, "cpu_s": dbt_wall, "peak_rss_mb": rss, "rows_in": 5, "rows_out": 7}
    return {"wall_s": wall, "cpu_s": wall * 1.5, "peak_rss_mb": rss, "success": True, "import_s": 5.0,
            "execute_s": wall - 5.0, "stages": stages}


def _results() -> dict:
    return {
        "meta": {"timestamp": "20261123T100000Z", "scale": "national", "seed": 42, "git_commit": "abc",
                 "machine": {"cpu_count": 2, "memory_gb": 23.0, "loadavg": [1.0, 1.0, 1.0]}},
        "raw": {"files": 3, "bytes": 2**20, "rows": 1000},
        "pipeline": [_run(100.0, 3000.0, 40.0), _run(90.0, 2500.0, 45.0), _run(120.0, 2800.0, 50.0)],
        "floor": [{"wall_s": w, "peak_rss_mb": 200.0, "result": {"seconds": w - 1}} for w in (10.0, 12.0, 11.0)],
        "orchestration_free": {"runs": [{"wall_s": w, "peak_rss_mb": 900.0, "result": {"seconds": w - 2}}
                                        for w in (50.0, 40.0, 60.0)]},
        "incremental": {"wall_s": 25.0, "success": True},
    }


def test_summary_medians_ratios_and_targets() -> None:
    s = summarise(_results())
    p = s["pipeline"]
    assert p["wall_s"] == 100.0  # median of 100, 90, 120
    assert p["peak_rss_mb"] == 2800.0  # median of 3000, 2500, 2800
    assert p["max_peak_rss_mb"] == 3000.0
    assert p["stages"]["dbt"]["wall_s"] == 45.0  # median of 40, 45, 50
    assert s["baselines"]["floor_wall_s"] == 11.0  # median of 10, 12, 11
    assert s["baselines"]["orchestration_free_wall_s"] == 50.0  # median of 50, 40, 60
    assert s["baselines"]["orchestration_free_sql_s"] == 48.0  # median of 48, 38, 58
    assert s["ratios"]["pipeline_over_floor"] == 9.09  # 100 / 11
    assert s["ratios"]["pipeline_over_orchestration_free"] == 2.0  # 100 / 50
    assert s["ratios"]["dbt_stage_over_orchestration_free"] == 0.9  # 45 / 50
    assert s["targets"] == {"wall_le_60s": False, "peak_rss_le_4gb": True, "pipeline_over_b_le_1_5": False,
                            "incremental_le_20s": False}


def test_report_prints_every_section() -> None:
    results = _results()
    results["summary"] = summarise(results)
    text = format_report(results)
    for expected in ("nightly job (3 runs", "ingest", "dbt", "checks", "publish", "(a) floor", "(b) orchestration-free",
                     "(c) incremental", "pipeline / (a) floor:              9.09", "peak RSS <= 4 GB            met",
                     "full build <= 60 s wall     MISSED"):
        assert expected in text
    assert "20261123T100000Z" in format_history([results])
