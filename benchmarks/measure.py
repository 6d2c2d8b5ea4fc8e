"""Measure a stage run in a child process: wall time, CPU time and peak RSS from the kernel (wait4)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil


class StageFailed(RuntimeError):
    """A measured child process ended with a non-zero exit code; the message holds its stderr tail."""


@dataclass
class Measurement:
    """Resources one child process (and the children it waited for) used.

    wall_s:        elapsed time from spawn to exit
    cpu_s:         user + system CPU seconds of the child and its waited-for descendants
    peak_rss_mb:   largest resident set of the child or any waited-for descendant (``ru_maxrss``)
    result:        the JSON object the child wrote to its result file (rows, sub-timings, ...)
    """

    wall_s: float
    cpu_s: float
    user_s: float
    sys_s: float
    peak_rss_mb: float
    exit_code: int
    result: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# A tiny launcher between the caller and the measured process. On Linux a new process inherits the RSS high-water
# mark of the process it was forked (or vforked) from until exec, and ``ru_maxrss`` keeps it across exec: measured
# straight from a 400 MB pytest or Dagster process, a 10 MB child would report 400 MB. The launcher (a bare
# interpreter, ~10-20 MB) forks the measured process, reaps it with ``wait4`` and writes that rusage as JSON.
_LAUNCHER = """
import json, os, subprocess, sys
usage_file, args = sys.argv[1], sys.argv[2:]
proc = subprocess.Popen(args)
_, status, ru = os.wait4(proc.pid, 0)
proc.returncode = os.waitstatus_to_exitcode(status)
with open(usage_file, "w") as f:
    json.dump({"status": proc.returncode, "utime": ru.ru_utime, "stime": ru.ru_stime, "maxrss_kib": ru.ru_maxrss}, f)
sys.exit(0)
"""


def run_child(
    python_args: Sequence[str],
    *,
    result_file: Path,
    env: Mapping[str, str] | None = None,
    log_file: Path | None = None,
    check: bool = True,
) -> Measurement:
    """Run ``python <python_args>`` (e.g. ``-m module ...``) and measure it with ``os.wait4`` (clean per-child rusage).

    ``resource.getrusage(RUSAGE_CHILDREN)`` keeps the maximum RSS over *every* child ever waited for, so it cannot
    separate stages; ``wait4`` returns the rusage of exactly this child (and its own waited-for children). The
    child is started through a small launcher process so that its peak RSS does not include the caller's memory
    (see ``_LAUNCHER``); the launcher's own footprint (a bare interpreter) is the floor of any reading.
    The child writes a JSON object to ``result_file``; it becomes ``Measurement.result``.
    """
    result_file.parent.mkdir(parents=True, exist_ok=True)
    result_file.unlink(missing_ok=True)
    usage_file = result_file.with_name(result_file.name + ".rusage.json")
    usage_file.unlink(missing_ok=True)
    full_env = {**os.environ, **(env or {})}
    log_path = log_file or result_file.with_suffix(".log")
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        launcher = subprocess.run(
            [sys.executable, "-I", "-c", _LAUNCHER, str(usage_file), sys.executable, *python_args],
            env=full_env, stdout=log, stderr=subprocess.STDOUT, check=False,
        )
        wall = time.perf_counter() - start
    if launcher.returncode != 0 or not usage_file.exists():
        tail = log_path.read_text(errors="replace")[-4000:]
        raise StageFailed(f"measurement launcher for python {' '.join(python_args)} failed (log {log_path}):\n{tail}")
    usage = json.loads(usage_file.read_text())
    usage_file.unlink()
    exit_code = int(usage["status"])
    measurement = Measurement(
        wall_s=round(wall, 3),
        cpu_s=round(usage["utime"] + usage["stime"], 3),
        user_s=round(usage["utime"], 3),
        sys_s=round(usage["stime"], 3),
        peak_rss_mb=round(usage["maxrss_kib"] / 1024, 1),  # Linux reports KiB
        exit_code=exit_code,
        result=json.loads(result_file.read_text()) if result_file.exists() else {},
    )
    if check and exit_code != 0:
        tail = log_path.read_text(errors="replace")[-4000:]
        raise StageFailed(f"python {' '.join(python_args)} exited {exit_code} (log {log_path}):\n{tail}")
    return measurement


class ResourceSampler:
    """Sample this process's RSS and CPU time in a background thread, to attribute them to time windows.

    Used inside the child that runs the whole nightly job: Dagster runs every step in that one process, so a
    step's peak RSS is the largest sample inside its window and its CPU time the growth of the CPU counter.
    RSS and CPU are summed over this process and its live descendants (dagster-dbt runs dbt as a subprocess);
    a descendant's CPU moves into ``children_*`` when it is reaped, so the sum stays continuous.
    """

    def __init__(self, interval_s: float = 0.05) -> None:
        self.interval_s = interval_s
        self.samples: list[tuple[float, float, float]] = []  # (unix time, rss MB, cpu s incl. children)
        self._stop = threading.Event()
        self._proc = psutil.Process()
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)

    def _sample(self) -> None:
        t = self._proc.cpu_times()
        cpu = t.user + t.system + t.children_user + t.children_system
        rss = self._proc.memory_info().rss
        for child in self._proc.children(recursive=True):  # e.g. the dbt subprocess dagster-dbt starts
            with contextlib.suppress(psutil.Error):
                ct = child.cpu_times()
                cpu += ct.user + ct.system  # a live child's CPU, before it is reaped into children_*
                rss += child.memory_info().rss
        self.samples.append((time.time(), rss / 2**20, cpu))

    @property
    def peak_rss_mb(self) -> float:
        """Largest sampled RSS of this process plus its live subprocesses together."""
        return round(max((s[1] for s in self.samples), default=0.0), 1)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval_s)

    def __enter__(self) -> ResourceSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def window(self, start: float, end: float) -> dict[str, float]:
        """Peak RSS (MB) and CPU seconds between two unix times (nearest samples around the window)."""
        inside = [s for s in self.samples if start <= s[0] <= end]
        before = [s for s in self.samples if s[0] <= start]
        after = [s for s in self.samples if s[0] >= end]
        first = before[-1] if before else (inside[0] if inside else self.samples[0])
        last = after[0] if after else (inside[-1] if inside else self.samples[-1])
        peak = max([s[1] for s in inside] + [first[1], last[1]])
        return {"peak_rss_mb": round(peak, 1), "cpu_s": round(max(last[2] - first[2], 0.0), 3)}
