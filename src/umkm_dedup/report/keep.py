"""What the report keeps of a match: the feature columns its writers read, and nothing else.

Matching builds ~30 feature columns per record (normalised names, phonetic keys, NIK variants for
blocking); once the pairs are scored the report reads only the NIK's verdicts and the normalised
birth date, phone, sex and RT/RW. At a province's size the rest is a few hundred megabytes held
through the whole write stage, where the run's memory peaks, so `merge` drops them before writing.

Every reader of `MatchResult.features` after matching (keep this list in step with them):
- report/consolidate.py: nik_tier (nik_reason, nik_truncated, nik_valid, nik_trusted) and the
  survivor values (nik, birth, phone, sex, rt_rw);
- report/problems.py: province_of (nik_valid, nik) and find_problems -> checks/records.py
  (nik_reason, nik_valid, nik, nik_birth, birth_declared, sex);
- matching/diagnostics.py (nik_trusted, nik).
tests/test_keep.py pins that the report written from the trimmed result is the same.

The pairs likewise: every compared pair goes into pairs.parquet (explain reads it) and into the
diagnostics (the model's estimate of duplicates left unlinked sums over them); after that the
writers read only the pairs that were linked or sent for review (Duplikat's evidence, Perlu
Ditinjau). At a million records the others are ~95 % of ~8 million pairs, ~0.4 GB held through
the rest of writing, so `write_outputs` lets them go (`keep_linked_pairs`)."""

from __future__ import annotations

from dataclasses import replace

from ..matching import MatchResult
from ..matching.rules import NON_MATCH

REPORT_FEATURES = ("nik", "nik_reason", "nik_truncated", "nik_valid", "nik_trusted", "nik_birth", "birth_declared",
                   "birth", "phone", "sex", "rt_rw")


def for_report(result: MatchResult) -> MatchResult:
    """The same result with only the feature columns the report reads (a new frame of those
    columns; the caller drops its reference to the old result so the rest is freed)."""
    feats = result.features
    keep = [c for c in REPORT_FEATURES if c in feats.columns]
    if len(keep) == len(feats.columns):
        return result
    return replace(result, features=feats[keep])


def keep_linked_pairs(*results: MatchResult) -> None:
    """In place, on each result given (a masked copy shares its pairs with the original): keep
    only the pairs that were not decided non-matches, in their order. In place because `merge`'s
    own reference to the result would otherwise keep every pair alive until the run ends; the
    result `merge` returns says so (MergeResult.match)."""
    pairs = results[0].pairs
    kept = pairs[(pairs["decision"] != NON_MATCH).to_numpy()].reset_index(drop=True)
    for result in results:
        if result.pairs is pairs:
            result.pairs = kept
