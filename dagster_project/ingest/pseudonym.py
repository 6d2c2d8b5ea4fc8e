"""Keyed pseudonyms for pupil numbers (BSN/onderwijsnummer): a versioned keyed hash, never reversible without the key.

Two versions exist. ``blake2b`` (the default) is keyed BLAKE2b with a 32-byte digest (RFC 7693's keyed mode, Python's
``hashlib.blake2b(key=...)``), computed in one loop over the column's bytes with the hex encoding vectorised;
``hmac-sha256`` is HMAC-SHA256 (RFC 2104), computed in DuckDB, the only version before ``blake2b``. Both give 64
lower-case hex characters. The version that made the landed pupil-level data is recorded in
``landing/_pseudonym.json`` (``LandingRecord``); a run whose setting names another version (or whose key differs)
stops before it lands anything, because mixing two pseudonyms of one pupil splits that pupil in two.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polars as pl

from dagster_project.duckdb_connect import connect
from dagster_project.settings import DEFAULT_PSEUDONYM_VERSION, PSEUDONYM_VERSIONS

KEY_ENV = "PASSEND_PSEUDONYM_KEY"
PSEUDONYM_LENGTH = 64  # hex characters of a 32-byte digest (both versions)
_BLOCK = 64  # SHA-256 block size in bytes

HMAC_SHA256, BLAKE2B = PSEUDONYM_VERSIONS  # the versions, oldest first (named in ``dagster_project.settings``)
_BLAKE2B_DIGEST = 32  # bytes
_BLAKE2B_MAX_KEY = 64  # bytes: hashlib.blake2b refuses longer keys
LANDING_RECORD = "_pseudonym.json"  # landing/_pseudonym.json
_KEY_CHECK_INPUT = "passend-warehouse key check"  # hashed under the key: tells keys apart, reveals nothing of them

_log = logging.getLogger(__name__)
__all__ = ["BLAKE2B", "DEFAULT_PSEUDONYM_VERSION", "HMAC_SHA256", "PSEUDONYM_VERSIONS", "PseudonymKey", "PseudonymVersionError",
           "check_landing", "load_key", "pseudonym", "pseudonymise"]


class PseudonymKey(NamedTuple):
    """What turns a pupil number into its pseudonym: the key and the pseudonym version."""

    key: bytes
    version: str = DEFAULT_PSEUDONYM_VERSION


class PseudonymVersionError(RuntimeError):
    """The landed pupil-level data were pseudonymised by another version or key than this run's: nothing is landed."""


