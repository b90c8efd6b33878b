"""Dates from every common form: ISO, dd/mm/yyyy, dd-mm-yyyy, '12 Januari 1980' (Indonesian or
English month names, full or short), Excel serial numbers. Parsed once per distinct text."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

_MONTHS = {}
for i, names in enumerate([
        ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"), ("maret", "march", "mar"),
        ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
        ("agustus", "august", "agu", "agt", "aug", "ags"), ("september", "sep", "sept"),
        ("oktober", "october", "okt", "oct"), ("november", "nov", "nop", "nopember"),
        ("desember", "december", "des", "dec")], 1):
    for n in names:
        _MONTHS[n] = i

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$")
_TEXT = re.compile(r"^(\d{1,2})[\s\-/.]*([a-z]+)[\s\-/.,]*(\d{4})$")
_SERIAL = re.compile(r"^\d{4,5}(?:\.0+)?$")


def _make(y: int, m: int, d: int) -> str:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return ""


def parse_date(text: str, *, two_digit_pivot: int = 26) -> str:
    """ISO date text, or "" when the text is not a readable date."""
    s = str(text or "").strip().lower()
    if not s:
        return ""
    m = _ISO.match(s)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY.match(s)
    if m:
        y = int(m[3])
        if y < 100:
            y += 2000 if y <= two_digit_pivot else 1900
        return _make(y, int(m[2]), int(m[1]))
    m = _TEXT.match(s)
    if m and m[2] in _MONTHS:
        return _make(int(m[3]), _MONTHS[m[2]], int(m[1]))
    if _SERIAL.match(s):
        serial = int(float(s))
        if 1900 <= serial <= 2100:   # a year alone ('1980'), not Excel's day 1980 (June 1905): no date
            return ""
        if 1000 < serial < 60000:  # 1902..2064 in Excel's 1900 date system
            return (dt.date(1899, 12, 30) + dt.timedelta(days=serial)).isoformat()
    return ""


def parse_dates(values: pd.Series) -> pd.Series:
    from .distinct import per_distinct

    return pd.Series(per_distinct(values, parse_date), index=values.index)
