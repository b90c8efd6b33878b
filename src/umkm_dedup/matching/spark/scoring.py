"""Comparison levels on Spark: each batch of pairs arrives through Arrow carrying both records'
feature columns; the local engine's level functions run on a small table of just those records
(their codes are the batch's own, and every comparison only asks whether two values are equal or
how alike two strings are, so the levels are the ones the whole table gives)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..comparisons import Encoded
from ..model import compute_levels
from .features import POS


def batch_levels(left: pd.DataFrame, right: pd.DataFrame, comparisons: list[str]) -> dict[str, np.ndarray]:
    """Levels for pairs (left row k, right row k), from the two records' feature frames."""
    n = len(left)
    table = pd.concat([left.reset_index(drop=True), right.reset_index(drop=True)], ignore_index=True)
    for col in table.columns:
        if table[col].dtype != bool:
            table[col] = table[col].fillna("").astype(object)
    idx = np.arange(n)
    return compute_levels(Encoded(table), idx, idx + n, comparisons)


class _Reads:
    """A feature frame that notes which columns are read: run the level functions once on a few
    records through it, and only those columns travel with each pair (a third of them)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame, self.read = frame, set()

    def __getitem__(self, name):
        self.read.add(name)
        return self.frame[name]

    def __len__(self):
        return len(self.frame)

    def __getattr__(self, name):
        return getattr(self.frame, name)


def columns_read(sample: pd.DataFrame, comparisons: list[str]) -> list[str]:
    """The feature columns the level functions of `comparisons` read (all of them if the probe
    fails: correct, only slower)."""
    table = sample.reset_index(drop=True)
    for col in table.columns:
        if table[col].dtype != bool:
            table[col] = table[col].fillna("").astype(object)
    probe = _Reads(table)
    try:
        idx = np.arange(len(table))
        compute_levels(Encoded(probe), idx, idx[::-1].copy(), comparisons)
    except Exception:
        return list(sample.columns)
    return [c for c in sample.columns if c in probe.read]


def level_schema(comparisons: list[str], extra: tuple[str, ...] = ("left", "right")):
    from pyspark.sql.types import ByteType, LongType, StructField, StructType

    return StructType([StructField(c, LongType(), False) for c in extra]
                      + [StructField(f"{c}_level", ByteType(), False) for c in comparisons])


def pair_levels(pairs_df, feats_df, comparisons: list[str], columns: list[str],
                keep: tuple[str, ...] = ("left", "right")):
    """pairs_df (left, right, ...) -> (keep..., <comparison>_level ...); `columns`: the feature
    columns the level functions read (columns_read)."""
    from pyspark.sql import functions as F

    lf = feats_df.select(F.col(POS).alias("left"), *[F.col(c).alias(f"l_{c}") for c in columns])
    rf = feats_df.select(F.col(POS).alias("right"), *[F.col(c).alias(f"r_{c}") for c in columns])
    joined = pairs_df.join(lf, "left").join(rf, "right")

    def run(batches):
        for batch in batches:
            if len(batch) == 0:
                continue
            left = batch[[f"l_{c}" for c in columns]].set_axis(columns, axis=1)
            right = batch[[f"r_{c}" for c in columns]].set_axis(columns, axis=1)
            levels = batch_levels(left, right, comparisons)
            out = {k: batch[k].to_numpy(np.int64) for k in keep}
            out.update({f"{c}_level": levels[c].astype(np.int8) for c in comparisons})
            yield pd.DataFrame(out)

    return joined.mapInPandas(run, level_schema(comparisons, keep))


def pattern_counts(levels_df, comparisons: list[str]) -> dict[str, np.ndarray]:
    """The distinct level patterns and their counts, aggregated on the cluster, expanded on the
    driver into the per-pair arrays the model's functions take (their result depends only on the
    multiset of patterns, so the order is irrelevant)."""
    from pyspark.sql import functions as F

    cols = [f"{c}_level" for c in comparisons]
    rows = levels_df.groupBy(*cols).agg(F.count("*").alias("n")).toPandas()
    rows = rows.sort_values(cols, kind="stable")
    counts = rows["n"].to_numpy(np.int64)
    return {c: np.repeat(rows[f"{c}_level"].to_numpy(np.int8), counts) for c in comparisons}
