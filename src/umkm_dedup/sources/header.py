"""Find the header row anywhere in the first rows of a sheet: title rows and blank rows above it,
a merged group header above a second header row, and a row of column numbers below it."""

from __future__ import annotations

from dataclasses import dataclass

from .cells import text_cell
from .synonyms import NUMBER_COLUMN, field_for

SCAN_ROWS = 40


@dataclass
class Header:
    row: int                 # 0-based index of the (last) header row
    labels: list[str]        # one label per column ("" where none)
    fields: list[str | None]  # canonical field per column
    data_start: int          # 0-based index of the first data row
    two_row: bool = False


def _score(fields: list[str | None]) -> int:
    distinct = {f for f in fields if f and f != NUMBER_COLUMN}
    return len(distinct)


def _map(labels: list[str], overrides: dict[str, str] | None) -> list[str | None]:
    fields: list[str | None] = []
    seen: set[str] = set()
    for label in labels:
        fld = field_for(label, overrides)
        if fld and fld in seen and fld != NUMBER_COLUMN:
            fld = None  # a second "Alamat" column is kept as an extra attribute
        if fld:
            seen.add(fld)
        fields.append(fld)
    return fields


def _row_text(rows: list[list], index: int, width: int) -> list[str]:
    row = rows[index] if 0 <= index < len(rows) else []
    texts = [text_cell(v) for v in row]
    return texts + [""] * (width - len(texts))


def find_header(rows: list[list], overrides: dict[str, str] | None = None) -> Header | None:
    """The best-scoring header (at least two fields, one of them a name or NIK), or None."""
    width = max((len(r) for r in rows[:SCAN_ROWS + 5]), default=0)
    best: Header | None = None
    best_score = 1
    for i in range(min(len(rows), SCAN_ROWS)):
        lower = _row_text(rows, i, width)
        if sum(1 for t in lower if t) < 2:
            continue
        candidates = [(lower, False)]
        if i > 0:
            upper = _row_text(rows, i - 1, width)
            if any(upper):
                candidates.append(([lo or up for lo, up in zip(lower, upper)], True))
        for labels, two_row in candidates:
            fields = _map(labels, overrides)
            score = _score(fields)
            if not ({"name", "nik"} & set(fields)):
                continue
            if score > best_score:
                best_score = score
                best = Header(row=i, labels=labels, fields=fields, data_start=i + 1, two_row=two_row)
    if best is None:
        return None
    if _is_column_numbers(_row_text(rows, best.data_start, width)):
        best.data_start += 1
    return best


def _is_column_numbers(texts: list[str]) -> bool:
    """A row like `1 2 3 4 ...` or `(1) (2) (3)` printed under the header."""
    values = [t.strip("() ") for t in texts if t]
    if len(values) < 3 or not all(v.isdigit() for v in values):
        return False
    numbers = [int(v) for v in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 1
