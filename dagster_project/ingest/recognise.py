"""Find deliveries in RAW and recognise their family by file name, else by header; report the rest."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from dagster_project.contracts import FAMILIES, Family, recognise
from dagster_project.ingest.reader import header_matches

HEADER_PROBE_BYTES = 65_536


@dataclass(frozen=True)
class Delivery:
    """One file in RAW recognised as a family."""

    path: Path
    rel: str  # path relative to RAW, posix
    family: Family
    parts: dict[str, str] = field(default_factory=dict)  # named groups of the file-name pattern
    by_header: bool = False
    copy_name: bool = False  # the name carries a copy suffix (``X (1).csv``, ``X - kopie.csv``), recognised as X


# what browsers and file managers append to a second copy of a file: " (1)", " - Copy", " - kopie (2)", "_copy"
COPY_SUFFIX_RE = re.compile(r"(?:\s*\(\d{1,3}\)|\s*-\s*(?:copy|kopie)(?:\s*\(\d{1,3}\))?|_(?:copy|kopie)\d*)$",
                            re.IGNORECASE)


def without_copy_suffix(name: str) -> str:
    """``Bekostigde_leerlingen_PO2001_01_10_2025 (1).csv`` -> ``Bekostigde_leerlingen_PO2001_01_10_2025.csv``."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        return COPY_SUFFIX_RE.sub("", name)
    return f"{COPY_SUFFIX_RE.sub('', stem)}.{ext}"


@dataclass(frozen=True)
class Unrecognised:
    path: Path
    rel: str
    bytes: int
    reason: str


def ignored(rel_parts: tuple[str, ...]) -> bool:
    """Files or folders starting with ``_`` or ``.``, and README files, are not deliveries."""
    return any(p.startswith(("_", ".")) for p in rel_parts) or rel_parts[-1].lower().startswith("readme")


class Listed(NamedTuple):
    """A candidate delivery and the stat values that tell whether it changed."""

    path: Path
    rel: str  # relative to RAW, posix
    size: int
    mtime_ns: int


def scan(raw_dir: Path) -> list[Listed]:
    """Every candidate delivery under ``raw_dir`` (recursively; symlinked folders are not followed), sorted by
    relative path; ignored folders are not entered."""
    if not raw_dir.exists():
        return []
    out: list[Listed] = []
    folders: list[tuple[Path, str]] = [(raw_dir, "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(("_", ".")):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append((folder / entry.name, f"{prefix}{entry.name}/"))
                elif entry.is_file() and not ignored((entry.name,)):
                    st = entry.stat()
                    out.append(Listed(folder / entry.name, prefix + entry.name, st.st_size, st.st_mtime_ns))
    return sorted(out, key=lambda t: t.rel)


_CLASSIFIED_FOLDERS = 8
_classified: dict[Path, tuple[tuple[tuple[str, int, int], ...], tuple[list[Delivery], list[Unrecognised]]]] = {}


def classify(raw_dir: Path) -> tuple[list[Delivery], list[Unrecognised]]:
    """Recognise every file in RAW: by file-name pattern, else (CSV only) by a header that fits exactly one family.

    The answer is kept per ``raw_dir`` and reused while the listing (path, size, mtime) is unchanged: an ingest run
    asks once per family.
    """
    listing = scan(raw_dir)
    signature = tuple((f.rel, f.size, f.mtime_ns) for f in listing)
    cached = _classified.get(raw_dir)
    if cached is None or cached[0] != signature:
        if len(_classified) >= _CLASSIFIED_FOLDERS:  # a long-lived process seeing many folders (tests) stays small
            _classified.clear()
        cached = _classified[raw_dir] = (signature, _recognise_all(listing))
    deliveries, unknown = cached[1]
    return list(deliveries), list(unknown)


def _recognise_all(listing: list[Listed]) -> tuple[list[Delivery], list[Unrecognised]]:
    deliveries: list[Delivery] = []
    unknown: list[Unrecognised] = []
    for path, rel, size, _ in listing:
        name = path.name
        fam = recognise(name)
        copy_name = False
        if fam is None and (original := without_copy_suffix(name)) != name:
            fam, name, copy_name = recognise(original), original, True
        if fam is not None:
            match = fam.filename_re.match(name)
            parts = {k: v for k, v in match.groupdict().items() if v is not None} if match else {}
            deliveries.append(Delivery(path, rel, fam, parts, copy_name=copy_name))
            continue
        if path.suffix.lower() not in (".csv", ".txt"):
            unknown.append(Unrecognised(path, rel, size, "not a CSV file and the name matches no family pattern"))
            continue
        with open(path, "rb") as fh:
            probe = fh.read(HEADER_PROBE_BYTES)
        fits = [f for f in FAMILIES if header_matches(probe, f)]
        if len(fits) == 1:
            deliveries.append(Delivery(path, rel, fits[0], {}, by_header=True))
        elif fits:
            unknown.append(Unrecognised(path, rel, size, "name matches no family pattern and the header fits several "
                                        f"families ({', '.join(f.name for f in fits)})"))
        else:
            unknown.append(Unrecognised(path, rel, size, "name matches no family pattern and the header fits no "
                                        "family contract"))
    return deliveries, unknown


def parse_datum(text: str) -> dt.date:
    """File-name date: D_M_YYYY, YYYYMMDD or YYYY-MM-DD. Raises ValueError when it is not a real date."""
    if m := re.fullmatch(r"(\d{1,2})_(\d{1,2})_(\d{4})", text):
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    if re.fullmatch(r"\d{8}", text):
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return dt.date.fromisoformat(text)
