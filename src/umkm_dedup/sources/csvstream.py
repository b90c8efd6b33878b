"""CSV files of any size, read in chunks of STREAM_ROWS rows: a province's DTKS/DTSEN extract
(`|`-delimited, millions of lines) costs the memory of one chunk of Python values plus the compact
columns of the records kept, never a Python list of every cell. The file is decoded as it is read;
its encoding is settled first by one pass over the bytes at C speed (UTF-8 checked to the last
byte, else cp1252), the same rules as a small CSV always had (readers.decode_text).

    first, rest = open_csv(path, limits, clock, notes)   # rows of the first chunk, then an iterator
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Iterator

from ..core.errors import SourceError
from . import limits as _bounds
from .limits import STREAM_CELLS, Clock, Limits

_BLOCK = 4 * 2**20


def _binary_or_utf16(sample: bytes, name: str) -> str | None:
    """decode_text's checks on the first bytes: a UTF-16 file (with or without BOM), or binary."""
    from .readers import _BINARY_MAGIC

    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(sample) >= 8 and sample[1::2].count(0) > 0.4 * (len(sample) // 2) and sample[0::2].count(0) < 0.1 * len(sample):
        return "utf-16-le"
    if len(sample) >= 8 and sample[0::2].count(0) > 0.4 * (len(sample) // 2) and sample[1::2].count(0) < 0.1 * len(sample):
        return "utf-16-be"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if sample.startswith(_BINARY_MAGIC) or controls > 0.3 * len(sample):
        raise SourceError("not a text file (binary content)", file=name, key="binary",
                          hint="save the sheet as 'CSV UTF-8' or as .xlsx")
    return None


def _decodes(path: Path, encoding: str, clock: Clock) -> int | None:
    """None when the whole file decodes in `encoding`; else the offset of the first bad byte."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with open(path, "rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            clock.check()
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                return offset + max(exc.start, 0)
            if not block:
                return None
            offset += len(block)


def encoding_of(path: Path, clock: Clock) -> tuple[str, str]:
    """(codec, errors) to read the file with: UTF-16 (errors replaced, as before), UTF-8 with or
    without BOM, else cp1252 (Excel's 'CSV' on Windows); neither is a SourceError naming the byte."""
    name = path.name
    with open(path, "rb") as fh:
        sample = fh.read(4096)
    wide = _binary_or_utf16(sample, name)
    if wide:
        return wide, "replace"
    if _decodes(path, "utf-8", clock) is None:
        return "utf-8-sig", "strict"
    bad = _decodes(path, "cp1252", clock)
    if bad is None:
        return "cp1252", "strict"
    raise SourceError(f"text encoding not recognised (byte {bad})", file=name, key="encoding",
                      params={"byte": bad}, hint="save the file as 'CSV UTF-8' from Excel")


def open_csv(path: Path, limits: Limits, clock: Clock, notes: list | None = None,
             chunk_rows: int | None = None) -> tuple[list[list], Iterator[list[list]]]:
    """The first chunk of rows (enough to find the header and the delimiter) and an iterator over
    the following chunks. A cell may be as long as the file (the csv module's 131,072-character
    limit is lifted while reading); columns past `max_columns` are cut (noted once), and
    `max_cells` bounds each chunk
    (a chunk ends at `chunk_rows` rows or STREAM_CELLS cells)."""
    from .readers import sniff_delimiter

    clock.allow_for(path.stat().st_size)
    encoding, errors = encoding_of(path, clock)
    with open(path, "r", encoding=encoding, errors=errors, newline="") as fh:
        head = fh.read(20000)
    delimiter = sniff_delimiter(head)
    chunks = _chunks(path, encoding, errors, delimiter, limits, clock, notes, chunk_rows or _bounds.STREAM_ROWS)
    first = next(chunks, [])
    return first, chunks


def _chunks(path: Path, encoding: str, errors: str, delimiter: str, limits: Limits, clock: Clock,
            notes: list | None, chunk_rows: int) -> Iterator[list[list]]:
    previous = csv.field_size_limit()
    # a C long: 2**31 - 1 is the most Windows allows
    csv.field_size_limit(max(previous, min(limits.max_stream_bytes + 1, 2**31 - 1)))
    rows: list[list] = []
    cells = cut = line = 0
    try:
        with open(path, "rb") as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")
            reader = csv.reader(text, delimiter=delimiter)
            try:
                for line, row in enumerate(reader):
                    if line % 5000 == 0:
                        clock.check()
                    if len(row) > limits.max_columns:
                        cut += sum(1 for v in row[limits.max_columns:] if v)
                        row = row[:limits.max_columns]
                    cells += len(row)
                    if cells > limits.max_cells:
                        raise SourceError("sheet has too many cells", file=path.name, key="too_many_cells",
                                          params={"limit": limits.max_cells})
                    rows.append(row)
                    if len(rows) >= chunk_rows or cells >= STREAM_CELLS:
                        yield rows
                        rows, cells = [], 0
            except csv.Error as exc:
                raise SourceError(f"not a readable CSV ({exc})", file=path.name, key="bad_csv",
                                  params={"line": line + 2 if line or rows else 1}) from exc
        if rows:
            yield rows
    finally:
        csv.field_size_limit(previous)
        if cut and notes is not None:
            notes.append((1, limits.max_columns, "columns_cut"))
