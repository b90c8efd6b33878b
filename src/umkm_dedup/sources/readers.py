"""File -> grids of raw cell values, one per sheet. python-calamine reads xlsx/xls/ods several
times faster than openpyxl (bench/bench_read.py); CSVs are decoded and sniffed here. Every read is
bounded by `Limits`: a zip member's declared size is checked before anything inflates it, an xlsx
sheet's real cells are counted from its XML before calamine builds its dense grid (a lone cell at
XFD1048576 would ask for the whole 17-billion-cell grid; such a sheet is read sparse instead)."""

from __future__ import annotations

import csv
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

from ..core.errors import SourceError
from .cells import clean_text
from .limits import DEFAULT, Clock, Limits

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Grid:
    """One sheet: `rows[i]` is spreadsheet row i+1; CSV rows are lines (header = line 1).
    `notes`: what reading changed, as (row, 0-based column or None, note key) for Sumber."""

    sheet: str
    rows: list
    #: a streamed file (CSV, Parquet) read with stream=True: `rows` is its first chunk and these
    #: are the chunks after it, in order (row numbers go on counting); None when `rows` is all
    chunks: Iterator[list] | None = None
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    path: Path | None = None
    sheet_index: int = 0
    is_xlsx: bool = False
    notes: list[tuple[int, int | None, str]] = field(default_factory=list)


#: formats read in chunks, each by its own module: suffix -> opener(path, limits, clock, notes)
#: returning (first chunk of rows, iterator over the next chunks)
def _streamed(suffix: str):
    if suffix in (".csv", ".txt"):
        from .csvstream import open_csv

        return open_csv
    if suffix == ".parquet":
        from .parquet import open_parquet

        return open_parquet
    return None


def read_grids(path: Path, limits: Limits = DEFAULT, clock: Clock | None = None, *,
               stream: bool = False) -> list[Grid]:
    """Every sheet of a spreadsheet, or the one table of a CSV or Parquet file. Raises SourceError
    with a hint. stream: a CSV/Parquet grid holds its first chunk in `rows` and the rest in
    `chunks` (to be read once, in order); otherwise every row is in `rows`."""
    name = path.name
    clock = clock or Clock(limits, name)
    try:
        info = path.stat()
        if stat.S_ISREG(info.st_mode):  # never open a FIFO here: it would wait for a writer
            with path.open("rb"):
                pass
    except PermissionError as exc:  # Windows: open in Excel; anywhere: no read permission
        raise SourceError("the file is open in another program (e.g. Excel) or may not be read", file=name,
                          key="file_locked") from exc
    except OSError as exc:
        raise SourceError(f"cannot open file: {exc.strerror}", file=name, key="cannot_open",
                          params={"reason": exc.strerror}) from exc
    if not stat.S_ISREG(info.st_mode):
        raise SourceError("not a regular file", file=name, key="not_a_file")
    size = info.st_size
    if size == 0:
        raise SourceError("file is empty (0 bytes)", file=name, key="empty_file",
                          hint="export it again from the original spreadsheet")
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(8)
    kind = _format_of(path, head, suffix, size <= limits.max_file_bytes)   # what the bytes are
    opener = _streamed(kind)
    bound = limits.max_stream_bytes if opener else limits.max_file_bytes
    if size > bound:
        raise SourceError(f"file larger than {bound} bytes", file=name, key="too_big",
                          params={"size": _mb(size), "limit": _mb(bound)})
    if opener is not None:
        grid = Grid(sheet="", rows=[], path=path)
        first, rest = opener(path, limits, clock, grid.notes)
        if stream:
            grid.rows, grid.chunks = first, rest
        else:
            grid.rows = first + [row for chunk in rest for row in chunk]
        return [grid]
    if kind in (".xlsx", ".xlsm") and head.startswith(_OLE_MAGIC):
        raise SourceError("workbook is password-protected (encrypted)", file=name, key="password",
                          hint="open it in Excel, remove the password, save and try again")
    if kind in (".xlsx", ".xlsm", ".ods") and not head.startswith(_ZIP_MAGIC):
        raise SourceError("file is corrupt or not a real spreadsheet", file=name, key="corrupt",
                          hint="open it in Excel or LibreOffice and save it again as .xlsx")
    plans: dict[str, SheetPlan] = {}
    if head.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                check_members(zf, limits, name)
                if kind in (".xlsx", ".xlsm"):
                    plans = plan_sheets(zf, limits, clock, name)
                elif kind == ".ods":
                    check_ods(zf, limits, clock, name)
        except zipfile.BadZipFile as exc:
            raise SourceError("file is corrupt or not a real spreadsheet", file=name, key="corrupt") from exc
    from python_calamine import CalamineWorkbook

    try:
        if kind == suffix or {kind, suffix} == {".xlsx", ".xlsm"}:
            workbook = CalamineWorkbook.from_path(str(path))   # calamine picks the format by the suffix
        else:
            with path.open("rb") as fh:
                workbook = CalamineWorkbook.from_filelike(fh)  # ... or, given the bytes, by what they are
    except Exception as exc:  # calamine raises its own error types per format
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise SourceError("workbook is password-protected", file=name, key="password",
                              hint="remove the password and save again") from exc
        raise SourceError(f"file is corrupt or unreadable ({text[:120]})", file=name, key="corrupt",
                          hint="open it in Excel or LibreOffice and save it again as .xlsx") from exc
    grids = []
    hidden = _hidden_sheets(workbook)
    for index, sheet_name in enumerate(workbook.sheet_names):
        clock.check()
        shown = clean_text(sheet_name)
        plan = plans.get(sheet_name)
        grid = Grid(sheet=shown, rows=[], path=path, sheet_index=index, is_xlsx=kind in (".xlsx", ".xlsm"))
        if sheet_name in hidden:
            grid.notes.append((1, None, "sheet_hidden"))
        if kind != suffix and {kind, suffix} != {".xlsx", ".xlsm"}:
            grid.notes.append((1, None, "format_renamed"))
        try:
            if plan is not None and plan.sparse:
                grid.rows, grid.merged = read_sparse(path, sheet_name, limits, clock, grid.notes)
            else:
                sheet = workbook.get_sheet_by_index(index)
                grid.rows = sheet.to_python(skip_empty_area=False)
                grid.merged = list(sheet.merged_cell_ranges or [])
        except SourceError:
            raise
        except Exception as exc:
            raise SourceError(f"sheet cannot be read ({type(exc).__name__})", file=name, key="bad_sheet",
                              sheet=shown, hint="save the workbook again") from exc
        bound_grid(grid, limits, name)
        grids.append(grid)
    return grids


