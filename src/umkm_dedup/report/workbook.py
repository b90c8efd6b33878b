"""The report workbook, written with XlsxWriter in constant-memory mode (rows streamed in order,
so a 1,000,000-row Data Unik sheet does not need 1,000,000 rows in memory). NIKs are text cells;
dates are real dates; every text from input that could run as a formula gets Excel's quote prefix;
the document's timestamp is the report date (report/cover.py), never the clock, so the file is
byte-identical for the same input.

Printing is part of the design: every sheet is A4 landscape, fitted to the page width, with its
header row repeated on every page, long texts wrapping within bounded column widths, and a header
and footer naming the report, the province, the stage and "Halaman &P dari &N"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from ..i18n.messages import t
from .safe import is_dangerous

FIXED_TIME = dt.datetime(2020, 1, 1)
MAX_ROWS = 1_048_575  # Excel's limit below the header row
#: Indonesian thousands ("16.974") in any spreadsheet: the locale tag makes LibreOffice and
#: Excel use Indonesian separators for the count cells whatever the reader's own locale
INT_FORMAT = {"id": "[$-421]#,##0", "en": "#,##0"}
DEC_FORMAT = {"id": "[$-421]#,##0.00", "en": "#,##0.00"}
WRAP_AT = 24   # columns at least this wide hold long texts: they wrap


def _hf(text: str) -> str:
    """A text inside a header/footer: '&' is a control character there."""
    return text.replace("&", "&&")


class SheetWriter:
    """Row-by-row writer with formats, safe text and remembered column widths."""

    def __init__(self, book: "ReportBook", name: str, headers: list[str], widths: list[int],
                 start_row: int = 0, header_height: int | None = None):
        self.book = book
        self.ws = book.wb.add_worksheet(name[:31])
        self.row = start_row
        self.headers = headers
        self.widths = list(widths)
        for c, w in enumerate(widths):
            self.ws.set_column(c, c, w)
        book.print_setup(self.ws, name)
        if headers:
            self.ws.write_row(self.row, 0, headers, book.f_header)
            # tall enough for a header wrapped over three lines in the narrowest column
            longest = max((len(h) / max(w, 1) for h, w in zip(headers, widths)), default=1)
            self.ws.set_row(self.row, header_height or 15 * min(4, max(2, int(longest) + 1)))
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

    def bulk(self, columns: list[tuple[str, "object"]], band=None) -> None:
        """Data rows given as columns ((kind, values) with kind text|date|number), streamed into the
        sheet when the workbook closes (see report/bulk.py). Nothing may be written below them.
        Columns as wide as WRAP_AT or wider wrap; `band`: per row, shaded or not."""
        from .bulk import BulkRows

        looks = [self.book.look(w >= WRAP_AT, band is not None) for w in self.widths]
        rows = BulkRows(sheet_index=self.ws.index, first_row=self.row + 1, columns=list(columns),
                        quote_style=self.book.quote_xf, date_style=self.book.date_xf, looks=looks, band=band,
                        wrap_widths=[w if w >= WRAP_AT else 0 for w in self.widths])
        self.book.bulks.append(rows)
        self.row += rows.n_rows
        rows.spill(self.book.path.parent)   # on disk until the workbook closes, not in memory

    def finish(self) -> None:
        if self.headers and self.row > self.header_row + 1:
            self.ws.autofilter(self.header_row, 0, self.row - 1, len(self.headers) - 1)
        elif self.headers:
            self.ws.autofilter(self.header_row, 0, self.header_row, len(self.headers) - 1)


class ReportBook:
    def __init__(self, path: Path, lang: str, meta=None):
        from .cover import ReportMeta

        self.lang = lang
        self.meta = meta or ReportMeta(lang=lang)
        # tmpdir: XlsxWriter's row files beside the workbook (the run's private staging folder), not in
        # the system temp folder where a killed run would leave them
        self.wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                                  "strings_to_formulas": False, "strings_to_urls": False,
                                                  "tmpdir": str(Path(path).parent)})
        m = self.meta
        self.title = t("cover.report", lang) + (f" — {m.province}" if m.province else "")
        self.wb.set_properties({"title": self.title, "subject": t("sum.title", lang),
                                # the author stays the tool: sources/discover.py knows our own report by it
                                "created": m.created, "author": "umkm-dedup", "company": m.dinas,
                                "manager": m.prepared_by, "keywords": m.stage,
                                "comments": f"umkm-dedup {m.version}".strip()})
        self.wb.set_calc_mode("auto")
        self.f_header = self.wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                            "valign": "top"})
        self.f_title = self.wb.add_format({"bold": True, "font_size": 14})
        self.f_bold = self.wb.add_format({"bold": True})
        self.f_total = self.wb.add_format({"bold": True, "top": 1})
        self.f_date = self.wb.add_format({"num_format": "dd/mm/yyyy"})
        self.f_quote = self.wb.add_format({"quote_prefix": True})
        self.f_int = self.wb.add_format({"num_format": INT_FORMAT.get(lang, INT_FORMAT["en"])})
        self.f_int_total = self.wb.add_format({"num_format": INT_FORMAT.get(lang, INT_FORMAT["en"]), "bold": True,
                                               "top": 1})
        self.f_dec = self.wb.add_format({"num_format": DEC_FORMAT.get(lang, DEC_FORMAT["en"])})
        self.f_wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})
        self.f_sign = self.wb.add_format({"align": "center"})
        self.f_sign_name = self.wb.add_format({"align": "center", "bold": True, "underline": True})
        self.bulks: list = []
        self.path = Path(path)
        # fix the style indices the bulk rows refer to, in a stable order
        self.f_header._get_xf_index()
        self.quote_xf = self.f_quote._get_xf_index()
        self.date_xf = self.f_date._get_xf_index()
        self._looks: dict = {}
        #: (sheet key, sheet name, headers) of every sheet written: what Keterangan explains
        self.headers_written: list[tuple[str, str, list[str]]] = []

    def look(self, wrap: bool, banded: bool):
        """The cell styles of a bulk column (report/bulk.py Look), made once per kind, in a fixed
        order so the styles part of the file is the same on every run."""
        from .bulk import Look

        key = (wrap, banded)
        if key not in self._looks:
            def xf(band: bool, **extra) -> int:
                props = {"valign": "top", **({"text_wrap": True} if wrap else {}),
                         **({"bg_color": "#EDEDED"} if band else {}), **extra}
                return self.wb.add_format(props)._get_xf_index()

            def one(band: bool) -> Look:
                return Look(text=xf(band), quote=xf(band, quote_prefix=True), date=xf(band, num_format="dd/mm/yyyy"),
                            number=xf(band))
            plain = one(False)
            self._looks[key] = Look(plain.text, plain.quote, plain.date, plain.number,
                                    band=one(True) if banded else None)
        return self._looks[key]

    def print_setup(self, ws, name: str) -> None:
        """A4 landscape, one page wide, narrow margins, gridlines printed, and the report's
        identity in the header and footer of every page."""
        m = self.meta
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
        ws.hide_gridlines(1 if name == t("sheet.summary", self.lang) else 0)   # the cover prints without a grid
        left = _hf(t("cover.report", self.lang))
        centre = _hf(m.province)
        right = _hf(f"{t('sum.stage', self.lang)}: {m.stage}" if m.stage else name)
        # "&8 " and not "&8": a text starting with a digit would be read as part of the font size
        ws.set_header(f"&L&8 {left}&C&8 {centre}&R&8 {right}", {"margin": 0.3})
        ws.set_footer(f"&L&8 {_hf(name)}&C&8 {t('cover.page', self.lang)}&R&8 {_hf(m.date_words())}",
                      {"margin": 0.3})

    def sheet(self, key: str, headers: list[str], widths: list[int], start_row: int = 0) -> SheetWriter:
        if headers and key != "sheet.explanation":
            self.headers_written.append((key, t(key, self.lang), list(headers)))
        return SheetWriter(self, t(key, self.lang), headers, widths, start_row)

    def bulk_sheets(self, key: str, headers: list[str], widths: list[int], columns: list[tuple[str, object]],
                    drop_down: tuple[int, list[str]] | None = None, band=None) -> list[str]:
        """A sheet of data rows; rows beyond Excel's limit continue on 'Name (2)', 'Name (3)', ...
        so nothing is lost. `drop_down`: (column, choices) offered on every data row, with an
        input prompt that says what the choices do; `band`: per row, shaded or not."""
        n = len(columns[0][1]) if columns else 0
        limit = MAX_ROWS
        self.headers_written.append((key, t(key, self.lang), list(headers)))
        names = []
        for part in range(max(1, -(-n // limit))):
            name = t(key, self.lang) if part == 0 else f"{t(key, self.lang)[:25]} ({part + 1})"
            sheet = SheetWriter(self, name, headers, widths)
            lo, hi = part * limit, min(n, (part + 1) * limit)
            part_band = None if band is None else band[lo:hi]
            sheet.bulk(columns if n <= limit else [(kind, _rows(values, lo, hi)) for kind, values in columns],
                       band=part_band)
            if drop_down and sheet.row > 1:
                col, choices = drop_down
                sheet.ws.data_validation(1, col, sheet.row - 1, col,
                                         {"validate": "list", "source": choices, "ignore_blank": True,
                                          "input_title": t("prompt.title", self.lang)[:32],
                                          "input_message": t(f"prompt.{key}", self.lang)[:255]})
            sheet.finish()
            names.append(name[:31])
        return names

    def close(self) -> None:
        from .bulk import inject

        try:
            self.wb.close()
            inject(self.path, self.bulks)
        finally:
            for rows in self.bulks:
                rows.discard()


def _rows(values, lo: int, hi: int):
    """Rows lo..hi of a column given as a pandas Series, an Arrow array or any sequence."""
    if hasattr(values, "iloc"):
        return values.iloc[lo:hi]
    return values[lo:hi]

