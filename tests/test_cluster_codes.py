"""The write stage's memory cuts keep their answers: cluster ids let go and rebuilt, the review
pairs and the diagnostics' per-pair sums computed a chunk at a time."""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np
import pandas as pd
import pytest

from umkm_dedup.matching import diagnostics as diag
from umkm_dedup.matching.engine import MatchResult
from umkm_dedup.matching.rules import DECISIONS, REVIEW
from umkm_dedup.report.cluster_codes import cluster_ids_as_codes


def _result(ids, left, right, decisions) -> MatchResult:
    pairs = pd.DataFrame({"left": left, "right": right,
                          "decision": pd.Categorical(decisions, categories=list(DECISIONS))})
    return MatchResult(records=pd.DataFrame(index=range(len(ids))), features=pd.DataFrame(), pairs=pairs,
                       cluster_id=np.asarray(ids, dtype=object), model=None, settings=None, blocking=None)


def _per_record(ids) -> pd.DataFrame:
    codes, _ = pd.factorize(np.asarray(ids, dtype=object), sort=True)
    return pd.DataFrame({"cluster_id": ids, "cluster_code": codes})


@pytest.mark.parametrize("fail", [False, True])
def test_cluster_ids_are_let_go_and_rebuilt_with_the_same_values(fail):
    ids = ["U2", "U1", "U2", "U3", "U1"]
    result = _result(ids, [0], [1], ["match"])
    with pytest.raises(RuntimeError) if fail else nullcontext():
        with cluster_ids_as_codes(_per_record(ids), result, result):
            assert result.cluster_id is None
            if fail:
                raise RuntimeError
    assert result.cluster_id.dtype == object
    assert list(result.cluster_id) == ids
    assert result.cluster_id[0] is result.cluster_id[2]   # one string per cluster, as matching made them


def test_review_pairs_are_the_review_pairs_left_in_two_clusters():
    ids = ["A", "A", "B", "C"]
    decisions = [REVIEW, REVIEW, "match", REVIEW, "non_match"]
    result = _result(ids, [0, 0, 1, 2, 0], [1, 2, 3, 3, 3], decisions)
    assert list(result.review_pairs.index) == [1, 3]


def test_diagnostics_per_pair_chunks_give_the_whole_array_answers(monkeypatch):
    rng = np.random.default_rng(3)
    code = rng.integers(0, 50, 1000).astype(np.int32)
    left, right = rng.integers(0, 1000, 5000), rng.integers(0, 1000, 5000)
    prob = rng.random(5000).astype(np.float32)
    monkeypatch.setattr(diag, "_CHUNK", 64)
    apart = diag._apart(code, left, right)
    np.testing.assert_array_equal(apart, code[left] != code[right])
    held = _result(["A"] * 1000, left, right, ["match"] * 5000)
    held.pairs["model_probability"] = prob
    picked = diag._selected_float64(held, "model_probability", apart)
    np.testing.assert_array_equal(picked, prob[apart].astype(np.float64))
    assert picked.sum() == prob[apart].astype(np.float64).sum()
