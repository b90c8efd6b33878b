"""deduplicate(): records -> features -> candidate pairs -> scored pairs with evidence -> decisions
-> clusters with stable ids. Pair scoring runs in independent chunks (bounded memory; each chunk
could run on another worker)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.records import RecordTable
from ..core.memory import release
from .blocking import BlockingStats, candidate_pairs
from .clustering import cluster, stable_ids
from .comparisons import Encoded, compute_levels, levels_in_chunks
from .model import NIK_CARRIED, Model, evidence, fit, term_shares
from .settings import Settings

from .rules import (DECISIONS, MATCH, NON_MATCH, REVIEW, RULE_CHAIN, RULE_DECIDED_DIFFERENT,  # noqa: F401
                    RULE_DECIDED_SAME, RULE_NAME_DIFFERENT, RULE_NEAR_NIK, RULE_TWO_PEOPLE, RULE_UNCORROBORATED,
                    RULES, decide, model_decisions, refused_links, run_prior_bits)


#: the comparisons whose bits a pair holds: a name's bits depend on how common the name is (term
#: frequency), not on its level alone; every other comparison's bits are its level's (derived())
HELD_BITS = ("name",)
#: columns of a scored pair not held for every pair but made from the held ones where they are
#: read (derived()): at 3,000,000 records (~50M pairs) they were 29 of the 53 bytes each pair
#: held from scoring to the end of the write stage, ~1.4 GB
DERIVED = ("probability", "model_decision", "model_probability")


def pair_columns(comparisons: list[str]) -> list[str]:
    """Every column of a scored pair, in pairs.parquet's order."""
    columns = ["left", "right"]
    for c in comparisons:
        columns += [f"{c}_level", f"{c}_bits"]
    return columns + ["weight", "probability", "decision", "rule", "model_decision", "model_probability"]


def held_columns(comparisons: list[str]) -> list[str]:
    """The columns `MatchResult.pairs` holds for every pair (the others are derived())."""
    return [c for c in pair_columns(comparisons)
            if c not in DERIVED and not (c.endswith("_bits") and c[:-len("_bits")] not in HELD_BITS)]