def _hidden_sheets(workbook) -> set[str]:
    """The sheets hidden in Excel (hidden or very hidden): read like the others, since the data is
    the regency's, but said out loud (a sheet of last month's or rejected people the officer
    cannot see would otherwise be counted without a word)."""
    from python_calamine import SheetVisibleEnum

    try:
        return {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    except Exception:   # metadata calamine cannot give for this file: nothing is known to be hidden
        return set()


def _format_of(path: Path, head: bytes, suffix: str, may_open: bool = True) -> str:
    """The suffix that says what the file holds: a regency that renames its old .xls to .xlsx
    (or an .ods, or an .xlsx to .xls or .csv) instead of saving it again sends a good workbook
    under the wrong name. An OLE file named .xlsx is an .xls unless it is an encrypted workbook
    (an .xlsx with a password is an OLE file too: no 'Workbook' stream, which calamine finds).
    `may_open`: the file is small enough to be read whole (calamine opens an OLE file so)."""
    if not may_open:
        return suffix
    if head.startswith(_ZIP_MAGIC) and suffix in (".xlsx", ".xlsm", ".ods", ".xls", ".csv", ".txt"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.NameToInfo)
        except (zipfile.BadZipFile, OSError, ValueError):
            return suffix
        if "xl/workbook.xml" in names:
            return suffix if suffix in (".xlsx", ".xlsm") else ".xlsx"
        if "content.xml" in names and "mimetype" in names:
            return ".ods"
        return suffix
    if head.startswith(_OLE_MAGIC) and suffix in (".xlsx", ".xlsm", ".ods", ".csv", ".txt"):
        from python_calamine import CalamineWorkbook

        try:
            with path.open("rb") as fh:
                CalamineWorkbook.from_filelike(fh).close()
        except Exception:   # encrypted, or not a workbook: the suffix's own checks say which
            return suffix
        return ".xls"
    return suffix


def _mb(n: int) -> str:
    return f"{n / 2**20:,.1f} MB"


def check_members(zf: zipfile.ZipFile, limits: Limits, name: str) -> None:
    """The archive's own declared sizes, before anything is inflated: a part that claims more than
    `max_member_bytes` (docProps/core.xml inflating to 1.5 GB) refuses the whole file."""
    members = zf.infolist()
    if len(members) > 10_000:
        raise SourceError("too many parts in the workbook", file=name, key="corrupt")
    for member in members:
        if member.file_size > limits.max_member_bytes:
            raise SourceError(f"part {member.filename} inflates beyond {limits.max_member_bytes} bytes", file=name,
                              key="member_too_big", params={"part": clean_text(member.filename)[:80],
                                                            "limit": _mb(limits.max_member_bytes)})


def read_member(zf: zipfile.ZipFile, member: str, cap: int, name: str) -> bytes:
    """A zip part read whole only up to `cap` bytes, whatever its header claims."""
    with zf.open(member) as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise SourceError(f"part {member} inflates beyond {cap} bytes", file=name, key="member_too_big",
                          params={"part": member[:80], "limit": _mb(cap)})
    return data


def iter_member(zf: zipfile.ZipFile, member: str, cap: int, name: str, chunk: int = 1 << 20):
    """A zip part in chunks, stopping with an error past `cap` bytes (the streaming cap)."""
    total = 0
    with zf.open(member) as fh:
        while True:
            data = fh.read(chunk)
            if not data:
                return
            total += len(data)
            if total > cap:
                raise SourceError(f"part {member} inflates beyond {cap} bytes", file=name, key="member_too_big",
                                  params={"part": member[:80], "limit": _mb(cap)})
            yield data


@dataclass
class SheetPlan:
    """What a sheet's XML holds, counted before reading: real cells (with a value), the extent the
    cells span, and whether row numbers repeat. `sparse`: read it cell by cell, not as a dense grid."""

    cells: int = 0
    max_row: int = 0
    max_col: int = 0
    rows_in_order: bool = True

    @property
    def sparse(self) -> bool:
        dense = self.max_row * self.max_col
        return not self.rows_in_order or dense > max(2_000_000, 4 * self.cells)


# literal prefixes keep these scans at C speed (a 60,000-row sheet in a fraction of a second); a
# row or cell whose "r" is not its first attribute is counted by the slower general pattern
_ROW_FAST = re.compile(rb"row r=\"(\d+)\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d+)\"")
_CELL_COL = re.compile(rb" r=\"([A-Z]{1,3})[0-9]")
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)[\s>]")


