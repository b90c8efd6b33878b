"""Evidence, weight, the rules and officers' verdicts on Spark, batch by batch on the executors:
engine.pair_weight and rules.decide_pairs / decide_at_size, the local engine's own functions, on a
small table of each batch's records (as scoring.pair_levels does for the levels). The driver
never holds the scored pairs: it sends the model and a few numbers, and gets counts back.

Three passes over the pairs, because two numbers of the whole run are needed on the way (the
second runs in the same Python task as the first's output is read, for the match links, and
again with the third):
1. score (pairs joined with the records' rule features): bits, weight, the model's decision and
   every rule up to the size rule, with the per-pair facts the size rule reads (rules' LATE_*);
2. decide (narrow, once the run's number of model links gives population_bits): the size rule,
   the rules after it and the officers' SAMA/BEDA verdicts;
3. report (narrow, once the clustering guard has refused its links): the refused links' new
   decisions, the reported probability (engine.confidence), the model's own probability and the
   order key of the pairs file."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..comparisons import Encoded
from ..comparisons import _plain as plain_column
from .features import POS

#: the feature columns engine.pair_weight (term frequencies of names) and rules.decide_pairs read
RULE_COLUMNS = ("nik_trusted", "name_norm", "name_core", "name_phon", "nik", "nik_birth", "birth_declared", "address",
                "name_script", "nik_home", "nik_home_regency")
#: the whole run's count of records carrying each record's normalised name (rules._rare_name)
NAME_RECORDS = "_name_records"


class BatchEncoded(Encoded):
    """The records of one batch of pairs (left rows, then right rows), with the whole run's
    count of each name (Encoded.value_counts): what `decide` reads, for just these records."""

    def __init__(self, feats: pd.DataFrame, name_records: np.ndarray):
        super().__init__(feats)
        self._name_records = name_records

    def value_counts(self, name: str) -> np.ndarray:
        if name != "name_norm":
            return super().value_counts(name)
        codes, uniques = self.codes(name)
        counts = np.zeros(len(uniques), np.int64)
        hit = codes >= 0
        counts[codes[hit]] = self._name_records[hit]
        return counts


def rule_side(feats_df, partitions: int):
    """The rule features of every record with its name's count, hash-partitioned by position and
    kept (as scoring.comparison_side: each join then shuffles only the pairs)."""
    from pyspark.sql import functions as F

    counts = (feats_df.where(F.col("name_norm") != "").groupBy("name_norm")
              .agg(F.count("*").cast("long").alias(NAME_RECORDS)))
    return (feats_df.select(F.col(POS), *RULE_COLUMNS).join(counts, "name_norm", "left")
            .fillna({NAME_RECORDS: 0}).repartition(partitions, POS).persist())


def scored_schema(comps: list[str]):
    from pyspark.sql.types import ByteType, FloatType, LongType, ShortType, StructField, StructType

    return StructType([StructField("left", LongType(), False), StructField("right", LongType(), False)]
                      + [StructField(f"{c}_level", ByteType(), False) for c in comps]
                      + [StructField(f"{c}_bits", FloatType(), False) for c in comps]
                      + [StructField(name, kind, False) for name, kind in
                         (("weight", FloatType()), ("model_decision", ByteType()), ("decision", ByteType()),
                          ("rule", ByteType()), ("late", ShortType()))])


def score_pairs(levels_df, side, model, settings, n_records: int):
    """Pass 1 on every pair of levels_df (left, right, <c>_level ...)."""
    from pyspark.sql import functions as F

    from ..engine import name_different_bits, pair_weight
    from ..rules import decide_pairs, model_decisions

    comps = list(settings.comparisons)
    cols = list(RULE_COLUMNS) + [NAME_RECORDS]
    lf = side.select(F.col(POS).alias("left"), *[F.col(c).alias(f"l_{c}") for c in cols])
    rf = side.select(F.col(POS).alias("right"), *[F.col(c).alias(f"r_{c}") for c in cols])
    joined = levels_df.select("left", "right", *[f"{c}_level" for c in comps]).join(lf, "left").join(rf, "right")
    different_bits = name_different_bits(model, settings)
    off = set(settings.rules_off)
    match_w, review_w = settings.match_weight, settings.review_weight

    def run(batches):
        for batch in batches:
            n = len(batch)
            if n == 0:
                continue
            frame = {c: pd.concat([plain_column(batch[f"l_{c}"], c), plain_column(batch[f"r_{c}"], c)],
                                  ignore_index=True) for c in RULE_COLUMNS}
            counts = np.concatenate([batch[f"l_{NAME_RECORDS}"].to_numpy(np.int64),
                                     batch[f"r_{NAME_RECORDS}"].to_numpy(np.int64)])
            enc = BatchEncoded(pd.DataFrame(frame), counts)
            li = np.arange(n)
            ri = li + n
            levels = {c: batch[f"{c}_level"].to_numpy(np.int8) for c in comps}
            bits, weight = pair_weight(model, enc, li, ri, levels, comps, n_records=n_records)
            decision, rule, late = decide_pairs(levels, weight, enc, li, ri, different_bits, match_w, review_w, off)
            out = {"left": batch["left"].to_numpy(np.int64), "right": batch["right"].to_numpy(np.int64)}
            out.update({f"{c}_level": levels[c] for c in comps})
            out.update({f"{c}_bits": bits[c] for c in comps})
            out.update({"weight": weight, "model_decision": model_decisions(weight, match_w, review_w),
                        "decision": decision, "rule": rule, "late": late})
            yield pd.DataFrame(out)

    return joined.mapInPandas(run, scored_schema(comps))


def decided_schema(comps: list[str]):
    from pyspark.sql.types import BooleanType, LongType, StructField, StructType

    fields = [f for f in scored_schema(comps).fields if f.name != "late"]
    return StructType(fields + [StructField("forced", BooleanType(), False), StructField("officer", BooleanType(), False),
                                StructField("extra", LongType(), False)])


def decide_batch(settings, population_bits: float | None, verdicts: dict[tuple[int, int], bool]):
    """Pass 2 as a function of one scored batch: the size rule and those after it
    (rules.decide_at_size), then the officers' verdicts (`verdicts`: {(left, right): True for
    SAMA, False for BEDA}, the last one of a pair winning, as engine.finish applies them in
    order). `forced`: a SAMA link (the clustering guard exempts it from the NIK check);
    `officer`: an officer decided the pair; `extra`: -1 (a pair the blocking brought)."""
    from ..rules import RULE_DECIDED_DIFFERENT, RULE_DECIDED_SAME, RULES, decide_at_size

    off = set(settings.rules_off)
    odds = settings.min_match_odds_bits
    keys = np.array(sorted(verdicts), np.int64).reshape(-1, 2)
    same = np.array([verdicts[(int(a), int(b))] for a, b in keys], bool)
    same_rule, different_rule = RULES.index(RULE_DECIDED_SAME), RULES.index(RULE_DECIDED_DIFFERENT)

    def run(batch: pd.DataFrame) -> pd.DataFrame:
        decision = batch["decision"].to_numpy(np.int8).copy()
        rule = batch["rule"].to_numpy(np.int8).copy()
        weight = batch["weight"].to_numpy(np.float32)
        decision, rule = decide_at_size(decision, rule, weight, batch["late"].to_numpy(np.int16), off,
                                        population_bits, odds)
        forced = np.zeros(len(batch), bool)
        officer = np.zeros(len(batch), bool)
        if len(keys):
            at, which = _lookup(keys, batch["left"].to_numpy(np.int64), batch["right"].to_numpy(np.int64))
            officer[at] = True
            is_same = same[which]
            decision[at] = np.where(is_same, 0, 2)
            rule[at] = np.where(is_same, same_rule, different_rule)
            forced[at] = is_same
        out = batch.drop(columns=["late"])
        out["decision"], out["rule"] = decision, rule
        out["forced"], out["officer"] = forced, officer
        out["extra"] = np.full(len(batch), -1, np.int64)
        return out

    return run


def match_links(scored_df, decide, columns: list[str]):
    """The pairs pass 2 decides are matches, with `columns` only (for the clustering guard)."""
    from pyspark.sql.types import StructType

    schema = StructType([f for f in decided_schema([]).fields if f.name in columns]
                        + [f for f in scored_df.schema.fields if f.name in columns and f.name.endswith("_level")])
    names = [f.name for f in schema.fields]

    def run(batches):
        for batch in batches:
            if len(batch):
                out = decide(batch)
                yield out.loc[out["decision"].to_numpy() == 0, names]

    return scored_df.mapInPandas(run, schema)


def _lookup(keys: np.ndarray, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the batch's pairs found in `keys` (sorted (left, right) rows) and their row
    in keys."""
    packed = keys[:, 0].astype(np.int64) * (1 << 32) + keys[:, 1]
    mine = left * (1 << 32) + right
    where = np.searchsorted(packed, mine)
    where = np.minimum(where, len(packed) - 1)
    hit = packed[where] == mine
    return np.flatnonzero(hit), where[hit]


