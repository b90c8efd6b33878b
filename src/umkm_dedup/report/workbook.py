"""The report workbook, written with XlsxWriter in constant-memory mode (rows streamed in order,
so a 1,000,000-row Data Unik sheet does not need 1,000,000 rows in memory). NIKs are text cells;
dates are real dates; every text from input that could run as a formula gets Excel's quote prefix;
fixed document timestamps make the file byte-identical for the same input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from ..messages import t
from .safe import is_dangerous

FIXED_TIME = dt.datetime(2020, 1, 1)
MAX_ROWS = 1_048_575  # Excel's limit below the header row


class SheetWriter:
    """Row-by-row writer with formats, safe text and remembered column widths."""

    def __init__(self, book: "ReportBook", name: str, headers: list[str], widths: list[int],
                 start_row: int = 0):
        self.book = book
        self.ws = book.wb.add_worksheet(name[:31])
        self.row = start_row
        self.headers = headers
        for c, w in enumerate(widths):
            self.ws.set_column(c, c, w)
        # printed as officers print: A4 landscape, the header row on every page
        self.ws.set_landscape()
        self.ws.set_paper(9)
        if headers:
            self.ws.write_row(self.row, 0, headers, book.f_header)
            self.ws.freeze_panes(self.row + 1, 0)
            self.ws.repeat_rows(self.row)
            self.header_row = self.row
            self.row += 1

    def text(self, r: int, c: int, value: object, fmt=None) -> None:
        if not value:
            return
        s = value if type(value) is str else str(value)
        if is_dangerous(s):
            self.ws.write_string(r, c, s, self.book.f_quote)
        elif fmt is None:
            self.ws.write_string(r, c, s)
        else:
            self.ws.write_string(r, c, s, fmt)

    def number(self, r: int, c: int, value, fmt=None) -> None:
        if fmt is None:
            self.ws.write_number(r, c, value)
        else:
            self.ws.write_number(r, c, value, fmt)

    def bulk(self, columns: list[tuple[str, "object"]]) -> None:
        """Data rows given as columns ((kind, values) with kind text|date|number), streamed into the
        sheet when the workbook closes (see report/bulk.py). Nothing may be written below them."""
        from .bulk import BulkRows

        rows = BulkRows(sheet_index=self.ws.index, first_row=self.row + 1, columns=list(columns),
                        quote_style=self.book.quote_xf, date_style=self.book.date_xf)
        self.book.bulks.append(rows)
        self.row += rows.n_rows

    def finish(self) -> None:
        if self.headers and self.row > self.header_row + 1:
            self.ws.autofilter(self.header_row, 0, self.row - 1, len(self.headers) - 1)
        elif self.headers:
            self.ws.autofilter(self.header_row, 0, self.header_row, len(self.headers) - 1)


class ReportBook:
    def __init__(self, path: Path, lang: str):
        self.lang = lang
        # tmpdir: XlsxWriter's row files beside the workbook (the run's private staging folder), not in
        # the system temp folder where a killed run would leave them
        self.wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                                  "strings_to_formulas": False, "strings_to_urls": False,
                                                  "tmpdir": str(Path(path).parent)})
        self.wb.set_properties({"title": t("sum.title", lang), "created": FIXED_TIME,
                                "author": "umkm-dedup", "comments": "umkm-dedup"})
        self.wb.set_calc_mode("auto")
        self.f_header = self.wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                            "valign": "top"})
        self.f_title = self.wb.add_format({"bold": True, "font_size": 14})
        self.f_bold = self.wb.add_format({"bold": True})
        self.f_total = self.wb.add_format({"bold": True, "top": 1})
        self.f_date = self.wb.add_format({"num_format": "dd/mm/yyyy"})
        self.f_quote = self.wb.add_format({"quote_prefix": True})
        self.bulks: list = []
        self.path = Path(path)
        # fix the style indices the bulk rows refer to, in a stable order
        self.f_header._get_xf_index()
        self.quote_xf = self.f_quote._get_xf_index()
        self.date_xf = self.f_date._get_xf_index()

    def sheet(self, key: str, headers: list[str], widths: list[int], start_row: int = 0) -> SheetWriter:
        return SheetWriter(self, t(key, self.lang), headers, widths, start_row)

    def bulk_sheets(self, key: str, headers: list[str], widths: list[int], columns: list[tuple[str, object]],
                    drop_down: tuple[int, list[str]] | None = None) -> list[str]:
        """A sheet of data rows; rows beyond Excel's limit continue on 'Name (2)', 'Name (3)', ...
        so nothing is lost. `drop_down`: (column, choices) offered on every data row."""
        n = len(columns[0][1]) if columns else 0
        limit = MAX_ROWS
        names = []
        for part in range(max(1, -(-n // limit))):
            name = t(key, self.lang) if part == 0 else f"{t(key, self.lang)[:25]} ({part + 1})"
            sheet = SheetWriter(self, name, headers, widths)
            lo, hi = part * limit, min(n, (part + 1) * limit)
            sheet.bulk(columns if n <= limit else [(kind, _rows(values, lo, hi)) for kind, values in columns])
            if drop_down and sheet.row > 1:
                col, choices = drop_down
                sheet.ws.data_validation(1, col, sheet.row - 1, col,
                                         {"validate": "list", "source": choices, "ignore_blank": True})
            sheet.finish()
            names.append(name[:31])
        return names

    def close(self) -> None:
        from .bulk import inject

        self.wb.close()
        inject(self.path, self.bulks)


def _rows(values, lo: int, hi: int):
    """Rows lo..hi of a column given as a pandas Series, an Arrow array or any sequence."""
    if hasattr(values, "iloc"):
        return values.iloc[lo:hi]
    return values[lo:hi]

