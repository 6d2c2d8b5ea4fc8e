"""Known, listed differences injected into DUO 1A/1B so that the reconciliation can be tested to find exactly them."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl

from .duo import COUNT_COLS

TYPES = ("1b_pupil_absent_from_bron", "1b_category_differs", "1a_count_off", "1b_wrong_swv")
OTHER_LEVEL = {"SO_VSO_LAAG": "SO_VSO_HOOG", "SO_VSO_MIDDE": "SO_VSO_LAAG", "SO_VSO_HOOG": "SO_VSO_MIDDE"}


def plan(n: int, n_teldata: int) -> list[tuple[str, int]]:
    """(type, teldatum index) for n discrepancies: types in turn, spread over the teldata from the latest back."""
    return [(TYPES[i % len(TYPES)], n_teldata - 1 - (i // len(TYPES)) % n_teldata) for i in range(n)]


class Injector:
    """Applies discrepancies to one teldatum's 1B and 1A-tlv frames and records each one for the manifest."""

    def __init__(self, rng: np.random.Generator, swv_code: list[str], swv_sector: list[str],
                 fresh_number: Callable[[], str], file_1b: Callable[[str], str], file_1a: Callable[[str], str]):
        self.rng = rng
        self.swv_code = swv_code
        self.swv_sector = swv_sector
        self.fresh_number = fresh_number
        self.file_1b = file_1b
        self.file_1a = file_1a
        self.used: set[tuple[str, str]] = set()
        # 1A cells (teldatum, swv, vestiging) already touched: two injections on one cell could cancel out
        self.cells: set[tuple[str, str, str]] = set()
        self.teldatum = ""
        self.records: list[dict] = []

    def _row(self, df: pl.DataFrame, mask: pl.Series | None = None) -> int | None:
        ok = np.ones(df.height, dtype=bool) if mask is None else mask.to_numpy()
        key = df["BSN_OWN"].to_list() if "BSN_OWN" in df.columns else df["VESTIGINGSCODE"].to_list()
        swv = df["_swv"].to_list()
        vest = df["VESTIGINGSCODE"].to_list()
        cand = [i for i in np.flatnonzero(ok).tolist()
                if (self.swv_code[swv[i]], key[i]) not in self.used
                and (self.teldatum, self.swv_code[swv[i]], vest[i]) not in self.cells]
        if not cand:
            return None
        return int(cand[int(self.rng.integers(0, len(cand)))])

    def apply(self, kind: str, b1: pl.DataFrame, a1: pl.DataFrame, teldatum: str) -> tuple[pl.DataFrame, pl.DataFrame]:
        rec: dict = {"type": kind, "teldatum": teldatum}
        self.teldatum = teldatum
        if kind == "1a_count_off":
            i = self._row(a1, a1["TOTAAL"] > 0)
            if i is None:
                return b1, a1
            row = a1.row(i, named=True)
            cols = [c for c in COUNT_COLS if row[c] > 0]
            col = cols[int(self.rng.integers(0, len(cols)))]
            swv = self.swv_code[row["_swv"]]
            a1 = a1.with_columns(
                pl.when(pl.int_range(pl.len()) == i).then(pl.col(col) + 1).otherwise(pl.col(col)).alias(col),
                pl.when(pl.int_range(pl.len()) == i).then(pl.col("TOTAAL") + 1).otherwise(pl.col("TOTAAL"))
                .alias("TOTAAL"))
            self.used.add((swv, row["VESTIGINGSCODE"]))
            rec.update(file=self.file_1a(swv), swv_code=swv, vestigingscode=row["VESTIGINGSCODE"],
                       schoolsoort=row["SCHOOLSOORT"], pupil_number=None, column=col, expected=row[col],
                       written=row[col] + 1, note="TOTAAL raised by 1 as well, so TOTAAL = sum of categories holds")
        elif kind == "1b_pupil_absent_from_bron":
            i = self._row(b1)
            if i is None:
                return b1, a1
            row = b1.row(i, named=True)
            number = self.fresh_number()
            new = b1[i].with_columns(pl.lit(number).alias("BSN_OWN"), pl.lit("1").alias("INSCHRIJVINGSVOLGNUMMER"))
            b1 = pl.concat([b1, new])
            swv = self.swv_code[row["_swv"]]
            self.used.add((swv, number))
            rec.update(file=self.file_1b(swv), swv_code=swv, vestigingscode=row["VESTIGINGSCODE"],
                       pupil_number=number, column="BSN_OWN", expected=None, written=number,
                       note="extra 1B row for a pupil who is in no BRON snapshot")
        elif kind == "1b_category_differs":
            i = self._row(b1, b1["ONDERSTEUNINGSCATEGORIE"].is_in(list(OTHER_LEVEL)))
            if i is None:
                return b1, a1
            row = b1.row(i, named=True)
            new = OTHER_LEVEL[row["ONDERSTEUNINGSCATEGORIE"]]
            b1 = b1.with_columns(pl.when(pl.int_range(pl.len()) == i).then(pl.lit(new))
                                 .otherwise(pl.col("ONDERSTEUNINGSCATEGORIE")).alias("ONDERSTEUNINGSCATEGORIE"))
            swv = self.swv_code[row["_swv"]]
            self.used.add((swv, row["BSN_OWN"]))
            rec.update(file=self.file_1b(swv), swv_code=swv, vestigingscode=row["VESTIGINGSCODE"],
                       pupil_number=row["BSN_OWN"], column="ONDERSTEUNINGSCATEGORIE",
                       expected=row["ONDERSTEUNINGSCATEGORIE"], written=new)
        else:  # 1b_wrong_swv: the row is delivered in another SWV's file of the same sector
            # prefer a row without TLV: a beschikkingsnummer of another SWV would be quarantined at ingest
            i = self._row(b1, b1["WIJZE_VAN_BEPALING"] != "TLV")
            if i is None:
                i = self._row(b1)
            if i is None:
                return b1, a1
            row = b1.row(i, named=True)
            old = row["_swv"]
            others = [k for k, (c, s) in enumerate(zip(self.swv_code, self.swv_sector, strict=True))
                      if s == self.swv_sector[old] and k != old and not c.endswith("0001")
                      and (teldatum, c, row["VESTIGINGSCODE"]) not in self.cells]
            if not others:
                return b1, a1
            new = others[int(self.rng.integers(0, len(others)))]
            b1 = b1.with_columns(
                pl.when(pl.int_range(pl.len()) == i).then(pl.lit(self.swv_code[new]))
                .otherwise(pl.col("SAMENWERKINGSVERBAND")).alias("SAMENWERKINGSVERBAND"),
                pl.when(pl.int_range(pl.len()) == i).then(pl.lit(new, dtype=pl.Int32)).otherwise(pl.col("_swv"))
                .alias("_swv"))
            self.used.add((self.swv_code[new], row["BSN_OWN"]))
            self.used.add((self.swv_code[old], row["BSN_OWN"]))
            self.cells.add((teldatum, self.swv_code[old], row["VESTIGINGSCODE"]))
            rec.update(file=self.file_1b(self.swv_code[new]), swv_code=self.swv_code[new],
                       vestigingscode=row["VESTIGINGSCODE"], pupil_number=row["BSN_OWN"],
                       column="SAMENWERKINGSVERBAND", expected=self.swv_code[old], written=self.swv_code[new],
                       note=f"row missing from {self.file_1b(self.swv_code[old])}")
        self.cells.add((teldatum, rec["swv_code"], rec["vestigingscode"]))
        self.records.append(rec)
        return b1, a1
