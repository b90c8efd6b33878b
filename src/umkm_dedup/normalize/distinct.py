"""Compute a normalisation once per distinct value: factorize the column, apply the function to
the distinct values only, and broadcast back with the codes (no per-row Python work)."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd


def per_distinct(values: pd.Series, fn: Callable[[str], object]) -> np.ndarray:
    codes, uniques = pd.factorize(values.fillna("").astype(str), sort=False)
    mapped = np.array([fn(u) for u in uniques.tolist()] + [fn("")], dtype=object)
    return mapped[codes]  # code -1 (missing) picks the trailing fn("")


def per_distinct_frame(values: pd.Series, fn: Callable[[str], tuple], columns: list[str]) -> pd.DataFrame:
    codes, uniques = pd.factorize(values.fillna("").astype(str), sort=False)
    rows = [fn(u) for u in uniques.tolist()] + [fn("")]
    table = {c: np.array([r[i] for r in rows], dtype=object)[codes] for i, c in enumerate(columns)}
    return pd.DataFrame(table, index=values.index)
