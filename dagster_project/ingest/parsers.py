"""Vectorised polars parsers for delivered text values: codes, whole numbers, decimals, dates, booleans, pupil numbers.

Every parser takes an expression holding the stripped text (null = empty cell) and returns
``(typed value expression, failure reason expression)``; the reason is null where the value parsed (or was empty).
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

TRUE_WORDS = ("j", "ja", "y", "yes", "1", "true", "waar", "t")
FALSE_WORDS = ("n", "nee", "no", "0", "false", "onwaar", "f")
MASKED_COUNT = "<5"  # counts 1-4 masked at source (verzuim, vrijstellingen)
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX = 10_000, 99_999  # 1927-05-18 .. 2173-10-14: 5-digit Excel day serials

# Letter-and-digit codes whose leading zeros a tool may drop (``6FL00`` for ``06FL00``): restored only when the
# zero-padded value has this shape. A BRIN (instellingscode) is 2 digits and 2 letters or digits (``00AB``,
# ``06FL``); a vestigingscode is the BRIN and a 2-digit volgnummer (``06FL00``).
BRIN_RE = r"^\d{2}[0-9A-Z]{2}$"
VESTIGINGSCODE_RE = r"^\d{2}[0-9A-Z]{2}\d{2}$"
CODE_SHAPES = {"brin": BRIN_RE, "instellingscode": BRIN_RE, "vestigingscode": VESTIGINGSCODE_RE}

_INT_RE = r"^[+-]?\d+(?:[.,]0+)?$"
_DEC_RE = r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$|^[+-]?\d*\.\d+$|^[+-]?\d+\.?$"
_DIGITS = r"^\d+$"


def strip_text(col: str) -> pl.Expr:
    """Column as stripped text, empty string -> null."""
    s = pl.col(col).cast(pl.String).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def parse_int(s: pl.Expr, *, signed: bool = False, maskable: bool = False) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    """Whole number (``12``, ``+12``, Excel's ``12,0``). Negative -> failure unless ``signed``.

    With ``maskable``, ``<5`` becomes null and the third expression (``gemaskeerd``) is true.
    """
    masked = (s == MASKED_COUNT) if maskable else None
    ok = s.str.contains(_INT_RE)
    digits = s.str.replace(r"[.,]0+$", "").str.replace(r"^\+", "")
    value = pl.when(ok).then(digits.cast(pl.Int64, strict=False)).otherwise(None)
    reason = pl.when(s.is_null()).then(None)
    if maskable:
        reason = reason.when(masked).then(None)
    reason = reason.when(~ok | value.is_null()).then(pl.lit("not a whole number"))
    if not signed:
        reason = reason.when(value < 0).then(pl.lit("negative count; expected >= 0"))
    reason = reason.otherwise(None)
    gemaskeerd = pl.when(s.is_null()).then(None).otherwise(masked) if maskable else None
    return value, reason, gemaskeerd


def parse_decimal(s: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Decimal with comma or point (``0,30``, ``1.234,5``, ``0.3``)."""
    ok = s.str.contains(_DEC_RE)
    has_comma = s.str.contains(",")
    european = s.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    normalised = pl.when(has_comma).then(european).otherwise(s)
    value = pl.when(ok).then(normalised.cast(pl.Float64, strict=False)).otherwise(None)
    reason = pl.when(s.is_null()).then(None).when(value.is_null()).then(pl.lit("not a decimal number")).otherwise(None)
    return value, reason


def parse_date(s: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Date in YYYYMMDD, D-M-YYYY / DD-MM-YYYY (also with / or .), ISO YYYY-MM-DD, an optional time part,
    or a 5-digit Excel day serial."""
    d = s.str.replace(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$", "")
    dmy = d.str.replace_all(r"[/.]", "-")
    compact = pl.when(d.str.contains(r"^\d{8}$")).then(d.str.to_date("%Y%m%d", strict=False))
    iso = pl.when(d.str.contains(r"^\d{4}-\d{1,2}-\d{1,2}$")).then(d.str.to_date("%Y-%m-%d", strict=False))
    nl = pl.when(dmy.str.contains(r"^\d{1,2}-\d{1,2}-\d{4}$")).then(dmy.str.to_date("%d-%m-%Y", strict=False))
    serial_n = pl.when(d.str.contains(r"^\d{5}$")).then(d.cast(pl.Int64, strict=False))
    serial = (
        pl.when(serial_n.is_between(EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX))
        .then(pl.lit(EXCEL_EPOCH) + pl.duration(days=serial_n))
        .cast(pl.Date)
    )
    value = pl.coalesce(compact, iso, nl, serial)
    reason = (
        pl.when(s.is_null()).then(None)
        .when(value.is_null()).then(pl.lit("not a date; expected YYYYMMDD, D-M-YYYY, DD-MM-YYYY or YYYY-MM-DD"))
        .otherwise(None)
    )
    return value, reason


def parse_bool(s: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Boolean from J/N, Ja/Nee, 1/0, true/false (any case)."""
    low = s.str.to_lowercase()
    value = pl.when(low.is_in(TRUE_WORDS)).then(True).when(low.is_in(FALSE_WORDS)).then(False).otherwise(None)
    reason = (
        pl.when(s.is_null()).then(None)
        .when(value.is_null()).then(pl.lit("not a yes/no value; expected J/N, Ja/Nee, 1/0 or true/false"))
        .otherwise(None)
    )
    return value, reason


def parse_code(
    s: pl.Expr, *, width: int | None = None, code_list: tuple[str, ...] | None = None, pattern: str | None = None,
    shape: str | None = None,
) -> tuple[pl.Expr, pl.Expr]:
    """Code kept as text: leading zeros restored to ``width`` (Excel drops them) for an all-digit code, and for a
    letter-and-digit code whose zero-padded value matches ``shape``; then checked against width, code list and pattern.

    Code-list values match case-insensitively and are stored in the code list's spelling.
    """
    value = s
    reason = pl.when(s.is_null()).then(None)
    if width is not None:
        short = s.str.len_chars() < width
        restore = s.str.contains(_DIGITS)
        if shape is not None:
            restore = restore | s.str.zfill(width).str.contains(shape)
        padded = pl.when(short & restore).then(s.str.zfill(width)).otherwise(s)
        value = padded
        reason = reason.when(padded.str.len_chars() != width).then(pl.lit(f"code is not {width} characters"))
    if code_list is not None:
        canonical = {c.upper(): c for c in code_list}
        up = value.str.to_uppercase()
        value = up.replace_strict(list(canonical), list(canonical.values()), default=None, return_dtype=pl.String)
        reason = reason.when(value.is_null()).then(pl.lit(f"not in code list {'/'.join(code_list)}"))
    if pattern is not None:
        reason = reason.when(~value.str.contains(pattern)).then(pl.lit(f"does not match pattern {pattern}"))
    return value, reason.otherwise(None)


_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def pupil_numbers(values: pl.Series) -> pl.DataFrame:
    """Normalised pupil numbers (``value``: 9 digits; an 8-digit BSN that lost its leading zero is padded) and
    failure ``reason`` (null = valid or empty), one row per input value.

    Valid: a BSN (11-proef: 9a+8b+...+2h-1i divisible by 11) or an onderwijsnummer (starts with 10 and the same
    weighted sum leaves remainder 5 modulo 11). Computed step by step so each intermediate is evaluated once.
    """
    frame = pl.DataFrame({"raw": values.cast(pl.String)})
    frame = frame.with_columns(s=strip_text("raw")).with_columns(digits=pl.col("s").str.contains(r"^\d{8,9}$"))
    frame = frame.with_columns(n=pl.when(pl.col("digits")).then(pl.col("s").cast(pl.Int64, strict=False)))
    n = pl.col("n")
    frame = frame.with_columns(
        weighted=pl.sum_horizontal([(n // 10 ** (8 - i)) % 10 * w for i, w in enumerate(_BSN_WEIGHTS)]) % 11
    )
    is_bsn = (pl.col("weighted") == 0) & (n != 0)
    is_own = (n // 10_000_000 == 10) & (pl.col("weighted") == 5)
    return frame.select(
        value=pl.when(pl.col("digits")).then(pl.col("s").str.zfill(9)).otherwise(pl.col("s")),
        reason=pl.when(pl.col("s").is_null()).then(None)
        .when(~pl.col("digits")).then(pl.lit("pupil number is not 8-9 digits"))
        .when(~(is_bsn | is_own)).then(pl.lit("pupil number fails the 11-proef (BSN) and onderwijsnummer check"))
        .otherwise(None),
    )


def is_valid_bsn(number: str) -> bool:
    """Scalar 11-proef for tests and generators."""
    if not re.fullmatch(r"\d{9}", number) or number == "000000000":
        return False
    return sum(int(c) * w for c, w in zip(number, _BSN_WEIGHTS, strict=True)) % 11 == 0


def is_valid_onderwijsnummer(number: str) -> bool:
    """Scalar onderwijsnummer check: 9 digits starting with 10, BSN-weighted sum leaves remainder 5 modulo 11."""
    if not re.fullmatch(r"10\d{7}", number):
        return False
    return sum(int(c) * w for c, w in zip(number, _BSN_WEIGHTS, strict=True)) % 11 == 5
