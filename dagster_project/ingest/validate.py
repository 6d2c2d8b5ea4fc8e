"""Type and validate an all-text table against its family contract: landed rows plus quarantined rows with reasons.

Over 300 lines because every column kind (code with repairs, int, decimal, date, bool, pupil number) and the
row-level rules (birth dates, keys, the 1B category conflicts) build one polars plan over the batch; the parsers
proper are in ``parsers``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import polars as pl

from dagster_project.contracts import Column, Family
from dagster_project.ingest import parsers
from dagster_project.ingest.pseudonym import PseudonymKey, pseudonymise
from dagster_project.ingest.schema import KIND_DTYPES, is_maskable

PSEUDONYM_PREFIX = "pseudoniem:"  # quarantine value of a pupil number: its pseudonym, never the digits


FILE_INDEX = "_file"  # index into the validated files, on every row of a batch (input, landed and quarantine)

# A school pupil is aged 2 to 30 on the teldatum (whole years). Younger is a wrong birth date in every sector (often an
# Excel day number read as a date: 44927 is 2023-01-01); older is only plausible in adult education: mbo, ho and VAVO.
MIN_AGE, MAX_AGE = 2, 30
ADULT_SECTORS = ("MBO", "HO")
ADULT_ONDERWIJSSOORTEN = ("VAVO",)

# Families with one category per pupil per file: family -> (pupil column, the column that must agree). DUO 1B funds
# each pupil in one ondersteuningscategorie; two rows of one pupil with two categories make the count ambiguous.
ONE_CATEGORY_PER_PUPIL = {"duo_1b_bekostigd": ("leerling_id", "ondersteuningscategorie")}
MAX_ROWS_NAMED = 5  # other rows named in one conflict message


class SourceFile(NamedTuple):
    """One file of a batch: its RAW path (for messages) and its file-name parts (for the cross-checks)."""

    path: str
    parts: dict[str, str | dt.date | int]


@dataclass
class Validated:
    """Typed rows that passed every check, one quarantine record per failed (row, column), and refused files."""

    landed: pl.DataFrame  # ``FILE_INDEX``, landing-named typed columns, ``_source_row``
    quarantine: pl.DataFrame  # FILE_INDEX, row, column, value, reason
    refused: dict[int, str] = field(default_factory=dict)  # file index -> refusal message (nothing of it landed)
    repairs: dict[int, list[Repair]] = field(default_factory=dict)  # file index -> codes given their leading zeros


class Repair(NamedTuple):
    """Landed values of one column whose lost leading zeros were restored: how many, and the first one."""

    column: str  # delivered header
    count: int
    row: int
    delivered: str
    restored: str


class NameTally(NamedTuple):
    """One file's column against its file name (SWV, teldatum): rows with a value, rows whose value differs, and the
    column's smallest values (up to three, null first) once every value so far differs."""

    present: int
    differs: int
    found: tuple[object, ...] = ()

    def plus(self, other: NameTally) -> NameTally:
        """The tally of two consecutive parts of one file."""
        found = tuple(pl.Series([*self.found, *other.found]).unique().sort().head(3).to_list())
        return NameTally(self.present + other.present, self.differs + other.differs, found)


