"""Compute a normalisation once per distinct value: factorize the column, apply the function to
the distinct values only, and broadcast back with the codes (no per-row Python work). A column
held as codes (a categorical: the region columns) is not factorized again: its categories are
its distinct values already, and turning its codes back into a string per record cost more than
the normalising (0.4 s of 2.2 at 93k records)."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd


def distinct(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(code per record, -1 for a missing value, and the distinct texts): what factorizing
    `values.fillna("").astype(str)` gives, up to the numbering, which callers never see."""
    if isinstance(values.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(values.cat.categories):
        return values.cat.codes.to_numpy(), values.cat.categories.tolist()
    if not (isinstance(values.dtype, pd.StringDtype) and not values.hasnans):   # else: already texts, no copy
        values = values.fillna("").astype(str)
    codes, uniques = pd.factorize(values, sort=False)
    return codes, uniques.tolist()


def per_distinct(values: pd.Series, fn: Callable[[str], object]) -> np.ndarray:
    codes, uniques = distinct(values)
    mapped = np.array([fn(u) for u in uniques] + [fn("")], dtype=object)
    return mapped[codes]  # code -1 (missing) picks the trailing fn("")


def per_distinct_frame(values: pd.Series, fn: Callable[[str], tuple], columns: list[str],
                       coded: tuple[str, ...] = (), fold: Callable[[str], str] | None = None) -> pd.DataFrame:
    """fn's tuple per record as columns. The `coded` columns come as categoricals of their
    distinct results: no string per record is made (each one made and then turned into an Arrow
    string cost more than the normalising itself at 1,000,000 records). `fold`: a key with
    fn(fold(v)) == fn(v) for every v (a name's lower case, for names whose forms ignore case):
    fn runs once per distinct key."""
    codes, uniques = distinct(values)
    if fold is not None:
        keys: dict[str, int] = {}
        inner = np.array([keys.setdefault(fold(u), len(keys)) for u in uniques] + [-1], dtype=np.int64)
        codes, uniques = inner[codes], list(keys)   # code -1 picks the trailing -1
    rows = [fn(u) for u in uniques] + [fn("")]
    at = np.where(codes >= 0, codes, len(rows) - 1)   # code -1 (missing) picks the trailing fn("")
    table = {}
    for i, c in enumerate(columns):
        results = [r[i] for r in rows]
        if c in coded:
            result_codes, texts = pd.factorize(pd.Series(results, dtype=object), sort=False)
            table[c] = pd.Categorical.from_codes(result_codes[at], categories=pd.Index(texts, dtype=object))
        else:
            table[c] = np.array(results, dtype=object)[at]
    return pd.DataFrame(table, index=values.index)
