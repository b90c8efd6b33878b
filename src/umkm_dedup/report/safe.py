"""No cell that came from input may run as a formula when the file is opened in Excel
(CSV/formula injection, OWASP). Text starting with = + - @ (or a tab/CR) is neutralised."""

from __future__ import annotations

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(value: object) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_START)
