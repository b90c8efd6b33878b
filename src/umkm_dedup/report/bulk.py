"""Fast rows for the big sheets (Data Unik, Duplikat, Perlu Ditinjau, Data Bermasalah): XlsxWriter
writes each sheet's header, formats, filters and validations; the data rows are then streamed
straight into the sheet's XML in chunks. XlsxWriter spends about 5 µs per cell in Python (100 s
for a 1,000,000 x 20 sheet, bench/bench_merge.py --writers); here each chunk's cells are built
column-wise by Arrow string kernels (no Python per cell) and the chunk's XML is the Arrow buffer
itself. A second thread builds the next chunk while this one compresses (both release the GIL)."""

from __future__ import annotations

import os
import queue
import re
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..core.interrupts import checkpoint
from .arrow_text import as_number, as_text, edge_bytes, string_buffer, string_bytes
from .safe import formula_starts

_EXCEL_EPOCH_DAYS = 25569  # 1970-01-01 as an Excel serial (1900 date system)
_MARCH_1900, _JANUARY_1900 = -25508, -25567  # in days since 1970-01-01
CHUNK = 20_000
CELL_LIMIT = 32_000   # characters; Excel's limit is 32,767 UTF-16 units, and some characters take two


def _col_letters(n: int) -> list[str]:
    from ..sources.readers import column_letter

    return [column_letter(i) for i in range(n)]


# characters XML 1.0 does not allow (all controls but tab, LF, CR): written as spaces
_CONTROL_CODES = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]
_CONTROL = "[" + "".join(f"\\x{c:02x}" for c in _CONTROL_CODES) + "]"
_CONTROL_BYTES = np.zeros(256, bool)
_CONTROL_BYTES[_CONTROL_CODES] = True
# XML escapes; a carriage return as a reference, or every XML reader turns it into a line feed
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_SPACE_BYTES = np.zeros(256, bool)
_SPACE_BYTES[[ord(c) for c in " \t\n\r\x0b\x0c"]] = True


@dataclass
class _Column:
    """One column of text for the XML: None for an empty cell, and which fixes its values need.
    The checks read the Arrow buffers once with numpy, so clean columns skip them chunk by chunk."""

    kind: str
    values: pa.Array
    control: bool = False
    escapes: tuple[tuple[str, str], ...] = ()
    formula_start: np.ndarray | None = None    # per row, where any row needs the quote prefix
    edge_space: np.ndarray | None = None       # per row, where any row needs xml:space
    has_empty: bool = False                    # a number column with missing values

    @classmethod
    def of(cls, kind: str, values) -> "_Column":
        text = as_number(values) if kind == "number" else _within_cell_limit(as_text(values))
        data, offsets = string_bytes(text)
        filled, first, last = edge_bytes(text)
        values = pa.StringArray.from_buffers(len(text), pa.py_buffer(offsets.astype(np.int32)),
                                             pa.py_buffer(data), pa.py_buffer(np.packbits(filled, bitorder="little")))
        if kind == "number":
            return cls(kind, values, has_empty=bool((~filled).any()))
        formula = formula_starts(first) & filled
        space = (_SPACE_BYTES[first] | _SPACE_BYTES[last]) & filled
        return cls(kind, values, control=bool(_CONTROL_BYTES[data].any()),
                   escapes=tuple((c, e) for c, e in _ESCAPES if (data == ord(c)).any()),
                   formula_start=formula if formula.any() else None, edge_space=space if space.any() else None)


def _within_cell_limit(text: pa.Array) -> pa.Array:
    """Excel refuses a cell of more than 32,767 characters (it 'repairs' the file): longer texts are
    cut, and say so with a trailing '…'. Checked on byte lengths first, so it costs nothing when
    no value is near the limit."""
    _, offsets = string_bytes(text)
    if not len(text) or int(np.diff(offsets).max()) <= CELL_LIMIT:
        return text
    too_long = pc.greater(pc.utf8_length(text), CELL_LIMIT)
    cut = pc.binary_join_element_wise(pc.utf8_slice_codeunits(text, 0, CELL_LIMIT - 1), "…", "")
    return pc.if_else(too_long, cut, text)


@dataclass(frozen=True)
class Look:
    """The cell styles (XlsxWriter xf indices, 0 for none) of one column: plain text, text that
    needs the quote prefix, a date, a number; `band` the same on the shaded rows of a banded sheet."""

    text: int = 0
    quote: int = 0
    date: int = 0
    number: int = 0
    band: "Look | None" = None


