"""Keyed pseudonyms for pupil numbers (BSN/onderwijsnummer): HMAC-SHA256, never reversible without the key."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

import polars as pl

from dagster_project.duckdb_connect import connect

KEY_ENV = "PASSEND_PSEUDONYM_KEY"
PSEUDONYM_LENGTH = 64  # hex characters of a SHA-256 digest
_BLOCK = 64  # SHA-256 block size in bytes

_log = logging.getLogger(__name__)


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


def pseudonym(value: str, key: bytes) -> str:
    """HMAC-SHA256 of one normalised pupil number, as 64 lower-case hex characters."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonymise(values: pl.Series, key: bytes) -> pl.Series:
    """Pseudonymise a string Series (nulls stay null): HMAC-SHA256 computed vectorised in DuckDB.

    HMAC(K, m) = SHA256((K' xor opad) || SHA256((K' xor ipad) || m)) with K' the key zero-padded to the 64-byte
    block (hashed first when longer), exactly as RFC 2104 / Python's ``hmac``; ``pseudonym`` is the scalar twin.
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
