"""Read a delivered CSV into an all-text polars frame: encoding, delimiter, header matching and structural checks."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
import polars as pl

from dagster_project.contracts import Column, Family

DELIMITERS = (";", ",", "\t")
UTF8_BOM = b"\xef\xbb\xbf"
READ_BLOCK = 1 << 24  # bytes read at a time while checking the encoding and cutting a file into batches
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")  # the five bytes cp1252 leaves undefined


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
    return not any(b in raw for b in _CP1252_UNDEFINED)


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
    """Parse ``raw`` as a CSV of ``family`` in one piece; raises ``FileRefused`` for a structurally broken file."""
    stream = open_table(io.BytesIO(raw), family, path, batch_rows=None)
    frames = list(stream.chunks)
    frame = frames[0] if len(frames) == 1 else pl.concat(frames)
    return RawTable(frame, stream.delimiter, stream.encoding, stream.extra_columns, stream.blank_lines)


@dataclass
class TableStream:
    """A delivered file read in batches of whole lines: what its header says, and its rows batch by batch.

    ``chunks`` yields all-text frames like ``RawTable.frame`` (``_source_row`` = the row's number in the whole file);
    a structural error found in a later batch raises ``FileRefused`` from the iterator. ``blank_lines`` counts the
    blank lines of the batches read so far.
    """

    delimiter: str
    encoding: str
    extra_columns: list[str]
    chunks: Iterator[pl.DataFrame]
    blank_lines: int = 0


def open_table(fh: BinaryIO, family: Family, path: str, batch_rows: int | None) -> TableStream:
    """Check ``fh`` (a delivered file, binary, at position 0) as a CSV of ``family`` and read it in batches of
    ``batch_rows`` lines (``None``: one batch). Only one batch and one read block are in memory at a time (a
    UTF-16 file is decoded whole). Raises ``FileRefused`` for a structurally broken file."""
    fh, encoding, codec = _encoding(fh, path, family)
    header_bytes = fh.readline().rstrip(b"\n").rstrip(b"\r")
    header_line = header_bytes.decode(codec or "utf-8")
    delimiter = detect_delimiter(header_line)
    headers = [h.strip().strip('"') for h in header_line.split(delimiter)]
    mapping, missing, extra = match_header(headers, family)
    if missing:
        raise FileRefused(
            f"{path}: header misses required column(s) {', '.join(missing)}; expected a "
            f"';'-, ','- or tab-separated header with {_expected(family)} (found {len(headers)} column(s): "
            f"{header_line[:200]!r})"
        )
    body = fh.tell()
    _check_truncation(fh, codec, delimiter, len(headers), path)
    fh.seek(body)
    stream = TableStream(delimiter, encoding, [h for h in extra if h], iter(()))
    renames = {f"_c{i}": mapping[h].landing for i, h in enumerate(headers) if h in mapping}
    header = header_line.encode("utf-8") + b"\n"
    data_cols = [f"_c{i}" for i in range(len(headers))]

    def frames() -> Iterator[pl.DataFrame]:
        rows_before = 0
        for chunk in _line_chunks(fh, batch_rows):
            data = header + (chunk.decode(codec).encode("utf-8") if codec else chunk)
            frame = _parse(data, delimiter, len(headers), path).with_row_index("_source_row", offset=2 + rows_before)
            rows_before += frame.height
            blank = frame.select(pl.all_horizontal([pl.col(c).is_null() for c in data_cols]).alias("b"))["b"]
            if blank.any():
                stream.blank_lines += int(blank.sum())
                frame = frame.filter(~blank)
            yield frame.select(pl.col("_source_row").cast(pl.Int64),
                               *[pl.col(c).alias(n) for c, n in renames.items()])

    stream.chunks = frames()
    return stream


def _encoding(fh: BinaryIO, path: str, family: Family) -> tuple[BinaryIO, str, str | None]:
    """(file positioned at its header, encoding label, codec to decode the bytes with; None = already UTF-8).

    One pass over the file in blocks: an empty (or all-whitespace) file is refused; UTF-16 with a BOM is decoded
    whole (Excel's "Unicode text"); a UTF-8 BOM is skipped, and bytes that are not UTF-8 after it refuse the file;
    valid UTF-8 is read as such; otherwise Windows-1252 (Latin-1 when a byte cp1252 leaves undefined occurs)."""
    start = fh.read(4)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return io.BytesIO((start + fh.read()).decode("utf-16").encode("utf-8")), "utf-16", None
    bom = start.startswith(UTF8_BOM)
    offset = len(UTF8_BOM) if bom else 0
    fh.seek(offset)
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, clean, blank, consumed = True, True, not bom, 0
    while block := fh.read(READ_BLOCK):
        blank = blank and block.isspace()
        if utf8 and not (block.isascii() and not decoder.getstate()[0]):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                if bom:  # a BOM promises utf-8
                    raise FileRefused(f"{path}: starts with a byte-order mark but is not valid utf-8 ({exc.reason} "
                                      f"at byte {consumed - pending + exc.start})") from exc
                utf8 = False
        if not utf8:
            clean = clean and not any(b in block for b in _CP1252_UNDEFINED)
        consumed += len(block)
    if blank:
        raise FileRefused(f"{path}: empty file; expected a header line with {_expected(family)}")
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            if bom:
                raise FileRefused(f"{path}: starts with a byte-order mark but is not valid utf-8 ({exc.reason} "
                                  f"at byte {consumed - len(decoder.getstate()[0]) + exc.start})") from exc
            utf8 = False
    fh.seek(offset)
    if utf8:
        return fh, "utf-8-sig" if bom else "utf-8", None
    return fh, "cp1252", "cp1252" if clean else "latin-1"


def _line_chunks(fh: BinaryIO, rows: int | None) -> Iterator[bytes]:
    """The rest of ``fh`` in runs of ``rows`` whole lines (the last run may be shorter; ``None``: all in one run).

    A run never ends inside a quoted field (an even number of ``"`` before its end), so a quoted line break stays
    with its record."""
    if rows is None:
        yield fh.read()
        return
    buf, eof = b"", False
    while buf or not eof:
        end = None
        while end is None:
            newlines = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10)
            for k in range(rows - 1, len(newlines)):
                if buf.count(b'"', 0, int(newlines[k]) + 1) % 2 == 0:
                    end = int(newlines[k]) + 1
                    break
            if end is None:
                if eof:
                    end = len(buf)
                    break
                block = fh.read(max(READ_BLOCK, len(buf)))
                eof = not block
                buf += block
        if end:
            yield buf[:end]
        buf = buf[end:]


def _parse(data: bytes, delimiter: str, n_columns: int, path: str) -> pl.DataFrame:
    """One batch (the header line, then whole lines) as all-text columns ``_c0..``."""
    try:
        frame = pl.read_csv(
            io.BytesIO(data), separator=delimiter, has_header=True, infer_schema=False,
            new_columns=[f"_c{i}" for i in range(n_columns)], quote_char='"', raise_if_empty=False,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise FileRefused(f"{path}: not a well-formed '{delimiter}'-separated file with {n_columns} columns "
                          f"per line: {str(exc).splitlines()[0]}") from exc
    if frame.width != n_columns:
        raise FileRefused(f"{path}: header has {n_columns} columns but rows have {frame.width}")
    return frame


def _check_truncation(fh: BinaryIO, codec: str | None, delimiter: str, n_columns: int, path: str) -> None:
    """A file whose last line has no line ending and fewer fields than the header was cut off mid-write."""
    size = fh.seek(0, io.SEEK_END)
    body = _last_line_start(fh, size)
    if body is None:
        return  # ends with a line ending, or the header is the only line
    fh.seek(body)
    last = fh.read().decode(codec or "utf-8").rstrip("\r")
    fields = last.count(delimiter) + 1
    if last and fields < n_columns:
        fh.seek(0)
        line_no = sum(block.count(b"\n") for block in iter(lambda: fh.read(READ_BLOCK), b"")) + 1
        raise FileRefused(
            f"{path}: truncated: last line {line_no} has {fields} of {n_columns} fields and no line ending; "
            "expected a complete file (re-deliver it)"
        )


def _last_line_start(fh: BinaryIO, size: int) -> int | None:
    """Where the last line of a file without a final line ending starts; None if it ends with one (or has one line)."""
    fh.seek(max(size - 1, 0))
    if size == 0 or fh.read(1) == b"\n":
        return None
    end = size
    while end > 0:
        start = max(end - READ_BLOCK, 0)
        fh.seek(start)
        found = fh.read(end - start).rfind(b"\n")
        if found >= 0:
            return start + found + 1
        end = start
    return None


def _expected(family: Family) -> str:
    names = [c.header for c in family.columns if c.required]
    shown = ";".join(names[:8]) + (";..." if len(names) > 8 else "")
    return f"columns {shown}"
