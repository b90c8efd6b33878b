"""Fellegi–Sunter scoring. u (how often a level occurs between two random records) comes from a
random sample of record pairs; m (how often it occurs between two records of one person) comes from
the data's own anchors — pairs sharing a trustworthy NIK teach the other fields, pairs sharing an
exact name and birth date teach the NIK — with EM as the fallback when a list has no NIKs. No labels
are used. Each level's evidence is log2(m/u) bits; an exact name shared by many people is worth
less than a rare one (term-frequency adjustment)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .comparisons import COMPARE, LEVELS, Encoded, PairView

#: weak priors (pseudo-counts) for m, so a level never seen among anchors is not infinitely damning
M_PRIOR = {
    "nik": [0.88, 0.03, 0.04, 0.01, 0.01, 0.02, 0.01],
    "other_id": [0.9, 0.05, 0.05],
    "name": [0.55, 0.15, 0.12, 0.08, 0.06, 0.04],
    "birth_date": [0.93, 0.04, 0.03],
    "sex": [0.98, 0.02],
    "contact": [0.30, 0.05, 0.20, 0.15, 0.15, 0.07, 0.08],
}
PRIOR_WEIGHT = 20.0
#: weak priors for u (pseudo-pairs), typical of provincial lists: they only matter for small files
#: (a facilitator's 40 rows give too few random pairs to estimate u); 300,000 sampled pairs outweigh them
U_PRIOR = {
    "nik": [3e-4, 3e-4, 3e-4, 3e-4, 3e-4, 0.14, 0.8585],
    "other_id": [1e-4, 1e-4, 0.9998],
    "name": [0.0025, 0.0005, 0.0005, 0.003, 0.0005, 0.993],
    "birth_date": [4e-4, 0.005, 0.9946],
    "sex": [0.5, 0.5],
    "contact": [3e-4, 3e-4, 3e-4, 0.0135, 0.003, 0.016, 0.9665],
}
U_PRIOR_WEIGHT = 2000.0
#: levels that carry no evidence of their own: a NIK stem (district + birth date) repeats what the
#: birth date and area comparisons already say, and its serial differs
NEUTRAL = {"nik": ("same_stem",)}
MIN_ANCHORS = 30


@dataclass
class Model:
    m: dict[str, np.ndarray]
    u: dict[str, np.ndarray]
    prior: float                      # P(match) among candidate pairs
    tf_name: np.ndarray | None = None   # frequency per name_norm code
    tf_phon: np.ndarray | None = None   # frequency per name_phon code
    anchors: dict[str, int] = field(default_factory=dict)
    method: dict[str, str] = field(default_factory=dict)

    def bits(self, comparison: str) -> np.ndarray:
        bits = np.log2(self.m[comparison] / self.u[comparison])
        for level in NEUTRAL.get(comparison, ()):
            bits[LEVELS[comparison].index(level)] = 0.0
        return bits

    def to_dict(self) -> dict:
        return {"prior": self.prior, "anchors": self.anchors, "method": self.method,
                "levels": {c: {lvl: {"m": float(self.m[c][i]), "u": float(self.u[c][i]),
                                     "bits": float(self.bits(c)[i])}
                               for i, lvl in enumerate(LEVELS[c])} for c in self.m}}


def compute_levels(enc: Encoded, left: np.ndarray, right: np.ndarray, comparisons: list[str]) -> dict[str, np.ndarray]:
    view = PairView(enc, left, right)
    return {c: COMPARE[c](view) for c in comparisons}


def _distribution(levels: np.ndarray, n_levels: int, weights: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    ok = levels >= 0
    counts = np.bincount(levels[ok].astype(np.int64), weights=None if weights is None else weights[ok],
                         minlength=n_levels)
    return counts.astype(float), float(counts.sum())


def estimate_u(enc: Encoded, comparisons: list[str], sample: int, seed: int) -> dict[str, np.ndarray]:
    n = len(enc.feats)
    rng = np.random.default_rng(seed)
    # sample by content order, not row order, so shuffled input gives the same estimate
    order = np.argsort(enc.feats["fingerprint"].to_numpy(), kind="stable")
    k = min(sample, n * (n - 1) // 2)   # no pairs at all below two records: the priors alone
    i = order[rng.integers(0, max(n, 1), k)]
    j = order[rng.integers(0, max(n, 1), k)]
    keep = i != j
    levels = compute_levels(enc, i[keep], j[keep], comparisons)
    floor = 1.0 / max(n, 1000)
    u = {}
    for c in comparisons:
        counts, total = _distribution(levels[c], len(LEVELS[c]))
        u[c] = np.maximum((counts + U_PRIOR_WEIGHT * np.array(U_PRIOR[c])) / (total + U_PRIOR_WEIGHT), floor)
    return u


def estimate_m(levels: dict[str, np.ndarray], comparisons: list[str]) -> tuple[dict, dict, dict]:
    """m per comparison from anchor pairs; EM later fills any comparison without enough anchors."""
    m, anchors, method = {}, {}, {}
    nik_exact = levels["nik"] == 0 if "nik" in levels else np.zeros(0, bool)
    for c in comparisons:
        if c == "nik":
            if "name" in levels and "birth_date" in levels:
                anchor = (levels["name"] == 0) & (levels["birth_date"] == 0)
            else:
                anchor = np.zeros(len(levels[c]), bool)
        elif c == "name" and "birth_date" in levels and "contact" in levels:
            # NIKs are dense (serial 0001 on most birthdays in a district), so a typo often lands
            # on another person's NIK: among same-NIK pairs a few are two people with two names.
            # The name learns only from same-NIK pairs a second field confirms (birth date, or an
            # address/phone), which such collisions rarely share
            confirmed = (levels["birth_date"] == 0) | ((levels["contact"] >= 0) & (levels["contact"] <= 3))
            anchor = nik_exact & confirmed
        else:
            anchor = nik_exact
        counts, total = _distribution(levels[c][anchor], len(LEVELS[c]))
        anchors[c] = int(total)
        prior = np.array(M_PRIOR[c])
        m[c] = (counts + PRIOR_WEIGHT * prior) / (total + PRIOR_WEIGHT)
        method[c] = "anchors" if total >= MIN_ANCHORS else "em"
    return m, anchors, method


def em(levels: dict[str, np.ndarray], m: dict, u: dict, method: dict, iterations: int = 15) -> float:
    """Expectation–maximisation over the candidate pairs: updates the prior always and m for the
    comparisons that had too few anchors. Returns the prior P(match) among candidates.
    Runs on the distinct combinations of levels (a few hundred) weighted by their counts."""
    comps = list(levels)
    n = len(next(iter(levels.values()))) if levels else 0
    if n == 0:
        return 0.01
    key = np.zeros(n, np.int64)
    for c in comps:
        key = key * (len(LEVELS[c]) + 1) + (levels[c].astype(np.int64) + 1)
    patterns, first, counts = np.unique(key, return_index=True, return_counts=True)
    pat = {c: levels[c][first] for c in comps}
    counts = counts.astype(float)
    prior = 0.3
    for _ in range(iterations):
        log_ratio = np.full(len(patterns), np.log2(prior / (1 - prior)))
        for c in comps:
            lv = pat[c]
            bits = np.log2(m[c] / u[c])
            log_ratio += np.where(lv >= 0, bits[np.maximum(lv, 0)], 0.0)
        p = 1.0 / (1.0 + np.exp2(-np.clip(log_ratio, -60, 60)))
        prior = float(np.clip((p * counts).sum() / counts.sum(), 1e-6, 1 - 1e-6))
        for c in comps:
            if method.get(c) != "em":
                continue
            weights = p * counts
            ok = pat[c] >= 0
            dist = np.bincount(pat[c][ok].astype(np.int64), weights=weights[ok], minlength=len(LEVELS[c]))
            m[c] = (dist + PRIOR_WEIGHT * np.array(M_PRIOR[c])) / (dist.sum() + PRIOR_WEIGHT)
    return prior


def term_frequencies(codes: np.ndarray, n_values: int) -> np.ndarray:
    """Share of records holding each value (by code)."""
    present = codes[codes >= 0]
    counts = np.bincount(present, minlength=n_values).astype(float)
    return counts / max(len(present), 1)


def fit(enc: Encoded, levels: dict[str, np.ndarray], comparisons: list[str], *, u_sample: int,
        seed: int, term_frequency: bool) -> Model:
    u = estimate_u(enc, comparisons, u_sample, seed)
    m, anchors, method = estimate_m(levels, comparisons)
    prior = em(levels, m, u, method)
    model = Model(m=m, u=u, prior=prior, anchors=anchors, method=method)
    if term_frequency:
        for attr, col in (("tf_name", "name_norm"), ("tf_phon", "name_phon")):
            codes, uniques = enc.codes(col)
            setattr(model, attr, term_frequencies(codes, len(uniques)))
    return model


def evidence(model: Model, enc: Encoded, left: np.ndarray, right: np.ndarray,
             levels: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Bits per comparison for each pair (0 where a value is missing), TF-adjusted for names."""
    out = {}
    for c, lv in levels.items():
        table = model.bits(c)
        bits = np.where(lv >= 0, table[np.maximum(lv, 0)], 0.0)
        if c == "name" and model.tf_name is not None:
            for level, col, tf in ((0, "name_norm", model.tf_name), (1, "name_phon", model.tf_phon)):
                hit = lv == level
                if not hit.any():
                    continue
                codes, _ = enc.codes(col)
                fa = tf[np.maximum(codes[left[hit]], 0)]
                fb = tf[np.maximum(codes[right[hit]], 0)]
                u_value = np.maximum(np.maximum(fa, fb), 1.0 / max(len(enc.feats), 1))
                bits[hit] = np.log2(model.m[c][level] / u_value)
        out[c] = bits.astype(np.float32)
    return out