def report_schema(comps: list[str]):
    from pyspark.sql.types import (BooleanType, ByteType, FloatType, LongType, StructField, StructType)

    return StructType([StructField("left", LongType(), False), StructField("right", LongType(), False)]
                      + [f for c in comps for f in (StructField(f"{c}_level", ByteType(), False),
                                                    StructField(f"{c}_bits", FloatType(), False))]
                      + [StructField(name, kind, False) for name, kind in
                         (("weight", FloatType()), ("probability", FloatType()), ("decision", ByteType()),
                          ("rule", ByteType()), ("model_decision", ByteType()), ("model_probability", FloatType()),
                          ("officer", BooleanType()), ("extra", LongType()), ("score", LongType()),
                          ("across", BooleanType()))])


def report_pairs_on_spark(source_df, settings, prior_bits: float, refused: dict[tuple[int, int], tuple[int, int]],
                          cluster_codes, decide=None):
    """Pass 3: the columns of engine.finish's pairs frame (same order, codes for the categories),
    with `refused` ({(left, right): (decision, rule)}, the guard's) applied, plus `officer`,
    `extra`, the pairs file's order key `score` and `across` (the two records ended in two
    clusters; `cluster_codes`: a broadcast of each record's cluster code). `source_df`: decided
    pairs, or scored ones with `decide` (pass 2, run in the same Python task)."""
    from ...report.ordering import pair_score
    from ..engine import confidence, model_probability

    comps = list(settings.comparisons)
    keys = np.array(sorted(refused), np.int64).reshape(-1, 2)
    new = np.array([refused[(int(a), int(b))] for a, b in keys], np.int8).reshape(-1, 2)
    order = (["left", "right"] + [f"{c}_{k}" for c in comps for k in ("level", "bits")]
             + ["weight", "probability", "decision", "rule", "model_decision", "model_probability", "officer",
                "extra", "score", "across"])

    def run(batches):
        for batch in batches:
            if len(batch) == 0:
                continue
            if decide is not None:
                batch = decide(batch)
            decision = batch["decision"].to_numpy(np.int8).copy()
            rule = batch["rule"].to_numpy(np.int8).copy()
            if len(keys):
                at, which = _lookup(keys, batch["left"].to_numpy(np.int64), batch["right"].to_numpy(np.int64))
                decision[at], rule[at] = new[which, 0], new[which, 1]
            weight = batch["weight"].to_numpy(np.float32)
            probability = model_probability(weight, prior_bits)
            model_decision = batch["model_decision"].to_numpy(np.int8)
            out = batch.assign(decision=decision, rule=rule,
                               probability=confidence(probability, decision, model_decision, settings,
                                                      prior_bits).astype(np.float32),
                               model_probability=probability.astype(np.float32), score=pair_score(weight))
            codes = cluster_codes.value
            out["across"] = codes[out["left"].to_numpy(np.int64)] != codes[out["right"].to_numpy(np.int64)]
            yield out[order]

    return source_df.mapInPandas(run, report_schema(comps))
