"""The Keterangan (Explanation) sheet: every column of every sheet in plain words, every status
and score, the rules, and how Keputusan works and what the next run does with it. It is written
from the headers the workbook actually holds (ReportBook.headers_written), so a column added to a
sheet without an explanation (`ex.<key>` in messages.py) fails tests/test_report_document.py."""

from __future__ import annotations

from ..i18n.messages import _M, t
from .workbook import ReportBook

#: explained once per value, after the columns
VALUES = ("ex.v.valid", "ex.v.valid*", "ex.v.truncated", "ex.v.invalid", "ex.v.missing", "ex.v.score",
          "ex.v.confidence", "ex.v.rules", "ex.v.sama", "ex.v.beda", "ex.v.prakerja")
VALUE_NAMES: dict[str, str | tuple[str, str]] = {"ex.v.valid": "valid", "ex.v.valid*": "valid*", "ex.v.truncated": ("terpotong?", "truncated?"),
               "ex.v.invalid": ("tidak valid", "invalid"), "ex.v.missing": ("kosong", "missing"),
               "ex.v.score": "h.score", "ex.v.confidence": "h.confidence", "ex.v.rules": "h.rule",
               "ex.v.sama": "SAMA", "ex.v.beda": "BEDA", "ex.v.prakerja": "h.prakerja"}


def header_key(sheet_key: str, header: str, lang: str) -> str | None:
    """The catalogue key of a header text as written on a sheet (h.* or sum.*)."""
    for key, pair in _M.items():
        if key.startswith(("h.", "sum.")) and (pair[0] if lang == "id" else pair[1]) == header:
            return key
    return None


def explanation(sheet_key: str, key: str, lang: str) -> str | None:
    for candidate in (f"ex.{sheet_key}.{key}", f"ex.{key}"):
        if candidate in _M:
            return t(candidate, lang)
    return None


def write_explanation(book: ReportBook) -> None:
    lang = book.lang
    headers = [t("h.ex_sheet", lang), t("h.ex_column", lang), t("h.ex_meaning", lang)]
    book.headers_written.append(("sheet.explanation", t("sheet.explanation", lang), headers))
    s = book.sheet("sheet.explanation", headers, [18, 28, 90])   # one line per meaning: 136 wide fits A4 landscape
    rows: list[tuple[str, str, str]] = []
    for sheet_key, sheet_name, written in book.headers_written:
        for header in written:
            key = header_key(sheet_key, header, lang)
            text = explanation(sheet_key, key, lang) if key else None
            rows.append((sheet_name, header, text or ""))
    s.ws.write_string(s.row, 0, t("ex.section.columns", lang), book.f_bold)
    s.row += 1
    for sheet_name, header, text in rows:
        s.text(s.row, 0, sheet_name)
        s.text(s.row, 1, header)
        s.text(s.row, 2, text, book.f_wrap)
        s.row += 1
    s.row += 1
    s.ws.write_string(s.row, 0, t("ex.section.values", lang), book.f_bold)
    s.row += 1
    for key in VALUES:
        given = VALUE_NAMES[key]
        if isinstance(given, tuple):
            name = given[0] if lang == "id" else given[1]
        else:
            name = t(given, lang) if given.startswith("h.") else given
        s.text(s.row, 1, name)
        s.text(s.row, 2, t(key, lang), book.f_wrap)
        s.row += 1
    s.row += 1
    s.ws.write_string(s.row, 0, t("ex.section.use", lang), book.f_bold)
    s.row += 1
    for key in ("ex.use.1", "ex.use.2", "ex.use.3"):
        s.text(s.row, 2, t(key, lang), book.f_wrap)
        s.row += 1
    s.finish()
