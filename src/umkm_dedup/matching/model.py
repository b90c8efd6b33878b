"""Fellegi–Sunter scoring. u (how often a level occurs between two random records) comes from a
random sample of record pairs; m (how often it occurs between two records of one person) comes from
the data's own anchors — pairs sharing a trusted NIK teach the other fields, pairs sharing an
exact name and birth date teach the NIK — with EM as the fallback when a list has no NIKs. No labels
are used. Each level's evidence is log2(m/u) bits; an exact name shared by many people is worth
less than a rare one (term-frequency adjustment).

A model is saved (model.json, `to_dict`) and loaded back (`Model.from_dict`) with its settings,
m, u, prior, term frequencies and where each m and u came from, so a run can be reproduced and a
later stage scored with the first stage's model (merge --model, the ledger)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .comparisons import REGISTRY, Comparison, Encoded, compute_levels, levels_in_chunks  # noqa: F401

PRIOR_WEIGHT = 20.0
#: weak priors for u (pseudo-pairs) are each comparison's u_prior, typical of provincial lists: they
#: only matter for small files (a facilitator's 40 rows give too few random pairs to estimate u);
#: 300,000 sampled pairs outweigh them
U_PRIOR_WEIGHT = 2000.0
MIN_ANCHORS = 30
#: EM stops when no probability (prior, any m) moves by more than this in one iteration
EM_TOLERANCE = 1e-6
EM_MAX_ITERATIONS = 200
#: m/u priors per comparison, read from the comparison classes (kept for callers of the old tables)
M_PRIOR = {name: list(cls.m_prior) for name, cls in REGISTRY.items()}
U_PRIOR = {name: list(cls.u_prior) for name, cls in REGISTRY.items()}
NEUTRAL = {name: cls.neutral for name, cls in REGISTRY.items() if cls.neutral}


#: a value carried by fewer records is not saved in model.json (it counts as an unseen one)
SAVED_MIN_COUNT = 2


@dataclass
class TermStats:
    """How many records carry each value (name_norm, name_phon, name_core), and how many carry one at all.
    Kept by value, not by code, so a saved model scores any table: a value it never saw counts
    as carried by one record (what a value seen once gives). So a value seen once is not kept
    (`of`): it reads as 1 either way, and most of a province's distinct names are such — their
    Python strings were held beside the model from matching to the end of the write stage."""

    counts: dict[str, dict[str, int]]     # column -> value -> records
    totals: dict[str, int]                # column -> records with a value
    #: per column, its values sorted and their running record counts (prefix_per_code's index)
    _sorted: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, enc: Encoded, columns=("name_norm", "name_phon", "name_core")) -> "TermStats":
        counts, totals = {}, {}
        for col in columns:
            codes, uniques = enc.codes(col)
            present = codes[codes >= 0]
            per = np.bincount(present, minlength=len(uniques))
            counts[col] = {str(uniques[i]): int(per[i]) for i in np.flatnonzero(per > 1)}
            totals[col] = int(len(present))
        return cls(counts, totals)

    def per_code(self, column: str, uniques: np.ndarray) -> np.ndarray:
        """Share of records holding each of `uniques` (a column's distinct values, by code)."""
        seen = self.counts[column]
        counts = np.array([seen.get(str(u), 1) for u in uniques], dtype=float)
        return counts / max(self.totals[column], 1)

    def prefix_per_code(self, column: str, uniques: np.ndarray) -> np.ndarray:
        """Share of records whose value is each of `uniques` or begins with it and more words
        ('suarniti' counts 'suarniti', 'suarniti rasmini', 'suarniti ariani', ...): how many
        people a name cut short to these words could be. A value never seen counts as one record."""
        if column not in self._sorted:
            # only the values a saved model keeps (to_dict), so that a run scored with its own
            # model.json gives the same bits
            keys = np.array(sorted(k for k, n in self.counts[column].items() if n >= SAVED_MIN_COUNT), dtype=str)
            running = np.concatenate([[0], np.cumsum([self.counts[column][k] for k in keys])])
            self._sorted[column] = (keys, running)
        keys, running = self._sorted[column]
        seen = self.counts[column]
        values = [str(u) for u in uniques]
        own = np.array([seen.get(v, 1) for v in values], dtype=float)
        if len(keys) and values:
            # the values that begin with 'v ' sort between 'v ' and 'v!' (the next character)
            lo = np.searchsorted(keys, np.array([v + " " for v in values], dtype=str))
            hi = np.searchsorted(keys, np.array([v + "!" for v in values], dtype=str))
            own += running[hi] - running[lo]
        return own / max(self.totals[column], 1)

    def to_dict(self, min_count: int = SAVED_MIN_COUNT) -> dict:
        """Values carried by at least `min_count` records (a value seen once is what an unseen
        one counts as, so nothing is lost), and the totals."""
        return {"totals": dict(self.totals),
                "counts": {col: {v: n for v, n in sorted(vals.items()) if n >= min_count}
                           for col, vals in self.counts.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> "TermStats":
        return cls({c: {str(v): int(n) for v, n in vals.items()} for c, vals in data["counts"].items()},
                   {c: int(n) for c, n in data["totals"].items()})


@dataclass
class Model:
    m: dict[str, np.ndarray]
    u: dict[str, np.ndarray]
    prior: float                      # P(match) among candidate pairs
    term_stats: TermStats | None = None
    anchors: dict[str, int] = field(default_factory=dict)
    method: dict[str, str] = field(default_factory=dict)      # m per comparison: anchors / em
    u_method: dict[str, str] = field(default_factory=dict)    # u per comparison: random_pairs / prior
    em_iterations: int = 0
    em_converged: bool = False
    settings: object = None           # the Settings fitted under (restored by from_dict)
    #: fitted | loaded (scored with a frozen model). Not written: a run scored with its own
    #: model.json writes that model.json again, byte for byte
    origin: str = "fitted"

    def bits(self, comparison: str) -> np.ndarray:
        bits = np.log2(self.m[comparison] / self.u[comparison])
        levels = REGISTRY[comparison].levels
        for level in REGISTRY[comparison].neutral:
            bits[levels.index(level)] = 0.0
        return bits

    def to_dict(self) -> dict:
        out = {"prior": self.prior, "anchors": self.anchors, "method": self.method,
               "u_method": self.u_method,
               "em": {"iterations": self.em_iterations, "converged": self.em_converged},
               "levels": {c: {lvl: {"m": float(self.m[c][i]), "u": float(self.u[c][i]),
                                    "bits": float(self.bits(c)[i])}
                              for i, lvl in enumerate(REGISTRY[c].levels)} for c in self.m}}
        if self.term_stats is not None:
            out["term_frequencies"] = self.term_stats.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Model":
        """A model from what to_dict wrote, or from a whole model.json ({"model", "settings", ...});
        with the latter its settings come back too. Raises ConfigError on a file it cannot use."""
        from ..core.errors import ConfigError
        from .settings import Settings

        settings = None
        if "model" in data:
            settings = Settings.from_dict(data["settings"]) if "settings" in data else None
            data = data["model"]
        try:
            m, u = {}, {}
            for c, levels in data["levels"].items():
                names = REGISTRY[c].levels
                if list(levels) != list(names) and sorted(levels) != sorted(names):
                    raise KeyError(c)
                m[c] = np.array([float(levels[lvl]["m"]) for lvl in names])
                u[c] = np.array([float(levels[lvl]["u"]) for lvl in names])
            tf = data.get("term_frequencies")
            return cls(m=m, u=u, prior=float(data["prior"]),
                       term_stats=TermStats.from_dict(tf) if tf else None,
                       anchors={k: int(v) for k, v in data.get("anchors", {}).items()},
                       method=dict(data.get("method", {})), u_method=dict(data.get("u_method", {})),
                       em_iterations=int(data.get("em", {}).get("iterations", 0)),
                       em_converged=bool(data.get("em", {}).get("converged", False)),
                       settings=settings, origin="loaded")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"not a model this version can use ({exc})", key="bad_model",
                              hint="give the model.json of a finished merge", params={"detail": str(exc)}) from None

    def check_settings(self, comparisons: list[str]) -> None:
        """A frozen model scores only the comparisons it has m and u for."""
        from ..core.errors import ConfigError

        missing = [c for c in comparisons if c not in self.m]
        if missing:
            raise ConfigError(f"the model has no m/u for: {', '.join(missing)}", key="bad_model",
                              hint="use the settings saved with the model", params={"detail": ", ".join(missing)})


def _distribution(levels: np.ndarray, n_levels: int, weights: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    ok = levels >= 0
    counts = np.bincount(levels[ok].astype(np.int64), weights=None if weights is None else weights[ok],
                         minlength=n_levels)
    return counts.astype(float), float(counts.sum())


def u_sample_pairs(fingerprints: np.ndarray, sample: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The random record pairs u is estimated on. Sampled by content order, not row order, so
    shuffled input gives the same estimate; the Spark engine computes the same pairs' levels on
    the cluster."""
    n = len(fingerprints)
    rng = np.random.default_rng(seed)
    order = np.argsort(fingerprints, kind="stable")
    k = min(sample, n * (n - 1) // 2)   # no pairs at all below two records: the priors alone
    i = order[rng.integers(0, max(n, 1), k)]
    j = order[rng.integers(0, max(n, 1), k)]
    keep = i != j
    return i[keep], j[keep]


#: u's rarest levels are seen only a few times in a small sample (two random records share a
#: birth date about once in 20,000 pairs): at 976k records 300,000 random pairs held ~7 shared
#: birth dates, and a refit after a change to 0.1 % of the names moved the birth date's bits by
#: 0.9 (14.06 -> 14.93), flipping borderline decisions on unrelated pairs. So the sample grows
#: with the run, 3 random pairs per record (the run scores 8-50 candidate pairs per record
#: anyway), up to 3 million (~10 s of levels); below 100,000 records the setting's size stands
U_PAIRS_PER_RECORD, U_PAIRS_CAP = 3, 3_000_000


def u_sample_size(requested: int, n_records: int) -> int:
    """Random pairs for u: the setting's count, or more for a large run (U_PAIRS_PER_RECORD)."""
    return max(requested, min(U_PAIRS_PER_RECORD * n_records, U_PAIRS_CAP))


def estimate_u(enc: Encoded, comparisons: list[Comparison], sample: int, seed: int,
               chunk: int | None = None) -> tuple[dict, dict]:
    """u from random record pairs, their levels computed `chunk` pairs at a time."""
    sample = u_sample_size(sample, len(enc.feats))
    i, j = u_sample_pairs(enc.feats["fingerprint"].to_numpy(), sample, seed)
    return u_from_levels(levels_in_chunks(enc, i, j, comparisons, chunk), comparisons, len(enc.feats))


def u_from_levels(levels: dict[str, np.ndarray], comparisons: list[Comparison], n: int) -> tuple[dict, dict]:
    """u per comparison from the random pairs' levels, smoothed by the prior pseudo-pairs."""
    floor = 1.0 / max(n, 1000)
    u, method = {}, {}
    for c in comparisons:
        counts, total = _distribution(levels[c.name], len(c.levels))
        u[c.name] = np.maximum((counts + U_PRIOR_WEIGHT * np.array(c.u_prior)) / (total + U_PRIOR_WEIGHT), floor)
        # which of the two outweighs the other: the sampled pairs, or the prior pseudo-pairs
        method[c.name] = f"random_pairs:{int(total)}" if total >= U_PRIOR_WEIGHT else f"prior+random_pairs:{int(total)}"
    return u, method


def estimate_m(levels: dict[str, np.ndarray], comparisons: list[Comparison],
               trusted_both: np.ndarray | None = None) -> tuple[dict, dict, dict]:
    """m per comparison from anchor pairs; EM later fills any comparison without enough anchors.
    The NIK anchors are pairs whose NIKs are equal and trusted on both sides (matching/prepare.py:
    valid, and not contradicting the record's birth date or sex): a valid NIK shared by a
    household (a KK typed as NIK) would otherwise teach that a different name is common."""
    m, anchors, method = {}, {}, {}
    nik_exact = levels["nik"] == REGISTRY["nik"].levels.index("exact") if "nik" in levels else np.zeros(0, bool)
    if trusted_both is not None and len(nik_exact):
        nik_exact = nik_exact & trusted_both
    names = {c.name: c for c in comparisons}
    for c in comparisons:
        if c.name == "nik":
            if "name" in levels and "birth_date" in levels:
                anchor = ((levels["name"] == names["name"].level("exact"))
                          & (levels["birth_date"] == names["birth_date"].level("exact")))
            else:
                anchor = np.zeros(len(levels[c.name]), bool)
        elif c.name == "name" and "birth_date" in levels and "contact" in levels:
            # NIKs are dense (serial 0001 on most birthdays in a district), so a typo often lands
            # on another person's NIK: among same-NIK pairs a few are two people with two names.
            # The name learns only from same-NIK pairs a second field confirms (birth date, or an
            # address/phone), which such collisions rarely share
            contact = names["contact"]
            confirmed = ((levels["birth_date"] == names["birth_date"].level("exact"))
                         | ((levels["contact"] >= 0) & (levels["contact"] <= contact.level("address"))))
            anchor = nik_exact & confirmed
        else:
            anchor = nik_exact
        counts, total = _distribution(levels[c.name][anchor], len(c.levels))
        anchors[c.name] = int(total)
        prior = np.array(c.m_prior)
        m[c.name] = (counts + PRIOR_WEIGHT * prior) / (total + PRIOR_WEIGHT)
        method[c.name] = "anchors" if total >= MIN_ANCHORS else "em"
    return m, anchors, method


#: the most distinct keys of level combinations counted in one array (else sorted, np.unique)
_PATTERN_SPACE = 1 << 24


def _level_patterns(levels: dict[str, np.ndarray], comps: list[str]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The distinct combinations of levels over the pairs, in the order of their key (each
    comparison's level + 1 as one digit of a mixed-radix number), as each comparison's level per
    combination, and how many pairs have each (float). The key is built in place (one int64 per
    pair; the whole-array temporaries of `key * radix + level` were three more) and counted by
    np.bincount over the few thousand keys there can be, with each combination's levels read
    back from its key's digits: np.unique's argsort and sorted copy were two more int64 arrays
    over every pair (at 49,411,231 pairs, 2.8M records, ~1.5 GB at the matching stage's top).
    The same combinations, order and counts as np.unique(key, return_index, return_counts)."""
    n = len(levels[comps[0]])
    radix = [len(REGISTRY[c].levels) + 1 for c in comps]
    key = np.zeros(n, np.int64)
    for c, r in zip(comps, radix):
        key *= r
        key += levels[c]
        key += 1
    space = int(np.prod(radix, dtype=np.float64))
    readable = all(levels[c].min(initial=-1) >= -1 and levels[c].max(initial=-1) < r - 1 for c, r in zip(comps, radix))
    if space > _PATTERN_SPACE or not readable:   # (a level out of its range could not be read back)
        patterns, first, counts = np.unique(key, return_index=True, return_counts=True)
        return {c: levels[c][first] for c in comps}, counts.astype(float)
    per_key = np.bincount(key, minlength=space)
    del key
    patterns = np.flatnonzero(per_key)
    counts = per_key[patterns].astype(float)
    pat = {}
    rest = patterns.copy()
    for c, r in reversed(list(zip(comps, radix))):
        pat[c] = (rest % r - 1).astype(levels[c].dtype)
        rest //= r
    return {c: pat[c] for c in comps}, counts


def em(levels: dict[str, np.ndarray], m: dict, u: dict, method: dict, *, tolerance: float = EM_TOLERANCE,
       max_iterations: int = EM_MAX_ITERATIONS) -> tuple[float, int, bool]:
    """Expectation–maximisation over the candidate pairs: updates the prior always and m for the
    comparisons that had too few anchors, until no probability moves by more than `tolerance`.
    Returns (prior P(match) among candidates, iterations run, converged).
    Runs on the distinct combinations of levels (a few hundred) weighted by their counts."""
    comps = list(levels)
    n = len(next(iter(levels.values()))) if levels else 0
    if n == 0:
        return 0.01, 0, True
    pat, counts = _level_patterns(levels, comps)
    prior = 0.3
    for iteration in range(1, max_iterations + 1):
        log_ratio = np.full(len(counts), np.log2(prior / (1 - prior)))
        for c in comps:
            lv = pat[c]
            bits = np.log2(m[c] / u[c])
            log_ratio += np.where(lv >= 0, bits[np.maximum(lv, 0)], 0.0)
        p = 1.0 / (1.0 + np.exp2(-np.clip(log_ratio, -60, 60)))
        new_prior = float(np.clip((p * counts).sum() / counts.sum(), 1e-6, 1 - 1e-6))
        moved = abs(new_prior - prior)
        prior = new_prior
        for c in comps:
            if method.get(c) != "em":
                continue
            weights = p * counts
            ok = pat[c] >= 0
            dist = np.bincount(pat[c][ok].astype(np.int64), weights=weights[ok], minlength=len(REGISTRY[c].levels))
            new_m = (dist + PRIOR_WEIGHT * np.array(REGISTRY[c].m_prior)) / (dist.sum() + PRIOR_WEIGHT)
            moved = max(moved, float(np.abs(new_m - m[c]).max()))
            m[c] = new_m
        if moved <= tolerance:
            return prior, iteration, True
    return prior, max_iterations, False


def fit(enc: Encoded, levels: dict[str, np.ndarray], comparisons: list[Comparison], *, u_sample: int,
        seed: int, term_frequency: bool, trusted_both: np.ndarray | None = None, settings=None,
        chunk: int | None = None) -> Model:
    u, u_method = estimate_u(enc, comparisons, u_sample, seed, chunk)
    m, anchors, method = estimate_m(levels, comparisons, trusted_both)
    prior, iterations, converged = em(levels, m, u, method)
    model = Model(m=m, u=u, prior=prior, anchors=anchors, method=method, u_method=u_method,
                  em_iterations=iterations, em_converged=converged, settings=settings)
    if term_frequency:
        model.term_stats = TermStats.of(enc)
    return model


#: the name columns whose term frequency adjusts a name's exact and phonetic bits, by name level
TF_COLUMNS = {"exact": "name_norm", "phonetic": "name_phon"}
#: ... and the column whose prefix share (TermStats.prefix_per_code) caps a very similar name's
#: bits: 'Ni Putu Suarniti' beside 'Ni Putu Suarniti Rasmini' is worth no more than the number of
#: people whose distinctive name begins with 'suarniti' allows. At a million Balinese records a
#: few thousand do, and such a pair with one birth date and nothing else in common was one person
#: a quarter of the time; with a rarer name, nearly always (development seed, 976k records).
TF_PREFIX = ("very_similar", "name_core")


def term_shares(model: Model, enc: Encoded) -> dict[str, np.ndarray]:
    """Per name column, the share of records holding each of `enc`'s codes (TermStats.per_code):
    what `evidence` reads, made once when the same table's pairs are scored chunk by chunk."""
    if model.term_stats is None:
        return {}
    out = {col: model.term_stats.per_code(col, enc.codes(col)[1]) for col in TF_COLUMNS.values() if col in enc.feats}
    col = TF_PREFIX[1]
    if col in enc.feats and col in model.term_stats.counts:
        out[_prefix_key(col)] = model.term_stats.prefix_per_code(col, enc.codes(col)[1])
    return out


def _prefix_key(column: str) -> str:
    return f"{column}:prefix"


def evidence(model: Model, enc: Encoded, left: np.ndarray, right: np.ndarray,
             levels: dict[str, np.ndarray], n_records: int | None = None,
             shares: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Bits per comparison for each pair (0 where a value is missing), TF-adjusted for names.
    `n_records`: records in the whole table (the floor of a name's frequency); by default the
    encoded table's, which is the whole table for the local engine but not for a batch.
    `shares`: term_shares(model, enc), when the caller scores many chunks of one table."""
    n_records = len(enc.feats) if n_records is None else n_records
    out = {}
    for c, lv in levels.items():
        table = model.bits(c)
        bits = np.where(lv >= 0, table[np.maximum(lv, 0)], 0.0)
        if c == "name" and model.term_stats is not None:
            for level_name, col in TF_COLUMNS.items():
                level = REGISTRY["name"].levels.index(level_name)
                hit = lv == level
                if not hit.any():
                    continue
                codes, uniques = enc.codes(col)
                tf = shares[col] if shares and col in shares else model.term_stats.per_code(col, uniques)
                fa = tf[np.maximum(codes[left[hit]], 0)]
                fb = tf[np.maximum(codes[right[hit]], 0)]
                u_value = np.maximum(np.maximum(fa, fb), 1.0 / max(n_records, 1))
                bits[hit] = np.log2(model.m[c][level] / u_value)
            _cap_by_prefix_share(model, enc, left, right, lv, bits, n_records, shares)
        out[c] = bits.astype(np.float32)
    _birth_carried_by_nik(enc, left, right, levels, out)
    return out


#: the NIK levels of two numbers one typo apart, whose date digits may carry one birth date
_NEAR_NIK = ("one_edit", "same_stem")
#: the comparison whose bits such a pair does not count (engine.derived rebuilds them)
NIK_CARRIED = "birth_date"


def _birth_carried_by_nik(enc: Encoded, left: np.ndarray, right: np.ndarray, levels: dict[str, np.ndarray],
                          out: dict[str, np.ndarray]) -> None:
    """No bits for a birth date that two NIKs one typo apart already carry: their date digits
    are equal, so the declared dates agree because the numbers do, and the NIK's bits counted it.
    Counted twice, a neighbour in the NIK sequence (born the same day in the same district, the
    next serial) with a similar name outweighed any list's size: at 976k development records,
    NIKs one edit apart with a very similar name and the same birth date were 363 links, 37 %
    of them two people. A date typo the birth date corrects keeps its bits (the dates differ)."""
    if "nik" not in levels or NIK_CARRIED not in levels or "nik" not in enc.feats:
        return
    nik_levels = REGISTRY["nik"].levels
    near = np.isin(levels["nik"], [nik_levels.index(n) for n in _NEAR_NIK])
    at = np.flatnonzero(near & (levels[NIK_CARRIED] == REGISTRY[NIK_CARRIED].levels.index("exact")))
    if not len(at):
        return
    dates = enc.array("nik_date_part")
    carried = (dates[left[at]] == dates[right[at]]) & (dates[left[at]] > 0)
    out[NIK_CARRIED][at[carried]] = 0.0


def _cap_by_prefix_share(model: Model, enc: Encoded, left, right, lv: np.ndarray, bits: np.ndarray,
                         n_records: int, shares) -> None:
    """A very similar name's bits, no more than its words allow (TF_PREFIX): u is the larger of
    the model's u and the share of records whose distinctive name begins with either name's."""
    level_name, col = TF_PREFIX
    level = REGISTRY["name"].levels.index(level_name)
    hit = lv == level
    stats = model.term_stats
    if stats is None or not hit.any() or col not in enc.feats or col not in stats.counts:
        return
    codes, uniques = enc.codes(col)
    key = _prefix_key(col)
    share = shares[key] if shares and key in shares else stats.prefix_per_code(col, uniques)
    fa = share[np.maximum(codes[left[hit]], 0)]
    fb = share[np.maximum(codes[right[hit]], 0)]
    u_value = np.maximum(np.maximum(fa, fb), max(model.u["name"][level], 1.0 / max(n_records, 1)))
    bits[hit] = np.log2(model.m["name"][level] / u_value)


def evidence_for_batch(left: pd.DataFrame, right: pd.DataFrame, levels: dict[str, np.ndarray], model: Model,
                       n_records: int) -> dict[str, np.ndarray]:
    """Bits per comparison for a batch of pairs given as two aligned feature frames (as for
    comparisons.levels_for_batch), with `n_records` the size of the whole table: what the local
    engine's `evidence` gives for the same pairs."""
    n = len(left)
    names = {}
    for col in ("name_norm", "name_phon", "name_core", "nik"):
        if col in left and col in right:
            names[col] = pd.concat([left[col].astype(object), right[col].astype(object)],
                                   ignore_index=True).where(lambda v: v.notna(), "").astype(str)
    enc = Encoded(pd.DataFrame(names) if names else pd.DataFrame(index=range(2 * n)))
    idx = np.arange(n)
    return evidence(model, enc, idx, idx + n, levels, n_records=n_records)


def load_model(source) -> Model:
    """A frozen model from a model.json path, its parsed dict, or a Model (returned as is).
    A file that cannot be read or understood is a ConfigError naming it."""
    import json
    from pathlib import Path

    from ..core.errors import ConfigError

    if isinstance(source, Model):
        return source
    if isinstance(source, dict):
        return Model.from_dict(source)
    path = Path(source)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"cannot read the model ({exc})", file=str(path), key="bad_model",
                          params={"detail": type(exc).__name__}) from None
    if not isinstance(data, dict):
        raise ConfigError("not a model file", file=str(path), key="bad_model", params={"detail": "not an object"})
    try:
        return Model.from_dict(data)
    except ConfigError as exc:
        exc.file = str(path)
        raise
