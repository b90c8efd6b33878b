"""deduplicate() on Spark. The cluster does what grows with the data: features (prepare() per
partition), blocking joins, comparison levels (Arrow batches through the local level functions),
level-pattern counts for m/EM and u, connected components. The driver holds what the report needs
anyway (the features and the scored pairs, in record order) and applies the same vectorised
evidence, rules, clustering guard and stable ids as the local engine, so both engines give the
same clusters and the same cluster ids."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.records import RecordTable
from ..comparisons import Encoded
from ..engine import MatchResult, finish
from ..model import Model, TermStats, em, estimate_m, u_from_levels, u_sample_pairs
from ..settings import Settings
from . import blocking as spark_blocking
from .clustering import spark_clusterer
from .features import collect_features, feature_schema, record_frame, spark_features
from .scoring import comparison_side, pair_levels, pattern_counts
from .session import get_session


#: seconds per phase of the last run (bench/bench_spark.py prints them; never in the outputs,
#: which must not change from run to run)
LAST_TIMINGS: dict[str, float] = {}


def _clock():
    import time

    start = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        LAST_TIMINGS[name] = round(now - start[0], 3)
        start[0] = now

    LAST_TIMINGS.clear()
    return lap


def deduplicate_spark(records: RecordTable | pd.DataFrame, settings: Settings | None = None, decisions=None, *,
                      model: Model | None = None, spark=None, master: str | None = None,
                      conf: dict[str, str] | None = None, salt_rows: int = spark_blocking.SALT_ROWS) -> MatchResult:
    """matching.deduplicate on Spark; `spark` an existing session, else one for `master`/`conf`.
    `model`: a frozen model to score with (nothing fitted), as for the local engine."""
    if model is not None and settings is None and isinstance(model.settings, Settings):
        settings = model.settings
    settings = settings or Settings()
    if model is not None:
        model.check_settings(settings.comparisons)
    lap = _clock()
    spark = spark or get_session(master, conf)
    lap("session")
    frame = records.frame if isinstance(records, RecordTable) else records
    frame = frame.reset_index(drop=True)
    n = len(frame)
    partitions = max(int(spark.conf.get("spark.sql.shuffle.partitions", "4")), 1)
    comps = settings.comparisons
    objects = settings.comparison_objects()

    sample = frame.head(5) if n else frame
    feats_df = spark_features(record_frame(spark, frame, partitions), feature_schema(sample)).persist()
    feats = collect_features(feats_df, n)
    enc = Encoded(feats)
    lap("features")

    pairs_df, bstats = spark_blocking.candidate_pairs(feats_df, settings.blocking, settings.max_block_size, salt_rows, n)
    lap("blocking")
    side = comparison_side(feats_df, settings, partitions, carry=("nik_trusted",))
    levels_df = pair_levels(pairs_df, side, settings, carry=("nik_trusted",)).persist()
    level_cols = [f"{c}_level" for c in comps]
    fps = feats["fingerprint"].to_numpy()
    if model is None:
        # u from the local engine's random pairs (same seed, same pairs), levels on the cluster
        ui, uj = u_sample_pairs(fps, settings.u_sample_pairs, settings.seed)
        if len(ui):
            sample_df = spark.createDataFrame(pd.DataFrame({"left": ui.astype(np.int64), "right": uj.astype(np.int64)}))
            got = pattern_counts(pair_levels(sample_df, side, settings), level_cols)
            u_levels = {c: got[f"{c}_level"].astype(np.int8) for c in comps}
        else:
            u_levels = {c: np.empty(0, np.int8) for c in comps}
        u, u_method = u_from_levels(u_levels, objects, n)
        lap("u_sample")
        # m and EM from the candidate pairs' level patterns, counted on the cluster
        got = pattern_counts(levels_df, level_cols + ["both_nik_trusted"])
        patterns = {c: got[f"{c}_level"].astype(np.int8) for c in comps}
        m, anchors, method = estimate_m(patterns, objects, got["both_nik_trusted"].astype(bool))
        prior, iterations, converged = em(patterns, m, u, method)
        model = Model(m=m, u=u, prior=prior, anchors=anchors, method=method, u_method=u_method,
                      em_iterations=iterations, em_converged=converged, settings=settings)
        if settings.term_frequency:
            model.term_stats = TermStats.of(enc)
        del patterns, u_levels, got
        lap("levels_and_fit")

    # the scored pairs on the driver, in the local engine's order (by left, then right): the
    # report is written from them
    scored = levels_df.select("left", "right", *level_cols).toPandas()
    scored = scored.sort_values(["left", "right"], kind="stable").reset_index(drop=True)
    levels_df.unpersist()
    pairs_df.unpersist()
    left = scored["left"].to_numpy(np.int64)
    right = scored["right"].to_numpy(np.int64)
    levels = {c: scored[f"{c}_level"].to_numpy(np.int8) for c in comps}
    del scored
    lap("collected")
    result = finish(frame, feats, enc, bstats, left, right, levels, model, settings, decisions,
                    clusterer=spark_clusterer(spark))
    side.unpersist()
    feats_df.unpersist()
    lap("scored_and_clustered")
    return result
