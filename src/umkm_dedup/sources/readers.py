"""File -> grids of raw cell values, one per sheet. python-calamine reads xlsx/xls/ods several
times faster than openpyxl (bench/bench_read.py); CSVs are decoded and sniffed here."""

from __future__ import annotations

import csv
import io
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from ..errors import SourceError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Grid:
    """One sheet: `rows[i]` is spreadsheet row i+1; CSV rows are lines (header = line 1)."""

    sheet: str
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    path: Path | None = None
    sheet_index: int = 0
    is_xlsx: bool = False


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a spreadsheet, or the one table of a CSV. Raises SourceError with a hint."""
    name = path.name
    try:
        info = path.stat()
        size = info.st_size
        if stat.S_ISREG(info.st_mode):  # never open a FIFO here: it would wait for a writer
            with path.open("rb"):
                pass
    except PermissionError as exc:  # Windows: open in Excel (or no read permission)
        raise SourceError("the file is open in another program (e.g. Excel) or may not be read", file=name,
                          key="file_locked", hint="close the file in Excel and try again") from exc
    except OSError as exc:
        raise SourceError(f"cannot open file: {exc.strerror}", file=name, key="cannot_open",
                          params={"reason": exc.strerror}) from exc
    if size == 0:
        raise SourceError("file is empty (0 bytes)", file=name, key="empty_file",
                          hint="export it again from the original spreadsheet")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [Grid(sheet="", rows=read_csv_rows(path), path=path)]
    with path.open("rb") as fh:
        head = fh.read(8)
    if suffix in (".xlsx", ".xlsm") and head.startswith(_OLE_MAGIC):
        raise SourceError("workbook is password-protected (encrypted)", file=name, key="password",
                          hint="open it in Excel, remove the password, save and try again")
    if suffix in (".xlsx", ".xlsm", ".ods") and not head.startswith(_ZIP_MAGIC):
        raise SourceError("file is corrupt or not a real spreadsheet", file=name, key="corrupt",
                          hint="open it in Excel or LibreOffice and save it again as .xlsx")
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types per format
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise SourceError("workbook is password-protected", file=name, key="password",
                              hint="remove the password and save again") from exc
        raise SourceError(f"file is corrupt or unreadable ({text[:120]})", file=name, key="corrupt",
                          hint="open it in Excel or LibreOffice and save it again as .xlsx") from exc
    grids = []
    for index, sheet_name in enumerate(workbook.sheet_names):
        try:
            sheet = workbook.get_sheet_by_index(index)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
        except Exception as exc:
            raise SourceError(f"sheet cannot be read ({str(exc)[:120]})", file=name, key="bad_sheet",
                              sheet=sheet_name, hint="save the workbook again") from exc
        grids.append(Grid(sheet=sheet_name, rows=rows, merged=merged, path=path,
                          sheet_index=index, is_xlsx=suffix in (".xlsx", ".xlsm")))
    return grids


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 (Excel's 'CSV' on Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise SourceError("not a text file (binary content)", file=name, key="binary",
                          hint="save the sheet as 'CSV UTF-8' or as .xlsx")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SourceError(f"text encoding not recognised (byte {exc.start})", file=name, key="encoding",
                          params={"byte": exc.start},
                          hint="save the file as 'CSV UTF-8' from Excel") from exc


def sniff_delimiter(sample: str) -> str:
    """`,` `;` tab or `|`: the one that splits the first lines most consistently."""
    lines = [ln for ln in sample.splitlines()[:30] if ln.strip()]
    best, best_score = ",", -1.0
    for delim in (",", ";", "\t", "|"):
        counts = [next(csv.reader([ln], delimiter=delim), []).__len__() for ln in lines]
        if not counts or max(counts) < 2:
            continue
        # many columns, and the same count on most lines
        common = max(set(counts), key=counts.count)
        score = common * counts.count(common) / len(counts)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv_rows(path: Path) -> list[list]:
    data = path.read_bytes()
    text = decode_text(data, path.name)
    delim = sniff_delimiter(text[:20000])
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def raw_xlsx_numbers(grid: Grid, cells: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Exact text of numeric cells in an xlsx sheet, for the few numbers a float cannot hold
    (a Papua NIK >= 9.007e15). `cells` are 0-based (row, col). Streams the sheet XML once."""
    if not cells or grid.path is None or not grid.is_xlsx:
        return {}
    wanted = {f"{column_letter(c)}{r + 1}": (r, c) for r, c in cells}
    out: dict[tuple[int, int], str] = {}
    with zipfile.ZipFile(grid.path) as zf:
        sheet_xml = _sheet_xml_path(zf, grid.sheet_index)
        with zf.open(sheet_xml) as fh:
            for _, elem in ElementTree.iterparse(fh):
                if elem.tag.endswith("}c"):
                    ref = elem.get("r")
                    if ref in wanted:
                        value = elem.find("m:v", _NS)
                        if value is not None and value.text:
                            out[wanted[ref]] = value.text
                    elem.clear()
    return out


def _sheet_xml_path(zf: zipfile.ZipFile, index: int) -> str:
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    sheets = workbook.find("m:sheets", _NS)
    rid = sheets[index].get(f"{{{_NS['r']}}}id")
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target").lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    return f"xl/worksheets/sheet{index + 1}.xml"