def _count_values(data: bytes) -> int:
    n = data.count(b"</v>") + data.count(b"</is>")
    return n if n or b":c " not in data else len(_VALUE.findall(data))


def _row_numbers(data: bytes) -> list[bytes]:
    rows = _ROW_FAST.findall(data)
    opened = data.count(b"<row") + data.count(b":row ")
    return rows if opened <= len(rows) else _ROW_REF.findall(data)


def plan_sheets(zf: zipfile.ZipFile, limits: Limits, clock: Clock, name: str) -> dict[str, SheetPlan]:
    """Scan every worksheet's XML once (C-speed regexes over inflated chunks, no tree): count real
    cells against `max_cells` and find the extent, so a sheet whose dense grid would be huge is read
    sparse and a sheet with too many real cells is refused before anything allocates it."""
    plans: dict[str, SheetPlan] = {}
    for sheet_name, member in sheet_parts(zf, limits, name).items():
        if member not in zf.NameToInfo:
            continue
        plan = SheetPlan()
        last_row = 0
        tail = b""
        for chunk in iter_member(zf, member, limits.max_member_bytes, name):
            clock.check()
            cut = chunk.rfind(b"<")   # a tag cut by the chunk boundary is scanned with the next chunk
            if cut < 0:
                tail += chunk
                continue
            data, tail = tail + chunk[:cut], chunk[cut:]
            plan.cells += _count_values(data)
            rows = _row_numbers(data)
            if rows:
                numbers = list(map(int, rows))
                if plan.rows_in_order and (numbers[0] <= last_row
                                           or any(b <= a for a, b in zip(numbers, numbers[1:]))):
                    plan.rows_in_order = False
                last_row = numbers[-1]
                plan.max_row = max(plan.max_row, max(numbers))
            cols = set(_cells_past(plan.max_col).findall(data))
            if cols:
                plan.max_col = max(plan.max_col, max(_column_number(c) for c in cols))
            if plan.cells > limits.max_cells:
                raise SourceError("sheet has too many cells", file=name, sheet=clean_text(sheet_name),
                                  key="too_many_cells", params={"limit": limits.max_cells})
        plan.cells += _count_values(tail)
        plan.max_row = max([plan.max_row] + list(map(int, _row_numbers(tail))))
        plans[sheet_name] = plan
    return plans


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def check_ods(zf: zipfile.ZipFile, limits: Limits, clock: Clock, name: str) -> None:
    """An ods row or cell may say "repeated 1,048,576 times"; calamine expands the repeats into its
    dense grid, so a 1 KB file can ask for billions of cells. Count the grid each table would
    become (rows and columns up to the last value, repeats included) before calamine does."""
    if "content.xml" not in zf.NameToInfo:
        return
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    col = last_col = width = rows = last_row = cells = row_cells = 0
    for chunk in iter_member(zf, "content.xml", limits.max_member_bytes, name):
        clock.check()
        parser.feed(chunk)
        for event, elem in parser.read_events():
            tag = elem.tag
            if event == "start":
                if tag == _ODS_TABLE + "table":
                    rows = last_row = width = cells = 0
                elif tag == _ODS_TABLE + "table-row":
                    col = last_col = row_cells = 0
                continue
            if tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                repeat = int(elem.get(_ODS_TABLE + "number-columns-repeated", "1") or 1)
                col += repeat
                if elem.get(_ODS_OFFICE + "value-type") or "".join(elem.itertext()).strip():
                    last_col, row_cells = col, row_cells + repeat
            elif tag == _ODS_TABLE + "table-row":
                repeat = int(elem.get(_ODS_TABLE + "number-rows-repeated", "1") or 1)
                rows += repeat
                if row_cells:
                    last_row, width, cells = rows, max(width, last_col), cells + row_cells * repeat
                if last_row * width > limits.max_cells or cells > limits.max_cells:
                    raise SourceError("sheet has too many cells", file=name, key="too_many_cells",
                                      params={"limit": limits.max_cells})
                elem.clear()


