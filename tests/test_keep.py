"""The write stage's memory savings change no output: the report written from a result trimmed to
the feature columns it reads (report/keep.py) is byte-identical to the one written from the whole
result, and pairs.parquet built one row group at a time is the file pq.write_table makes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import umkm_dedup.pipeline as merge_module
from umkm_dedup.matching import deduplicate
from umkm_dedup.pipeline import write_outputs
from umkm_dedup.report.keep import REPORT_FEATURES, for_report
from umkm_dedup.sources import read_sources

BABEL = Path(__file__).resolve().parents[1] / "sample_data" / "babel" / "input"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("lang,mask", [("id", False), ("en", True)])
def test_report_from_the_kept_features_is_the_same(tmp_path, lang, mask):
    table = read_sources([BABEL])
    result = deduplicate(table)
    kept = for_report(result)
    assert set(kept.features.columns) == set(REPORT_FEATURES) & set(result.features.columns)
    assert len(kept.features.columns) < len(result.features.columns)   # something was dropped
    (tmp_path / "whole").mkdir()
    (tmp_path / "kept").mkdir()
    write_outputs(tmp_path / "whole", table, result, lang=lang, mask_nik=mask)
    write_outputs(tmp_path / "kept", table, kept, lang=lang, mask_nik=mask)
    whole, trimmed = _files(tmp_path / "whole"), _files(tmp_path / "kept")
    assert "pairs.parquet" in whole and list(whole) == list(trimmed)
    for name in whole:
        assert whole[name] == trimmed[name], name


def test_pairs_written_by_row_group_are_the_files_bytes(tmp_path, monkeypatch):
    rng = np.random.default_rng(7)
    n, m = 40, 23
    rec = pd.DataFrame({"source_file": rng.choice(["a.xlsx", "b.xlsx"], n), "sheet": rng.choice(["S", ""], n),
                        "row": np.arange(2, n + 2)})
    per_record = pd.DataFrame({"position": rng.permutation(n), "cluster_code": rng.integers(0, 10, n)})
    names = np.array([f"P{i:03d}" for i in range(10)], dtype=object)
    pairs = pd.DataFrame({"left": rng.integers(0, n, m), "right": rng.integers(0, n, m),
                          "nik_level": rng.integers(0, 4, m).astype(np.int8),
                          "weight": rng.normal(size=m).round(3),
                          "decision": pd.Categorical(rng.choice(["match", "review", "non_match"], m))})
    whole = merge_module._write_pairs(tmp_path / "whole.parquet", pairs, per_record, names, rec)
    expected = tmp_path / "expected.parquet"
    pq.write_table(pq.read_table(whole), expected, row_group_size=5)
    monkeypatch.setattr(merge_module, "PARQUET_ROW_GROUP", 5)
    grouped = merge_module._write_pairs(tmp_path / "grouped.parquet", pairs, per_record, names, rec)
    assert pq.ParquetFile(grouped).metadata.num_row_groups == 5
    assert grouped.read_bytes() == expected.read_bytes()
    assert pq.read_table(grouped).equals(pq.read_table(whole))
