"""deduplicate() on Spark. The cluster does what grows with the data: features (prepare() per
partition), blocking joins, comparison levels (Arrow batches through the local level functions),
level-pattern counts for m/EM and u, evidence, weights, rules and officers' verdicts (decide.py,
the local engine's own functions per batch), connected components. The driver holds the
features (the report reads them) and of the pairs only the match links (the clustering guard
and the stable ids are the local engine's, run on the components that need them) and those the
report reads in memory (pairs.py); the rest stay on the cluster and the pairs file is streamed
from there. Both engines give the same clusters, cluster ids and report files."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ...core.records import RecordTable
from ..comparisons import Encoded
from ..clustering import stable_ids
from ..engine import prior_bits_of
from ..rules import refused_links, run_prior_bits
from ..model import Model, TermStats, em, estimate_m, estimate_u
from ..settings import Settings
from . import blocking as spark_blocking
from .clustering import spark_clusterer
from .features import collect_features, feature_schema, record_frame, spark_features
from .decide import decide_batch, decided_schema, match_links, report_pairs_on_spark, rule_side, score_pairs
from .pairs import SparkMatchResult, SparkPairs, local_order
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
                      conf: dict[str, str] | None = None, salt_rows: int = spark_blocking.SALT_ROWS) -> SparkMatchResult:
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
    if model is None:
        # u from the local engine's random pairs, scored here by the local engine's own
        # estimate_u: the same random pairs (model.u_sample_size, at most 3 million), scored in
        # the same chunks, and the features are here anyway (through the cluster they cost two
        # joins and 25-50 s at 150k)
        u, u_method = estimate_u(enc, objects, settings.u_sample_pairs, settings.seed, settings.chunk_pairs)
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
        del patterns, got
        lap("levels_and_fit")

    result = score_and_cluster(spark, frame, feats, enc, bstats, levels_df, model, settings, decisions,
                               feats_df, partitions, lap)
    levels_df.unpersist()
    pairs_df.unpersist()
    side.unpersist()
    feats_df.unpersist()
    return result


def score_and_cluster(spark, frame, feats, enc, bstats, levels_df, model, settings, decisions, feats_df,
                      partitions, lap) -> SparkMatchResult:
    """engine.finish with the pairs on the cluster: evidence, weight and rules on the executors
    (decide.py), officers' verdicts applied there, the match links (only they) brought here for
    the clustering guard and the stable ids, and the report's pairs chosen on the cluster."""
    from pyspark.sql import functions as F

    comps = list(settings.comparisons)
    objects = settings.comparison_objects()
    n = len(frame)
    rside = rule_side(feats_df, partitions)
    rside.count()
    lap("rule_side")
    scored_df = score_pairs(levels_df, rside, model, settings, n).persist()
    got = scored_df.agg(F.count("*").alias("pairs"),
                        F.sum((F.col("model_decision") == 0).cast("long")).alias("links")).collect()[0]
    blocked, links = int(got["pairs"]), int(got["links"] or 0)
    population_bits = run_prior_bits(n, links)
    prior_bits = prior_bits_of(model)
    lap("scored")

    # officers' decisions: their verdicts go to the executors; pairs no blocking key brought
    # together are scored here (a handful)
    cannot_link: list[tuple[int, int]] = []
    decided: dict[str, Any] = {"applied": 0, "same": 0, "different": 0, "stale": []}
    verdicts: dict[tuple[int, int], bool] = {}
    extra_pairs = None
    if decisions is not None and len(decisions):
        from ...stages.decisions import SAME, resolve

        applied, decided["stale"] = resolve(decisions, frame)
        for a, b, verdict, origin in applied:
            verdicts[(int(a), int(b))] = verdict == SAME
            if verdict == SAME:
                decided["same"] += origin is not None   # None: a decision's copy on resent records
            else:
                cannot_link.append((a, b))
                decided["different"] += origin is not None
        decided["applied"] = decided["same"] + decided["different"]
        if verdicts:
            wanted = spark.createDataFrame(pd.DataFrame(list(verdicts), columns=["left", "right"]).astype(np.int64))
            found = {(int(a), int(b)) for a, b in scored_df.join(F.broadcast(wanted), ["left", "right"])
                     .select("left", "right").toPandas().itertuples(index=False)}
            extra = list(dict.fromkeys((int(a), int(b)) for a, b, _, _ in applied if (int(a), int(b)) not in found))
            if extra:
                extra_pairs = _extra_pairs(enc, extra, verdicts, model, settings, objects)
    decide = decide_batch(settings, population_bits, verdicts)
    total = blocked + (0 if extra_pairs is None else len(extra_pairs))

    # the clustering guard and stable ids over the match links only, in the local engine's order
    guard = [f"{c}_level" for c in ("nik", "contact") if c in comps]
    links_df = match_links(scored_df, decide, ["left", "right", "weight", "forced", "extra", *guard]).toPandas()
    if extra_pairs is not None:
        links_df = pd.concat([links_df, extra_pairs.loc[extra_pairs["decision"] == 0, list(links_df.columns)]],
                             ignore_index=True)
    links_df = links_df.iloc[local_order(links_df)].reset_index(drop=True)
    lap("decided")
    left, right = links_df["left"].to_numpy(np.int64), links_df["right"].to_numpy(np.int64)
    weight = links_df["weight"].to_numpy(np.float32)
    fps = feats["fingerprint"].to_numpy()
    fp_rank = np.argsort(np.argsort(fps, kind="stable"), kind="stable")  # content order of each record
    lm, rm = fp_rank[left], fp_rank[right]
    tie = np.minimum(lm, rm).astype(np.int64) * len(fps) + np.maximum(lm, rm)
    trusted = np.where(enc.array("nik_trusted"), feats["nik"].to_numpy(dtype=object), "")
    lap("links")
    roots, refused = spark_clusterer(spark)(n, left, right, weight, tie, trusted, cannot_link=cannot_link,
                                            forced=links_df["forced"].to_numpy(bool))
    at = np.flatnonzero(refused)
    new_decision, new_rule = refused_links({c: links_df[f"{c}_level"].to_numpy(np.int8)
                                            for c in ("nik", "contact") if c in comps}, at)
    refused_map = {(int(left[k]), int(right[k])): (int(d), int(r)) for k, d, r in zip(at, new_decision, new_rule)}
    cluster_id = stable_ids(roots, fps)
    del links_df, left, right, weight, tie, lm, rm
    lap("clustered")

    # the report's columns on the cluster; here only the pairs the report reads in memory
    codes = pd.factorize(cluster_id)[0].astype(np.int64)
    codes_bc = spark.sparkContext.broadcast(codes)
    report_df = report_pairs_on_spark(scored_df, settings, prior_bits, refused_map, codes_bc, decide=decide)
    if extra_pairs is not None:
        extras_df = spark.createDataFrame(extra_pairs, schema=decided_schema(comps))
        report_df = report_df.unionByName(report_pairs_on_spark(extras_df, settings, prior_bits, refused_map, codes_bc))
    report_df = report_df.persist()
    got = report_df.agg(*[F.sum((F.col("decision") == k).cast("long")).alias(f"d{k}") for k in (0, 1)],
                        F.sum(F.when(F.col("across"), F.col("model_probability").cast("double"))).alias("apart")
                        ).collect()[0]
    by_decision = {0: int(got["d0"] or 0), 1: int(got["d1"] or 0)}
    apart_sum = float(got["apart"] or 0.0)
    lap("report_columns")
    store = SparkPairs(spark, report_df, total, comps, codes, apart_sum)
    pairs = store.held_pairs(lap)
    codes_bc.unpersist()
    # only now: a cached frame whose source is uncached before its own buffers are whole is
    # recomputed from the start (Spark's CacheManager)
    scored_df.unpersist()
    rside.unpersist()
    stats = {"records": n, "candidate_pairs": int(total), "matches": by_decision.get(0, 0),
             "reviews": by_decision.get(1, 0), "clusters": int(pd.Series(cluster_id).nunique()),
             "refused_links": int(refused.sum()), "decisions": decided}
    lap("report_pairs")
    return SparkMatchResult(records=frame, features=feats, pairs=pairs, cluster_id=cluster_id, model=model,
                            settings=settings, blocking=bstats, stats=stats,
                            all_pairs=store)


