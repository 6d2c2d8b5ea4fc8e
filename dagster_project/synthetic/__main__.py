"""Command line: python -m dagster_project.synthetic --scale tiny|demo|national --seed N --out DIR."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import generate
from .scales import DEFAULT_LAST_SCHOOLYEAR, SCALES


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m dagster_project.synthetic", description=__doc__)
    p.add_argument("--scale", choices=sorted(SCALES), default="demo")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", type=Path, required=True, help="folder to write the deliveries into")
    p.add_argument("--discrepancies", type=int, default=0, help="known 1A/1B differences to inject")
    p.add_argument("--quirks", action=argparse.BooleanOptionalAction, default=None,
                   help="cp1252 files, a BOM, lost leading zeros (default: on for demo)")
    p.add_argument("--last-schoolyear", type=int, default=DEFAULT_LAST_SCHOOLYEAR,
                   help="start year of the last school year (2025 = 2025-2026)")
    a = p.parse_args(argv)
    m = generate(a.out, scale=a.scale, seed=a.seed, discrepancies=a.discrepancies, quirks=a.quirks,
                 last_schoolyear=a.last_schoolyear)
    rows = sum(f["rows"] for f in m["files"])
    print(f"{len(m['files'])} files, {rows} rows, {m['pupils']} pupils, {len(m['discrepancies'])} discrepancies "
          f"-> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
