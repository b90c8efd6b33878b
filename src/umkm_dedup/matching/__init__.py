"""The matching engine: who appears more than once, within and across lists.

    from umkm_dedup.matching import deduplicate, Settings
    result = deduplicate(table, Settings(match_weight=8))
    result.clusters()      # cluster id per record (stable: derived from content)
    result.pairs           # every compared pair with the evidence of each field
"""

from .engine import MATCH, NON_MATCH, REVIEW, MatchResult, deduplicate
from .settings import Settings

__all__ = ["deduplicate", "Settings", "MatchResult", "MATCH", "REVIEW", "NON_MATCH"]
