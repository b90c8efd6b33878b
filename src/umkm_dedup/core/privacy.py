"""Personal data never leaves the tool unmasked (UU 27/2022): one masking rule for every place a NIK
could show (console, JSON, logs, tracebacks, explain, validate, file and sheet names and headers in
outputs under --mask-nik).

The rule: a run of at least 12 digits, in any Unicode digit form (ASCII, fullwidth, Arabic-Indic, …),
whatever surrounds it (letters, "(lama)", another NIK glued on), keeps its first and last 4 digits
and every digit between becomes `*`. Digits written in groups of 2 or more separated by one space,
dot or hyphen (`5104 0101 0101 0001`, `51.04.01.010101.0001`) count as one run when they add up to
16 or more. 12 is below the 16 of a NIK on purpose: a NIK cut by Excel (15 digits), a KK (16) or
one with a digit lost still identifies a person.
"""

from __future__ import annotations

import re

MIN_RUN = 12
MIN_GROUPED = 16
#: a digit run, possibly in groups of >= 2 digits joined by one separator; \d is every Unicode digit
_RUN = re.compile(r"\d+(?:[ .\-]\d{2,})*")


def _mask_run(run: str) -> str:
    digits = [i for i, ch in enumerate(run) if ch.isdigit()]
    if len(digits) < (MIN_RUN if len(digits) == len(run) else MIN_GROUPED):
        return run
    hidden = set(digits[4:-4])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(run))


def mask_text(text: str) -> str:
    """Every NIK-like digit run inside free text masked (`5104********0001`); other text unchanged."""
    if not text:
        return text
    return _RUN.sub(lambda m: _mask_run(m.group(0)), str(text))


def mask_nik(value: str | None) -> str:
    """A value from a NIK or KK column, masked for an output shared beyond the submission: each
    NIK-like run as in free text (`… (lama)` stays readable); a value without one (a short or
    broken NIK) keeps only the first and last 4 of its digits, none at all when 8 or fewer."""
    if not value:
        return ""
    s = str(value)
    masked = mask_text(s)
    if masked != s:
        return masked
    digits = [i for i, ch in enumerate(s) if ch.isdigit()]
    hidden = set(digits) if len(digits) <= 8 else set(digits[4:-4])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(s))


def mask_texts(value):
    """mask_text on every string inside lists, tuples and dicts (keys too): a JSON document of
    file names and sheet names, any of which may be a NIK."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {mask_texts(k): mask_texts(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_texts(v) for v in value]
    return value
