"""Signs that a run went wrong, without any truth: how big the clusters are (one cluster of 400
records is a blocking or rule failure, not a person), clusters holding several valid NIKs, how
many pairs each blocking key brought, and the model's own estimate of true duplicates left
unlinked (the match probability summed over compared pairs that stayed in two clusters)."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: cluster sizes listed one by one up to this; larger ones are counted together
HISTOGRAM_TOP = 10


def diagnostics(result) -> dict:
    """The block `summary.json` carries under "diagnostics" (and Ringkasan shows in short)."""
    cid = pd.Series(np.asarray(result.cluster_id, dtype=object))
    sizes = cid.value_counts()
    counts = sizes.value_counts().sort_index()
    histogram = {str(int(k)): int(v) for k, v in counts.items() if k <= HISTOGRAM_TOP}
    big = int(counts[counts.index > HISTOGRAM_TOP].sum())
    if big:
        histogram[f"{HISTOGRAM_TOP + 1}+"] = big
    largest = (str(sizes.index[0]), int(sizes.iloc[0])) if len(sizes) else ("", 0)

    feats = result.features
    trusted = np.asarray(feats["nik_trusted"], dtype=bool)
    nik = feats["nik"]   # a coded NIK as its codes: one per distinct NIK, so the same count
    nik_keys = nik.cat.codes.to_numpy() if isinstance(nik.dtype, pd.CategoricalDtype) else np.asarray(nik, dtype=object)
    niks = pd.DataFrame({"c": cid.to_numpy()[trusted], "nik": nik_keys[trusted]})
    per_cluster = niks.drop_duplicates().groupby("c").size()
    several = int((per_cluster > 1).sum())

    # per pair on int32 cluster codes, a chunk of pairs at a time, and the decision's own codes:
    # millions of pairs, never a Python string per pair nor an int64 array over every pair (at
    # 1,000,000 records the whole-array temporaries were 0.25 GB, next to the write stage's top)
    pairs = result.pairs
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    code = pd.factorize(cid)[0]
    apart = _apart(code.astype(np.int32) if len(code) < 2**31 else code, left, right)
    # the model's own estimate (before rules): what the diagnostic measures (derived for the
    # selected pairs of each chunk: it is not held for every pair)
    expected_unlinked = float(_selected_float64(result, "model_probability", apart).sum())
    np.logical_not(apart, out=apart)   # now: in one cluster
    linked = apart & (pairs["decision"] == "match").to_numpy(dtype=bool)
    del apart
    store = getattr(result, "all_pairs", None)
    if store is not None:   # the Spark engine: pairs holds those the report reads, the sum is the cluster's
        expected_unlinked = store.apart_probability(code)
    expected_linked = float(_selected_float64(result, "model_probability", linked).sum())
    share = expected_unlinked / (expected_unlinked + expected_linked) if expected_unlinked + expected_linked else 0.0
    return {
        "cluster_sizes": histogram,
        "largest_cluster": {"cluster_id": largest[0], "records": largest[1]},
        "clusters_with_several_valid_niks": several,
        "pairs_per_blocking_key": {k: int(v) for k, v in result.blocking.pairs_per_key.items()},
        "blocks_skipped_per_key": {k: int(v) for k, v in result.blocking.skipped_blocks.items() if v},
        "estimated_unlinked_duplicate_pairs": round(expected_unlinked, 1),
        "estimated_unlinked_share": round(share, 4),
    }


#: pairs per chunk of the per-pair temporaries (each a few MB)
_CHUNK = 1 << 20


def _apart(code: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Whether each pair's records ended in two clusters: one bool per pair, built a chunk at a time."""
    apart = np.empty(len(left), bool)
    for start in range(0, len(left), _CHUNK):
        stop = start + _CHUNK
        np.not_equal(code[left[start:stop]], code[right[start:stop]], out=apart[start:stop])
    return apart


def _selected_float64(result, column: str, mask: np.ndarray) -> np.ndarray:
    """The column's values (float32, held or derived: MatchResult.pair_values) at the masked
    pairs as float64, the same numbers in the same order as values[mask].astype(float64) (so its
    sum is the same to the last bit), filled a chunk at a time: no float32 copy beside it."""
    out = np.empty(int(np.count_nonzero(mask)), np.float64)
    at = 0
    for start in range(0, len(mask), _CHUNK):
        part = result.pair_values(column, start + np.flatnonzero(mask[start:start + _CHUNK]))
        out[at:at + len(part)] = part
        at += len(part)
    return out
