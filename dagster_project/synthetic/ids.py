"""Pupil numbers: BSNs that pass the 11-proef and onderwijsnummers (the onderwijsnummer check, sum ≡ 5 mod 11)."""

from __future__ import annotations

import numpy as np

WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int64)


def _with_check(rng: np.random.Generator, n: int, first_digit: int | None, remainder: int) -> np.ndarray:
    """n distinct 9-digit numbers whose weighted sum Σ w_i d_i - d_9 ≡ remainder (mod 11)."""
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        m = int((n - out.size) * 1.2) + 16
        lo = 10_000_000 if first_digit is None else first_digit * 10_000_000
        hi = 100_000_000 if first_digit is None else (first_digit + 1) * 10_000_000
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
    """n distinct BSNs (9 digits, first digit 1-9... never starting with 0 here, 11-proef)."""
    return _with_check(rng, n, None, 0)


def make_onderwijsnummers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct onderwijsnummers: start with 1, weighted sum ≡ 5 (mod 11) so they never pass as a BSN."""
    return _with_check(rng, n, 1, 5)


def elfproef(number: str) -> bool:
    """True if a 9-digit number passes the BSN 11-proef."""
    if len(number) != 9 or not number.isdigit():
        return False
    d = [int(c) for c in number]
    return (sum(w * x for w, x in zip(WEIGHTS.tolist(), d[:8], strict=True)) - d[8]) % 11 == 0


def is_onderwijsnummer(number: str) -> bool:
    if len(number) != 9 or not number.isdigit():
        return False
    d = [int(c) for c in number]
    return (sum(w * x for w, x in zip(WEIGHTS.tolist(), d[:8], strict=True)) - d[8]) % 11 == 5
