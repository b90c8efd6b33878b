"""Parquet files (a DTKS/DTSEN extract exported by a data team, the generator's large sets), read
in row batches of STREAM_ROWS: the column names are the header row (row 1), records are rows 2 on,
as in the CSV the same table would be, so provenance, checks and the record a row becomes are the
same as for every other source. Values keep their type into the cell rules (an integer NIK is a
number read exactly, a date is a date); nothing but the current batch is held as Python values.

    first, rest = open_parquet(path, limits, clock, notes)
"""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path
from typing import Iterator

from ..core.errors import SourceError
from .cells import clean_text
from . import limits as _bounds
from .limits import STREAM_CELLS, Clock, Limits

MAGIC = b"PAR1"
#: pandas' own index columns: not data a sender wrote
_INDEX_PREFIX = "__index_level_"


def is_parquet(path: Path) -> bool:
    """Parquet files begin and end with PAR1."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
            fh.seek(-4, 2)
            return head == MAGIC and fh.read(4) == MAGIC
    except OSError:
        return False


def column_names(path: Path) -> list[str]:
    """The file's column names, from its footer only (for recognising our own outputs)."""
    import pyarrow.parquet as pq

    return list(pq.read_schema(path).names)


def _plain(value):
    """A Parquet value as a cell value the cell rules know (bytes as text, decimals as text)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, (list, dict, tuple)):
        return str(value)
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _needs_plain(kind) -> bool:
    """Arrow types whose Python values the cell rules do not know as they are."""
    import pyarrow.types as pat

    if pat.is_dictionary(kind):
        kind = kind.value_type
    return (pat.is_binary(kind) or pat.is_large_binary(kind) or pat.is_fixed_size_binary(kind)
            or pat.is_decimal(kind) or pat.is_nested(kind) or pat.is_duration(kind))


def open_parquet(path: Path, limits: Limits, clock: Clock, notes: list | None = None,
                 chunk_rows: int | None = None) -> tuple[list[list], Iterator[list[list]]]:
    """The header row and the first batch, then an iterator over the following batches. Columns
    past `max_columns` are not read (noted); `max_cells` bounds each batch."""
    import pyarrow.parquet as pq

    name = path.name
    clock.allow_for(path.stat().st_size)
    if not is_parquet(path):
        raise SourceError("file is corrupt or not a real Parquet file", file=name, key="corrupt_parquet",
                          hint="export the table again as Parquet, or as CSV")
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:   # pyarrow raises its own error types (ArrowInvalid, OSError)
        raise SourceError(f"file is corrupt or unreadable ({type(exc).__name__})", file=name, key="corrupt_parquet",
                          hint="export the table again as Parquet, or as CSV") from exc
    names = [n for n in parquet.schema_arrow.names if not n.startswith(_INDEX_PREFIX)]
    if len(names) > limits.max_columns:
        if notes is not None:
            notes.append((1, limits.max_columns, "columns_cut"))
        names = names[:limits.max_columns]
    header = [clean_text(str(n)) for n in names]
    batches = _batches(parquet, names, limits, clock, name, chunk_rows or _bounds.STREAM_ROWS)
    first = next(batches, [])
    return [header] + first, batches


def _batches(parquet, names: list[str], limits: Limits, clock: Clock, name: str,
             chunk_rows: int) -> Iterator[list[list]]:
    if not names:
        return
    chunk_rows = max(1, min(chunk_rows, STREAM_CELLS // len(names)))
    convert = [_needs_plain(parquet.schema_arrow.field(n).type) for n in names]
    for batch in parquet.iter_batches(batch_size=chunk_rows, columns=names, use_threads=False):
        clock.check()
        if batch.num_rows * batch.num_columns > limits.max_cells:
            raise SourceError("sheet has too many cells", file=name, key="too_many_cells",
                              params={"limit": limits.max_cells})
        columns = []
        for column, plain in zip(batch.columns, convert):
            values = column.to_pylist()
            columns.append([_plain(v) for v in values] if plain else values)
        yield [list(row) for row in zip(*columns)]
