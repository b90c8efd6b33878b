"""Fast rows for the big sheets (Data Unik, Duplikat, Perlu Ditinjau, Data Bermasalah): XlsxWriter
writes each sheet's header, formats, filters and validations; the data rows are then streamed
straight into the sheet's XML in chunks. XlsxWriter spends about 5 µs per cell in Python (100 s
for a 1,000,000 x 20 sheet, bench/bench_merge.py --writers); here each chunk's cells are built
column-wise by Arrow string kernels (no Python per cell) and the chunk's XML is the Arrow buffer
itself. A second thread builds the next chunk while this one compresses (both release the GIL)."""

from __future__ import annotations

import queue
import re
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .safe import DANGEROUS_START

_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
_DANGEROUS = "^[" + "".join(re.escape(c) for c in DANGEROUS_START) + "]"
_EXCEL_EPOCH_DAYS = 25569  # 1970-01-01 as an Excel serial (1900 date system)
_MARCH_1900, _JANUARY_1900 = -25508, -25567  # in days since 1970-01-01
CHUNK = 20_000


def _col_letters(n: int) -> list[str]:
    from ..sources.readers import column_letter

    return [column_letter(i) for i in range(n)]


def as_text(values) -> pa.Array:
    """A column as Arrow strings; None, NaN and other empties become ''."""
    try:
        arr = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array(["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values],
                       type=pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return pc.fill_null(arr, "")


def as_number(values) -> pa.Array:
    """Numbers as their shortest text; missing ones as ''."""
    arr = pa.array(values, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_floating(arr.type):
        arr = pc.if_else(pc.is_finite(arr), arr, pa.scalar(None, arr.type))
    return pc.fill_null(pc.cast(arr, pa.string()), "")


@dataclass
class BulkRows:
    """Columns of one sheet's data rows: (kind, values) with kind text | date | number."""

    sheet_index: int
    first_row: int                      # 1-based spreadsheet row of the first data row
    columns: list[tuple[str, object]] = field(default_factory=list)
    quote_style: int = 0
    date_style: int = 0

    def __post_init__(self) -> None:
        self.columns = [(kind, as_number(v) if kind == "number" else as_text(v)) for kind, v in self.columns]

    @property
    def n_rows(self) -> int:
        return len(self.columns[0][1]) if self.columns else 0

    def xml_chunks(self):
        """The sheet's <row> elements as UTF-8 bytes, CHUNK rows at a time."""
        letters = _col_letters(len(self.columns))
        for start in range(0, self.n_rows, CHUNK):
            stop = min(start + CHUNK, self.n_rows)
            numbers = pa.array(np.arange(start + self.first_row, stop + self.first_row).astype(str))
            cells = [_cells(kind, values[start:stop], letter, numbers, self.quote_style, self.date_style)
                     for (kind, values), letter in zip(self.columns, letters)]
            rows = pc.binary_join_element_wise('<row r="', numbers, '">', *cells, "</row>", "")
            yield _buffer(rows)


def _cells(kind: str, values: pa.Array, letter: str, numbers: pa.Array, q: int, d: int) -> pa.Array:
    ref = pc.binary_join_element_wise(f'<c r="{letter}', numbers, '"', "")
    empty = pc.equal(pc.utf8_length(values), 0)
    if kind == "number":
        cells = pc.binary_join_element_wise(ref, "><v>", values, "</v></c>", "")
        return pc.if_else(empty, "", cells)
    text = _inline(ref, values, q)
    if kind == "date":
        serial = _date_serial(values)
        dated = pc.binary_join_element_wise(ref, f' s="{d}"><v>', pc.fill_null(pc.cast(serial, pa.string()), ""),
                                            "</v></c>", "")
        text = pc.if_else(pc.is_valid(serial), dated, text)
    return pc.if_else(empty, "", text)


def _inline(ref: pa.Array, values: pa.Array, q: int) -> pa.Array:
    """Inline-string cells: control characters blanked, XML escaped, formula starts quote-prefixed,
    edge spaces preserved."""
    s = values
    if pc.any(pc.match_substring_regex(s, _CONTROL)).as_py():
        s = pc.replace_substring_regex(s, _CONTROL, " ")
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        if pc.any(pc.match_substring(s, char)).as_py():
            s = pc.replace_substring(s, char, entity)
    style = pc.if_else(pc.match_substring_regex(values, _DANGEROUS), f' s="{q}"', "")
    space = pc.if_else(pc.match_substring_regex(values, r"^\s|\s$"), ' xml:space="preserve"', "")
    return pc.binary_join_element_wise(ref, style, ' t="inlineStr"><is><t', space, ">", s, "</t></is></c>", "")


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


def _buffer(strings: pa.Array) -> memoryview:
    """All strings of an Arrow string array back to back, without copying them."""
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32, count=len(strings) + 1,
                            offset=strings.offset * 4)
    return memoryview(strings.buffers()[2])[offsets[0]:offsets[-1]]


def _prefetch(chunks, depth: int = 2):
    """Build the next chunks in a thread while the caller compresses this one."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    done = object()

    def work():
        try:
            for chunk in chunks:
                q.put(chunk)
        except BaseException as exc:  # re-raised in the caller
            q.put(exc)
        q.put(done)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    while (item := q.get()) is not done:
        if isinstance(item, BaseException):
            raise item
        yield item
    thread.join()


def inject(path: Path, bulks: list[BulkRows]) -> None:
    """Insert the bulk rows into the finished workbook's sheets; entries keep their order and
    timestamps, so the file stays byte-identical for the same input."""
    if not bulks:
        return
    by_name = {f"xl/worksheets/sheet{b.sheet_index + 1}.xml": b for b in bulks}
    tmp = path.with_name(path.name + ".bulk")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            bulk = by_name.get(info.filename)
            if bulk is None or bulk.n_rows == 0:
                dst.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            head, tail = xml.split("</sheetData>", 1)
            last_col = _col_letters(len(bulk.columns))[-1]
            last_row = bulk.first_row + bulk.n_rows - 1
            head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_col}{last_row}"/>', head, count=1)
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry._compresslevel = 1  # the bulk XML compresses well even at the fastest level
            entry.external_attr = info.external_attr
            with dst.open(entry, "w", force_zip64=True) as out:
                out.write(head.encode("utf-8"))
                for chunk in _prefetch(bulk.xml_chunks()):
                    out.write(chunk)
                out.write(("</sheetData>" + tail).encode("utf-8"))
    tmp.replace(path)
