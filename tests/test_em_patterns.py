"""EM's level combinations (model._level_patterns) are np.unique's over the pair key: the same
combinations in the same order, the same counts and each comparison's level per combination, so
the fitted model is the same to the bit whichever way they are counted."""

import numpy as np
import pytest

from umkm_dedup.matching import model as model_module
from umkm_dedup.matching.model import REGISTRY, _level_patterns


def _by_unique(levels, comps):
    key = np.zeros(len(levels[comps[0]]), np.int64)
    for c in comps:
        key = key * (len(REGISTRY[c].levels) + 1) + (levels[c].astype(np.int64) + 1)
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    return {c: levels[c][first] for c in comps}, counts.astype(float)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("counted", [True, False])
def test_patterns_are_those_of_unique(seed, counted, monkeypatch):
    if not counted:   # the sorted fallback, for a key space too big to count
        monkeypatch.setattr(model_module, "_PATTERN_SPACE", 1)
    rng = np.random.default_rng(seed)
    comps = list(REGISTRY)
    n = int(rng.integers(1, 50_000))
    levels = {c: rng.integers(-1, len(REGISTRY[c].levels), n).astype(np.int8) for c in comps}
    if seed % 2:
        for c in comps:
            levels[c][rng.random(n) < 0.8] = -1   # mostly missing, as most comparisons are
    want, got = _by_unique(levels, comps), _level_patterns(levels, comps)
    assert np.array_equal(want[1], got[1]) and want[1].dtype == got[1].dtype
    for c in comps:
        assert np.array_equal(want[0][c], got[0][c]) and want[0][c].dtype == got[0][c].dtype
