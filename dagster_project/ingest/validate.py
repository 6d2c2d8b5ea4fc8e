"""Type and validate an all-text table against its family contract: landed rows plus quarantined rows with reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from dagster_project.contracts import Column, Family
from dagster_project.ingest import parsers
from dagster_project.ingest.pseudonym import pseudonymise
from dagster_project.ingest.reader import FileRefused
from dagster_project.ingest.schema import KIND_DTYPES, is_maskable

PSEUDONYM_PREFIX = "pseudoniem:"  # quarantine value of a pupil number: its pseudonym, never the digits


@dataclass
class Validated:
    """Typed rows that passed every check, and one quarantine record per failed (row, column)."""

    landed: pl.DataFrame  # landing-named typed columns + ``_source_row``
    quarantine: pl.DataFrame  # row, column, value, reason


def _kind_label(col: Column) -> str:
    return {"code": "a code", "text": "text", "int": "a whole number", "decimal": "a decimal number",
            "date": "a date", "bool": "J/N", "pupil_id": "a pupil number (BSN/onderwijsnummer)"}[col.kind]


def _parse(col: Column, s: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    if col.kind == "int":
        return parsers.parse_int(s, signed=col.signed, maskable=is_maskable(col))
    if col.kind == "decimal":
        return (*parsers.parse_decimal(s), None)
    if col.kind == "date":
        return (*parsers.parse_date(s), None)
    if col.kind == "bool":
        return (*parsers.parse_bool(s), None)
    if col.kind == "code":
        return (*parsers.parse_code(s, width=col.width, code_list=col.code_list, pattern=col.pattern), None)
    return s, pl.lit(None, dtype=pl.String), None


def _parse_column(col: Column, values: pl.Series) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    """Parser expressions (value, failure reason incl. an empty required cell, gemaskeerd) for one raw column.

    Delivered columns repeat few distinct values (dates, codes, counts), so each distinct raw value is stripped
    and parsed once and mapped back; text and near-unique columns (pupil numbers) are parsed directly.
    """
    raw = pl.col(col.landing)
    stripped = parsers.strip_text(col.landing)
    empty = None if col.nullable else pl.lit(f"empty value; expected {_kind_label(col)}")

    def with_empty(reason: pl.Expr, s: pl.Expr) -> pl.Expr:
        return reason if empty is None else pl.when(s.is_null()).then(empty).otherwise(reason)

    if col.kind == "text":
        return stripped, with_empty(pl.lit(None, dtype=pl.String), stripped), None
    if col.kind == "pupil_id":  # near-unique: parsed stepwise once into helper columns (see ``validate``)
        value = pl.col(f"_pn_{col.landing}")
        return value, with_empty(pl.col(f"_pr_{col.landing}"), value), None
    value, reason, gemaskeerd = _parse(col, stripped)
    uniques = values.drop_nulls().unique()
    if uniques.len() * 2 > values.len():
        return value, with_empty(reason, stripped), gemaskeerd
    small = pl.DataFrame({col.landing: uniques}).select(
        value.cast(KIND_DTYPES[col.kind]).alias("v"), with_empty(reason, stripped).cast(pl.String).alias("r"),
        *([gemaskeerd.cast(pl.Boolean).alias("g")] if gemaskeerd is not None else []),
    )

    def lookup(name: str, dtype: pl.DataType) -> pl.Expr:
        return raw.replace_strict(uniques, small[name], default=None, return_dtype=dtype)

    return (lookup("v", KIND_DTYPES[col.kind]), with_empty(lookup("r", pl.String()), raw),
            lookup("g", pl.Boolean()) if gemaskeerd is not None else None)


def validate(frame: pl.DataFrame, family: Family, parts: dict[str, str | dt.date | int | None], key: bytes,
             path: str) -> Validated:
    """Parse every contract column of ``frame``; cross-check file name and content; flag duplicate keys."""
    raw = frame.with_columns([pl.lit(None, dtype=pl.String).alias(c.landing)
                              for c in family.columns if c.landing not in frame.columns])
    for col in family.columns:
        if col.kind == "pupil_id":
            parsed = parsers.pupil_numbers(raw[col.landing])
            raw = raw.with_columns(parsed["value"].alias(f"_pn_{col.landing}"), parsed["reason"].alias(f"_pr_{col.landing}"))
    typed_exprs: list[pl.Expr] = [pl.col("_source_row")]
    reason_exprs: list[pl.Expr] = []
    text_exprs: list[pl.Expr] = []
    for col in family.columns:
        value, reason, gemaskeerd = _parse_column(col, raw[col.landing])
        typed_exprs.append(value.cast(KIND_DTYPES[col.kind]).alias(col.landing))
        if gemaskeerd is not None:
            typed_exprs.append(gemaskeerd.cast(pl.Boolean).alias(f"{col.landing}_gemaskeerd"))
        reason_exprs.append(reason.cast(pl.String).alias(f"_r_{col.landing}"))
        text_exprs.append(pl.col(col.landing).alias(f"_t_{col.landing}"))  # raw text, stripped for quarantine only
    work = raw.select(*typed_exprs, *reason_exprs, *text_exprs)

    pupil_cols = [c for c in family.columns if c.kind == "pupil_id"]
    for col in pupil_cols:  # the normalised number becomes its pseudonym, in the value and in the quarantine text
        pseudo = pseudonymise(work[col.landing], key)
        work = work.with_columns(pseudo.alias(col.landing),
                                 (pl.lit(PSEUDONYM_PREFIX) + pseudo).alias(f"_t_{col.landing}"))

    work = _cross_checks(work, family, parts, path)
    work = _duplicate_keys(work, family)

    reasons = [f"_r_{c.landing}" for c in family.columns] + [r for r in work.columns if r.startswith("_x_")]
    keep = [c for c in work.columns if not c.startswith(("_r_", "_t_", "_x_"))]
    work = work.with_columns(pl.any_horizontal([pl.col(r).is_not_null() for r in reasons]).alias("_bad"))
    bad = work.filter(pl.col("_bad"))  # usually few rows: the quarantine is built from them only
    pieces = []
    for rcol in reasons:
        landing = rcol.removeprefix("_r_") if rcol.startswith("_r_") else rcol.split("|", 1)[1]
        header = _header_of(family, landing)
        tcol = f"_t_{landing}" if f"_t_{landing}" in bad.columns else None
        pieces.append(
            bad.filter(pl.col(rcol).is_not_null()).select(
                pl.col("_source_row").alias("row"), pl.lit(header).alias("column"),
                (pl.col(tcol).str.strip_chars() if tcol else pl.lit(None, dtype=pl.String)).alias("value"),
                pl.col(rcol).alias("reason"),
            )
        )
    quarantine = pl.concat(pieces).sort("row", maintain_order=True)
    landed = work.select(*keep, "_bad").filter(~pl.col("_bad")).drop("_bad") if bad.height else work.select(keep)
    return Validated(landed, quarantine)


def _header_of(family: Family, landing: str) -> str:
    names = landing.split("+")
    return "+".join(next((c.header for c in family.columns if c.landing == n), n) for n in names)


def _cross_checks(work: pl.DataFrame, family: Family, parts: dict, path: str) -> pl.DataFrame:
    """File name vs content (SWV, teldatum) and beschikkingsnummer vs its SWV."""
    landing = {c.landing for c in family.columns}
    checks: list[tuple[str, str, object]] = []
    if parts.get("swv") and "swv_code" in landing:
        checks.append(("swv_code", "SWV", parts["swv"]))
    if parts.get("datum") and "teldatum" in landing:
        checks.append(("teldatum", "teldatum", parts["datum"]))
    for col, label, expected in checks:
        present = work.filter(pl.col(col).is_not_null())
        differs = present.filter(pl.col(col) != pl.lit(expected))
        if present.height and differs.height == present.height:
            found = ", ".join(str(v) for v in differs[col].unique().sort().head(3).to_list())
            raise FileRefused(f"{path}: the file name says {label} {expected} but column {_header_of(family, col)} "
                              f"holds {found} on all {present.height} rows; expected the same {label} (wrong file name?)")
        work = work.with_columns(
            pl.when(pl.col(col).is_not_null() & (pl.col(col) != pl.lit(expected)))
            .then(pl.lit(f"{label} differs from the file name's {label} {expected}"))
            .alias(f"_x_name|{col}")
        )
    if "beschikkingsnummer" in landing:
        prefix = pl.col("beschikkingsnummer").str.slice(0, 6)
        if "wijze_van_bepaling" in landing and "swv_code" in landing:  # DUO 1B: a TLV-funded pupil's TLV is this SWV's
            is_tlv = pl.col("wijze_van_bepaling") == "TLV"
            reason = (pl.when(is_tlv & pl.col("beschikkingsnummer").is_null())
                      .then(pl.lit("wijze_van_bepaling TLV requires a beschikkingsnummer"))
                      .when(is_tlv & (prefix != pl.col("swv_code")))
                      .then(pl.lit("beschikkingsnummer SWV prefix differs from SAMENWERKINGSVERBAND")))
            work = work.with_columns(reason.alias("_x_tlv|beschikkingsnummer"))
        elif "tlv_swv_code" in landing:  # BRON: the TLV's number carries the TLV's SWV
            reason = (pl.when(pl.col("beschikkingsnummer").is_not_null() & pl.col("tlv_swv_code").is_not_null()
                              & (prefix != pl.col("tlv_swv_code")))
                      .then(pl.lit("beschikkingsnummer SWV prefix differs from TLV_SWV")))
            work = work.with_columns(reason.alias("_x_tlv|beschikkingsnummer"))
    return work


def _duplicate_keys(work: pl.DataFrame, family: Family) -> pl.DataFrame:
    """Rows repeating an earlier valid row's key are quarantined; the first occurrence is kept."""
    if not family.key:
        return work
    key = list(family.key)
    name = "+".join(key)
    reasons = [c for c in work.columns if c.startswith(("_r_", "_x_"))]
    valid = pl.all_horizontal([pl.col(c).is_null() for c in reasons]) if reasons else pl.lit(True)
    keytext = pl.concat_str([pl.col(f"_t_{k}") if f"_t_{k}" in work.columns else pl.col(k).cast(pl.String)
                             for k in key], separator="|", ignore_nulls=True)
    dup_candidates = work.select("_source_row", *key, valid.alias("_valid")).filter(
        pl.col("_valid") & pl.struct(key).is_duplicated().over("_valid")
    )
    if dup_candidates.height == 0:
        return work.with_columns(pl.lit(None, dtype=pl.String).alias(f"_x_dup|{name}"), keytext.alias(f"_t_{name}"))
    first = dup_candidates.with_columns(pl.col("_source_row").min().over(key).alias("_first")).filter(
        pl.col("_source_row") != pl.col("_first")
    ).select("_source_row", pl.format("duplicate of row {} (same {})", pl.col("_first"), pl.lit(name))
             .alias(f"_x_dup|{name}"))
    return work.join(first, on="_source_row", how="left", maintain_order="left").with_columns(
        keytext.alias(f"_t_{name}")
    )