@dataclass
class Carry:
    """What one file validated batch by batch (``validate_files(..., carry=...)``) carries from batch to batch: the
    keys seen so far, the file-name cross-check tallies and the code repairs. With it, the file's landed rows,
    quarantine, refusal and repairs are those of validating the whole file at once.

    The keys stay out of memory: each batch's first occurrences are written to ``spool`` (a folder of parquet files)
    and only a sorted array of their 64-bit hashes is kept (8 bytes a row); a row whose hash was seen is compared
    exactly against the spooled keys, so a hash collision never makes a duplicate.
    """

    spool: Path
    hashes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    parts: int = 0  # spooled key files
    names: dict[str, NameTally] = field(default_factory=dict)  # landing column -> tally so far
    fixed: dict[str, Repair] = field(default_factory=dict)  # landing column -> repairs so far (first example kept)

    def refusal(self, family: Family, file: SourceFile) -> str | None:
        """The file's refusal once every batch is validated (every row contradicts its name), else None."""
        return _refusals({col: {0: t} for col, t in self.names.items()}, family, [file]).get(0)

    def repairs(self, family: Family) -> list[Repair]:
        """The code repairs of the whole file, in contract column order."""
        return [self.fixed[c.landing] for c in family.columns if c.landing in self.fixed]

    def add(self, names: dict[str, dict[int, NameTally]], repairs: list[Repair], family: Family) -> None:
        for col, tallies in names.items():
            if 0 in tallies:
                self.names[col] = self.names[col].plus(tallies[0]) if col in self.names else tallies[0]
        by_header = {c.header: c.landing for c in family.columns}
        for r in repairs:
            col = by_header.get(r.column, r.column)
            old = self.fixed.get(col)
            self.fixed[col] = r if old is None else old._replace(count=old.count + r.count)

    def seen(self, hashes: np.ndarray) -> np.ndarray:
        """Which of ``hashes`` an earlier batch's keys have (a hash hit, to be confirmed by ``earlier``)."""
        if len(self.hashes) == 0:
            return np.zeros(len(hashes), dtype=bool)
        at = np.searchsorted(self.hashes, hashes).clip(max=len(self.hashes) - 1)
        return self.hashes[at] == hashes

    def earlier(self, keys: pl.DataFrame, key: list[str]) -> pl.DataFrame:
        """``key`` columns and ``_first`` (the first row) of those ``keys`` that earlier batches really hold."""
        if keys.height == 0 or self.parts == 0:
            return keys.clear().select(*key, pl.col("_source_row").alias("_first"))
        spooled = pl.scan_ipc([self.spool / f"{i}.arrow" for i in range(self.parts)])
        return spooled.join(keys.lazy().select(key).unique(), on=key, how="semi", nulls_equal=True).collect()

    def remember(self, first: pl.DataFrame, hashes: np.ndarray) -> None:
        """Keep a batch's first occurrences (``key`` columns and ``_first``) and their key ``hashes``."""
        if first.height == 0:
            return
        self.spool.mkdir(parents=True, exist_ok=True)
        first.write_ipc(self.spool / f"{self.parts}.arrow", compression="uncompressed")
        self.parts += 1
        new = np.sort(hashes)
        self.hashes = np.insert(self.hashes, np.searchsorted(self.hashes, new), new)


def _key_hashes(frame: pl.DataFrame, key: list[str]) -> np.ndarray:
    return frame.select(pl.struct(key).hash().alias("h"))["h"].to_numpy()


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
        return (*parsers.parse_code(s, width=col.width, code_list=col.code_list, pattern=col.pattern,
                                    shape=parsers.CODE_SHAPES.get(col.landing)), None)
    return s, pl.lit(None, dtype=pl.String), None


