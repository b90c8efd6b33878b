"""The copies `validate` writes: a checked copy (problem cells filled red or amber, an Excel comment
on each, and a sheet of all findings linking to the cells) and, on request, a fixed copy with only
safe, mechanical fixes. Both are new files; the input is only read."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from ..i18n.messages import t
from ..core.privacy import mask_nik, mask_text
from ..core.records import SheetReport
from ..report.atomic import atomic_path
from ..report.safe import is_dangerous
from ..sources.cells import clean_text, text_cell
from ..sources.discover import COPY_OF_MARK
from ..sources.limits import EXCEL_CELL_CHARS
from ..sources.readers import read_grids

RED = PatternFill("solid", fgColor="FFC7CE")
AMBER = PatternFill("solid", fgColor="FFEB9C")
CSV_SHEET = "Data"


def _set_text(cell, value: str) -> None:
    """A string cell that never turns into a formula, without control characters (openpyxl refuses
    them) and no longer than Excel's cell limit."""
    value = clean_text(value)[:EXCEL_CELL_CHARS]
    cell.value = value
    cell.data_type = "s"
    if is_dangerous(value):
        cell.quotePrefix = True


def _title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (no \\ / ? * [ ] :, at most 31 characters, unique): another
    program may have written "Kec/Desa", which openpyxl cannot load or create."""
    title = re.sub(r"[\\/?*\[\]:]", "_", clean_text(name or CSV_SHEET)).strip("'")[:31] or CSV_SHEET
    base, n = title, 2
    while title.lower() in taken:
        title = f"{base[:28]}({n})"
        n += 1
    taken.add(title.lower())
    return title


class CopyBook:
    """The copy being written and its sheet for each sheet name of the input (names may differ)."""

    def __init__(self, wb: openpyxl.Workbook, titles: dict[str, str]):
        self.wb, self.titles = wb, titles

    def sheet(self, name: str):
        title = self.titles.get(name or CSV_SHEET, name or CSV_SHEET)
        return self.wb[title] if title in self.wb.sheetnames else self.wb.worksheets[0]

    def link(self, name: str, cell: str) -> str:
        title = self.titles.get(name or CSV_SHEET, name or CSV_SHEET)
        return "'" + title.replace("'", "''") + "'!" + cell


def base_workbook(path: Path) -> CopyBook:
    """The input as an openpyxl workbook: the xlsx itself, or the grids of a CSV/xls/ods (or of an
    xlsx openpyxl cannot load) copied in. Marked as a copy of `path` (sources.discover.copy_of) so
    a merge over the folder does not read it as one more list."""
    wb = None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            wb = openpyxl.load_workbook(path)
            titles = {clean_text(ws.title): ws.title for ws in wb.worksheets}
        except Exception:   # e.g. a sheet named "Kec/Desa" written by another program
            wb = None
    if wb is None:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        titles, taken = {}, set[str]()
        for grid in read_grids(path):
            titles[grid.sheet or CSV_SHEET] = title = _title(grid.sheet, taken)
            ws = wb.create_sheet(title)
            for r, row in enumerate(grid.rows, 1):
                for c, value in enumerate(row, 1):
                    if value is None or value == "":
                        continue
                    if isinstance(value, str):
                        _set_text(ws.cell(r, c), value)
                    elif isinstance(value, (int, float, dt.date, dt.datetime)):
                        ws.cell(r, c, value)
                    else:
                        _set_text(ws.cell(r, c), text_cell(value))
    wb.properties.description = COPY_OF_MARK.decode() + clean_text(path.name)
    return CopyBook(wb, titles)


def write_checked_copy(path: Path, reports: list[SheetReport], findings: list, target: Path, lang: str) -> Path:
    book = base_workbook(path)
    wb = book.wb
    per_cell: dict[tuple[str, int, int], list] = {}
    for f in findings:
        per_cell.setdefault((f.sheet, f.row, (f.column or 0) + 1), []).append(f)
    for (sheet, row, col), items in per_cell.items():
        ws = book.sheet(sheet)
        cell = ws.cell(row, col)
        error = any(f.severity == "error" for f in items)
        cell.fill = RED if error else AMBER
        text = "\n".join(f"{t('sev.' + f.severity, lang).upper()}: {f.message(lang)} → {f.fix(lang)}" for f in items)
        comment = Comment(text, "umkm-dedup")
        comment.width, comment.height = 320, 40 + 40 * len(items)
        cell.comment = comment
    name = t("val.sheet", lang)
    if name in wb.sheetnames:
        del wb[name]
    ws = wb.create_sheet(name, 0)
    headers = [t("val.col.no", lang), t("h.severity", lang), t("h.sheet", lang), t("val.col.cell", lang),
               t("val.col.column", lang), t("val.col.value", lang), t("val.col.problem", lang), t("val.col.fix", lang)]
    ws.append(headers)
    for c in ws[1]:
        c.font = Font(bold=True)
    link_font = Font(color="0563C1", underline="single")
    for k, f in enumerate(findings, 1):
        r = k + 1
        ws.cell(r, 1, k)
        _set_text(ws.cell(r, 2), t(f"sev.{f.severity}", lang))
        _set_text(ws.cell(r, 3), f.sheet or CSV_SHEET)
        link = ws.cell(r, 4)
        _set_text(link, f.cell)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=book.link(f.sheet, f.cell))
        link.font = link_font
        _set_text(ws.cell(r, 5), f.header)
        _set_text(ws.cell(r, 6), f.value)
        _set_text(ws.cell(r, 7), f.message(lang))
        _set_text(ws.cell(r, 8), f.fix(lang))
        ws.cell(r, 2).fill = RED if f.severity == "error" else AMBER
    for letter, width in zip("ABCDEFGH", (5, 11, 16, 7, 18, 22, 60, 55)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{max(len(findings) + 1, 1)}"
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target


def write_fixed_copy(path: Path, frame, reports: list[SheetReport], target: Path, lang: str):
    """NIKs as text without spaces and dots, phones as +62..., dates as real dates: only where the
    result is unambiguous. Returns (path, changes)."""
    from ..normalize.dates import parse_date
    from ..normalize.nik import analyse_niks
    from ..normalize.phones import normalise_phones
    from .validate import Change

    book = base_workbook(path)
    wb = book.wb
    analysis = analyse_niks(frame["nik"], frame["nik_flag"], frame["kk"])
    phones = normalise_phones(frame["phone"])
    by_sheet = {r.sheet: r for r in reports}
    changes: list[Change] = []
    for i in range(len(frame)):
        rep = by_sheet[frame.at[i, "sheet"]]
        ws = book.sheet(rep.sheet)
        row = int(frame.at[i, "row"])

        def cell_of(fld, rep=rep, ws=ws, row=row):   # bound now: ruff B023
            col = rep.columns.get(fld)
            return (ws.cell(row, col + 1), rep.labels[col]) if col is not None else (None, "")

        cell, header = cell_of("nik")
        nik = analysis.at[i, "nik_digits"]
        if cell is not None and nik and analysis.at[i, "nik_valid"] and frame.at[i, "nik_flag"] != "truncated":
            if cell.value != nik or cell.data_type != "s":
                before = "" if cell.value is None else str(cell.value)
                _set_text(cell, nik)
                cell.number_format = "@"
                changes.append(Change(rep.sheet, cell.coordinate, header, mask_text(before), mask_nik(nik)))
        cell, header = cell_of("phone")
        if cell is not None and phones.iat[i] and str(cell.value) != phones.iat[i]:
            before = "" if cell.value is None else str(cell.value)
            _set_text(cell, phones.iat[i])
            changes.append(Change(rep.sheet, cell.coordinate, header, before, phones.iat[i]))
        cell, header = cell_of("birth_date")
        if cell is not None and isinstance(cell.value, str):
            iso = parse_date(cell.value)
            if iso:
                before = cell.value
                cell.value = dt.datetime.strptime(iso, "%Y-%m-%d")
                cell.number_format = "DD/MM/YYYY"
                changes.append(Change(rep.sheet, cell.coordinate, header, before, iso))
    ws = wb.create_sheet(t("val.changes_sheet", lang))
    ws.append([t("h.sheet", lang), t("val.col.cell", lang), t("val.col.column", lang), t("val.col.before", lang),
               t("val.col.after", lang)])
    for ch in changes:
        r = ws.max_row + 1
        for c, value in enumerate((ch.sheet or CSV_SHEET, ch.cell, ch.header, ch.before, ch.after), 1):
            _set_text(ws.cell(r, c), value)
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target, changes


__all__ = ["write_checked_copy", "write_fixed_copy"]