_PAST: dict[int, re.Pattern] = {}


def _cells_past(col: int) -> re.Pattern:
    """_CELL_COL for the cells whose column is past `col` alone: what can widen the extent. Every
    cell's letters as a bytes object, to find that the sheet is 20 columns wide chunk after chunk,
    was a third of this scan (5 s of a 1,000,000-record read); a sheet wider than Z is scanned in full."""
    if col >= 26:
        return _CELL_COL
    if col not in _PAST:
        _PAST[col] = re.compile(rb' r="([A-Z]{2,3}|[' + bytes([65 + col]) + rb'-Z])[0-9]')
    return _PAST[col]


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def sheet_parts(zf: zipfile.ZipFile, limits: Limits, name: str) -> dict[str, str]:
    """Sheet name -> its XML part, from workbook.xml and its relationships (read with the cap)."""
    cap = min(limits.max_member_bytes, 64 * 2**20)
    try:
        workbook = ElementTree.fromstring(read_member(zf, "xl/workbook.xml", cap, name))
        rels = ElementTree.fromstring(read_member(zf, "xl/_rels/workbook.xml.rels", cap, name))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels:
        target = (rel.get("Target") or "").lstrip("/")
        targets[rel.get("Id")] = target if target.startswith("xl/") else f"xl/{target}"
    sheets = workbook.find("m:sheets", _NS)
    out = {}
    for sheet in (sheets if sheets is not None else []):
        rid = sheet.get(f"{{{_NS['r']}}}id")
        if rid in targets and sheet.get("name") is not None:
            out[sheet.get("name")] = targets[rid]
    return out


def read_sparse(path: Path, sheet_name: str, limits: Limits, clock: Clock, notes: list) -> tuple[list, list]:
    """A sheet read cell by cell with openpyxl's streaming parser: only the rows that exist get
    cells, so a lone cell at XFD1048576 costs one row, not the grid. A row number that repeats is
    kept as the next row (Excel would refuse the file; nothing in it is lost) and noted."""
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet_name]
        rows: dict[int, list] = {}
        last = cut = 0
        with ws._get_source() as src:
            parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                     date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            for count, (number, cells) in enumerate(parser.parse()):
                if count % 5000 == 0:
                    clock.check()
                if number <= last:
                    notes.append((last + 1, None, "duplicate_row"))
                    number = last + 1
                last = number
                values: list = []
                for cell in cells:
                    col = cell["column"] - 1
                    if cell["value"] is None:
                        continue
                    if col >= limits.max_columns:
                        cut += 1
                        continue
                    if col >= len(values):
                        values.extend([None] * (col + 1 - len(values)))
                    values[col] = cell["value"]
                if values:
                    rows[number] = values
        if cut:
            notes.append((1, limits.max_columns, "columns_cut"))
        merged = []
        grid = [()] * (max(rows) if rows else 0)
        for number, values in rows.items():
            grid[number - 1] = values
        return grid, merged
    finally:
        wb.close()


