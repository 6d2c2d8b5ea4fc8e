"""The keyed pseudonym: deterministic, keyed, equal to an independent computation, and its version/key guard."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil

import polars as pl
import pytest

from dagster_project.ingest import ingest_family
from dagster_project.ingest.pseudonym import (
    BLAKE2B,
    HMAC_SHA256,
    LANDING_RECORD,
    PseudonymVersionError,
    pseudonym,
    pseudonymise,
)
from dagster_project.settings import Settings, SettingsError
from tests.support.ingest_files import (
    B1_HEADER,
    BSN_A,
    BSN_B,
    TEST_KEY,
    b1_row,
    csv_bytes,
    landing_file,
    manifest,
    pseudonym_of,
    write,
)

B1 = "Bekostigde_leerlingen_PO2401_1_10_2024.csv"
KEY = TEST_KEY.encode()


def _blake2b(value: str, key: bytes) -> str:
    """Keyed BLAKE2b-256 straight from hashlib (the reference implementation of RFC 7693 in CPython)."""
    return hashlib.blake2b(value.encode(), key=key, digest_size=32).hexdigest()


def test_blake2b_pseudonyms_equal_hashlib_and_keep_nulls() -> None:
    values = pl.Series("n", ["123456782", None, "111222333", "123456782"])
    got = pseudonymise(values, KEY, BLAKE2B)
    assert got.name == "n" and got.dtype == pl.String
    assert got.to_list() == [_blake2b("123456782", KEY), None, _blake2b("111222333", KEY), _blake2b("123456782", KEY)]
    assert all(len(p) == 64 and int(p, 16) >= 0 for p in got.drop_nulls())
    assert pseudonym("123456782", KEY, BLAKE2B) == _blake2b("123456782", KEY)


def test_the_pseudonym_is_deterministic_and_keyed() -> None:
    numbers = pl.Series("n", [f"{i:09d}" for i in range(1_000)])
    first, again = pseudonymise(numbers, KEY), pseudonymise(numbers, KEY)
    other = pseudonymise(numbers, b"another-key")
    assert first.to_list() == again.to_list()
    assert first.n_unique() == 1_000  # no two numbers share a pseudonym
    assert not set(first.to_list()) & set(other.to_list())  # another key: every pseudonym differs


def test_a_key_longer_than_64_bytes_is_hashed_first() -> None:
    long_key = b"k" * 100  # hashlib.blake2b takes at most 64 key bytes: the key is its unkeyed 64-byte digest
    expected = _blake2b("123456782", hashlib.blake2b(long_key, digest_size=64).digest())
    assert pseudonymise(pl.Series(["123456782"]), long_key).to_list() == [expected]


def test_the_hmac_version_still_equals_python_hmac() -> None:
    got = pseudonymise(pl.Series(["123456782", None]), KEY, HMAC_SHA256).to_list()
    assert got == [hmac.new(KEY, b"123456782", hashlib.sha256).hexdigest(), None]


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown pseudonym version 'md5'"):
        pseudonymise(pl.Series(["123456782"]), KEY, "md5")
    with pytest.raises(SettingsError, match="PASSEND_PSEUDONYM_VERSION"):
        Settings.from_env({"PASSEND_PSEUDONYM_VERSION": "md5"})
    assert Settings.from_env({}).pseudonym_version == BLAKE2B
    assert Settings.from_env({"PASSEND_PSEUDONYM_VERSION": "hmac-sha256"}).pseudonym_version == HMAC_SHA256


def _versioned(settings: Settings, version: str) -> Settings:
    return Settings(raw_dir=settings.raw_dir, warehouse_dir=settings.warehouse_dir, pseudonym_version=version)


def _ids(settings: Settings) -> list[str]:
    return pl.read_parquet(landing_file(settings, "duo_1b_bekostigd", B1.removesuffix(".csv")))["leerling_id"].to_list()


def test_the_landing_records_the_version_that_made_it(settings: Settings) -> None:
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    ingest_family("duo_1b_bekostigd", settings)
    record = json.loads((settings.landing_dir / LANDING_RECORD).read_text())
    assert record["version"] == BLAKE2B
    assert _ids(settings) == [pseudonym_of(BSN_A)]


def test_a_run_with_another_version_stops_and_keeps_the_landing(settings: Settings) -> None:
    old = _versioned(settings, HMAC_SHA256)
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    ingest_family("duo_1b_bekostigd", old)
    assert _ids(old) == [pseudonym_of(BSN_A, HMAC_SHA256)]
    landed = landing_file(settings, "duo_1b_bekostigd", B1.removesuffix(".csv")).read_bytes()
    before = manifest(settings)
    # a new delivery arrives, but the run's version differs from the landing's: nothing of it lands
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A), b1_row(BSN_B, beschikking="PO2401-2024-00002")]))
    with pytest.raises(PseudonymVersionError) as err:
        ingest_family("duo_1b_bekostigd", _versioned(settings, BLAKE2B))
    message = str(err.value)
    assert "pseudonymised with hmac-sha256" in message
    assert "pseudonym version (PASSEND_PSEUDONYM_VERSION) is blake2b" in message
    assert "PASSEND_PSEUDONYM_VERSION=hmac-sha256" in message  # how to keep running unchanged
    assert f"delete {settings.landing_dir}" in message and "FULL_REFRESH=1" in message  # how to migrate
    assert landing_file(settings, "duo_1b_bekostigd", B1.removesuffix(".csv")).read_bytes() == landed
    assert manifest(settings).equals(before)
    # the same version as the landing goes on as before
    assert ingest_family("duo_1b_bekostigd", old).rows_loaded == 2


def test_a_landing_from_before_the_record_counts_as_hmac(settings: Settings) -> None:
    old = _versioned(settings, HMAC_SHA256)
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    ingest_family("duo_1b_bekostigd", old)
    (settings.landing_dir / LANDING_RECORD).unlink()  # a landing made before versions were recorded
    with pytest.raises(PseudonymVersionError, match="pseudonymised with hmac-sha256"):
        ingest_family("duo_1b_bekostigd", _versioned(settings, BLAKE2B))
    ingest_family("duo_1b_bekostigd", old)  # the matching version passes and records itself
    assert json.loads((settings.landing_dir / LANDING_RECORD).read_text())["version"] == HMAC_SHA256


def test_a_run_under_another_key_stops(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    ingest_family("duo_1b_bekostigd", settings)
    monkeypatch.setenv("PASSEND_PSEUDONYM_KEY", "a-different-key")
    with pytest.raises(PseudonymVersionError, match="under another key"):
        ingest_family("duo_1b_bekostigd", settings)
    assert _ids(settings) == [pseudonym_of(BSN_A)]


def test_the_migration_re_ingests_every_pupil_under_the_new_version(settings: Settings) -> None:
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    ingest_family("duo_1b_bekostigd", _versioned(settings, HMAC_SHA256))
    # the documented step: delete the landing, run with the new version (every delivery is ingested again)
    shutil.rmtree(settings.landing_dir)
    result = ingest_family("duo_1b_bekostigd", _versioned(settings, BLAKE2B))
    assert result.files_loaded == 1 and _ids(settings) == [pseudonym_of(BSN_A, BLAKE2B)]
    assert json.loads((settings.landing_dir / LANDING_RECORD).read_text())["version"] == BLAKE2B


def test_families_without_pupils_ignore_the_version(settings: Settings) -> None:
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    ingest_family("duo_1b_bekostigd", _versioned(settings, HMAC_SHA256))
    write(settings, "Totaal_aantal_leerlingen_sbo_en_so_PO2401_1_10_2024.csv",
          csv_bytes(["SCHOOLSOORT", "MET_TLV_DIT_SWV", "MET_TLV_ANDER_SWV", "TOTAAL"], [["SBO", 10, 2, 12]]))
    assert ingest_family("duo_1a_totaal", _versioned(settings, BLAKE2B)).files_loaded == 1


def test_the_build_state_of_a_landing_names_version_and_key(settings: Settings,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from dagster_project.ingest.pseudonym import landing_pseudonyms

    assert landing_pseudonyms(settings.landing_dir) is None  # nothing landed
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    ingest_family("duo_1b_bekostigd", settings)
    first = landing_pseudonyms(settings.landing_dir)
    assert first is not None and first.startswith("blake2b:")
    shutil.rmtree(settings.landing_dir)  # migrate to another key
    monkeypatch.setenv("PASSEND_PSEUDONYM_KEY", "a-different-key")
    ingest_family("duo_1b_bekostigd", settings)
    second = landing_pseudonyms(settings.landing_dir)
    assert second is not None and second.startswith("blake2b:") and second != first


def test_a_kept_build_of_the_old_pseudonyms_is_rebuilt_after_the_migration(settings: Settings) -> None:
    from dagster_project.assets.dbt import needs_full_refresh, record_build_state

    old = _versioned(settings, HMAC_SHA256)
    write(settings, B1, csv_bytes(B1_HEADER, [b1_row(BSN_A)]))
    ingest_family("duo_1b_bekostigd", old)
    settings.build_dir.mkdir(parents=True)
    settings.build_db.write_bytes(b"a build of the hmac-sha256 landing")
    record_build_state(old)  # what a successful dbt build on that landing records
    assert needs_full_refresh(old) is None  # unchanged: the next run may build incrementally on it
    shutil.rmtree(settings.landing_dir)  # the migration: the landing again under blake2b
    ingest_family("duo_1b_bekostigd", settings)
    assert "pseudonyms of the landing" in needs_full_refresh(settings)
