"""Pupil numbers: BSNs that pass the 11-proef and onderwijsnummers (start with 10, weighted sum ≡ 5 mod 11)."""

from __future__ import annotations

import numpy as np

WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int64)


def _with_check(rng: np.random.Generator, n: int, lo: int, hi: int, remainder: int) -> np.ndarray:
    """n distinct 9-digit numbers whose weighted sum Σ w_i d_i - d_9 ≡ remainder (mod 11)."""
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        m = int((n - out.size) * 1.2) + 16
        head = rng.integers(lo, hi, size=m, dtype=np.int64)
        digits = (head[:, None] // 10 ** np.arange(7, -1, -1)) % 10
        s = digits @ WEIGHTS
        check = (s - remainder) % 11
        ok = check < 10
        nums = head[ok] * 10 + check[ok]
        out = np.concatenate([out, nums])
        _, first = np.unique(out, return_index=True)
        out = out[np.sort(first)]
    return out[:n]


def make_bsns(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct BSNs (9 digits, never starting with 0 here, 11-proef)."""
    return _with_check(rng, n, 10_000_000, 100_000_000, 0)


def make_onderwijsnummers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct onderwijsnummers: start with 10, weighted sum ≡ 5 (mod 11) so they never pass as a BSN."""
    return _with_check(rng, n, 10_000_000, 11_000_000, 5)


def elfproef(number: str) -> bool:
    """True if a 9-digit number passes the BSN 11-proef."""
    if len(number) != 9 or not number.isdigit():
        return False
    d = [int(c) for c in number]
    return (sum(w * x for w, x in zip(WEIGHTS.tolist(), d[:8], strict=True)) - d[8]) % 11 == 0


def is_onderwijsnummer(number: str) -> bool:
    """True for a DUO onderwijsnummer: 9 digits starting with 10, BSN-weighted sum ≡ 5 (mod 11)."""
    if len(number) != 9 or not number.isdigit() or not number.startswith("10"):
        return False
    d = [int(c) for c in number]
    return (sum(w * x for w, x in zip(WEIGHTS.tolist(), d[:8], strict=True)) - d[8]) % 11 == 5
