"""A chunk of sheet rows read a column at a time: the same records, row numbers and dropped rows
as reader._extract's row-by-row loop, with the per-cell work done by C-speed passes over whole
columns (a column of plain texts is stripped with one `map`, a column of digit-only NIKs is
recognised by joining it once). That loop was most of reading's own time: at 1,000,000 records
it made a dict, a list of texts and a row-filter call per record.

Only rows without a NIK can be anything but a record (rowfilter: a repeated header, a total or
a signature never has one), so only they go through the row filter, in order, with its state
brought up to date with the records before them. Whatever this module does not handle exactly
as the row loop does -- a cell longer than `max_cell_chars`, a time of day in a date column, a
number too big for a float, two columns mapped to one field -- makes it return None, and the
caller reads that chunk row by row."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import operator

import numpy as np

from ..core.records import ID_FIELDS
from . import cells, rowfilter

#: fields holding a date (reader._DATE_FIELDS)
DATE_FIELDS = frozenset({"birth_date"})
_TIME_TYPES = (dt.time, dt.timedelta)


def extract_columns(lines: list, start: int, stop: int, first: int, field_cols: list[tuple[int, str]],
                    extra_cols: list[tuple[int, str]], max_chars: int, rows: rowfilter.RowFilter,
                    dropped: list, clock) -> tuple[dict[str, list], list[int]] | None:
    """(field -> texts of the kept records, their spreadsheet row numbers), dropped rows appended
    to `dropped`; None where the chunk must be read row by row (see the module's docstring).
    `rows` (the sheet's row filter) is left as the row loop would leave it."""
    if len({f for _, f in field_cols}) != len(field_cols):
        return None
    present = list(itertools.compress(range(start, stop), lines[start:stop]))
    if not present:
        return {}, []
    chunk = [lines[i] for i in present] if len(present) != stop - start else lines[start:stop]
    m = len(chunk)
    widths = set(map(len, chunk))
    if len(widths) == 1:   # one itemgetter pass per column: 3x faster than zip(*chunk)
        columns = [list(map(operator.itemgetter(i), chunk)) for i in range(widths.pop())]
    else:   # a shorter row's missing cells read as empty ones: the row loop treats both alike
        columns = [list(col) for col in itertools.zip_longest(*chunk, fillvalue="")]
    del chunk
    clock.check()
    texts = [_texts(col) for col in columns]
    filled = np.zeros(m, np.int64)
    for col in texts:   # one pass per column gives both the cut check and the cells each row fills
        lengths = np.fromiter(map(len, col), np.int64, m)
        if m and lengths.max() > max_chars:
            return None
        filled += lengths > 0
    clock.check()
    empty = [""] * m
    values: dict[str, list] = {}
    flags: dict[str, list] = {}
    for i, fld in field_cols:
        col = columns[i] if i < len(columns) else empty
        if fld in ID_FIELDS:
            got = _identifiers(col, fld)
            if got is None:
                return None
            values[fld], flag = got
            if fld in ("nik", "kk") and flag is not None:
                flags[f"{fld}_flag"] = flag
        else:
            if fld in DATE_FIELDS and any(issubclass(t, _TIME_TYPES) for t in set(map(type, col))):
                return None
            values[fld] = texts[i] if i < len(texts) else empty
    del columns
    clock.check()

    nik = values.get("nik")
    if nik is None:
        has_nik = np.zeros(m, bool)
    else:
        match = rowfilter.NIK_LIKE.match
        has_nik = np.fromiter((match(v) is not None for v in nik), bool, m)
    keep = has_nik.copy()
    filled_list = filled.tolist()
    done = 0   # rows before this one are in the row filter's state
    for count, k in enumerate(np.flatnonzero(~has_nik).tolist()):
        if count % 5000 == 0:
            clock.check()
        rows.add_records(filled_list[done:k])
        done = k + 1
        record = {fld: vals[k] for fld, vals in values.items()}
        record.update({fld: vals[k] for fld, vals in flags.items() if vals[k]})
        reason = rows.classify([col[k] for col in texts], record)
        if reason:
            if reason != rowfilter.BLANK:
                dropped.append((first + present[k] + 1, reason))
        else:
            keep[k] = True
    rows.add_records(filled_list[done:])

    out = {**values, **flags}
    if extra_cols:
        out["extra"] = [_extra(texts, extra_cols, k) for k in range(m)]
    kept_rows = [first + r + 1 for r in present]
    if not keep.all():
        mask = keep.tolist()
        out = {fld: list(itertools.compress(vals, mask)) for fld, vals in out.items()}
        kept_rows = list(itertools.compress(kept_rows, mask))
    return out, kept_rows


def _texts(col: list) -> list[str]:
    """cells.text_cell of every cell; a column of printable texts (nearly every one) by C passes."""
    try:
        joined = "".join(col)
    except TypeError:   # numbers, dates, empty cells: cell by cell
        return list(map(cells.text_cell, col))
    if joined.isprintable():
        return list(map(str.strip, col))
    return list(map(cells.text_cell, col))


def _identifiers(col: list, fld: str) -> tuple[list[str], list[str] | None] | None:
    """(texts, flags or None when no cell has one) as cells.identifier_cell gives them; None when
    a number needs the file's own digits (NEEDS_RAW: the row loop reads those)."""
    try:
        joined = "".join(col)
    except TypeError:
        joined = None
    if joined is not None and (joined == "" or (joined.isascii() and joined.isdigit())):
        return col, None   # every cell empty or ASCII digits: each is its own text, no flag
    texts, flags = [], []
    for value in col:
        text, flag = cells.identifier_cell(value, fld)
        if flag == cells.NEEDS_RAW:
            return None
        texts.append(text)
        flags.append(flag)
    return texts, (flags if any(flags) else None)


def _extra(texts: list[list[str]], extra_cols: list[tuple[int, str]], k: int) -> str:
    extra = {lbl: texts[i][k] for i, lbl in extra_cols if i < len(texts) and texts[i][k]}
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""
