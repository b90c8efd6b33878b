"""Personal data never leaves the tool unmasked in console output or logs (UU 27/2022)."""

from __future__ import annotations

import re

_LONG_DIGITS = re.compile(r"(?<!\d)(\d{4})(\d{4,8})(\d{4})(?!\d)")


def mask_nik(value: str | None) -> str:
    """A 16-digit NIK keeps its first and last 4 digits (`5104********0001`); short values are masked whole."""
    if not value:
        return ""
    s = str(value)
    if len(s) <= 8:
        return "*" * len(s)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def mask_text(text: str) -> str:
    """Mask every run of 12-16 digits inside free text (log lines, error messages)."""
    return _LONG_DIGITS.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)
