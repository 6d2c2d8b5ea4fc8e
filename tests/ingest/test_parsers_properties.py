"""Property-based tests (hypothesis) for the date, code, number, boolean and pupil-number parsers."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from dagster_project.ingest import parsers

FAST = settings(max_examples=150, deadline=None)
DATES = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2099, 12, 31))


def _run(values: list[str | None], fn) -> tuple[list, list]:
    df = pl.DataFrame({"v": pl.Series(values, dtype=pl.String)})
    out = fn(parsers.strip_text("v"))
    value, reason = out[0], out[1]
    res = df.select(value.alias("value"), reason.alias("reason"))
    return res["value"].to_list(), res["reason"].to_list()


@FAST
@given(DATES, st.sampled_from(["%Y%m%d", "{d}-{m}-%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "{d}-{m}-%Y 00:00",
                               "%Y-%m-%dT12:30:00", "excel"]))
def test_every_delivered_date_format_round_trips(day: dt.date, fmt: str) -> None:
    if fmt == "excel":
        text = str((day - dt.date(1899, 12, 30)).days)
        if not 10_000 <= int(text) <= 99_999:
            return
    else:
        text = day.strftime(fmt.replace("{d}", str(day.day)).replace("{m}", str(day.month)))
    values, reasons = _run([f"  {text} "], parsers.parse_date)
    assert values == [day] and reasons == [None]


@FAST
@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(29, 40))
def test_impossible_dates_are_rejected_not_shifted(year: int, month: int, day: int) -> None:
    try:
        dt.date(year, month, day)
        return  # a real date: covered above
    except ValueError:
        pass
    values, reasons = _run([f"{day}-{month}-{year}", f"{year}{month:02d}{day:02d}"], parsers.parse_date)
    assert values == [None, None] and all(r and r.startswith("not a date") for r in reasons)


@FAST
@given(st.text(alphabet="abcxyz!?#", min_size=1, max_size=10))
def test_garbage_is_never_a_date_or_number(text: str) -> None:
    assert _run([text], parsers.parse_date)[0] == [None]
    assert _run([text], lambda s: parsers.parse_int(s))[0] == [None]
    assert _run([text], parsers.parse_decimal)[0] == [None]


@FAST
@given(st.integers(0, 10**12), st.sampled_from(["", " ", "+"]), st.sampled_from(["", ",0", ".00"]))
def test_whole_numbers_parse_exactly(n: int, prefix: str, suffix: str) -> None:
    values, reasons = _run([f"{prefix}{n}{suffix}"], lambda s: parsers.parse_int(s))
    assert values == [n] and reasons == [None]


@FAST
@given(st.integers(-10**9, -1))
def test_negative_counts_fail_unless_signed(n: int) -> None:
    assert _run([str(n)], lambda s: parsers.parse_int(s))[1] == ["negative count; expected >= 0"]
    assert _run([str(n)], lambda s: parsers.parse_int(s, signed=True)) == ([n], [None])


@FAST
@given(st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
       st.booleans())
def test_decimals_with_comma_or_point(d, comma: bool) -> None:
    text = f"{d:f}".replace(".", ",") if comma else f"{d:f}"
    values, reasons = _run([text], parsers.parse_decimal)
    assert reasons == [None] and abs(values[0] - float(d)) < 1e-9


@FAST
@given(st.integers(0, 9999), st.sampled_from([2, 4, 5, 6]))
def test_codes_that_lost_leading_zeros_are_restored(n: int, width: int) -> None:
    if len(str(n)) > width:
        return
    values, reasons = _run([str(n)], lambda s: parsers.parse_code(s, width=width))
    assert values == [str(n).rjust(width, "0")] and reasons == [None]


@FAST
@given(st.text(alphabet="0123456789ABCDEFGHJK", min_size=7, max_size=9))
def test_codes_longer_than_their_width_are_rejected(text: str) -> None:
    assert _run([text], lambda s: parsers.parse_code(s, width=6))[1] == ["code is not 6 characters"]


@FAST
@given(st.sampled_from(["SBO", "SO", "VSO"]), st.sampled_from([str.lower, str.upper, str.title]))
def test_code_lists_match_any_case_and_store_the_list_spelling(code: str, case) -> None:
    assert _run([case(code)], lambda s: parsers.parse_code(s, code_list=("SBO", "SO", "VSO"))) == ([code], [None])


@FAST
@given(st.sampled_from(["J", "ja", "Y", "1", "true", "N", "Nee", "no", "0", "FALSE"]))
def test_booleans(text: str) -> None:
    expected = text.lower() in ("j", "ja", "y", "1", "true")
    assert _run([text], parsers.parse_bool) == ([expected], [None])


@FAST
@given(st.integers(10_000_000, 999_999_999))
def test_pupil_number_check_agrees_with_the_scalar_11_proef(n: int) -> None:
    text = str(n).rjust(9, "0")
    parsed = parsers.pupil_numbers(pl.Series([str(n)]))
    values, reasons = parsed["value"].to_list(), parsed["reason"].to_list()
    weighted = sum(int(c) * w for c, w in zip(text, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    own = text.startswith("10") and weighted % 11 == 5  # onderwijsnummer: starts with 10, remainder 5
    assert values == [text]
    assert (reasons == [None]) == (parsers.is_valid_bsn(text) or own)
    assert own == parsers.is_valid_onderwijsnummer(text)