@dataclass
class BulkRows:
    """Columns of one sheet's data rows: (kind, values) with kind text | date | number; `looks`:
    each column's styles (wrapping, number formats), `band`: per row, shaded or not (Duplikat
    shades every other person)."""

    sheet_index: int
    first_row: int                      # 1-based spreadsheet row of the first data row
    columns: list = field(default_factory=list)
    quote_style: int = 0
    date_style: int = 0
    looks: list | None = None
    band: np.ndarray | None = None
    wrap_widths: list | None = None     # per column, the width it wraps at (0: no wrapping)
    spilled: tuple | None = None        # (file, rows, columns, chunk lengths) once the rows are on disk

    def __post_init__(self) -> None:
        self.columns = [_Column.of(kind, values) for kind, values in self.columns]
        default = Look(quote=self.quote_style, date=self.date_style)
        looks = list(self.looks or [])
        self.looks = [looks[i] if i < len(looks) and looks[i] is not None else default
                      for i in range(len(self.columns))]
        self.lines = self._lines()

    def _lines(self) -> np.ndarray | None:
        """Per row, how many lines its wrapped texts take: rows are given that height, since a
        spreadsheet does not size streamed rows itself and wrapped text would print over the next row."""
        lines = None
        for column, width in zip(self.columns, self.wrap_widths or []):
            if not width or column.kind == "number":
                continue
            length = np.asarray(pc.fill_null(pc.utf8_length(column.values), 0).to_numpy(zero_copy_only=False),
                                dtype=np.int64)
            need = np.maximum(1, -(-length // max(int(width * 1.1), 1)))
            lines = need if lines is None else np.maximum(lines, need)
        if lines is None or not (lines > 1).any():
            return None
        return np.minimum(lines, 12)

    @property
    def n_rows(self) -> int:
        if self.spilled is not None:
            return self.spilled[1]
        return len(self.columns[0].values) if self.columns else 0

    @property
    def n_columns(self) -> int:
        return self.spilled[2] if self.spilled is not None else len(self.columns)

    def spill(self, folder: Path) -> None:
        """Build the rows' XML now, into an owner-only file in `folder` (the run's staging folder),
        and let the columns go: a workbook's sheets are otherwise all held in memory until it closes
        (at 1,000,000 records, about a copy of every person and duplicate). The workbook's bytes do
        not change: the same chunks are written into it, in the same pieces, when it closes."""
        if self.spilled is not None or not self.n_rows:
            return
        fd, name = tempfile.mkstemp(prefix=".rows.", suffix=".tmp.xml", dir=folder)
        lengths = []
        try:
            with os.fdopen(fd, "wb") as out:
                # built and written one after the other: writing a chunk to the file is quick, so a
                # thread building ahead gained nothing here but held up to three chunks at once
                # (each chunk's XML is tens of MB: a top of the write stage at 930,930 records)
                for chunk in self._render():
                    out.write(chunk)
                    lengths.append(len(chunk))
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        self.spilled = (Path(name), self.n_rows, len(self.columns), lengths)
        self.columns, self.band, self.lines = [], None, None

    def discard(self) -> None:
        """Remove the rows' file. Still open after a failed write on Windows, it cannot be removed
        there: it is left to the staging folder's own removal, and the first error is the one shown."""
        if self.spilled is not None:
            try:
                self.spilled[0].unlink(missing_ok=True)
            except OSError:
                pass

    def xml_chunks(self):
        """The sheet's <row> elements as UTF-8 bytes, CHUNK rows at a time."""
        if self.spilled is None:
            yield from self._render()
            return
        with open(self.spilled[0], "rb") as rows:
            for length in self.spilled[3]:
                yield rows.read(length)

    def _render(self):
        letters = _col_letters(len(self.columns))
        for start in range(0, self.n_rows, CHUNK):
            stop = min(start + CHUNK, self.n_rows)
            numbers = pa.array(np.arange(start + self.first_row, stop + self.first_row).astype(str))
            band = None if self.band is None else pa.array(np.asarray(self.band[start:stop], dtype=bool))
            cells = [_cells(column, start, stop, letter, numbers, look, band)
                     for column, letter, look in zip(self.columns, letters, self.looks)]
            height = "" if self.lines is None else _heights(self.lines[start:stop])
            rows = pc.binary_join_element_wise('<row r="', numbers, '"', height, ">", *cells, "</row>", "",
                                               null_handling="replace", null_replacement="")
            yield string_buffer(rows)


def _heights(lines: np.ndarray) -> pa.Array:
    """' ht=".." customHeight="1"' for rows of several lines (15 points a line), '' for one line."""
    labels = [""] + [f' ht="{15 * n}" customHeight="1"' for n in range(2, int(lines.max(initial=1)) + 1)]
    return pa.DictionaryArray.from_arrays(pa.array(np.maximum(lines, 1).astype(np.int32) - 1),
                                          pa.array(labels, type=pa.string())).dictionary_decode()


def _attr(xf: int) -> str:
    return f' s="{xf}"' if xf else ""


def _style(look: Look, kind: str, band: pa.Array | None):
    """The style attribute of a chunk's cells: one text, or per row where the sheet is banded."""
    plain = _attr(getattr(look, kind))
    if band is None or look.band is None:
        return plain
    return pc.if_else(band, _attr(getattr(look.band, kind)), plain)


def _cells(column: _Column, start: int, stop: int, letter: str, numbers: pa.Array, look: Look,
           band: pa.Array | None = None) -> pa.Array:
    """The chunk's cells of one column; None where the cell is empty (no element is written)."""
    values = column.values[start:stop]
    ref = f'<c r="{letter}'
    if column.kind == "number":
        if column.has_empty:   # a missing number is no cell at all, not an empty value
            values = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)
        return pc.binary_join_element_wise(ref, numbers, '"', _style(look, "number", band), "><v>", values,
                                           "</v></c>", "")
    text = _inline(column, values, start, stop, ref, numbers, look, band)
    if column.kind == "date":
        serial = pc.cast(_date_serial(values), pa.string())
        dated = pc.binary_join_element_wise(ref, numbers, '"', _style(look, "date", band), "><v>", serial,
                                            "</v></c>", "")
        return pc.coalesce(dated, text)
    return text


def _inline(column: _Column, values: pa.Array, start: int, stop: int, ref: str, numbers: pa.Array,
            look: Look, band: pa.Array | None = None) -> pa.Array:
    """Inline-string cells: control characters blanked, XML escaped, formula starts quote-prefixed,
    edge spaces preserved."""
    s = values
    if column.control:
        s = pc.replace_substring_regex(s, _CONTROL, " ")
    for char, entity in column.escapes:
        s = pc.replace_substring(s, char, entity)
    space = ""
    style = _style(look, "text", band)
    if column.formula_start is not None:
        style = pc.if_else(pa.array(column.formula_start[start:stop]), _style(look, "quote", band), style)
    if column.edge_space is not None:
        space = pc.if_else(pa.array(column.edge_space[start:stop]), ' xml:space="preserve"', "")
    return pc.binary_join_element_wise(ref, numbers, '"', style, ' t="inlineStr"><is><t', space, ">", s,
                                       "</t></is></c>", "")


def _date_serial(values: pa.Array) -> pa.Array:
    """Excel serial day numbers of exact YYYY-MM-DD values (null for anything else)."""
    shaped = pc.match_substring_regex(values, r"^\d{4}-\d{2}-\d{2}$")
    parsed = pc.strptime(pc.if_else(shaped, values, pa.scalar(None, pa.string())), format="%Y-%m-%d", unit="s",
                         error_is_null=True)
    exact = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), values)  # 2020-02-30 parses as 2020-03-01
    days = pc.cast(pc.cast(parsed, pa.date32()), pa.int32())
    # Excel counts a 29 February 1900 that never was: serials before 1900-03-01 are one lower;
    # dates before 1900 have no serial and stay text
    serial = pc.add(days, pc.if_else(pc.less(days, _MARCH_1900), _EXCEL_EPOCH_DAYS - 1, _EXCEL_EPOCH_DAYS))
    usable = pc.and_(pc.fill_null(exact, False), pc.greater_equal(days, _JANUARY_1900))
    return pc.if_else(pc.fill_null(usable, False), serial, pa.scalar(None, pa.int32()))