def _parse_column(col: Column, values: pl.Series) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    """Parser expressions (value, failure reason incl. an empty required cell, gemaskeerd) for one raw column.

    Delivered columns repeat few distinct values (dates, codes, counts), so each distinct raw value is stripped
    and parsed once and mapped back by its position; text and near-unique columns (pupil numbers) are parsed directly.
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

    # each row's index into ``uniques``, looked up once for every parsed output (an Enum of the distinct values maps a
    # row to its index faster than ``replace_strict``)
    position = values.cast(pl.Enum(uniques)).to_physical()

    def lookup(name: str, dtype: pl.DataType) -> pl.Expr:
        parsed = small[name]
        if parsed.null_count() == parsed.len():  # e.g. no distinct value fails: nothing to map back
            return pl.lit(None, dtype=dtype)
        return pl.lit(parsed.cast(dtype).gather(position))

    return (lookup("v", KIND_DTYPES[col.kind]), with_empty(lookup("r", pl.String()), raw),
            lookup("g", pl.Boolean()) if gemaskeerd is not None else None)


def validate_files(frame: pl.DataFrame, family: Family, files: Sequence[SourceFile], key: PseudonymKey,
                   carry: Carry | None = None) -> Validated:
    """Parse every contract column of ``frame`` (the rows of ``files``, told apart by ``FILE_INDEX``); cross-check
    each file's name and content; flag duplicate keys within each file. Pupil numbers become their pseudonym under
    ``key`` (the key and the pseudonym version).

    A file whose every row contradicts its name is refused (``Validated.refused``); its rows are left out.
    With ``carry``, ``frame`` is one batch of a single file's rows, in file order: duplicates are also looked for
    against the earlier batches, and the refusal and the repairs are left to ``carry`` (for the whole file).
    """
    raw = frame.with_columns([pl.lit(None, dtype=pl.String).alias(c.landing)
                              for c in family.columns if c.landing not in frame.columns])
    for col in family.columns:
        if col.kind == "pupil_id":
            parsed = parsers.pupil_numbers(raw[col.landing])
            raw = raw.with_columns(parsed["value"].alias(f"_pn_{col.landing}"), parsed["reason"].alias(f"_pr_{col.landing}"))
    typed_exprs: list[pl.Expr] = [pl.col(FILE_INDEX), pl.col("_source_row")]
    reason_exprs: list[pl.Expr] = []
    text_exprs: list[pl.Expr] = []
    for col in family.columns:
        value, reason, gemaskeerd = _parse_column(col, raw[col.landing])
        typed_exprs.append(value.cast(KIND_DTYPES[col.kind]).alias(col.landing))
        if gemaskeerd is not None:
            typed_exprs.append(gemaskeerd.cast(pl.Boolean).alias(f"{col.landing}_gemaskeerd"))
        reason_exprs.append(reason.cast(pl.String).alias(f"_r_{col.landing}"))
        text_exprs.append(pl.col(col.landing).alias(f"_t_{col.landing}"))  # raw text, stripped for quarantine only
        if col.kind == "code" and col.width is not None:  # shorter than its width: padded (or quarantined)
            text_exprs.append((parsers.strip_text(col.landing).str.len_chars() < col.width).alias(f"_z_{col.landing}"))
    work = raw.select(*typed_exprs, *reason_exprs, *text_exprs)

    pupil_cols = [c for c in family.columns if c.kind == "pupil_id"]
    for col in pupil_cols:  # the normalised number becomes its pseudonym, in the value and in the quarantine text
        pseudo = pseudonymise(work[col.landing], key.key, key.version)
        work = work.with_columns(pseudo.alias(col.landing),
                                 (pl.lit(PSEUDONYM_PREFIX) + pseudo).alias(f"_t_{col.landing}"))

    work, names = _cross_checks(work, family, files)
    refused = {} if carry is not None else _refusals(names, family, files)
    work = _plausible_birth_dates(work, family)
    work = _category_conflicts(work, family)
    if refused:
        work = work.filter(~pl.col(FILE_INDEX).is_in(list(refused)))
    work = _duplicate_keys(work, family, carry)
    landed, quarantine, repairs = _split_bad_rows(work, family)
    if carry is not None:
        carry.add(names, repairs.get(0, []), family)
        repairs = {}
    return Validated(landed, quarantine, refused, repairs)


def _split_bad_rows(work: pl.DataFrame, family: Family) -> tuple[pl.DataFrame, pl.DataFrame, dict[int, list[Repair]]]:
    """(rows without any failure reason, one quarantine record per failed row and column, code repairs of the
    landed rows per file)."""
    reasons = [f"_r_{c.landing}" for c in family.columns] + [r for r in work.columns if r.startswith("_x_")]
    keep = [c for c in work.columns if not c.startswith(("_r_", "_t_", "_x_", "_z_"))]
    work = work.with_columns(pl.any_horizontal([pl.col(r).is_not_null() for r in reasons]).alias("_bad"))
    bad = work.filter(pl.col("_bad"))  # usually few rows: the quarantine is built from them only
    pieces = []
    for rcol in reasons:
        landing = rcol.removeprefix("_r_") if rcol.startswith("_r_") else rcol.split("|", 1)[1]
        header = _header_of(family, landing)
        pieces.append(
            bad.filter(pl.col(rcol).is_not_null()).select(
                pl.col(FILE_INDEX), pl.col("_source_row").alias("row"), pl.lit(header).alias("column"),
                _quarantine_text(bad, landing).alias("value"), pl.col(rcol).alias("reason"),
            )
        )
    quarantine = pl.concat(pieces).sort(FILE_INDEX, "row", maintain_order=True)
    repairs = _repairs(work, family)
    landed = work.select(*keep, "_bad").filter(~pl.col("_bad")).drop("_bad") if bad.height else work.select(keep)
    return landed, quarantine, repairs


def _quarantine_text(bad: pl.DataFrame, landing: str) -> pl.Expr:
    """The delivered text of a quarantined value: its column's stripped raw text; for a key (``a+b``) the texts of
    its parts joined by ``|``."""
    parts = landing.split("+")
    texts = [pl.col(f"_t_{n}") if f"_t_{n}" in bad.columns else pl.col(n).cast(pl.String) for n in parts]
    if len(parts) > 1:
        return pl.concat_str(texts, separator="|", ignore_nulls=True).str.strip_chars()
    return texts[0].str.strip_chars() if f"_t_{landing}" in bad.columns else pl.lit(None, dtype=pl.String)


def _repairs(work: pl.DataFrame, family: Family) -> dict[int, list[Repair]]:
    """Per file, the landed code values that were shorter than their width (their leading zeros restored)."""
    out: dict[int, list[Repair]] = {}
    for flag in (c for c in work.columns if c.startswith("_z_")):
        landing = flag.removeprefix("_z_")
        fixed = work.filter(pl.col(flag) & ~pl.col("_bad"))
        if fixed.height == 0:
            continue
        summary = fixed.group_by(FILE_INDEX).agg(
            pl.len().alias("n"), pl.col("_source_row").first(), pl.col(f"_t_{landing}").first().str.strip_chars(),
            pl.col(landing).first()).sort(FILE_INDEX)
        for i, n, row, delivered, restored in summary.iter_rows():
            out.setdefault(i, []).append(Repair(_header_of(family, landing), n, row, delivered, restored))
    return out


def _header_of(family: Family, landing: str) -> str:
    names = landing.split("+")
    return "+".join(next((c.header for c in family.columns if c.landing == n), n) for n in names)


NAME_CHECKS = (("swv_code", "SWV", "swv"), ("teldatum", "teldatum", "datum"))  # column, label, file-name part


def _cross_checks(work: pl.DataFrame, family: Family,
                  files: Sequence[SourceFile]) -> tuple[pl.DataFrame, dict[str, dict[int, NameTally]]]:
    """File name vs content (SWV, teldatum) and beschikkingsnummer vs its SWV; also each file's name-check tallies
    (``_refusals`` turns them into the refusals of misnamed files)."""
    landing = {c.landing for c in family.columns}
    names: dict[str, dict[int, NameTally]] = {}
    for col, label, part in NAME_CHECKS:
        expected = {i: f.parts[part] for i, f in enumerate(files) if f.parts.get(part)}
        if col not in landing or not expected:
            continue
        named = pl.col(FILE_INDEX).replace_strict(list(expected), list(expected.values()), default=None,
                                                  return_dtype=work.schema[col])
        differs = pl.col(col).is_not_null() & named.is_not_null() & (pl.col(col) != named)
        work = work.with_columns(
            pl.when(differs).then(pl.lit(f"{label} differs from the file name's {label} ") + named.cast(pl.String))
            .alias(f"_x_name|{col}")
        )
        names[col] = _name_tallies(work, col, f"_x_name|{col}")
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
    return work, names


def _refusals(names: dict[str, dict[int, NameTally]], family: Family, files: Sequence[SourceFile]) -> dict[int, str]:
    """File index -> refusal of every file whose each non-empty SWV/teldatum value differs from its file name's
    (a wrong name, not a few bad rows); the first check that refuses a file names the reason."""
    refused: dict[int, str] = {}
    for col, label, part in NAME_CHECKS:
        for i, t in sorted(names.get(col, {}).items()):
            if t.present > 0 and t.present == t.differs:
                refused.setdefault(i, (
                    f"{files[i].path}: the file name says {label} {files[i].parts[part]} but column "
                    f"{_header_of(family, col)} holds {', '.join(str(v) for v in t.found)} on all {t.present} rows; "
                    f"expected the same {label} (wrong file name?)"))
    return refused


def _plausible_birth_dates(work: pl.DataFrame, family: Family) -> pl.DataFrame:
    """A birth date giving an age outside ``MIN_AGE``..``MAX_AGE`` on the row's teldatum is quarantined, naming the age
    (above ``MAX_AGE`` only outside adult education)."""
    landing = {c.landing for c in family.columns}
    if not {"geboortedatum", "teldatum"} <= landing:
        return work
    born, on = pl.col("geboortedatum"), pl.col("teldatum")
    age = (on.dt.year().cast(pl.Int32) - born.dt.year().cast(pl.Int32)
           - ((on.dt.month().cast(pl.Int32) * 100 + on.dt.day()) < (born.dt.month().cast(pl.Int32) * 100 + born.dt.day()))
           .cast(pl.Int32))
    school = pl.lit(True)
    if "sector" in landing:
        school = school & ~pl.col("sector").is_in(ADULT_SECTORS).fill_null(False)
    if "onderwijssoort" in landing:
        school = school & ~pl.col("onderwijssoort").is_in(ADULT_ONDERWIJSSOORTEN).fill_null(False)
    on_text = on.dt.to_string("%Y-%m-%d")
    reason = (pl.when(age < MIN_AGE)
              .then(pl.format(f"implausible birth date: aged {{}} on the teldatum {{}}; expected at least {MIN_AGE} "
                              "(an Excel day number read as a date?)", age, on_text))
              .when((age > MAX_AGE) & school)
              .then(pl.format(f"implausible birth date: aged {{}} on the teldatum {{}}; expected at most {MAX_AGE} for "
                              "a school pupil (older only in mbo, ho or VAVO)", age, on_text)))
    return work.with_columns(reason.alias("_x_age|geboortedatum"))


def _category_conflicts(work: pl.DataFrame, family: Family) -> pl.DataFrame:
    """Rows of one pupil in one file with different categories (same or another inschrijvingsvolgnummer): every
    such row is quarantined, its reason naming the other rows and every column in which they differ."""
    if family.name not in ONE_CATEGORY_PER_PUPIL:
        return work
    pupil, category = ONE_CATEGORY_PER_PUPIL[family.name]
    name = f"_x_conflict|{category}"
    reasons = [c for c in work.columns if c.startswith(("_r_", "_x_"))]
    columns = [c.landing for c in family.columns if c.landing != pupil]
    valid = work.filter(pl.all_horizontal([pl.col(c).is_null() for c in reasons]))
    conflicted = valid.group_by(FILE_INDEX, pupil).agg(pl.col(category).n_unique().alias("_n")).filter(pl.col("_n") > 1)
    if conflicted.height == 0:
        return work.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    rows = (valid.join(conflicted.drop("_n"), on=[FILE_INDEX, pupil], how="semi")
            .select(FILE_INDEX, "_source_row", pupil, *columns).sort(FILE_INDEX, "_source_row"))
    found: dict[tuple[int, int], str] = {}
    for (_, _), group in rows.group_by(FILE_INDEX, pupil, maintain_order=True):
        differ = [c for c in columns if group[c].n_unique() > 1]
        labels = ", ".join(_header_of(family, c) for c in differ)
        records = group.to_dicts()
        for r in records:
            others = [o for o in records if o["_source_row"] != r["_source_row"]]
            shown = "; ".join(f"row {o['_source_row']}: " + ", ".join(
                f"{_header_of(family, c)} {_text(o[c])}" for c in differ) for o in others[:MAX_ROWS_NAMED])
            more = f" (+{len(others) - MAX_ROWS_NAMED} more rows)" if len(others) > MAX_ROWS_NAMED else ""
            found[(r[FILE_INDEX], r["_source_row"])] = (
                f"pupil in {len(records)} rows of this file with different {_header_of(family, category)}; this row: "
                + ", ".join(f"{_header_of(family, c)} {_text(r[c])}" for c in differ)
                + f"; {shown}{more}; differing columns: {labels}; no row of the pupil is landed (which category is "
                "funded is ambiguous)")
    flags = pl.DataFrame({FILE_INDEX: [k[0] for k in found], "_source_row": [k[1] for k in found],
                          name: list(found.values())},
                         schema={FILE_INDEX: work.schema[FILE_INDEX], "_source_row": work.schema["_source_row"],
                                 name: pl.String})
    return work.join(flags, on=[FILE_INDEX, "_source_row"], how="left", maintain_order="left")


def _text(value: object) -> str:
    if value is None:
        return "(empty)"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _name_tallies(work: pl.DataFrame, col: str, reason: str) -> dict[int, NameTally]:
    """Per file index: rows with a ``col`` value, rows whose value differs from the file name's (``reason`` set),
    and, for a file where every value differs, its smallest values."""
    counts = work.select(FILE_INDEX, col, reason).group_by(FILE_INDEX).agg(  # select first: group_by copies every column
        pl.col(col).count().alias("present"), pl.col(reason).count().alias("differs"))
    out = {}
    for i, present, differs in counts.iter_rows():
        found: tuple[object, ...] = ()
        if present > 0 and present == differs:
            found = tuple(work.filter(pl.col(FILE_INDEX) == i)[col].unique().sort().head(3).to_list())
        out[i] = NameTally(present, differs, found)
    return out


def _duplicate_keys(work: pl.DataFrame, family: Family, carry: Carry | None = None) -> pl.DataFrame:
    """Rows repeating an earlier valid row's key are quarantined; the first occurrence is kept. With ``carry``, the
    earlier rows include those of the file's earlier batches (``Carry.earlier``; this batch's first ones join them)."""
    if not family.key:
        return work
    key = list(family.key)
    name = "+".join(key)
    reasons = [c for c in work.columns if c.startswith(("_r_", "_x_"))]
    valid = pl.all_horizontal([pl.col(c).is_null() for c in reasons]) if reasons else pl.lit(True)
    file_key = [FILE_INDEX, *key]  # a key repeats only within its own file
    valid_keys = work.select("_source_row", *file_key, valid.alias("_valid")).filter("_valid").drop("_valid")
    first_here = pl.col("_source_row").min().over(file_key)
    if carry is None:
        dups = valid_keys.filter(pl.struct(file_key).is_duplicated()).with_columns(first_here.alias("_first"))
    else:  # only rows whose key hash repeats in this batch or was seen before can be duplicates: checked exactly
        hashes = _key_hashes(valid_keys, file_key)
        before = carry.seen(hashes)
        maybe = pl.Series(before) | pl.Series(hashes).is_duplicated()
        candidates = valid_keys.filter(maybe)
        dups = candidates.join(carry.earlier(candidates.filter(pl.Series(before).filter(maybe)), file_key),
                               on=file_key, how="left", nulls_equal=True, maintain_order="left").with_columns(
            pl.coalesce("_first", first_here).alias("_first"))
        firsts = (~maybe).to_numpy().copy()
        firsts[np.flatnonzero(maybe.to_numpy())] = (dups["_first"] == dups["_source_row"]).to_numpy()
        carry.remember(valid_keys.filter(pl.Series(firsts)).select(*file_key, pl.col("_source_row").alias("_first")),
                       hashes[firsts])
    dups = dups.filter(pl.col("_source_row") != pl.col("_first"))
    if dups.height == 0:
        return work.with_columns(pl.lit(None, dtype=pl.String).alias(f"_x_dup|{name}"))
    first = dups.select(FILE_INDEX, "_source_row", pl.format("duplicate of row {} (same {})", pl.col("_first"),
                                                             pl.lit(name)).alias(f"_x_dup|{name}"))
    return work.join(first, on=[FILE_INDEX, "_source_row"], how="left", maintain_order="left")