def _extra_pairs(enc, extra, verdicts, model, settings, objects) -> pd.DataFrame:
    """engine.finish's pairs that only an officer's decision brought: scored here with the local
    functions, in decide.decided_schema's columns (`extra`: their order)."""
    from ..comparisons import compute_levels
    from ..model import evidence
    from ..rules import RULE_DECIDED_DIFFERENT, RULE_DECIDED_SAME, RULES, model_decisions

    comps = list(settings.comparisons)
    ea = np.array([a for a, _ in extra], np.int64)
    eb = np.array([b for _, b in extra], np.int64)
    elevels = compute_levels(enc, ea, eb, objects)
    ebits = evidence(model, enc, ea, eb, elevels)
    eweight = np.zeros(len(ea), np.float32)
    for c in comps:   # in the local engine's order
        eweight += ebits[c]
    same = np.array([verdicts[p] for p in extra], bool)
    out: dict[str, Any] = {"left": ea, "right": eb}
    out.update({f"{c}_level": elevels[c].astype(np.int8) for c in comps})
    out.update({f"{c}_bits": ebits[c].astype(np.float32) for c in comps})
    out.update({"weight": eweight, "model_decision": model_decisions(eweight, settings.match_weight,
                                                                     settings.review_weight),
                "decision": np.where(same, 0, 2).astype(np.int8),
                "rule": np.where(same, RULES.index(RULE_DECIDED_SAME), RULES.index(RULE_DECIDED_DIFFERENT)).astype(np.int8),
                "forced": same, "officer": np.ones(len(ea), bool), "extra": np.arange(len(ea), dtype=np.int64)})
    return pd.DataFrame(out)
