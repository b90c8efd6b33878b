"""No cell that came from input may run as a formula when the file is opened in Excel
(CSV/formula injection, OWASP). Text starting with = + - @ (or a tab/CR) is neutralised."""

from __future__ import annotations

import numpy as np

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(value: object) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_START)


_FORMULA_BYTES = np.zeros(256, bool)
_FORMULA_BYTES[[ord(c) for c in DANGEROUS_START]] = True


def formula_starts(first_bytes: np.ndarray) -> np.ndarray:
    """Per value, from its first UTF-8 byte (0 for an empty value): could it run as a formula?"""
    return _FORMULA_BYTES[first_bytes]

