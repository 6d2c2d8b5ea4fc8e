"""Child-process measurement: per-child peak RSS (wait4), the child's JSON result, failures with their log."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.measure import ResourceSampler, StageFailed, run_child

ALLOCATE = """
import json, sys
block = bytearray(300 * 2**20)  # 300 MiB, zero-filled: every page touched
json.dump({"allocated_mb": len(block) // 2**20}, open(sys.argv[1], "w"))
"""


def test_peak_rss_is_per_child_not_cumulative(tmp_path: Path) -> None:
    big = run_child(["-c", ALLOCATE, str(tmp_path / "big.json")], result_file=tmp_path / "big.json")
    small = run_child(["-c", "import json, sys; json.dump({}, open(sys.argv[1], 'w'))", str(tmp_path / "small.json")],
                      result_file=tmp_path / "small.json")
    assert big.result == {"allocated_mb": 300}
    assert big.exit_code == 0
    assert big.peak_rss_mb >= 300
    # getrusage(RUSAGE_CHILDREN) would still report the 300 MiB child here; wait4 does not
    assert small.peak_rss_mb < 300
    assert small.cpu_s >= 0 and small.wall_s > 0


def test_peak_rss_excludes_the_callers_memory(tmp_path: Path) -> None:
    # A forked child inherits its parent's RSS high-water mark on Linux; a big caller (pytest with DuckDB loaded,
    # a Dagster run) must not show up in the reading of a tiny child. 400 MiB of ballast here, a bare child there.
    ballast = bytearray(400 * 2**20)
    small = run_child(["-c", "import json, sys; json.dump({}, open(sys.argv[1], 'w'))", str(tmp_path / "s.json")],
                      result_file=tmp_path / "s.json")
    assert len(ballast) == 400 * 2**20
    assert small.peak_rss_mb < 100


def test_failing_child_raises_with_its_log(tmp_path: Path) -> None:
    with pytest.raises(StageFailed, match="boom"):
        run_child(["-c", "raise SystemExit('boom')"], result_file=tmp_path / "r.json")
    m = run_child(["-c", "raise SystemExit(3)"], result_file=tmp_path / "r.json", check=False)
    assert m.exit_code == 3 and m.result == {}


def test_sampler_window_covers_the_samples_around_it() -> None:
    sampler = ResourceSampler()
    sampler.samples = [(10.0, 100.0, 1.0), (11.0, 300.0, 2.0), (12.0, 150.0, 4.5), (13.0, 120.0, 5.0)]
    # window 10.5..11.5: bracketed by the samples at 10 and 12; peak 300 MB inside; CPU 4.5 - 1.0
    assert sampler.window(10.5, 11.5) == {"peak_rss_mb": 300.0, "cpu_s": 3.5}