@dataclass
class MatchResult:
    """What matching found. `pairs` keeps every compared pair with what its evidence is made of:
    left, right (positions), <comp>_level, name_bits, weight, decision, rule. The other columns
    of a scored pair (each comparison's bits, probability, the model's own decision and
    probability) are a pure function of those and the model: `scored_pairs()` adds them."""

    records: pd.DataFrame          # the input frame, positional
    features: pd.DataFrame
    pairs: pd.DataFrame            # held_columns(): left, right, <comp>_level, name_bits, weight, decision, rule
    cluster_id: np.ndarray         # per record
    model: Model
    settings: Settings
    blocking: BlockingStats
    stats: dict = field(default_factory=dict)

    def scored_pairs(self, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
        """`pairs` (default: every pair of this result) with every column of a scored pair, in
        pair_columns() order, then any other columns it has (a verdict). Meant for some pairs at a
        time: the derived columns cost 29 bytes per pair."""
        pairs = self.pairs if pairs is None else pairs
        get = frame_columns(pairs)
        columns = {}
        for name in pair_columns(self.settings.comparisons):
            if name in pairs:
                columns[name] = pairs[name].to_numpy() if name not in CATEGORICAL else pairs[name].array
            else:
                columns[name] = as_column(name, derived(name, get, self.model, self.settings))
        for name in pairs.columns:
            if name not in columns:
                columns[name] = pairs[name].to_numpy()
        return pd.DataFrame(columns, index=pairs.index)

    def pair_values(self, name: str, rows: slice | np.ndarray = slice(None)) -> np.ndarray:
        """One column of scored pairs (categorical ones as codes) for `rows` of `pairs` (a slice or
        positions), held or derived() for those rows alone: read a chunk of pairs at a time."""
        cached = self.__dict__.get("_reader")
        if cached is None or cached[0] is not self.pairs:
            cached = (self.pairs, frame_columns(self.pairs))
            self.__dict__["_reader"] = cached
        get = cached[1]
        if name in self.pairs:
            return get(name)[rows]
        return derived(name, lambda column: get(column)[rows], self.model, self.settings)

    def clusters(self) -> pd.Series:
        return pd.Series(self.cluster_id, index=self.records.index, name="cluster_id")

    @property
    def review_pairs(self) -> pd.DataFrame:
        """The review pairs whose records ended in two clusters. The cluster ids are compared for
        the review pairs alone: over every pair they were two object arrays of Python strings
        (0.2 GB at 1,000,000 records) at the start of the write stage, left behind as fragments."""
        p = self.pairs
        review = np.flatnonzero((p["decision"] == REVIEW).to_numpy(dtype=bool))
        ids = np.asarray(self.cluster_id)
        apart = ids[p["left"].to_numpy()[review]] != ids[p["right"].to_numpy()[review]]
        keep = np.zeros(len(p), bool)
        keep[review[apart]] = True
        return p[keep]


ENGINES = ("local", "spark")

#: the categorical columns of a scored pair and their categories (held and written as codes)
CATEGORICAL = {"decision": list(DECISIONS), "rule": list(RULES), "model_decision": list(DECISIONS)}


def frame_columns(pairs: pd.DataFrame):
    """derived()'s reader over a frame: a column's values, categorical ones as their codes (each
    column converted once)."""
    seen: dict[str, np.ndarray] = {}

    def get(name: str) -> np.ndarray:
        if name not in seen:
            values = pairs[name]
            if name in CATEGORICAL:
                codes = values.array if isinstance(values.dtype, pd.CategoricalDtype) else None
                if codes is None or list(codes.categories) != CATEGORICAL[name]:
                    codes = pd.Categorical(values, categories=CATEGORICAL[name])
                seen[name] = np.asarray(codes.codes)
            else:
                seen[name] = values.to_numpy()
        return seen[name]
    return get


def as_column(name: str, values: np.ndarray):
    """derived()'s values as a frame holds them (codes of a categorical as the categorical)."""
    if name in CATEGORICAL:
        return pd.Categorical.from_codes(values, categories=CATEGORICAL[name])
    return values


def derived(name: str, get, model: Model, settings: Settings) -> np.ndarray:
    """A column of scored pairs that is not held for every pair, made from the held columns of
    the same pairs (`get(column)`; categorical columns as codes), exactly as `finish` made it:
    a comparison's bits from its level (the name's are held: term frequency), the model's
    probability and decision from the weight, the reported probability (confidence) from those
    and the final decision. model_decision comes back as codes."""
    if name.endswith("_bits"):
        c = name[:-len("_bits")]
        level = get(f"{c}_level")
        bits = np.where(level >= 0, model.bits(c)[np.maximum(level, 0)], 0.0).astype(np.float32)
        if c == NIK_CARRIED and "nik" in settings.comparisons:
            # 0 where two near NIKs carried the birth date (model._birth_carried_by_nik): the
            # weight, less every other comparison's bits, says which of the two it counted
            rest = get("weight").astype(np.float64)
            for other in settings.comparisons:
                if other != c:
                    rest -= get("name_bits") if other in HELD_BITS else derived(f"{other}_bits", get, model, settings)
            bits = np.where(np.abs(rest) < np.abs(rest - bits), np.float32(0), bits)
        return bits
    weight = get("weight")
    model_decision = model_decisions(weight, settings.match_weight, settings.review_weight)
    if name == "model_decision":
        return model_decision
    prior_bits = prior_bits_of(model)
    probability = model_probability(weight, prior_bits)
    if name == "model_probability":
        return probability.astype(np.float32)
    if name == "probability":
        return confidence(probability, get("decision"), model_decision, settings, prior_bits).astype(np.float32)
    raise KeyError(name)


def deduplicate(records: RecordTable | pd.DataFrame, settings: Settings | None = None,
                decisions=None, model: Model | None = None, *, preflight=None, progress=None,
                engine: str = "local", **engine_options) -> MatchResult:
    """Find every person who appears more than once, within and across lists. `decisions` (a
    DecisionSet) are people's SAMA/BEDA verdicts: SAMA pairs are joined, BEDA pairs never are.
    `model`: score with this frozen model (Model.from_dict of a model.json) instead of fitting one;
    its settings are used unless `settings` is given.
    preflight(enc, settings): called once the features are encoded, before any pair is built (it
    may refuse the run: matching/preflight.py). progress("match", done=, total=, unit="pairs"):
    called as the pairs are scored, chunk by chunk.
    engine="spark" runs the same matching on Apache Spark (matching/spark/; `engine_options`:
    spark=, master=, conf=); the local engine never imports it. The pre-flight is this machine's
    and does not apply there."""
    if engine != "local":
        if engine not in ENGINES:
            from ..core.errors import ConfigError

            raise ConfigError(f"unknown engine: {engine}", key="unknown_engine",
                              hint="choose local or spark", params={"name": engine})
        from .spark import deduplicate_spark

        return deduplicate_spark(records, settings, decisions, model=model, **engine_options)
    from .prepare import prepare

    if model is not None and settings is None and isinstance(model.settings, Settings):
        settings = model.settings
    settings = settings or Settings()
    if model is not None:
        model.check_settings(settings.comparisons)
    frame = records.frame if isinstance(records, RecordTable) else records
    frame = frame.reset_index(drop=True)
    feats = prepare(frame)
    enc = Encoded(feats)
    release()   # normalising's temporary columns, before the pairs are built on top of them
    if preflight is not None:
        preflight(enc, settings)
    pairs, bstats = candidate_pairs(enc, settings.blocking, settings.max_block_size)
    left = pairs["left"].to_numpy()
    right = pairs["right"].to_numpy()
    objects = settings.comparison_objects()
    on_chunk = None if progress is None else (lambda done, total: progress("match", done=done, total=total, unit="pairs"))
    levels = levels_in_chunks(enc, left, right, objects, settings.chunk_pairs, on_chunk)
    release()   # the scoring chunks' comparison buffers
    if model is None:
        trusted = enc.array("nik_trusted")
        model = fit(enc, levels, objects, u_sample=settings.u_sample_pairs, seed=settings.seed, chunk=settings.chunk_pairs,
                    term_frequency=settings.term_frequency, trusted_both=trusted[left] & trusted[right],
                    settings=settings)
    return finish(frame, feats, enc, bstats, left, right, levels, model, settings, decisions)


def pair_weight(model: Model, enc: Encoded, left: np.ndarray, right: np.ndarray, levels: dict[str, np.ndarray],
                comps: list[str], n_records: int | None = None,
                shares: dict[str, np.ndarray] | None = None) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(bits per comparison, weight) per pair: the pair-by-pair part of `finish`, also run on a
    batch of pairs elsewhere (matching/spark/; `n_records` the whole table's size there).
    `shares`: model.evidence's term-frequency shares of `enc`, when scoring it chunk by chunk."""
    bits = evidence(model, enc, left, right, levels, n_records=n_records, shares=shares)
    weight = np.zeros(len(left), np.float32)
    for c in comps:
        weight += bits[c]
    return bits, weight


def prior_bits_of(model: Model) -> float:
    return float(np.log2(model.prior / (1 - model.prior)))


def model_probability(weight: np.ndarray, prior_bits: float) -> np.ndarray:
    """The model's match probability (float64) of each pair's float32 weight."""
    return 1.0 / (1.0 + np.exp2(-np.clip(weight + prior_bits, -60, 60)))


def name_different_bits(model: Model, settings: Settings) -> float:
    """The model's bits for a different name: the rules read how much a name change weighs."""
    if "name" not in settings.comparisons:
        return 0.0
    return float(model.bits("name")[settings.comparison("name").level("different")])


def finish(frame: pd.DataFrame, feats: pd.DataFrame, enc: Encoded, bstats: BlockingStats, left: np.ndarray,
           right: np.ndarray, levels: dict[str, np.ndarray], model: Model, settings: Settings, decisions=None,
           clusterer=cluster) -> MatchResult:
    """Evidence, rules, officers' decisions, clusters and stable ids for scored candidate pairs:
    the part both engines share (matching/spark/ computes the pairs, levels and model on Spark and
    passes a `clusterer` with cluster()'s signature that finds components there)."""
    comps = settings.comparisons
    objects = settings.comparison_objects()
    bits, weight = weights_in_chunks(model, enc, left, right, levels, comps, settings.chunk_pairs)
    model_decision = model_decisions(weight, settings.match_weight, settings.review_weight)
    decision, rule = decide_in_chunks(
        levels, weight, enc, left, right, settings.chunk_pairs, name_different_bits(model, settings),
        settings.match_weight, settings.review_weight, off=set(settings.rules_off),
        population_bits=run_prior_bits(len(frame), int((model_decision == 0).sum())),
        min_match_odds_bits=settings.min_match_odds_bits)

    cannot_link: list[tuple[int, int]] = []
    forced = np.zeros(len(left), bool)
    decided = {"applied": 0, "same": 0, "different": 0, "stale": []}
    if decisions is not None and len(decisions):
        from ..stages.decisions import SAME, resolve

        applied, decided["stale"] = resolve(decisions, frame)
        index = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(left, right))}
        extra = [(a, b) for a, b, _, _ in applied if (a, b) not in index]
        if extra:  # pairs no blocking key brought together: score them now, so they can be explained
            ea = np.array([a for a, _ in dict.fromkeys(extra)], np.int64)
            eb = np.array([b for _, b in dict.fromkeys(extra)], np.int64)
            elevels = compute_levels(enc, ea, eb, objects)
            ebits = evidence(model, enc, ea, eb, elevels)
            eweight = sum(ebits[c] for c in comps).astype(np.float32)
            left, right = np.concatenate([left, ea]), np.concatenate([right, eb])
            levels = {c: np.concatenate([levels[c], elevels[c]]) for c in comps}
            bits = {c: np.concatenate([bits[c], ebits[c]]) for c in bits}
            weight = np.concatenate([weight, eweight])
            decision = np.concatenate([decision, np.full(len(ea), 2, np.int8)])
            rule = np.concatenate([rule, np.zeros(len(ea), np.int8)])
            forced = np.concatenate([forced, np.zeros(len(ea), bool)])
            index.update({(int(a), int(b)): len(left) - len(ea) + i for i, (a, b) in enumerate(zip(ea, eb))})
        for a, b, verdict, origin in applied:
            k = index[(a, b)]
            if verdict == SAME:
                decision[k], rule[k], forced[k] = 0, RULES.index(RULE_DECIDED_SAME), True
                decided["same"] += origin is not None   # None: a decision's copy on resent records
            else:
                decision[k], rule[k] = 2, RULES.index(RULE_DECIDED_DIFFERENT)
                cannot_link.append((a, b))
                decided["different"] += origin is not None
        decided["applied"] = decided["same"] + decided["different"]

    is_match = decision == 0
    fps = feats["fingerprint"].to_numpy()
    fp_rank = np.argsort(np.argsort(fps, kind="stable"), kind="stable")  # content order of each record
    lm, rm = fp_rank[left[is_match]], fp_rank[right[is_match]]
    tie = np.minimum(lm, rm).astype(np.int64) * len(fps) + np.maximum(lm, rm)
    trusted = np.where(enc.array("nik_trusted"), feats["nik"].to_numpy(dtype=object), "")
    roots, refused = clusterer(len(frame), left[is_match], right[is_match], weight[is_match], tie, trusted,
                               cannot_link=cannot_link, forced=forced[is_match])
    refused_at = np.flatnonzero(is_match)[refused]
    decision[refused_at], rule[refused_at] = refused_links(levels, refused_at)
    cluster_id = stable_ids(roots, fps)

    # one frame over the existing arrays (no copies), of the held columns alone: the others
    # (each comparison's bits but the name's, the probabilities, what the model alone said) are
    # derived() where they are read
    del model_decision
    held = {"decision": decision, "rule": rule, "weight": weight, "left": left, "right": right}
    for c in comps:
        held[f"{c}_level"] = levels.pop(c)
        if c in bits:
            held[f"{c}_bits"] = bits.pop(c)
    columns = {name: as_column(name, held.pop(name)) for name in held_columns(comps)}
    out = pd.DataFrame(columns, copy=False)
    del columns
    stats = {"records": len(frame), "candidate_pairs": len(out), "matches": int((decision == 0).sum()),
             "reviews": int((decision == 1).sum()), "clusters": int(pd.Series(cluster_id).nunique()),
             "refused_links": int(refused.sum()), "decisions": decided}
    return MatchResult(records=frame, features=feats, pairs=out, cluster_id=cluster_id, model=model,
                       settings=settings, blocking=bstats, stats=stats)



