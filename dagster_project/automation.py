"""When the nightly job runs: 02:00 Europe/Amsterdam, and whenever a delivery in RAW is new or changed."""


import hashlib
import json
from pathlib import Path
from typing import Any

from dagster import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from dagster_project.settings import Settings

NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Europe/Amsterdam"
IGNORED_NAMES = {"README.md", ".gitkeep"}


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def raw_files(raw_dir: Path) -> list[Path]:
    """Every delivered file under RAW (recursively), skipping READMEs and hidden files."""
    if not raw_dir.is_dir():
        return []
    return sorted(p for p in raw_dir.rglob("*")
                  if p.is_file() and p.name not in IGNORED_NAMES
                  and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts))


def scan_raw(raw_dir: Path, previous: dict[str, list]) -> dict[str, list]:
    """``relative path`` → ``[size, mtime_ns, sha256]``; a file whose size and mtime are unchanged is not re-hashed."""
    state: dict[str, list] = {}
    for path in raw_files(raw_dir):
        rel = path.relative_to(raw_dir).as_posix()
        st = path.stat()
        old = previous.get(rel)
        if old and old[0] == st.st_size and old[1] == st.st_mtime_ns:
            state[rel] = old
        else:
            state[rel] = [st.st_size, st.st_mtime_ns, sha256_file(path)]
    return state


def changed_files(previous: dict[str, list], current: dict[str, list]) -> list[str]:
    """Paths that are new, whose checksum changed, or that were removed."""
    changed = [rel for rel, entry in current.items() if rel not in previous or previous[rel][2] != entry[2]]
    removed = [rel for rel in previous if rel not in current]
    return sorted(changed + removed)


def build_automation(nightly: Any) -> tuple[ScheduleDefinition, Any]:
    """The nightly schedule and the RAW sensor, both starting ``nightly``."""
    schedule = ScheduleDefinition(
        name="nightly_schedule",
        cron_schedule=NIGHTLY_CRON,
        execution_timezone=TIMEZONE,
        job=nightly,
        default_status=DefaultScheduleStatus.RUNNING,
        description="The whole pipeline every night at 02:00 Europe/Amsterdam.",
    )

    @sensor(job=nightly, minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING,
            description="Starts `nightly` when a file in RAW is new, changed (sha256) or removed. "
            "Cursor: JSON {path: [size, mtime_ns, sha256]}.")
    def raw_deliveries_sensor(context: SensorEvaluationContext):
        raw_dir = Settings.from_env().raw_dir
        previous = json.loads(context.cursor) if context.cursor else {}
        current = scan_raw(raw_dir, previous)
        changed = changed_files(previous, current)
        context.update_cursor(json.dumps(current, sort_keys=True))  # also remembers re-hashed, unchanged files
        if not changed:
            return SkipReason(f"no new or changed file in {raw_dir}")
        run_key = hashlib.sha256(json.dumps({k: v[2] for k, v in current.items()}, sort_keys=True).encode()).hexdigest()
        shown = ", ".join(changed[:10]) + (f" (+{len(changed) - 10} more)" if len(changed) > 10 else "")
        return RunRequest(run_key=run_key, tags={"passend/trigger": "raw_sensor", "passend/changed": shown[:200]})

    return schedule, raw_deliveries_sensor
