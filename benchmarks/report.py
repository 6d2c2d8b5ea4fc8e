"""Summarise benchmark measurements: medians, the ratios to the baselines, the targets, and a printable report."""

from __future__ import annotations

import statistics
from typing import Any

STAGE_NAMES = ("ingest", "dbt", "checks", "publish")

# Targets for a national build on 2 cores (docs/benchmarks.md)
TARGET_WALL_S = 60.0
TARGET_PEAK_RSS_MB = 4096.0
TARGET_RATIO_B = 1.5
TARGET_INCREMENTAL_S = 20.0


def _median(values: list[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(statistics.median(vals), 3) if vals else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    """Medians over the pipeline repetitions, per stage, plus baselines, ratios and targets."""
    runs = results.get("pipeline", [])
    stages: dict[str, dict[str, float | None]] = {}
    for stage in STAGE_NAMES:
        per_run = [r["stages"].get(stage, {}) for r in runs]
        stages[stage] = {
            metric: _median([s.get(metric) for s in per_run])
            for metric in ("wall_s", "cpu_s", "peak_rss_mb", "rows_in", "rows_out")
        }
    pipeline = {
        "repetitions": len(runs),
        "all_succeeded": all(r.get("success") for r in runs) if runs else False,
        "wall_s": _median([r["wall_s"] for r in runs]),
        "cpu_s": _median([r["cpu_s"] for r in runs]),
        "peak_rss_mb": _median([r["peak_rss_mb"] for r in runs]),
        "max_peak_rss_mb": max((r["peak_rss_mb"] for r in runs), default=None),
        "job_execute_s": _median([r.get("execute_s") for r in runs]),
        "steps_s": _median([sum(st.get("wall_s") or 0.0 for st in r["stages"].values()) for r in runs]),
        "outside_steps_s": _median([r["wall_s"] - sum(st.get("wall_s") or 0.0 for st in r["stages"].values())
                                    for r in runs]),
        "stages": stages,
    }
    floor = results.get("floor", [])
    b = results.get("orchestration_free", {}).get("runs", [])
    inc = results.get("incremental") or {}
    floor_wall = _median([f["wall_s"] for f in floor])
    b_wall = _median([r["wall_s"] for r in b])
    b_sql = _median([r.get("result", {}).get("seconds") for r in b])
    baselines = {
        "floor_wall_s": floor_wall,
        "floor_in_process_s": _median([f.get("result", {}).get("seconds") for f in floor]),
        "floor_peak_rss_mb": _median([f["peak_rss_mb"] for f in floor]),
        "orchestration_free_wall_s": b_wall,
        "orchestration_free_sql_s": b_sql,
        "orchestration_free_peak_rss_mb": _median([r["peak_rss_mb"] for r in b]),
        "incremental_wall_s": inc.get("wall_s"),
        "incremental_succeeded": inc.get("success"),
    }
    ratios = {
        "pipeline_over_floor": _ratio(pipeline["wall_s"], floor_wall),
        "pipeline_over_orchestration_free": _ratio(pipeline["wall_s"], b_wall),
        "dbt_stage_over_orchestration_free": _ratio(stages["dbt"]["wall_s"], b_wall),
        "dbt_stage_over_orchestration_free_sql": _ratio(stages["dbt"]["wall_s"], b_sql),
    }
    ok = pipeline["all_succeeded"]  # a failed run stops early: its times say nothing about the targets
    targets = {
        "wall_le_60s": _met(pipeline["wall_s"] if ok else None, TARGET_WALL_S),
        "peak_rss_le_4gb": _met(pipeline["max_peak_rss_mb"] if ok else None, TARGET_PEAK_RSS_MB),
        "pipeline_over_b_le_1_5": _met(ratios["pipeline_over_orchestration_free"] if ok else None, TARGET_RATIO_B),
        "incremental_le_20s": _met(inc.get("wall_s") if inc.get("success") else None, TARGET_INCREMENTAL_S),
    }
    return {"pipeline": pipeline, "baselines": baselines, "ratios": ratios, "targets": targets}


def _met(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}{unit}" if abs(value) >= 10 else f"{value:,.2f}{unit}"
    if isinstance(value, int):
        return f"{value:,}{unit}"
    return f"{value}{unit}"


def format_report(results: dict[str, Any]) -> str:
    """The report ``make bench`` prints: machine, pipeline medians per stage, baselines, ratios, targets."""
    s = results["summary"]
    meta = results["meta"]
    p = s["pipeline"]
    lines = [
        f"passend-warehouse benchmark {meta['timestamp']}  scale={meta['scale']} seed={meta['seed']} "
        f"commit={meta.get('git_commit', '?')[:10]}",
        f"machine: {meta['machine'].get('cpu_count')} cores ({meta['machine'].get('cpu_model', '?')}), "
        f"{_fmt(meta['machine'].get('memory_gb'))} GB RAM, load average at start {meta['machine'].get('loadavg')}",
        f"raw input: {_fmt(results['raw'].get('files'))} files, {_fmt(results['raw'].get('bytes', 0) / 2**20)} MB, "
        f"{_fmt(results['raw'].get('rows'))} rows",
        "",
        f"nightly job ({p['repetitions']} runs, medians; all succeeded: {p['all_succeeded']})",
        f"  {'stage':<10}{'wall s':>10}{'CPU s':>10}{'peak RSS MB':>13}{'rows in':>14}{'rows out':>14}",
    ]
    for stage in STAGE_NAMES:
        st = p["stages"][stage]
        lines.append(f"  {stage:<10}{_fmt(st['wall_s']):>10}{_fmt(st['cpu_s']):>10}{_fmt(st['peak_rss_mb']):>13}"
                     f"{_fmt(_int(st['rows_in'])):>14}{_fmt(_int(st['rows_out'])):>14}")
    lines.append(f"  {'total':<10}{_fmt(p['wall_s']):>10}{_fmt(p['cpu_s']):>10}{_fmt(p['peak_rss_mb']):>13}"
                 f"   (in steps {_fmt(p['steps_s'])} s; outside steps {_fmt(p['outside_steps_s'])} s: "
                 "interpreter start, imports, definitions load, Dagster bookkeeping)")
    iso = results.get("isolated_stages")
    if iso:
        lines += ["", "stages run alone, one process each (clean peak RSS)",
                  f"  {'stage':<10}{'wall s':>10}{'CPU s':>10}{'peak RSS MB':>13}"]
        for name, m in iso.items():
            if "error" in m:
                lines.append(f"  {name:<10}FAILED: {m['error'].strip().splitlines()[-1][:100]}")
                continue
            lines.append(f"  {name:<10}{_fmt(m['wall_s']):>10}{_fmt(m['cpu_s']):>10}{_fmt(m['peak_rss_mb']):>13}")
    b = s["baselines"]
    r = s["ratios"]
    lines += [
        "",
        "baselines (medians)",
        f"  (a) floor, DuckDB read_csv of every raw file: {_fmt(b['floor_wall_s'])} s wall "
        f"({_fmt(b['floor_in_process_s'])} s scanning), peak RSS {_fmt(b['floor_peak_rss_mb'])} MB",
        f"  (b) orchestration-free compiled dbt SQL:      {_fmt(b['orchestration_free_wall_s'])} s wall "
        f"({_fmt(b['orchestration_free_sql_s'])} s SQL), peak RSS {_fmt(b['orchestration_free_peak_rss_mb'])} MB",
        f"  (c) incremental, one new teldatum:            {_fmt(b['incremental_wall_s'])} s wall "
        f"(succeeded: {b['incremental_succeeded']})",
        "",
        "ratios",
        f"  pipeline / (a) floor:              {_fmt(r['pipeline_over_floor'])}",
        f"  pipeline / (b) orchestration-free: {_fmt(r['pipeline_over_orchestration_free'])}",
        f"  dbt stage / (b):                   {_fmt(r['dbt_stage_over_orchestration_free'])}",
        "",
        "targets (meaningful at scale=national)",
    ]
    t = s["targets"]
    labels = {
        "wall_le_60s": f"full build <= {TARGET_WALL_S:.0f} s wall",
        "peak_rss_le_4gb": "peak RSS <= 4 GB",
        "pipeline_over_b_le_1_5": f"pipeline / (b) <= {TARGET_RATIO_B}",
        "incremental_le_20s": f"incremental <= {TARGET_INCREMENTAL_S:.0f} s",
    }
    for key, label in labels.items():
        verdict = "not measured (or the run failed)" if t[key] is None else ("met" if t[key] else "MISSED")
        lines.append(f"  {label:<28}{verdict}")
    return "\n".join(lines)


def _int(v: float | None) -> int | None:
    return None if v is None else int(v)


def format_history(entries: list[dict[str, Any]]) -> str:
    """One line per stored benchmark result, oldest first, to compare runs over time."""
    lines = [f"{'timestamp':<18}{'scale':<10}{'commit':<12}{'wall s':>9}{'RSS MB':>9}{'/(a)':>7}{'/(b)':>7}{'incr s':>8}"]
    for e in entries:
        s = e.get("summary", {})
        p = s.get("pipeline", {})
        r = s.get("ratios", {})
        lines.append(f"{e['meta']['timestamp']:<18}{e['meta']['scale']:<10}{e['meta'].get('git_commit', '')[:10]:<12}"
                     f"{_fmt(p.get('wall_s')):>9}{_fmt(p.get('max_peak_rss_mb')):>9}{_fmt(r.get('pipeline_over_floor')):>7}"
                     f"{_fmt(r.get('pipeline_over_orchestration_free')):>7}"
                     f"{_fmt(s.get('baselines', {}).get('incremental_wall_s')):>8}")
    return "\n".join(lines)
