"""Fast rows for the big sheets (Data Unik, Duplikat, Data Bermasalah): XlsxWriter writes each
sheet's header, formats, filters and validations; the data rows are then streamed straight into
the sheet's XML in chunks. XlsxWriter spends about 5 µs per cell (100 s for a 1,000,000 x 20
sheet, bench/bench_merge.py --writers); building the same inline-string cells here is several
times faster and still streams (constant memory)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .safe import DANGEROUS_START

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EPOCH = dt.date(1899, 12, 30)
CHUNK = 20_000


def _col_letters(n: int) -> list[str]:
    from ..sources.readers import column_letter

    return [column_letter(i) for i in range(n)]


@dataclass
class BulkRows:
    """Columns of one sheet's data rows: (kind, values) with kind text | date | number."""

    sheet_index: int
    first_row: int                      # 1-based spreadsheet row of the first data row
    columns: list[tuple[str, np.ndarray]] = field(default_factory=list)
    quote_style: int = 0
    date_style: int = 0

    @property
    def n_rows(self) -> int:
        return len(self.columns[0][1]) if self.columns else 0

    def xml_chunks(self):
        letters = _col_letters(len(self.columns))
        q, d = self.quote_style, self.date_style
        for start in range(0, self.n_rows, CHUNK):
            stop = min(start + CHUNK, self.n_rows)
            cells_per_col = []
            for (kind, values), letter in zip(self.columns, letters):
                cells_per_col.append(_cells(kind, values[start:stop], letter, start + self.first_row, q, d))
            rows = []
            for i, cells in enumerate(zip(*cells_per_col)):
                rows.append(f'<row r="{start + self.first_row + i}">{"".join(cells)}</row>')
            yield "".join(rows)


def _cells(kind: str, values: np.ndarray, letter: str, first: int, q: int, d: int) -> list[str]:
    out: list[str] = []
    append = out.append
    row = first
    if kind == "text":
        cache: dict[str, str] = {}   # repeated values (villages, sectors, roles) are escaped once
        for v in values:
            if v.__class__ is not str:
                v = "" if v is None or (isinstance(v, float) and v != v) else str(v)
            if v:
                body = cache.get(v)
                if body is None:
                    body = cache[v] = _body(v, q)
                append(f'<c r="{letter}{row}"{body}')
            else:
                append("")
            row += 1
        return out
    for v in values:
        if v is None or v == "" or (isinstance(v, float) and v != v):
            append("")
        elif kind == "number":
            append(f'<c r="{letter}{row}"><v>{v}</v></c>')
        else:
            try:
                serial = (dt.date.fromisoformat(v) - _EPOCH).days
                append(f'<c r="{letter}{row}" s="{d}"><v>{serial}</v></c>')
            except (TypeError, ValueError):
                append(f'<c r="{letter}{row}"{_body(str(v), q)}')
        row += 1
    return out


def _body(s: str, q: int) -> str:
    """Everything of an inline-string cell after its reference: style, escaped text, closing tags."""
    style = f' s="{q}"' if s.startswith(DANGEROUS_START) else ""
    if not s.isprintable():
        s = _CONTROL.sub(" ", s)
    if "&" in s or "<" in s or ">" in s:
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if s[:1].isspace() or s[-1:].isspace() else ""
    return f'{style} t="inlineStr"><is><t{space}>{s}</t></is></c>'


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
                for chunk in bulk.xml_chunks():
                    out.write(chunk.encode("utf-8"))
                out.write(("</sheetData>" + tail).encode("utf-8"))
    tmp.replace(path)