def weights_in_chunks(model: Model, enc: Encoded, left: np.ndarray, right: np.ndarray,
                      levels: dict[str, np.ndarray], comps: list[str], chunk: int
                      ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """pair_weight over `chunk` pairs at a time, keeping the weight and the HELD_BITS only: the
    same numbers (each pair's are its own), without every comparison's bits and their float64
    temporaries over every pair."""
    n = len(left)
    weight = np.empty(n, np.float32)
    held = {c: np.empty(n, np.float32) for c in comps if c in HELD_BITS}
    shares = term_shares(model, enc)   # once, not per chunk (a dictionary look-up per distinct name)
    for start in range(0, n, chunk):
        sl = slice(start, start + chunk)
        bits, weight[sl] = pair_weight(model, enc, left[sl], right[sl], {c: v[sl] for c, v in levels.items()},
                                       comps, n_records=len(enc.feats), shares=shares)
        for c in held:
            held[c][sl] = bits[c]
    return held, weight


def decide_in_chunks(levels: dict[str, np.ndarray], weight: np.ndarray, enc: Encoded, left: np.ndarray,
                     right: np.ndarray, chunk: int, *args, **kwargs) -> tuple[np.ndarray, np.ndarray]:
    """rules.decide over `chunk` pairs at a time: each rule looks at one pair and its two
    records, so the answer is the same; the rules' few dozen masks then exist for one chunk, not
    for every pair (at a million records they were the matching stage's peak)."""
    n = len(weight)
    if n <= chunk:
        return decide(levels, weight, enc, left, right, *args, **kwargs)
    decision, rule = np.empty(n, np.int8), np.empty(n, np.int8)
    for start in range(0, n, chunk):
        sl = slice(start, start + chunk)
        decision[sl], rule[sl] = decide({c: v[sl] for c, v in levels.items()}, weight[sl], enc, left[sl],
                                        right[sl], *args, **kwargs)
    return decision, rule


def confidence(probability: np.ndarray, decision: np.ndarray, model_decision: np.ndarray, settings: Settings,
               prior_bits: float) -> np.ndarray:
    """The probability reported with each pair (Keyakinan), kept inside the band of its final
    decision: a pair a rule, the clustering guard or an officer moved to another decision is shown
    at that decision's nearest edge (a pair demoted to non-match is never "0.99 sure"), while the
    model's own figure stays in model_probability. Pairs the model decided keep theirs."""
    def at(weight: float) -> float:
        return float(1.0 / (1.0 + np.exp2(-np.clip(weight + prior_bits, -60, 60))))

    p_match, p_review = at(settings.match_weight), at(settings.review_weight)
    out = probability.copy()
    moved = decision != model_decision
    below_review, below_match = np.nextafter(p_review, 0.0), np.nextafter(p_match, 0.0)
    for code, low, high in ((0, p_match, 1.0), (1, p_review, below_match), (2, 0.0, below_review)):
        hit = moved & (decision == code)
        out[hit] = np.clip(out[hit], low, max(low, high))
    return out


def subset(result: MatchResult, positions: np.ndarray, cluster_id: np.ndarray) -> MatchResult:
    """The result restricted to some records (this stage's, when earlier stages were matched
    along), with the given cluster ids; pairs are kept where both records remain."""
    if getattr(result, "all_pairs", None) is not None:   # the Spark engine's: the pairs stay there
        from .spark.pairs import spark_subset

        return spark_subset(result, positions, cluster_id)
    keep = np.zeros(len(result.records), bool)
    keep[positions] = True
    new_pos = np.full(len(result.records), -1)
    new_pos[positions] = np.arange(len(positions))
    pairs = result.pairs
    inside = keep[pairs["left"].to_numpy()] & keep[pairs["right"].to_numpy()]
    pairs = pairs[inside].copy()
    pairs["left"] = new_pos[pairs["left"].to_numpy()]
    pairs["right"] = new_pos[pairs["right"].to_numpy()]
    return MatchResult(records=result.records.iloc[positions].reset_index(drop=True),
                       features=result.features.iloc[positions].reset_index(drop=True),
                       pairs=pairs.reset_index(drop=True), cluster_id=np.asarray(cluster_id, dtype=object),
                       model=result.model, settings=result.settings, blocking=result.blocking,
                       stats=dict(result.stats))
