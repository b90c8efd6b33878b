"""CSV outputs (record_map.csv, data_unik.csv) for a million rows in seconds: columns are quoted
and formula-neutralised by Arrow string kernels and written in chunks straight from Arrow's
buffers. Same dialect as Python's csv module with QUOTE_MINIMAL and '\\n' line ends."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrow_text import as_number, as_text, edge_bytes, string_buffer
from .atomic import atomic_path
from .safe import formula_starts

CHUNK = 100_000
_NEEDS_QUOTES = r'[,"\r\n]'


def write_csv(path: Path, columns: dict[str, object], *, numeric: set[str] = frozenset(), bom: bool = False,
              sep: str = ",", identifiers: set[str] = frozenset()) -> Path:
    """`columns`: header -> values (any sequence, pandas or Arrow). Text that could run as a
    formula in Excel gets a leading apostrophe; `numeric` columns are written as numbers; `sep`:
    ',' or what Indonesian-locale Excel expects, ';'. `identifiers` (NIK, KK, phone): a value of
    digits only (or a masked NIK's digits and '*') is written ="…", the one form every spreadsheet's
    CSV import keeps as text: a plain 1903…0001 becomes 1903…0000 (15 significant digits) and
    0812… loses its 0. Only such values get it, so the formula can never be anything but that text."""
    texts = {name: as_number(v) if name in numeric else as_text(v) for name, v in columns.items()}
    # the fixes are made a chunk at a time (each value's own): no second copy of a whole column
    fixes = {name: (lambda v: v) if name in numeric else
             (lambda v: _as_text_formula(_neutralised(v))) if name in identifiers else _neutralised
             for name in texts}
    n = len(next(iter(texts.values()))) if texts else 0
    with atomic_path(path) as tmp, open(tmp, "wb") as out:
        if bom:
            out.write("\ufeff".encode("utf-8"))
        out.write((sep.join(_quote_one(h, sep) for h in texts) + "\n").encode("utf-8"))
        for start in range(0, n, CHUNK):
            parts = [_quoted(fixes[name](values[start:start + CHUNK]), sep) for name, values in texts.items()]
            if len(parts) == 1:  # an empty line would read as no row at all: write "" as csv does
                parts[0] = pc.if_else(pc.equal(parts[0], ""), '""', parts[0])
            rows = pc.binary_join_element_wise(*parts, sep)
            out.write(string_buffer(pc.binary_join_element_wise(rows, "\n", "")))
    return Path(path)


def fixed_decimals(values, places: int) -> pa.Array:
    """Numbers as text with exactly `places` decimals, as f"{x:.4f}" writes them (Python's exact
    rounding), formatted once per distinct value: confidences have few."""
    distinct, inverse = np.unique(np.asarray(values, dtype=np.float64), return_inverse=True)
    texts = pa.array([f"{x:.{places}f}" for x in distinct.tolist()], type=pa.string())
    return texts.take(pa.array(inverse.ravel()))


def _as_text_formula(values: pa.Array) -> pa.Array:
    safe = pc.match_substring_regex(values, r"^[0-9*]+$")
    if not pc.any(safe).as_py():
        return values
    return pc.if_else(safe, pc.binary_join_element_wise('="', values, '"', ""), values)


def _neutralised(values: pa.Array) -> pa.Array:
    _, first, _ = edge_bytes(values)
    risky = formula_starts(first)
    if not risky.any():
        return values
    return pc.if_else(pa.array(risky), pc.binary_join_element_wise("'", values, ""), values)


def _quoted(values: pa.Array, sep: str = ",") -> pa.Array:
    needs = pc.match_substring_regex(values, _NEEDS_QUOTES if sep == "," else _NEEDS_QUOTES.replace(",", ",;|\t"))
    if not pc.any(needs).as_py():
        return values
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(values, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, values)


def _quote_one(text: str, sep: str = ",") -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\r\n' + sep) else text