def load_key(key_file: Path, log: logging.Logger | None = None) -> bytes:
    """The pseudonymisation key: env ``PASSEND_PSEUDONYM_KEY``, else a key generated once into ``key_file`` (0600)."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode("utf-8")
    log = log or _log
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip().encode("ascii")
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key.encode("ascii"))
    finally:
        os.close(fd)
    os.chmod(key_file, 0o600)
    log.warning(
        "%s is not set: generated a local pseudonymisation key in %s (mode 0600). Pseudonyms are only stable "
        "while this file is kept; set %s in production.", KEY_ENV, key_file, KEY_ENV,
    )
    return key.encode("ascii")


def _blake2b_key(key: bytes) -> bytes:
    """The key as BLAKE2b takes it: as given up to 64 bytes, else its unkeyed 64-byte BLAKE2b digest."""
    return key if len(key) <= _BLAKE2B_MAX_KEY else hashlib.blake2b(key, digest_size=_BLAKE2B_MAX_KEY).digest()


def pseudonym(value: str, key: bytes, version: str = DEFAULT_PSEUDONYM_VERSION) -> str:
    """The pseudonym of one normalised pupil number under ``version``, as 64 lower-case hex characters."""
    _check_version(version)
    if version == HMAC_SHA256:
        return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return hashlib.blake2b(value.encode("utf-8"), key=_blake2b_key(key), digest_size=_BLAKE2B_DIGEST).hexdigest()


def pseudonymise(values: pl.Series, key: bytes, version: str = DEFAULT_PSEUDONYM_VERSION) -> pl.Series:
    """Pseudonymise a string Series under ``version`` (nulls stay null); ``pseudonym`` is the scalar twin."""
    _check_version(version)
    if version == HMAC_SHA256:
        return _hmac_sha256(values, key)
    return _blake2b(values, key)


def _blake2b(values: pl.Series, key: bytes) -> pl.Series:
    """Keyed BLAKE2b of every value: a keyed hasher prepared once and copied per value, the hex encoding vectorised.

    The hashing is one tight loop over the column's bytes in C (``hashlib``), about 0.5 µs per value; nothing runs
    per row inside a query. Each value is hashed as it comes rather than once per distinct value: pupil numbers are
    near-unique in a file, and mapping distinct digests back onto the rows cost more than hashing the repeats.
    """
    fresh = hashlib.blake2b(key=_blake2b_key(key), digest_size=_BLAKE2B_DIGEST).copy
    raw = values.cast(pl.String).cast(pl.Binary).to_list()
    digests = [None if v is None else (h := fresh(), h.update(v), h.digest())[2] for v in raw]
    return pl.Series(values.name, digests, dtype=pl.Binary).bin.encode("hex")


def _hmac_sha256(values: pl.Series, key: bytes) -> pl.Series:
    """HMAC-SHA256 computed vectorised in DuckDB.

    HMAC(K, m) = SHA256((K' xor opad) || SHA256((K' xor ipad) || m)) with K' the key zero-padded to the 64-byte
    block (hashed first when longer), exactly as RFC 2104 / Python's ``hmac``.
    """
    block = key if len(key) <= _BLOCK else hashlib.sha256(key).digest()
    block = block.ljust(_BLOCK, b"\0")
    ipad = bytes(b ^ 0x36 for b in block)
    opad = bytes(b ^ 0x5C for b in block)
    frame = pl.DataFrame({"v": values.cast(pl.String)})
    con = connect()
    try:
        con.register("pupil_numbers", frame)
        result = con.sql(
            "select sha256($opad || unhex(sha256($ipad || encode(v)))) as p from pupil_numbers",
            params={"ipad": ipad, "opad": opad},
        ).to_arrow_table()
    finally:
        con.close()
    return pl.Series(values.name, pl.from_arrow(result)["p"], dtype=pl.String)


def _check_version(version: str) -> None:
    if version not in PSEUDONYM_VERSIONS:
        raise ValueError(f"unknown pseudonym version {version!r}; expected one of {', '.join(PSEUDONYM_VERSIONS)}")


# --- which version made the landed data ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LandingRecord:
    """The pseudonym version and key (by its check value) that made the landed pupil-level data."""

    version: str
    key_check: str | None  # pseudonym of a fixed text under the key: equal keys, equal check; None = not recorded
    recorded_at: str | None = None


def key_check(key: bytes, version: str) -> str:
    """A short check value of the key under ``version``: the pseudonym of a fixed text, first 16 hex characters."""
    return pseudonym(_KEY_CHECK_INPUT, key, version)[:16]


def _pupil_data_landed(landing_dir: Path, families: list[str]) -> bool:
    return any(p.name != "_schema.parquet" for f in families if (landing_dir / f).exists()
               for p in (landing_dir / f).glob("*.parquet"))


def read_landing_record(landing_dir: Path, pupil_families: list[str]) -> LandingRecord | None:
    """The version and key that made the landed pupil-level data; None when none are landed. A landing with
    pupil-level parquet but no record was made by ``hmac-sha256``, the only version before records existed."""
    if not _pupil_data_landed(landing_dir, pupil_families):
        return None  # (a record left by data that are gone since binds nothing)
    path = landing_dir / LANDING_RECORD
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        return LandingRecord(data["version"], data.get("key_check"), data.get("recorded_at"))
    return LandingRecord(HMAC_SHA256, None)


def write_landing_record(landing_dir: Path, version: str, key: bytes) -> None:
    """Record (atomically) that the landed pupil-level data are made by ``version`` under ``key``."""
    landing_dir.mkdir(parents=True, exist_ok=True)
    record = {"version": version, "key_check": key_check(key, version),
              "recorded_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    tmp = landing_dir / f".{LANDING_RECORD}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, landing_dir / LANDING_RECORD)


def pupil_families() -> list[str]:
    """The families with a pupil-number column (their landing holds pseudonyms)."""
    from dagster_project.contracts import FAMILIES

    return [f.name for f in FAMILIES if any(c.kind == "pupil_id" for c in f.columns)]


def check_landing(landing_dir: Path, version: str, key: bytes) -> None:
    """Stop (``PseudonymVersionError``) when the landed pupil-level data were made by another version or key than
    this run's."""
    _check_version(version)
    record = read_landing_record(landing_dir, pupil_families())
    if record is not None and record.version != version:
        raise PseudonymVersionError(
            f"the pupil-level landing in {landing_dir} was pseudonymised with {record.version}, but this run's "
            f"pseudonym version (PASSEND_PSEUDONYM_VERSION) is {version}; a run with another version would give "
            "every pupil a second leerling_id, so nothing was landed. Either set "
            f"PASSEND_PSEUDONYM_VERSION={record.version} to keep the current pseudonyms, or migrate every pupil to "
            f"{version}: delete {landing_dir} (every delivery is re-ingested from RAW) and run `make run "
            "FULL_REFRESH=1` so the build is rebuilt from the new landing (docs/operations.md, 'Changing the "
            "pseudonym version or key')")
    if record is not None and record.key_check is not None and record.key_check != key_check(key, version):
        raise PseudonymVersionError(
            f"the pupil-level landing in {landing_dir} was pseudonymised under another key than this run's "
            f"({KEY_ENV} or the generated key file); mixing keys would give every pupil a second leerling_id, so "
            "nothing was landed. Restore the key that made the landing, or re-ingest everything under this key: "
            f"delete {landing_dir} and run `make run FULL_REFRESH=1` (docs/operations.md, 'Changing the pseudonym "
            "version or key')")


def record_landing(landing_dir: Path, version: str, key: bytes) -> None:
    """After landing (``check_landing`` passed): when pupil-level data are landed, the record names ``version`` and
    ``key``'s check value (written when missing, inferred or left by data that are gone)."""
    record = read_landing_record(landing_dir, pupil_families())
    if record is not None and (record.version, record.key_check) != (version, key_check(key, version)):
        write_landing_record(landing_dir, version, key)


def landing_pseudonyms(landing_dir: Path) -> str | None:
    """``<version>:<key check>`` of the landed pupil-level data (None when none are landed): what a build made from
    this landing records, so a migrated landing is never built onto tables that hold the old pseudonyms."""
    record = read_landing_record(landing_dir, pupil_families())
    return None if record is None else f"{record.version}:{record.key_check or 'unrecorded'}"
