"""A large file is read, validated and landed in batches of ``Settings.ingest_batch_rows`` lines: no batch is larger
than that, whatever the file's size, and every outcome equals validating the whole file at once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from benchmarks.throughput import write_bron
from dagster_project.ingest import ingest_family, parallel, stream, validate
from dagster_project.settings import Settings
from tests.support.ingest_files import BSN_A, landing_file, manifest, pseudonym_of, quarantine

NAME = "BRON_inschrijvingen_20241001.csv"
ROWS = 3_000
BATCH = 250  # 3,000 rows and one blank line: 13 batches
KEY = "PERSOONSGEBONDEN_NUMMER+INSCHRIJVINGSVOLGNUMMER"  # the quarantine names the delivered headers


def _bron(path: Path) -> bytes:
    """3,000 synthetic BRON rows with, spread over the batches: a pupil enrolled twice under one volgnummer (data
    rows 10 and 2,600: lines 12 and 2,603), an impossible birth date (data row 1,500: line 1,502), two vestigingen
    that lost their leading zero (data rows 50 and 2,800: lines 52 and 2,803) and a blank line after data row 1,999
    (line 2,002), which shifts the line numbers of every later row by one."""
    write_bron(path, ROWS, seed=5)
    frame = pl.read_csv(path, separator=";", infer_schema=False)
    idx = pl.int_range(pl.len())
    frame = frame.with_columns(
        pl.when(idx.is_in([10, 2_600])).then(pl.lit(BSN_A)).otherwise("PERSOONSGEBONDEN_NUMMER")
        .alias("PERSOONSGEBONDEN_NUMMER"),
        pl.when(idx.is_in([10, 2_600])).then(pl.lit("7")).otherwise("INSCHRIJVINGSVOLGNUMMER")
        .alias("INSCHRIJVINGSVOLGNUMMER"),
        pl.when(idx == 1_500).then(pl.lit("31-2-2015")).otherwise("GEBOORTEDATUM").alias("GEBOORTEDATUM"),
        pl.when(idx.is_in([50, 2_800])).then(pl.lit("6FL")).otherwise("BRIN").alias("BRIN"),
        pl.when(idx.is_in([50, 2_800])).then(pl.lit("6FL00")).otherwise("VESTIGINGSCODE").alias("VESTIGINGSCODE"),
    )
    lines = frame.write_csv(separator=";").split("\n")
    lines.insert(1 + 2_000, "")  # after the header and 2,000 data rows
    data = "\n".join(lines).encode()
    path.write_bytes(data)
    return data


def _settings(tmp: Path, name: str, batch_rows: int) -> Settings:
    return Settings(raw_dir=tmp / "raw", warehouse_dir=tmp / name, ingest_workers=1, ingest_batch_rows=batch_rows)


def _outcome(settings: Settings) -> dict[str, object]:
    result = ingest_family("bron_inschrijvingen", settings)
    return {
        "result": (result.files_loaded, result.files_refused, result.rows_loaded, result.rows_quarantined,
                   result.codes_repaired),
        "manifest": manifest(settings).drop("seconds", "loaded_at").rows(),
        "quarantine": quarantine(settings).drop("loaded_at").rows(),
        "landing": pl.read_parquet(landing_file(settings, "bron_inschrijvingen", NAME[:-4])).drop("_loaded_at"),
    }


@pytest.fixture
def batch_heights(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows of every batch the streamed path validates."""
    heights: list[int] = []
    real = stream.validate_files

    def counting(frame, family, files, key, carry=None):
        heights.append(frame.height)
        return real(frame, family, files, key, carry)

    monkeypatch.setattr(stream, "validate_files", counting)
    return heights