def bound_grid(grid: Grid, limits: Limits, name: str) -> None:
    """Columns past `max_columns` are not read (the sheet notes it), and a grid whose real cells
    pass `max_cells` is refused. C-speed passes first: most grids need no change."""
    rows = grid.rows
    if rows and max(map(len, rows)) > limits.max_columns:
        cut = 0
        for i, row in enumerate(rows):
            if len(row) > limits.max_columns:
                cut += sum(1 for v in row[limits.max_columns:] if v not in (None, ""))
                rows[i] = row[:limits.max_columns]
        if cut:
            grid.notes.append((1, limits.max_columns, "columns_cut"))
    if sum(map(len, rows)) > limits.max_cells:
        real = sum(1 for row in rows for v in row if v not in (None, ""))
        if real > limits.max_cells:
            raise SourceError("sheet has too many cells", file=name, sheet=grid.sheet, key="too_many_cells",
                              params={"limit": limits.max_cells})


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when every other byte is NUL),
    else cp1252 (Excel's 'CSV' on Windows). A stray NUL, vertical tab or escape inside a cell does
    not make a file binary: those are cleaned from the values later. Binary is a known binary
    signature, or mostly control bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    sample = data[:4096]
    if len(sample) >= 8 and sample[1::2].count(0) > 0.4 * (len(sample) // 2) and sample[0::2].count(0) < 0.1 * len(sample):
        return data.decode("utf-16-le", errors="replace")
    if len(sample) >= 8 and sample[0::2].count(0) > 0.4 * (len(sample) // 2) and sample[1::2].count(0) < 0.1 * len(sample):
        return data.decode("utf-16-be", errors="replace")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if sample.startswith(_BINARY_MAGIC) or controls > 0.3 * len(sample):
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


_BINARY_MAGIC = (_ZIP_MAGIC, _OLE_MAGIC, b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"MZ")


def sniff_delimiter(sample: str) -> str:
    """`,` `;` tab or `|`: the one under which the header row maps the most fields, and of those
    the one that splits the first lines most consistently. A `;` inside a header cell of a
    tab-separated file must not win over the header (found by bench/fuzz.py)."""
    from .header import find_header

    lines = [ln for ln in _parseable(sample.splitlines()[:40]) if ln.strip()]
    scored = []
    for delim in (",", ";", "\t", "|"):
        rows = [next(csv.reader([ln], delimiter=delim), []) for ln in lines]
        counts = [len(r) for r in rows]
        if not counts or max(counts) < 2:
            continue
        # many columns, and the same count on most lines
        common = max(set(counts), key=counts.count)
        score = common * counts.count(common) / len(counts)
        header = find_header(rows)
        fields = len({f for f in header.fields if f}) if header is not None else 0
        scored.append((fields, score, delim))
    if not scored:
        return ","
    return max(scored, key=lambda s: (s[0], s[1]))[2]


def _parseable(lines: list[str]) -> list[str]:
    return [ln for ln in lines if len(ln) < csv.field_size_limit()]


def read_csv_rows(path: Path, limits: Limits = DEFAULT, clock: Clock | None = None,
                  notes: list | None = None) -> list[list]:
    """Every row of a CSV at once (sources/csvstream.py reads it in chunks)."""
    from .csvstream import open_csv

    first, rest = open_csv(path, limits, clock or Clock(limits, path.name), notes)
    return first + [row for chunk in rest for row in chunk]


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def raw_xlsx_numbers(grid: Grid, cells: set[tuple[int, int]], limits: Limits = DEFAULT) -> dict[tuple[int, int], str]:
    """Exact text of numeric cells in an xlsx sheet, for the few numbers a float cannot hold
    (a Papua NIK >= 9.007e15). `cells` are 0-based (row, col). Streams the sheet XML once."""
    if not cells or grid.path is None or not grid.is_xlsx:
        return {}
    wanted = {f"{column_letter(c)}{r + 1}": (r, c) for r, c in cells}
    out: dict[tuple[int, int], str] = {}
    name = grid.path.name
    with zipfile.ZipFile(grid.path) as zf:
        sheet_xml = _sheet_xml_path(zf, grid.sheet_index, limits, name)
        parser = ElementTree.XMLPullParser(events=("end",))
        for chunk in iter_member(zf, sheet_xml, limits.max_member_bytes, name):
            parser.feed(chunk)
            for _, elem in parser.read_events():
                if elem.tag.endswith("}c"):
                    ref = elem.get("r")
                    if ref in wanted:
                        value = elem.find("m:v", _NS)
                        if value is not None and value.text:
                            out[wanted[ref]] = value.text
                    elem.clear()
    return out


def _sheet_xml_path(zf: zipfile.ZipFile, index: int, limits: Limits, name: str) -> str:
    parts = list(sheet_parts(zf, limits, name).values())
    return parts[index] if index < len(parts) else f"xl/worksheets/sheet{index + 1}.xml"
