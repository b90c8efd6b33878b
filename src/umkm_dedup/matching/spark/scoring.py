"""Comparison levels on Spark: each batch of pairs arrives through Arrow carrying both records'
feature columns, and comparisons.levels_for_batch (the local engine's own level functions on a
small table of just those records) turns it into level codes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..comparisons import batch_columns, levels_for_batch
from .features import POS


def level_schema(comparisons: list[str], extra: tuple[str, ...] = ("left", "right")):
    from pyspark.sql.types import ByteType, LongType, StructField, StructType

    return StructType([StructField(c, LongType(), False) for c in extra]
                      + [StructField(f"{c}_level", ByteType(), False) for c in comparisons])


def comparison_side(feats_df, settings, partitions: int, carry: tuple[str, ...] = ()):
    """The feature columns the comparisons read, hash-partitioned by record position and kept:
    every join of pairs with it (u's random pairs, the candidate pairs; left, then right) then
    shuffles only the pairs, never the features again."""
    from pyspark.sql import functions as F

    columns = batch_columns(settings.comparison_objects())
    columns += [c for c in carry if c not in columns]
    return feats_df.select(F.col(POS), *columns).repartition(partitions, POS).persist()


def pair_levels(pairs_df, feats_df, settings, keep: tuple[str, ...] = ("left", "right"),
                carry: tuple[str, ...] = ()):
    """pairs_df (left, right, ...) -> (keep..., <comparison>_level ..., carry...). Only the feature
    columns the comparisons read (batch_columns) travel with each pair. `carry`: boolean features
    of both records ANDed into one column each (nik_trusted: the NIK anchors of the model)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import BooleanType, StructField

    comps = settings.comparisons
    columns = batch_columns(settings.comparison_objects())
    # feats_df: prepare()'s frame, or its comparison_side()
    lf = feats_df.select(F.col(POS).alias("left"), *[F.col(c).alias(f"l_{c}") for c in columns])
    rf = feats_df.select(F.col(POS).alias("right"), *[F.col(c).alias(f"r_{c}") for c in columns])
    joined = pairs_df.join(lf, "left").join(rf, "right")

    def run(batches):
        for batch in batches:
            if len(batch) == 0:
                continue
            left = batch[[f"l_{c}" for c in columns]].set_axis(columns, axis=1)
            right = batch[[f"r_{c}" for c in columns]].set_axis(columns, axis=1)
            levels = levels_for_batch(left, right, settings)
            out = {k: batch[k].to_numpy(np.int64) for k in keep}
            out.update({f"{c}_level": levels[c].astype(np.int8) for c in comps})
            for c in carry:
                out[f"both_{c}"] = left[c].fillna(False).to_numpy(bool) & right[c].fillna(False).to_numpy(bool)
            yield pd.DataFrame(out)

    schema = level_schema(comps, keep)
    for c in carry:
        schema = schema.add(StructField(f"both_{c}", BooleanType(), False))
    return joined.mapInPandas(run, schema)


def pattern_counts(levels_df, columns: list[str]) -> dict[str, np.ndarray]:
    """The distinct patterns of `columns` and their counts, aggregated on the cluster, expanded
    on the driver into the per-pair arrays the model's functions take (their result depends only
    on the multiset of patterns, so the order is irrelevant)."""
    from pyspark.sql import functions as F

    rows = levels_df.groupBy(*columns).agg(F.count("*").alias("n")).toPandas()
    rows = rows.sort_values(columns, kind="stable")
    counts = rows["n"].to_numpy(np.int64)
    return {c: np.repeat(rows[c].to_numpy(), counts) for c in columns}
