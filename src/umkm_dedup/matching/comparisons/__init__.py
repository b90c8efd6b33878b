"""Comparisons: for each candidate pair, which level of agreement each field reaches. Levels are
ordered from strongest agreement to strongest disagreement; -1 (MISSING) means no evidence.

One module per comparison (nik.py, name.py, ...), each a `Comparison` subclass that owns its
feature columns, its named levels, its thresholds (parameters), its m/u priors and its messages
(`ev.<name>.<level>` in messages.py). Adding a comparison: a new module here, its line in
`REGISTRY` below, and its messages.

Two ways in, one definition: the local engine scores pairs as positions into one feature table
(`compute_levels`); another engine (Spark) that holds batches of pairs with both records' feature
columns calls `levels_for_batch(left, right, settings)`. Both run the same `Comparison.compare`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import _ORDER_GROUP, _ORDER_OF, MISSING, Comparison, Encoded, PairView, nik_digit_matrix  # noqa: F401
from .birth_date import BirthDateComparison
from .contact import ContactComparison
from .name import NameComparison
from .nik import NikComparison
from .other_id import OtherIdComparison
from .sex import SexComparison

#: every comparison by name, in the default order (Settings.COMPARISONS)
REGISTRY: dict[str, type[Comparison]] = {c.name: c for c in (
    NikComparison, OtherIdComparison, NameComparison, BirthDateComparison, SexComparison, ContactComparison)}

#: level names per comparison (levels are fixed per class; only thresholds are parameters)
LEVELS: dict[str, list[str]] = {name: list(cls.levels) for name, cls in REGISTRY.items()}


def build(name: str, params: dict | None = None) -> Comparison:
    """The comparison `name` with its default parameters, updated by `params`."""
    return REGISTRY[name](**(params or {}))


def compute_levels(enc: Encoded, left: np.ndarray, right: np.ndarray,
                   comparisons: list[Comparison]) -> dict[str, np.ndarray]:
    """Level codes (int8, MISSING = -1) per comparison for pairs given as positions into `enc`."""
    view = PairView(enc, left, right)
    return {c.name: c.compare(view) for c in comparisons}


def levels_in_chunks(enc: Encoded, left: np.ndarray, right: np.ndarray, comparisons: list[Comparison],
                     chunk: int | None, on_chunk=None) -> dict[str, np.ndarray]:
    """compute_levels over `chunk` pairs at a time into one int8 array per comparison: a pair's
    levels depend on that pair alone, so the answer is the same, while the comparisons' gathered
    texts and temporaries exist for one chunk only (u's 3 million random pairs at once were the
    matching stage's top at 976k records, +600 MB). `on_chunk(done, total)` after each chunk."""
    n = len(left)
    step = max(int(chunk or n), 1)
    levels = {c.name: np.empty(n, np.int8) for c in comparisons}
    for start in range(0, n, step):
        sl = slice(start, start + step)
        part = compute_levels(enc, left[sl], right[sl], comparisons)
        for name, values in part.items():
            levels[name][sl] = values
        if on_chunk is not None:
            on_chunk(min(start + step, n), n)
    return levels


#: feature columns derived inside Encoded, and the columns they come from
_DERIVED = {"birth_int": "birth", "birth_declared_int": "birth_declared", "nik_birth_int": "nik_birth",
            "nik_digits": "nik", "name_order": "name_norm", "name_title": "name_norm", "name_bare": "name_norm"}


def batch_columns(comparisons: list[Comparison]) -> list[str]:
    """The feature columns (matching/prepare.py names) a batch must carry for these comparisons."""
    cols: list[str] = []
    for c in comparisons:
        cols += [col for col in c.inputs if col not in cols]
    return cols


def levels_for_batch(left: pd.DataFrame, right: pd.DataFrame, settings=None,
                     term_stats=None) -> dict[str, np.ndarray]:
    """Level codes for a batch of pairs given as two aligned feature frames: row i of `left` and
    row i of `right` are one pair. Columns are those of matching.prepare.prepare() (at least
    `batch_columns(settings.comparison_objects())`; a Spark engine strips its left_/right_
    prefixes). Returns {comparison name: int8 array, -1 = no evidence}, identical to what the
    local engine computes for the same pairs. `term_stats` is accepted for a stable signature:
    levels do not depend on term frequencies (they adjust the evidence, model.evidence)."""
    from ..settings import Settings

    settings = settings or Settings()
    comparisons = settings.comparison_objects()
    if len(left) != len(right):
        raise ValueError("left and right must hold the same number of pairs")
    n = len(left)
    cols = batch_columns(comparisons)
    frame = {}
    for col in cols:
        values = pd.concat([_plain(left[col], col), _plain(right[col], col)], ignore_index=True)
        frame[col] = values
    enc = Encoded(pd.DataFrame(frame))
    positions = np.arange(n)
    return compute_levels(enc, positions, positions + n, comparisons)


#: the yes/no feature columns (matching/prepare.py); every other input is text
FLAG_COLUMNS = ("nik_valid", "nik_trusted", "nik_truncated", "nik_kk_like", "name_script", "nik_home",
                "nik_home_regency")


def _plain(series: pd.Series, name: str) -> pd.Series:
    """A column as the comparisons expect it: text without nulls (categories as their values),
    flags as bools (a null flag is False)."""
    series = series.reset_index(drop=True)
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(object)
    if name in FLAG_COLUMNS or series.dtype == bool:
        return series.astype(object).where(series.notna(), False).astype(bool)
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        return series.astype(object).where(series.notna(), "").astype(str)
    return series
