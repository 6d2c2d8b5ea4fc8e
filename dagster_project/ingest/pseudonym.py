"""Keyed pseudonyms for pupil numbers (BSN/onderwijsnummer): HMAC-SHA256, never reversible without the key."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

import polars as pl

KEY_ENV = "PASSEND_PSEUDONYM_KEY"
PSEUDONYM_LENGTH = 64  # hex characters of a SHA-256 digest

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
    """Pseudonymise a string Series (nulls stay null); each distinct value is hashed once."""
    base = hmac.new(key, digestmod=hashlib.sha256)
    uniques = values.drop_nulls().unique()

    def one(v: str) -> str:
        h = base.copy()
        h.update(v.encode("utf-8"))
        return h.hexdigest()

    mapping = pl.DataFrame(
        {"v": uniques, "p": pl.Series([one(v) for v in uniques.to_list()], dtype=pl.String)},
        schema={"v": pl.String, "p": pl.String},
    )
    out = pl.DataFrame({"v": values}).join(mapping, on="v", how="left", maintain_order="left")["p"]
    return out.alias(values.name)