def _prefetch(chunks, depth: int = 2):
    """Build the next chunks in a thread while the caller compresses this one. If the caller stops
    early (a write failed), the thread is told to stop and is joined: nothing is left running."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work():
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
        except BaseException as exc:  # re-raised in the caller
            put(exc)
            return
        put(done)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        while (item := q.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def inject(path: Path, bulks: list[BulkRows]) -> None:
    """Insert the bulk rows into the finished workbook's sheets; entries keep their order and
    timestamps, so the file stays byte-identical for the same input."""
    if not bulks:
        return
    by_name = {f"xl/worksheets/sheet{b.sheet_index + 1}.xml": b for b in bulks}
    # beside the target and owner-only from its creation (it holds every row of the workbook)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp.bulk", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        _copy_with_rows(path, tmp, by_name)
        checkpoint("bulk")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)   # the output folder keeps no half-written file
        raise


def _copy_with_rows(path: Path, tmp: Path, by_name: dict[str, BulkRows]) -> None:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            bulk = by_name.get(info.filename)
            if bulk is None or bulk.n_rows == 0:
                dst.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            head, tail = xml.split("</sheetData>", 1)
            last_col = _col_letters(bulk.n_columns)[-1]
            last_row = bulk.first_row + bulk.n_rows - 1
            head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_col}{last_row}"/>', head, count=1)
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            # the bulk XML compresses well even at the fastest level (the attribute is public from 3.13)
            try:
                entry.compress_level = 1
            except AttributeError:
                entry._compresslevel = 1
            entry.external_attr = info.external_attr
            with dst.open(entry, "w", force_zip64=True) as out:
                out.write(head.encode("utf-8"))
                for chunk in _prefetch(bulk.xml_chunks()):
                    out.write(chunk)
                out.write(("</sheetData>" + tail).encode("utf-8"))
