"""deduplicate() on Spark. The cluster does what grows with the data: features (prepare() per
partition), blocking joins, comparison levels (Arrow batches through the local level functions),
level-pattern counts for m/EM and u, connected components. The driver holds what the report needs
anyway (the features and the scored pairs, in record order) and applies the same vectorised
evidence, rules, clustering guard and stable ids as the local engine, so both engines give the
same clusters and the same cluster ids."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...records import RecordTable
from ..comparisons import LEVELS, Encoded
from ..engine import MatchResult
from ..model import U_PRIOR, U_PRIOR_WEIGHT, Model, _distribution, compute_levels, em, estimate_m, evidence, term_frequencies
from ..rules import DECISIONS, RULE_CHAIN, RULE_DECIDED_DIFFERENT, RULE_DECIDED_SAME, RULES, decide
from ..clustering import stable_ids
from ..settings import Settings
from . import blocking as spark_blocking
from .clustering import components, guarded, suspect_components
from .features import collect_features, feature_schema, record_frame, spark_features
from .scoring import columns_read, pair_levels, pattern_counts
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


def u_sample_pairs(fingerprints: np.ndarray, sample: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The random record pairs the local engine samples for u (model.estimate_u): same seed, same
    content order, same pairs."""
    n = len(fingerprints)
    rng = np.random.default_rng(seed)
    order = np.argsort(fingerprints, kind="stable")
    k = min(sample, n * (n - 1) // 2)
    i = order[rng.integers(0, max(n, 1), k)]
    j = order[rng.integers(0, max(n, 1), k)]
    keep = i != j
    return i[keep], j[keep]


def _u_from_levels(levels: dict[str, np.ndarray], comparisons: list[str], n: int) -> dict[str, np.ndarray]:
    floor = 1.0 / max(n, 1000)
    u = {}
    for c in comparisons:
        counts, total = _distribution(levels[c], len(LEVELS[c]))
        u[c] = np.maximum((counts + U_PRIOR_WEIGHT * np.array(U_PRIOR[c])) / (total + U_PRIOR_WEIGHT), floor)
    return u


def deduplicate_spark(records: RecordTable | pd.DataFrame, settings: Settings | None = None, decisions=None, *,
                      spark=None, master: str | None = None, conf: dict[str, str] | None = None,
                      salt_rows: int = spark_blocking.SALT_ROWS) -> MatchResult:
    """matching.deduplicate on Spark; `spark` an existing session, else one for `master`/`conf`."""
    settings = settings or Settings()
    lap = _clock()
    spark = spark or get_session(master, conf)
    lap("session")
    frame = records.frame if isinstance(records, RecordTable) else records
    frame = frame.reset_index(drop=True)
    n = len(frame)
    partitions = max(int(spark.conf.get("spark.sql.shuffle.partitions", "4")), 1)
    comps = settings.comparisons

    sample = frame.head(5) if n else frame
    feats_df = spark_features(record_frame(spark, frame, partitions), feature_schema(sample)).persist()
    feats = collect_features(feats_df, n)
    enc = Encoded(feats)
    lap("features")

    pairs_df, bstats = spark_blocking.candidate_pairs(feats_df, settings.blocking, settings.max_block_size, salt_rows)
    lap("blocking")
    needed = columns_read(feats.head(8).astype({c: object for c in feats.columns if feats[c].dtype != bool}), comps)
    levels_df = pair_levels(pairs_df, feats_df, comps, needed).persist()

    # the model: m and EM from level-pattern counts, u from the local engine's random pairs
    fps = feats["fingerprint"].to_numpy()
    ui, uj = u_sample_pairs(fps, settings.u_sample_pairs, settings.seed)
    if len(ui):
        sample_df = spark.createDataFrame(pd.DataFrame({"left": ui.astype(np.int64), "right": uj.astype(np.int64)}))
        u_levels = pattern_counts(pair_levels(sample_df, feats_df, comps, needed), comps)
    else:
        u_levels = {c: np.empty(0, np.int8) for c in comps}
    u = _u_from_levels(u_levels, comps, n)
    lap("u_sample")
    patterns = pattern_counts(levels_df, comps)
    m, anchors, method = estimate_m(patterns, comps)
    prior = em(patterns, m, u, method)
    model = Model(m=m, u=u, prior=prior, anchors=anchors, method=method)
    del patterns, u_levels
    lap("levels_and_fit")
    if settings.term_frequency:
        for attr, col in (("tf_name", "name_norm"), ("tf_phon", "name_phon")):
            codes, uniques = enc.codes(col)
            setattr(model, attr, term_frequencies(codes, len(uniques)))

    # the scored pairs on the driver, in the local engine's order (by left, then right)
    scored = levels_df.toPandas().sort_values(["left", "right"], kind="stable").reset_index(drop=True)
    levels_df.unpersist()
    pairs_df.unpersist()
    left = scored["left"].to_numpy(np.int64)
    right = scored["right"].to_numpy(np.int64)
    levels = {c: scored[f"{c}_level"].to_numpy(np.int8) for c in comps}
    del scored
    bits = evidence(model, enc, left, right, levels)
    weight = np.zeros(len(left), np.float32)
    for c in comps:
        weight += bits[c]
    prior_bits = float(np.log2(model.prior / (1 - model.prior)))
    probability = 1.0 / (1.0 + np.exp2(-np.clip(weight + prior_bits, -60, 60)))
    decision, rule = decide(levels, weight, enc, left, right,
                            float(model.bits("name")[LEVELS["name"].index("different")]) if "name" in comps else 0.0,
                            settings.match_weight, settings.review_weight)

    lap("scored_on_driver")
    # officers' decisions, as the local engine applies them
    cannot_link: list[tuple[int, int]] = []
    forced = np.zeros(len(left), bool)
    decided = {"applied": 0, "same": 0, "different": 0, "stale": []}
    if decisions is not None and len(decisions):
        from ...decisions import SAME, resolve

        applied, decided["stale"] = resolve(decisions, frame)
        index = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(left, right))}
        extra = [(a, b) for a, b, _, _ in applied if (a, b) not in index]
        if extra:  # pairs no blocking key brought together: a handful, scored here
            ea = np.array([a for a, _ in dict.fromkeys(extra)], np.int64)
            eb = np.array([b for _, b in dict.fromkeys(extra)], np.int64)
            elevels = compute_levels(enc, ea, eb, comps)
            ebits = evidence(model, enc, ea, eb, elevels)
            eweight = sum(ebits[c] for c in comps).astype(np.float32)
            left, right = np.concatenate([left, ea]), np.concatenate([right, eb])
            levels = {c: np.concatenate([levels[c], elevels[c]]) for c in comps}
            bits = {c: np.concatenate([bits[c], ebits[c]]) for c in comps}
            weight = np.concatenate([weight, eweight])
            probability = np.concatenate([probability, 1.0 / (1.0 + np.exp2(-np.clip(eweight + prior_bits, -60, 60)))])
            decision = np.concatenate([decision, np.full(len(ea), 2, np.int8)])
            rule = np.concatenate([rule, np.zeros(len(ea), np.int8)])
            forced = np.concatenate([forced, np.zeros(len(ea), bool)])
            index.update({(int(a), int(b)): len(left) - len(ea) + i for i, (a, b) in enumerate(zip(ea, eb))})
        for a, b, verdict, _ in applied:
            k = index[(a, b)]
            if verdict == SAME:
                decision[k], rule[k], forced[k] = 0, RULES.index(RULE_DECIDED_SAME), True
                decided["same"] += 1
            else:
                decision[k], rule[k] = 2, RULES.index(RULE_DECIDED_DIFFERENT)
                cannot_link.append((a, b))
                decided["different"] += 1
        decided["applied"] = decided["same"] + decided["different"]

    # clusters: components on the cluster, the guard on the components that need it
    is_match = decision == 0
    fp_rank = np.argsort(np.argsort(fps, kind="stable"), kind="stable")
    lm, rm = fp_rank[left[is_match]], fp_rank[right[is_match]]
    tie = np.minimum(lm, rm).astype(np.int64) * len(fps) + np.maximum(lm, rm)
    trusted = np.where(enc.array("nik_trusted"), feats["nik"].to_numpy(dtype=object), "")
    ml, mr = left[is_match], right[is_match]
    labels = components(spark, n, ml, mr)
    lap("components")
    suspects = suspect_components(spark, labels, trusted, cannot_link)
    roots, refused = guarded(labels, suspects, ml, mr, weight[is_match], tie, trusted, cannot_link, forced[is_match])
    feats_df.unpersist()
    match_idx = np.flatnonzero(is_match)
    decision[match_idx[refused]] = 1
    rule[match_idx[refused]] = RULES.index(RULE_CHAIN)
    cluster_id = stable_ids(roots, fps)
    lap("guard_and_ids")

    columns: dict = {"left": left, "right": right}
    for c in comps:
        columns[f"{c}_level"] = levels.pop(c)
        columns[f"{c}_bits"] = bits.pop(c)
    columns["weight"] = weight
    columns["probability"] = probability.astype(np.float32)
    columns["decision"] = pd.Categorical.from_codes(decision, categories=list(DECISIONS))
    columns["rule"] = pd.Categorical.from_codes(rule, categories=list(RULES))
    out = pd.DataFrame(columns, copy=False)
    stats = {"records": n, "candidate_pairs": len(out), "matches": int((decision == 0).sum()),
             "reviews": int((decision == 1).sum()), "clusters": int(pd.Series(cluster_id).nunique()),
             "refused_links": int(refused.sum()), "decisions": decided}
    return MatchResult(records=frame, features=feats, pairs=out, cluster_id=cluster_id, model=model,
                       settings=settings, blocking=bstats, stats=stats)
