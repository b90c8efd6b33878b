"""Raw cell values -> text. Identifiers (NIK, KK, phone) never go through a float: Excel keeps
only 15 significant digits, and float64 changes NIKs above 2**53 (Papua, codes 91-96)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_FLOAT_EXACT_LIMIT = 2 ** 53
_SCIENTIFIC = re.compile(r"^\s*'?\d(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d{1,2}\s*$")
_ID_JUNK = re.compile(r"[\s'`’.\-_/]")
_TRAILING_ZERO_FRACTION = re.compile(r"^(\d+)[.,]0+$")

NUMERIC = "numeric"              # stored as a number; digits exact
TRUNCATED = "truncated"          # stored as a 16-digit number ending in 0: 16th digit likely lost
UNRECOVERABLE = "unrecoverable"  # scientific notation text: digits lost for good
NEEDS_RAW = "needs_raw"          # float cannot hold it exactly; read the file's own text

# Control characters are data a sender did not mean: an ANSI escape sequence (a terminal would act
# on it), NUL and the other C0/C1 controls, and what XML cannot hold (the workbook would not open).
# Tab and line breaks are kept (addresses span lines); a CR becomes a line break.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_]?)")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """A cell's text without control characters (see above); printable text is returned as is."""
    if text.isprintable():
        return text
    text = _ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def ascii_digits(text: str) -> str:
    """Every Unicode decimal digit (Arabic-Indic ٥, fullwidth ５, Devanagari ५ ...) as its ASCII
    digit, so a NIK typed on a phone keyboard is the same NIK and never breaks parsing."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def text_cell(value: object) -> str:
    """Any cell as display text: dates as ISO, whole floats without `.0`."""
    if value is None:
        return ""
    if isinstance(value, str):   # isprintable inline: this runs for every cell read
        return (value if value.isprintable() else clean_text(value)).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return clean_text(str(value)).strip()


def identifier_cell(value: object, field: str) -> tuple[str, str]:
    """(digits-or-text, flag) for a NIK, KK or phone cell."""
    if value is None or value == "":
        return "", ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and (value != value or not value.is_integer()):
            return text_cell(value), ""
        if abs(value) >= _FLOAT_EXACT_LIMIT and isinstance(value, float):
            return str(int(value)), NEEDS_RAW
        digits = str(int(value))
        return _numeric_flagged(digits, field)
    text = ascii_digits(text_cell(value))
    if _SCIENTIFIC.match(text):
        return text.strip().lstrip("'"), UNRECOVERABLE
    frac = _TRAILING_ZERO_FRACTION.match(text.strip())
    if frac:  # "<16 digits>.0" from a CSV exported by a float-reading tool
        return _numeric_flagged(frac.group(1), field)
    cleaned = _ID_JUNK.sub("", text)
    if field == "phone":
        cleaned = cleaned.replace("(", "").replace(")", "")
    if _ascii_number(cleaned) or (field == "phone" and cleaned.startswith("+") and _ascii_number(cleaned[1:])):
        return cleaned, ""
    return text, ""


def _ascii_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def exact_numeric_text(raw: str, field: str) -> tuple[str, str]:
    """The digits of a numeric cell read from the file's own XML text."""
    raw = raw.strip()
    if "E" in raw.upper() or "." in raw:
        try:
            raw = str(int(float(raw)))
        except ValueError:
            return raw, ""
    return _numeric_flagged(raw, field)


def _numeric_flagged(digits: str, field: str) -> tuple[str, str]:
    if field == "phone":
        if digits.startswith("8"):  # the leading 0 was eaten by a number format
            digits = "0" + digits
        return digits, ""
    if len(digits) == 16 and digits.endswith("0"):
        return digits, TRUNCATED
    return digits, NUMERIC