def test_batches_are_bounded_and_land_what_one_batch_lands(tmp_path: Path, batch_heights: list[int],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _bron(tmp_path / "raw" / NAME)
    monkeypatch.setattr(parallel, "MIN_FILE_BYTES", 1)  # the test file counts as large: streamed
    batched = _outcome(_settings(tmp_path, "batched", BATCH))
    # 3,001 physical lines after the header (one blank): 12 batches of 250 lines and one of 1
    assert len(batch_heights) == 13 and max(batch_heights) <= BATCH
    assert sum(batch_heights) == ROWS  # the blank line is counted, not validated

    batch_heights.clear()
    one_batch = _outcome(_settings(tmp_path, "one_batch", 10**9))
    assert batch_heights == [ROWS]
    monkeypatch.setattr(parallel, "MIN_FILE_BYTES", 10**12)  # the classic path: read whole, validated in one batch
    whole = _outcome(_settings(tmp_path, "whole", BATCH))
    for other in (one_batch, whole):
        assert batched["landing"].equals(other["landing"])
        assert {k: v for k, v in batched.items() if k != "landing"} == {k: v for k, v in other.items() if k != "landing"}

    # and what they agree on is right: the duplicate three batches later names the first row, the bad date its row,
    # both repairs count (the first one is the example), the blank line is in the manifest message
    q = {(r[3], r[4]): r[6] for r in batched["quarantine"]}  # (row, column) -> reason
    assert q[(2_603, KEY)] == "duplicate of row 12 (same leerling_id+inschrijvingsvolgnummer)"
    values = {(r[3], r[4]): r[5] for r in batched["quarantine"]}
    assert values[(2_603, KEY)] == f"pseudoniem:{pseudonym_of(BSN_A)}|7"  # the key's texts, the pupil as pseudonym
    assert q[(1_502, "GEBOORTEDATUM")].startswith("not a date")
    landed = batched["landing"]
    assert landed.filter(pl.col("_source_row") == 12)["leerling_id"].item() == pseudonym_of(BSN_A)
    assert landed.filter(pl.col("_source_row").is_in([52, 2_803]))["vestigingscode"].to_list() == ["06FL00"] * 2
    files_loaded, refused, rows_loaded, rows_quarantined, repaired = batched["result"]
    assert (files_loaded, refused) == (1, [])
    assert rows_loaded + rows_quarantined == ROWS and repaired == 4  # BRIN and VESTIGINGSCODE of two rows
    message = batched["manifest"][0][manifest(_settings(tmp_path, "batched", BATCH)).columns.index("message")]
    assert "skipped 1 blank line(s)" in message
    assert "BRIN 2 (e.g. row 52: 6FL -> 06FL), VESTIGINGSCODE 2 (e.g. row 52: 6FL00 -> 06FL00)" in message


def test_a_hash_collision_never_makes_a_duplicate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Earlier batches' keys are looked up by a 64-bit hash, then compared exactly: with every key hashing alike
    (every row a collision with every earlier one) the outcome is unchanged."""
    _bron(tmp_path / "raw" / NAME)
    monkeypatch.setattr(parallel, "MIN_FILE_BYTES", 1)
    normal = _outcome(_settings(tmp_path, "normal", BATCH))
    monkeypatch.setattr(validate, "_key_hashes", lambda frame, key: np.zeros(frame.height, dtype=np.uint64))
    colliding = _outcome(_settings(tmp_path, "colliding", BATCH))
    assert normal["landing"].equals(colliding["landing"]) and normal["quarantine"] == colliding["quarantine"]


def test_a_misnamed_file_is_refused_after_its_last_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row says another teldatum than the file name: a wrong name, known only once all batches are read."""
    path = tmp_path / "raw" / NAME
    write_bron(path, ROWS, seed=6)
    path.write_bytes(path.read_bytes().replace(b"\n20241001;", b"\n20231001;"))
    monkeypatch.setattr(parallel, "MIN_FILE_BYTES", 1)
    batched = ingest_family("bron_inschrijvingen", _settings(tmp_path, "batched", BATCH))
    one = ingest_family("bron_inschrijvingen", _settings(tmp_path, "one", 10**9))
    assert batched.files_refused == one.files_refused == [
        f"{NAME}: the file name says teldatum 2024-10-01 but column PEILDATUM holds 2023-10-01 on all {ROWS} rows; "
        "expected the same teldatum (wrong file name?)"]
    assert not landing_file(_settings(tmp_path, "batched", BATCH), "bron_inschrijvingen", NAME[:-4]).exists()


def test_a_broken_line_in_a_late_batch_refuses_the_file_and_keeps_its_landing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "raw" / NAME
    write_bron(path, ROWS, seed=7)
    monkeypatch.setattr(parallel, "MIN_FILE_BYTES", 1)
    settings = _settings(tmp_path, "wh", BATCH)
    ingest_family("bron_inschrijvingen", settings)
    target = landing_file(settings, "bron_inschrijvingen", NAME[:-4])
    before = pl.read_parquet(target)
    lines = path.read_bytes().split(b"\n")
    lines[2_900] += b";extra"  # one field too many on line 2,901, in the 12th batch
    path.write_bytes(b"\n".join(lines))
    result = ingest_family("bron_inschrijvingen", settings)
    assert len(result.files_refused) == 1 and result.files_refused[0].startswith(
        f"{NAME}: not a well-formed ';'-separated file with 30 columns per line")
    assert result.files_refused[0].endswith("stays landed)")
    assert pl.read_parquet(target).equals(before)  # nothing of the broken version landed
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name, "_schema.parquet"]  # no temporary left



