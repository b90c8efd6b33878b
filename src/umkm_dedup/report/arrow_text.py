"""Columns as Arrow strings, and their bytes: the big outputs (sheet XML, CSV) are built column-wise
by Arrow string kernels and written straight from Arrow's buffers, with no Python object per cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3


def as_text(values) -> pa.Array:
    """A column as Arrow strings; None, NaN and other empties become ''. Arrow-backed pandas
    columns, categoricals and Arrow arrays pass without a Python object per value."""
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        arr = values
    else:
        try:
            arr = pa.array(values, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arr = pa.array(["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values],
                           type=pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks else pa.array([], pa.string())
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if pa.types.is_null(arr.type):
        arr = pa.nulls(len(arr), pa.string())
    if not pa.types.is_string(arr.type):
        arr = pc.cast(arr, pa.string())
    return pc.fill_null(arr, "")


def as_number(values) -> pa.Array:
    """Numbers as their shortest text; missing ones as ''."""
    arr = pa.array(values, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_floating(arr.type):
        arr = pc.if_else(pc.is_finite(arr), arr, pa.scalar(None, arr.type))
    return pc.fill_null(pc.cast(arr, pa.string()), "")


def text_column(values) -> object:
    """Strings (Arrow array, numpy or list) as pandas' own text column: Arrow-backed 'str' in
    pandas 3, plain objects in pandas 2 (which still works, more slowly)."""
    if isinstance(values, (pa.Array, pa.ChunkedArray)) and not _PANDAS_3:
        values = values.to_numpy(zero_copy_only=False)
    return pd.array(values, dtype="str") if _PANDAS_3 else np.asarray(values, dtype=object)


def take_text(column, positions: np.ndarray) -> pa.Array:
    """Values of a (possibly Arrow-backed) column at positions, as Arrow strings."""
    return as_text(pa.array(column, from_pandas=True).take(pa.array(np.asarray(positions, dtype=np.int64))))


def string_bytes(strings: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(UTF-8 bytes, offsets from 0) of a string array without nulls, as numpy views of its buffers."""
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32, count=len(strings) + 1,
                            offset=strings.offset * 4).astype(np.int64)
    raw = strings.buffers()[2]
    data = np.frombuffer(raw, dtype=np.uint8)[offsets[0]:offsets[-1]] if raw is not None else np.zeros(0, np.uint8)
    return data, offsets - offsets[0]


def edge_bytes(strings: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(non-empty, first byte, last byte) per value of a string array without nulls; 0 for empty."""
    data, offsets = string_bytes(strings)
    starts, ends = offsets[:-1], offsets[1:]
    filled = ends > starts
    first = np.zeros(len(strings), np.uint8)
    last = np.zeros(len(strings), np.uint8)
    first[filled], last[filled] = data[starts[filled]], data[ends[filled] - 1]
    return filled, first, last


def string_buffer(strings: pa.Array) -> memoryview:
    """All strings of an Arrow string array back to back, without copying them."""
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32, count=len(strings) + 1,
                            offset=strings.offset * 4)
    data = strings.buffers()[2]
    return memoryview(data)[offsets[0]:offsets[-1]] if data is not None else memoryview(b"")
