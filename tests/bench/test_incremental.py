"""Baseline (c): a RAW mirror with one more BRON teldatum than the cached set."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from benchmarks.incremental import next_teldatum, prepare_incremental_raw
from dagster_project.contracts import FAMILY_BY_NAME, recognise


def test_next_teldatum_alternates_october_and_february() -> None:
    assert next_teldatum(date(2025, 10, 1)) == date(2026, 2, 1)
    assert next_teldatum(date(2026, 2, 1)) == date(2026, 10, 1)


def test_incremental_raw_adds_one_snapshot_and_links_the_rest(tmp_path: Path) -> None:
    headers = [c.header for c in FAMILY_BY_NAME["bron_inschrijvingen"].columns]
    cached = tmp_path / "cached"
    (cached / "bron").mkdir(parents=True)
    rows = ["20251001;" + ";".join(["x"] * (len(headers) - 1)), "20251001;" + ";".join(["y"] * (len(headers) - 1))]
    older = cached / "bron" / "BRON_inschrijvingen_20250201.csv"
    older.write_text(";".join(headers) + "\n20250201;" + ";".join(["z"] * (len(headers) - 1)) + "\n")
    last = cached / "bron" / "BRON_inschrijvingen_20251001.csv"
    last.write_text(";".join(headers) + "\n" + "\n".join(rows) + "\n")
    (cached / ".bench-complete").write_text("{}")

    out = tmp_path / "incremental"
    added = prepare_incremental_raw(cached, out)

    new = out / "bron" / "BRON_inschrijvingen_20260201.csv"  # 1 Oct 2025 -> 1 Feb 2026
    assert added["new_file"] == "bron/BRON_inschrijvingen_20260201.csv"
    assert recognise(new.name).name == "bron_inschrijvingen"
    lines = new.read_text().splitlines()
    assert lines[0] == ";".join(headers)
    assert [ln.split(";")[0] for ln in lines[1:]] == ["20260201", "20260201"]
    assert [ln.split(";", 1)[1] for ln in lines[1:]] == [r.split(";", 1)[1] for r in rows]
    # the cached files are mirrored unchanged (hard links: same inode) and the cache itself is untouched
    assert os.path.samefile(out / "bron" / "BRON_inschrijvingen_20251001.csv", last)
    assert added["mirrored_files"] == 3
    assert sorted(p.name for p in (cached / "bron").iterdir()) == [older.name, last.name]
