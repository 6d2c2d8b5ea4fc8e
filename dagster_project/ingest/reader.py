"""Read a delivered CSV into an all-text polars frame: encoding, delimiter, header matching and structural checks."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import polars as pl

from dagster_project.contracts import Column, Family

DELIMITERS = (";", ",", "\t")
UTF8_BOM = b"\xef\xbb\xbf"


class FileRefused(Exception):
    """A structurally broken file: nothing of it is loaded. The message names the file and the expectation."""


@dataclass
class DecodedFile:
    """A delivered file decoded to UTF-8 bytes."""

    data: bytes  # utf-8, without BOM, line endings as delivered
    encoding: str  # utf-8, utf-8-sig, utf-16 or cp1252


@dataclass
class RawTable:
    """All-text contents of one file, columns renamed to landing names."""

    frame: pl.DataFrame  # landing-named string columns + ``_source_row``
    delimiter: str
    encoding: str
    extra_columns: list[str] = field(default_factory=list)
    blank_lines: int = 0


def header_key(name: str) -> str:
    """Header normalised for matching: lower case, every run of non-alphanumerics -> ``_``."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().strip('"').lower()).strip("_")


def decode(raw: bytes) -> DecodedFile:
    """UTF-16 with BOM, UTF-8 (with or without BOM), else Windows-1252 (bytes cp1252 leaves undefined: Latin-1)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        return DecodedFile(raw.decode("utf-16").encode("utf-8"), "utf-16")
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM):]
        raw.decode("utf-8")  # a BOM promises utf-8; a lie raises below
        return DecodedFile(raw, "utf-8-sig")
    try:
        if not raw.isascii():  # ASCII is valid UTF-8: checked without decoding a copy of a large file
            raw.decode("utf-8")
        return DecodedFile(raw, "utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="ignore") if _cp1252_clean(raw) else raw.decode("latin-1")
        return DecodedFile(text.encode("utf-8"), "cp1252")


def _cp1252_clean(raw: bytes) -> bool:
    return not any(b in raw for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def first_line(data: bytes) -> str:
    end = data.find(b"\n")
    line = data if end < 0 else data[:end]
    return line.decode("utf-8").rstrip("\r")


def detect_delimiter(header: str) -> str:
    """The delimiter occurring most in the header line (``;`` preferred on ties); ``;`` when none occurs."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] > 0 else ";"


def match_header(headers: list[str], family: Family) -> tuple[dict[str, Column], list[str], list[str]]:
    """Map delivered header -> contract column; returns (mapping, missing required headers, extra headers)."""
    by_key: dict[str, Column] = {}
    for col in family.columns:
        for name in (col.header, *col.aliases):
            by_key.setdefault(header_key(name), col)
    mapping: dict[str, Column] = {}
    extra: list[str] = []
    seen: set[str] = set()
    for h in headers:
        col = by_key.get(header_key(h))
        if col is None or col.landing in seen:
            extra.append(h)
            continue
        seen.add(col.landing)
        mapping[h] = col
    missing = [c.header for c in family.columns if c.required and c.landing not in seen]
    return mapping, missing, extra


def header_matches(data: bytes, family: Family) -> bool:
    """True when the first line holds every required column of ``family`` (used to recognise renamed files)."""
    try:
        line = first_line(decode(data).data)
    except UnicodeDecodeError:
        return False
    headers = line.split(detect_delimiter(line))
    _, missing, _ = match_header(headers, family)
    return not missing


def read_table(raw: bytes, family: Family, path: str) -> RawTable:
    """Parse ``raw`` as a CSV of ``family``; raises ``FileRefused`` for a structurally broken file."""
    if not raw or raw.isspace():  # (no stripped copy of a large file)
        raise FileRefused(f"{path}: empty file; expected a header line with {_expected(family)}")
    try:
        decoded = decode(raw)
    except UnicodeDecodeError as exc:
        raise FileRefused(f"{path}: starts with a byte-order mark but is not valid {exc.encoding} ({exc.reason} at "
                          f"byte {exc.start})") from exc
    header_line = first_line(decoded.data)
    delimiter = detect_delimiter(header_line)
    headers = [h.strip().strip('"') for h in header_line.split(delimiter)]
    mapping, missing, extra = match_header(headers, family)
    if missing:
        raise FileRefused(
            f"{path}: header misses required column(s) {', '.join(missing)}; expected a "
            f"';'-, ','- or tab-separated header with {_expected(family)} (found {len(headers)} column(s): "
            f"{header_line[:200]!r})"
        )
    _check_truncation(decoded.data, delimiter, len(headers), path)
    try:
        frame = pl.read_csv(
            io.BytesIO(decoded.data), separator=delimiter, has_header=True, infer_schema=False,
            new_columns=[f"_c{i}" for i in range(len(headers))], quote_char='"', raise_if_empty=False,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise FileRefused(f"{path}: not a well-formed '{delimiter}'-separated file with {len(headers)} columns "
                          f"per line: {str(exc).splitlines()[0]}") from exc
    if frame.width != len(headers):
        raise FileRefused(f"{path}: header has {len(headers)} columns but rows have {frame.width}")
    frame = frame.with_row_index("_source_row", offset=2).with_columns(pl.col("_source_row").cast(pl.Int64))
    data_cols = [f"_c{i}" for i in range(len(headers))]
    blank = frame.select(pl.all_horizontal([pl.col(c).is_null() for c in data_cols]).alias("b"))["b"]
    blank_lines = 0
    if blank.any():
        blank_lines = int(blank.sum())
        frame = frame.filter(~blank)
    renames = {f"_c{i}": mapping[h].landing for i, h in enumerate(headers) if h in mapping}
    frame = frame.select("_source_row", *[pl.col(c).alias(n) for c, n in renames.items()])
    return RawTable(frame, delimiter, decoded.encoding, extra_columns=[h for h in extra if h], blank_lines=blank_lines)


def _check_truncation(data: bytes, delimiter: str, n_columns: int, path: str) -> None:
    """A file whose last line has no line ending and fewer fields than the header was cut off mid-write."""
    if data.endswith(b"\n"):
        return
    start = data.rfind(b"\n")
    if start < 0:
        return  # header only, without line ending
    last = data[start + 1:].decode("utf-8").rstrip("\r")
    fields = last.count(delimiter) + 1
    if last and fields < n_columns:
        line_no = data.count(b"\n") + 1
        raise FileRefused(
            f"{path}: truncated: last line {line_no} has {fields} of {n_columns} fields and no line ending; "
            "expected a complete file (re-deliver it)"
        )


def _expected(family: Family) -> str:
    names = [c.header for c in family.columns if c.required]
    shown = ";".join(names[:8]) + (";..." if len(names) > 8 else "")
    return f"columns {shown}"
