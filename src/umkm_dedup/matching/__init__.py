"""The matching engine: who appears more than once, within and across lists.

    from umkm_dedup.matching import deduplicate, Settings
    result = deduplicate(table, Settings(match_weight=8))
    result.clusters()      # cluster id per record (stable: derived from content)
    result.pairs           # every compared pair: positions, each field's level, the name's bits, weight, decision
    result.scored_pairs()  # the same with every field's bits and the probabilities (29 bytes more per pair)
"""

from .engine import MATCH, NON_MATCH, REVIEW, MatchResult, deduplicate
from .settings import Settings

__all__ = ["deduplicate", "Settings", "MatchResult", "MATCH", "REVIEW", "NON_MATCH"]
