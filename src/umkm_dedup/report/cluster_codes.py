"""The records' cluster ids held as codes while the report is written.

`MatchResult.cluster_id` is an object array of Python strings, one reference per record and a
string per cluster (about 70 MB at 1,000,000 records). Once the per-record table exists it holds
the same ids (Arrow text and an integer code per record), and every output reads them from there;
keeping the strings as well put them under the write stage's peak (pairs.parquet being written).
So they are let go for the write stage and rebuilt from the codes when it ends, whether it ends
well or not: the same values, one string per cluster shared by its records, as matching made them.
"""

from __future__ import annotations

from contextlib import contextmanager

import pandas as pd

from .consolidate import cluster_names


@contextmanager
def cluster_ids_as_codes(per_record: pd.DataFrame, *results):
    """Within the block each result's `cluster_id` is None; afterwards it is the cluster id of
    each record again, rebuilt from per_record's `cluster_code` (record order, as matching's)."""
    held = [r for r in results if r.cluster_id is not None]
    for result in held:
        result.cluster_id = None
    try:
        yield
    finally:
        ids = None
        for result in held:
            if ids is None:
                names = cluster_names(per_record).to_numpy(zero_copy_only=False).astype(object)
                ids = names[per_record["cluster_code"].to_numpy()]
            result.cluster_id = ids
