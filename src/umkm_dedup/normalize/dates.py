"""Dates from every common form: ISO, dd/mm/yyyy, dd-mm-yyyy (with the time a datetime cell keeps
in a CSV; month first when the day is past 12), '12 Januari 1980' and '31-Dec-80' (Indonesian or
English month names, full or short), yyyymmdd, Excel serial numbers. Parsed once per distinct text."""

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
#: the time a datetime cell keeps when saved as CSV (LibreOffice, a database export): midnight, read as no time
_TIME = r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?"
_DMY = re.compile(rf"^(\d{{1,2}})[-/. ](\d{{1,2}})[-/. ](\d{{2}}|\d{{4}}){_TIME}$")
_TEXT = re.compile(r"^(\d{1,2})[\s\-/.]*([a-z]+)[\s\-/.,]*(\d{4}|\d{2})$")
_COMPACT = re.compile(r"^(19\d{2}|20\d{2})(\d{2})(\d{2})$")   # yyyymmdd, as databases write it
_SERIAL = re.compile(r"^\d{4,5}(?:\.0+)?$")


def _make(y: int, m: int, d: int) -> str:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return ""


def _year(text: str, pivot: int) -> int:
    y = int(text)
    if y < 100:
        y += 2000 if y <= pivot else 1900
    return y


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
        y = _year(m[3], two_digit_pivot)
        day, month = int(m[1]), int(m[2])
        if month > 12 and day <= 12:   # month first (a US-locale Excel): certain only when the day is past 12
            day, month = month, day
        return _make(y, month, day)
    m = _TEXT.match(s)
    if m and m[2] in _MONTHS:
        return _make(_year(m[3], two_digit_pivot), _MONTHS[m[2]], int(m[1]))
    m = _COMPACT.match(s)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
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