def _variant(data: bytes, variant: str) -> bytes:
    """The same 60 BRON rows as another delivery would spell them."""
    lines = data.rstrip(b"\n").split(b"\n")
    if variant == "crlf":
        return b"\r\n".join(lines) + b"\r\n"
    if variant == "utf8_bom":
        return b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n"
    if variant == "cp1252":  # a non-UTF-8 byte (e acute) in a yes/no value on line 31: cp1252, quarantined
        lines[30] = lines[30].replace(b";N;", b";N\xe9;", 1)
        return b"\n".join(lines) + b"\n"
    if variant == "quoted_newline":  # line 8's GESLACHT spans two physical lines, across the first batch boundary
        fields = lines[7].split(b";")
        fields[3] = b'"M\nV"'
        lines[7] = b";".join(fields)
        return b"\n".join(lines) + b"\n"
    assert variant == "no_final_newline"
    return b"\n".join(lines)


@pytest.mark.parametrize("variant", ["crlf", "utf8_bom", "cp1252", "quoted_newline", "no_final_newline"])
def test_batches_of_seven_lines_read_every_spelling_as_one_batch_does(tmp_path: Path, variant: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "raw" / NAME
    write_bron(path, 60, seed=8)
    path.write_bytes(_variant(path.read_bytes(), variant))
    monkeypatch.setattr(parallel, "MIN_FILE_BYTES", 1)
    batched, one = _outcome(_settings(tmp_path, "batched", 7)), _outcome(_settings(tmp_path, "one", 10**9))
    assert batched["landing"].equals(one["landing"])
    assert {k: v for k, v in batched.items() if k != "landing"} == {k: v for k, v in one.items() if k != "landing"}
    files_loaded, refused, rows_loaded, rows_quarantined, _ = batched["result"]
    assert (files_loaded, refused) == (1, [])
    assert rows_loaded + rows_quarantined == 60
    bad = [(r[3], r[5]) for r in batched["quarantine"]]  # row, value
    assert bad == {"quoted_newline": [(8, "M\nV")], "cp1252": [(31, "Né")]}.get(variant, [])
    encoding = batched["manifest"][0][manifest(_settings(tmp_path, "one", 10**9)).columns.index("encoding")]
    assert encoding == {"utf8_bom": "utf-8-sig", "cp1252": "cp1252"}.get(variant, "utf-8")
