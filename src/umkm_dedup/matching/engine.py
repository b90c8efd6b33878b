"""deduplicate(): records -> features -> candidate pairs -> scored pairs with evidence -> decisions
-> clusters with stable ids. Pair scoring runs in independent chunks (bounded memory; each chunk
could run on another worker)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..records import RecordTable
from .blocking import BlockingStats, candidate_pairs
from .clustering import cluster, stable_ids
from .comparisons import LEVELS, Encoded
from .model import Model, compute_levels, evidence, fit
from .settings import Settings

MATCH, REVIEW, NON_MATCH = "match", "review", "non_match"
#: a different name counts as strong evidence against (and needs a person) below this many bits
NAME_STABLE_BITS = -6.0

#: domain rules on top of the score, each recorded on the pair it touched
RULE_TWO_PEOPLE = "two_trusted_niks_different_birth"   # spouses, siblings: never the same person
RULE_NAME_DIFFERENT = "name_different"                  # never joined without a person looking
RULE_CHAIN = "would_join_two_niks"                     # refused by the clustering guard
RULE_UNCORROBORATED = "needs_corroboration"            # a name alone is never enough
RULE_NEAR_NIK = "near_nik_needs_name_and_more"          # a NIK one typo apart: same name AND birth/phone/address


@dataclass
class MatchResult:
    """What matching found. `pairs` keeps every compared pair with its evidence (bits per field)."""

    records: pd.DataFrame          # the input frame, positional
    features: pd.DataFrame
    pairs: pd.DataFrame            # left, right (positions), <comp>_level, <comp>_bits, weight, ...
    cluster_id: np.ndarray         # per record
    model: Model
    settings: Settings
    blocking: BlockingStats
    stats: dict = field(default_factory=dict)

    def clusters(self) -> pd.Series:
        return pd.Series(self.cluster_id, index=self.records.index, name="cluster_id")

    @property
    def review_pairs(self) -> pd.DataFrame:
        p = self.pairs
        return p[(p["decision"] == REVIEW) & (self.cluster_id[p["left"]] != self.cluster_id[p["right"]])]


def deduplicate(records: RecordTable | pd.DataFrame, settings: Settings | None = None) -> MatchResult:
    """Find every person who appears more than once, within and across lists."""
    from .prepare import prepare

    settings = settings or Settings()
    frame = records.frame if isinstance(records, RecordTable) else records
    frame = frame.reset_index(drop=True)
    feats = prepare(frame)
    enc = Encoded(feats)
    pairs, bstats = candidate_pairs(enc, settings.blocking, settings.max_block_size)
    left = pairs["left"].to_numpy()
    right = pairs["right"].to_numpy()
    comps = settings.comparisons
    levels = {c: np.empty(len(left), np.int8) for c in comps}
    for start in range(0, len(left), settings.chunk_pairs):
        sl = slice(start, start + settings.chunk_pairs)
        chunk = compute_levels(enc, left[sl], right[sl], comps)
        for c in comps:
            levels[c][sl] = chunk[c]
    model = fit(enc, levels, comps, u_sample=settings.u_sample_pairs, seed=settings.seed,
                term_frequency=settings.term_frequency)
    bits = evidence(model, enc, left, right, levels)
    weight = np.zeros(len(left), np.float32)
    for c in comps:
        weight += bits[c]
    prior_bits = float(np.log2(model.prior / (1 - model.prior)))
    probability = 1.0 / (1.0 + np.exp2(-np.clip(weight + prior_bits, -60, 60)))
    decision = np.where(weight >= settings.match_weight, MATCH,
                        np.where(weight >= settings.review_weight, REVIEW, NON_MATCH)).astype(object)
    rule = np.full(len(left), "", dtype=object)

    if "nik" in levels and "birth_date" in levels:
        nb = feats["nik_birth"].to_numpy()
        nik_birth_differs = (nb[left] != "") & (nb[right] != "") & (nb[left] != nb[right])
        birth_differs = np.where(levels["birth_date"] >= 0, levels["birth_date"] >= 1, nik_birth_differs)
        trusted_pair = feats["nik_trusted"].to_numpy()[left] & feats["nik_trusted"].to_numpy()[right]
        two_people = (levels["nik"] == _lv("nik", "different")) & birth_differs & trusted_pair
        rule[two_people] = RULE_TWO_PEOPLE
        decision[two_people] = NON_MATCH
        if "name" in levels and "contact" in levels:
            # same name and same phone or address despite two NIKs: a KK typed as NIK is likelier
            # than a namesake at the same address, but only a person can tell
            doubtful = two_people & (levels["name"] >= 0) & (levels["name"] <= _lv("name", "phonetic")) \
                & (levels["contact"] >= 0) & (levels["contact"] <= _lv("contact", "address"))
            decision[doubtful] = REVIEW
    nik_lv = levels.get("nik", np.full(len(left), -1, np.int8))
    trusted_arr = feats["nik_trusted"].to_numpy()
    trusted_both = trusted_arr[left] & trusted_arr[right]
    name_lv = levels.get("name", np.full(len(left), -1, np.int8))
    birth_same = levels.get("birth_date", np.full(len(left), -1, np.int8)) == 0
    contact_lv = levels.get("contact", np.full(len(left), -1, np.int8))
    contact_agrees = (contact_lv >= 0) & (contact_lv <= _lv("contact", "address"))
    other_same = levels.get("other_id", np.full(len(left), -1, np.int8)) == 0
    corroborated = ((nik_lv == _lv("nik", "exact")) | (nik_lv == _lv("nik", "prefix15")) | birth_same
                    | contact_agrees | other_same)
    uncorroborated = (decision == MATCH) & ~corroborated
    rule[uncorroborated] = RULE_UNCORROBORATED
    decision[uncorroborated] = REVIEW
    near = (nik_lv == _lv("nik", "one_edit")) | (nik_lv == _lv("nik", "same_stem"))
    name_close = (name_lv >= 0) & (name_lv <= _lv("name", "very_similar"))
    near_doubtful = (decision == MATCH) & near & ~(name_close & (birth_same | contact_agrees))
    rule[near_doubtful] = RULE_NEAR_NIK
    decision[near_doubtful] = REVIEW
    # below the match threshold, a pair whose names differ is not worth a person's time: such pairs
    # come from near NIKs of neighbours born the same day, and would flood Perlu Ditinjau
    idle = (decision == REVIEW) & (rule == "") & (name_lv == _lv("name", "different"))
    decision[idle] = NON_MATCH
    if "name" in levels:
        # names that differ never merge on one identifier alone; two independent ones (a trusted
        # NIK, another id, a declared birth date, a shared address or phone) outweigh a name
        # change (two names are common among Chinese-Indonesians; FEBRL replaces names)
        trusted_nik_same = (nik_lv == _lv("nik", "exact")) & trusted_both
        # a birth date that agrees where the NIKs agree is the NIK's own date digits: not a second id
        nik_agrees = (nik_lv >= 0) & (nik_lv <= _lv("nik", "same_stem"))
        strong = (trusted_nik_same.astype(np.int8) + other_same + (birth_same & ~nik_agrees) + contact_agrees)
        # only where the data itself says one person's records rarely differ in name (Indonesian
        # lists: about -10 bits); on lists where names are replaced freely (FEBRL: -2 to -3 bits)
        # the model's own evidence is trusted
        names_stable = model.bits("name")[_lv("name", "different")] <= NAME_STABLE_BITS
        name_diff = ((levels["name"] == _lv("name", "different")) & (decision == MATCH) & (strong < 2)
                     & names_stable)
        rule[name_diff] = RULE_NAME_DIFFERENT
        decision[name_diff] = REVIEW

    is_match = decision == MATCH
    fps = feats["fingerprint"].to_numpy()
    fp_rank = np.argsort(np.argsort(fps, kind="stable"), kind="stable")  # content order of each record
    lm, rm = fp_rank[left[is_match]], fp_rank[right[is_match]]
    tie = np.minimum(lm, rm).astype(np.int64) * len(fps) + np.maximum(lm, rm)
    trusted = np.where(feats["nik_trusted"].to_numpy(), feats["nik"].to_numpy(), "")
    roots, refused = cluster(len(frame), left[is_match], right[is_match], weight[is_match], tie, trusted)
    match_idx = np.flatnonzero(is_match)
    decision[match_idx[refused]] = REVIEW
    rule[match_idx[refused]] = RULE_CHAIN
    cluster_id = stable_ids(roots, fps)

    out = pd.DataFrame({"left": left, "right": right})
    for c in comps:
        out[f"{c}_level"] = levels[c]
        out[f"{c}_bits"] = bits[c]
    out["weight"] = weight
    out["probability"] = probability.astype(np.float32)
    out["decision"] = pd.Categorical(decision, categories=[MATCH, REVIEW, NON_MATCH])
    out["rule"] = pd.Categorical(rule)
    stats = {"records": len(frame), "candidate_pairs": len(out), "matches": int((decision == MATCH).sum()),
             "reviews": int((decision == REVIEW).sum()), "clusters": int(pd.Series(cluster_id).nunique()),
             "refused_links": int(refused.sum())}
    return MatchResult(records=frame, features=feats, pairs=out, cluster_id=cluster_id, model=model,
                       settings=settings, blocking=bstats, stats=stats)


def _lv(comparison: str, level: str) -> int:
    return LEVELS[comparison].index(level)


def level_name(comparison: str, level: int) -> str:
    return LEVELS[comparison][level] if level >= 0 else "missing"
