"""One delivery per family and file-name key: identical copies are skipped, two different files for one key refused."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dagster_project.contracts import Family
from dagster_project.ingest.recognise import Delivery, parse_datum, without_copy_suffix

PART_LABELS = {"swv": "SWV", "datum": "datum", "schooljaar": "schooljaar", "variant": "variant", "jaar": "jaar"}


@dataclass(frozen=True)
class Skip:
    """A file left out of this ingest: ``duplicate`` (same bytes as ``kept``) or ``ambiguous`` (refused)."""

    kind: str  # "duplicate" | "ambiguous"
    message: str
    keep_earlier_landing: bool = False  # ambiguous only: this file's own earlier landing may stay
    sha256: str | None = None  # duplicate only: the content shared with the kept file


def file_sha256(delivery: Delivery) -> str:
    with open(delivery.path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def delivery_key(delivery: Delivery) -> tuple[tuple[str, object], ...] | None:
    """What the file name says the file is (SWV, date, school year, variant), normalised: ``1_10_2024`` and
    ``01_10_2024`` are one key. None for a file recognised by its header or with a date that is not a date."""
    return _key(delivery.parts)


def name_key(family: Family | None, path: str) -> tuple[tuple[str, object], ...] | None:
    """``delivery_key`` from a RAW path alone (as the manifest records it)."""
    if family is None:
        return None
    name = path.rsplit("/", 1)[-1]
    match = family.filename_re.match(name) or family.filename_re.match(without_copy_suffix(name))
    return _key({k: v for k, v in match.groupdict().items() if v is not None}) if match else None


def _key(parts: dict[str, str]) -> tuple[tuple[str, object], ...] | None:
    if not parts:
        return None
    key = []
    order = list(PART_LABELS)
    for k, v in sorted(parts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0])):
        if k == "datum":
            try:
                v = parse_datum(v)
            except ValueError:
                return None
        key.append((k, v.upper() if k == "swv" else v.lower() if k == "variant" else v))
    return tuple(key)


def describe_key(key: tuple[tuple[str, object], ...]) -> str:
    """``SWV PO2401 x datum 2024-10-01``."""
    return " x ".join(f"{PART_LABELS.get(k, k)} {v.isoformat() if isinstance(v, dt.date) else v}" for k, v in key)


def plan(deliveries: Sequence[Delivery], landed: Callable[[Delivery, str | None], bool],
         sha_of: Callable[[Delivery], str] = file_sha256) -> dict[str, Skip]:
    """The files of one family to leave out, by RAW path.

    ``landed(d, sha)`` tells whether ``d`` is landed now with content ``sha`` (``None``: with any content).

    1. Files with the same bytes (sha256; only files of equal size are hashed) and the same file-name key (or no key:
       recognised by header): one is ingested, the others are skipped with a message: the one already landed, else
       one without a copy suffix, else the first path. The same bytes under two keys are two deliveries (two SWVs
       may deliver identical counts).
    2. Of the rest, two or more *different* files whose names give the same key (family x SWV x date ...) are an
       ambiguity: if exactly one of them is landed unchanged, it stays and the others are refused; otherwise all are
       refused, and an earlier landing stays only when exactly one of them has one (never two versions counted).
    """
    skips: dict[str, Skip] = {}
    by_size: dict[int, list[Delivery]] = {}
    for d in deliveries:
        by_size.setdefault(d.path.stat().st_size, []).append(d)
    shas: dict[str, str] = {}
    for same_size in by_size.values():
        if len(same_size) < 2:
            continue
        by_sha: dict[str, list[Delivery]] = {}
        for d in same_size:
            shas[d.rel] = sha_of(d)
            by_sha.setdefault(shas[d.rel], []).append(d)
        for sha, copies in by_sha.items():
            if len(copies) < 2:
                continue
            by_name: dict[tuple | None, list[Delivery]] = {}
            for d in copies:
                by_name.setdefault(delivery_key(d), []).append(d)
            keyless = by_name.pop(None, [])
            kept_per_key = {k: _preferred(members, sha, landed) for k, members in by_name.items()}
            for k, members in by_name.items():  # same bytes, same name key: a copy
                kept = kept_per_key[k]
                dups = [d for d in members if d is not kept]
                skips.update({d.rel: _duplicate(d, kept, sha) for d in dups})
            if keyless:  # recognised by header: a copy of whichever file has these bytes
                kept = _preferred(list(kept_per_key.values()) or keyless, sha, landed)
                skips.update({d.rel: _duplicate(d, kept, sha) for d in keyless if d is not kept})
    by_key: dict[tuple, list[Delivery]] = {}
    for d in deliveries:
        key = delivery_key(d)
        if key is not None and d.rel not in skips:
            by_key.setdefault(key, []).append(d)
    for key, group in by_key.items():
        if len(group) < 2:
            continue
        what = f"{group[0].family.name} {describe_key(key)}"
        unchanged = [d for d in group if landed(d, shas.get(d.rel) or sha_of(d))]
        if len(unchanged) == 1:
            kept = unchanged[0]
            for d in group:
                if d is not kept:
                    skips[d.rel] = Skip("ambiguous", (
                        f"{d.rel}: another file for {what} is landed: {kept.rel}; expected one file per {what} "
                        "(delete the wrong one from RAW; to replace a delivery, overwrite its file)"))
            continue
        with_landing = [d for d in group if landed(d, None)]
        names = ", ".join(d.rel for d in group)
        for d in group:
            skips[d.rel] = Skip("ambiguous", (
                f"{d.rel}: ambiguous: {len(group)} different files for {what} ({names}); expected one file per "
                f"{what}, so none of them is counted (delete the wrong one from RAW)"),
                keep_earlier_landing=len(with_landing) == 1 and with_landing[0] is d)
    return skips


def _duplicate(d: Delivery, kept: Delivery, sha: str) -> Skip:
    return Skip("duplicate", (f"{d.rel}: the same content (sha256 {sha[:12]}) as {kept.rel}; skipped, not counted "
                              "twice (delete the copy from RAW)"), sha256=sha)


def _preferred(candidates: list[Delivery], sha: str, landed: Callable[[Delivery, str | None], bool]) -> Delivery:
    """The copy to ingest: the one landed with these bytes, else one without a copy suffix, else the first path."""
    return min(candidates, key=lambda d: (not landed(d, sha), d.copy_name, d.rel))
