"""Clusters on Spark: connected components of the match links by min-label propagation with
pointer jumping, in DataFrames (no graph package to download). The guard against chaining (two
trustworthy NIKs that are not one typo apart, or a pair an officer said are two people) is
matching/clustering.py's own `cluster`, run on the driver over only the components that need it:
a handful of small components, whatever the size of the run."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clustering import _conflict_within, cluster

#: give up propagating after this many rounds (a chain this long is not one person; it would
#: still be correct, only slow: each round halves the remaining distance at least)
MAX_ROUNDS = 200


def components(spark, n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label (smallest member position) per record, computed on the cluster."""
    from pyspark.sql import functions as F

    labels_out = np.arange(n)
    if len(left) == 0:
        return labels_out
    edges = spark.createDataFrame(pd.DataFrame({"src": left.astype(np.int64), "dst": right.astype(np.int64)}))
    both = edges.unionByName(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst"))).persist()
    labels = both.groupBy(F.col("src").alias("node")).agg(F.least(F.min("dst"), F.first("src")).alias("label"))
    labels = labels.localCheckpoint()
    for _ in range(MAX_ROUNDS):
        # each node takes the smallest label among itself and its neighbours ...
        offered = both.join(labels.withColumnRenamed("node", "src"), "src").select(F.col("dst").alias("node"), "label")
        new = offered.unionByName(labels).groupBy("node").agg(F.min("label").alias("label"))
        # ... then jumps to its label's label (pointer jumping: long chains converge in log rounds)
        jumped = (new.join(new.select(F.col("node").alias("label"), F.col("label").alias("up")), "label", "left")
                  .select("node", F.least("label", F.coalesce("up", "label")).alias("label")))
        jumped = jumped.localCheckpoint()
        changed = (jumped.join(labels.withColumnRenamed("label", "old"), "node")
                   .where(F.col("label") != F.col("old")).limit(1).count())
        labels = jumped
        if not changed:
            break
    got = labels.toPandas()
    both.unpersist()
    labels_out[got["node"].to_numpy(np.int64)] = got["label"].to_numpy(np.int64)
    return labels_out


def suspect_components(spark, labels: np.ndarray, trusted_nik: np.ndarray,
                       cannot_link: list[tuple[int, int]]) -> set[int]:
    """Components holding two trustworthy NIKs in conflict (grouped on the cluster, tested on the
    driver with the local engine's own test), or both records of a cannot-link pair."""
    from pyspark.sql import functions as F

    suspect = {int(labels[a]) for a, b in cannot_link if labels[a] == labels[b]}
    in_group = np.bincount(labels, minlength=len(labels))[labels] > 1
    has = np.flatnonzero(in_group & (trusted_nik != ""))
    if len(has) == 0:
        return suspect
    frame = spark.createDataFrame(pd.DataFrame({"c": labels[has].astype(np.int64), "nik": trusted_nik[has].astype(str)}))
    many = (frame.groupBy("c").agg(F.collect_set("nik").alias("niks")).where(F.size("niks") > 1).toPandas())
    for c, niks in zip(many["c"], many["niks"]):
        if _conflict_within(frozenset(niks)):
            suspect.add(int(c))
    return suspect


def guarded(labels: np.ndarray, suspects: set[int], left: np.ndarray, right: np.ndarray, weight: np.ndarray,
            tie: np.ndarray, trusted_nik: np.ndarray, cannot_link: list[tuple[int, int]],
            forced: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """clustering.cluster on the suspect components only; labels elsewhere stay as they are.
    Positions are renumbered in order, so the smallest member stays the label."""
    labels = labels.copy()
    refused = np.zeros(len(left), bool)
    if not suspects:
        return labels, refused
    wanted = sorted(suspects)
    nodes = np.flatnonzero(np.isin(labels, wanted))        # sorted: renumbering keeps the order
    edges = np.flatnonzero(np.isin(labels[left], wanted))
    local = np.full(len(labels), -1, np.int64)
    local[nodes] = np.arange(len(nodes))
    links = [(int(local[a]), int(local[b])) for a, b in cannot_link if local[a] >= 0 and local[b] >= 0]
    sub_labels, sub_refused = cluster(len(nodes), local[left[edges]], local[right[edges]], weight[edges], tie[edges],
                                      trusted_nik[nodes], cannot_link=links, forced=forced[edges])
    labels[nodes] = nodes[sub_labels]
    refused[edges] = sub_refused
    return labels, refused


def spark_clusterer(spark):
    """clustering.cluster's signature, with the components found on the cluster and the guard run
    on the driver over the suspect components only (engine.finish calls it)."""
    def run(n, left, right, weight, tie, trusted_nik, cannot_link=None, forced=None):
        cannot_link = list(cannot_link or [])
        forced = np.zeros(len(left), bool) if forced is None else forced
        labels = components(spark, n, left, right)
        suspects = suspect_components(spark, labels, trusted_nik, cannot_link)
        return guarded(labels, suspects, left, right, weight, tie, trusted_nik, cannot_link, forced)

    return run
