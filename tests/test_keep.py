"""The write stage's memory savings change no output: the report written from a result trimmed to
the feature columns it reads (report/keep.py) is byte-identical to the one written from the whole
result, and pairs.parquet built one row group at a time is the file pq.write_table makes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
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


def test_pairs_hold_what_evidence_is_made_of_and_the_rest_is_derived_as_matching_scored_it(tmp_path):
    """Each comparison's bits but the name's, the probabilities and the model's own decision are
    not held for every pair (29 of 53 bytes a pair at a province's size): made from the held
    columns, they are what scoring every pair with the model gives, and pairs.parquet (explain's
    file) holds every column of a scored pair in its order."""
    from umkm_dedup.matching.comparisons import Encoded
    from umkm_dedup.matching.engine import (confidence, held_columns, model_decisions, model_probability,
                                            pair_columns, prior_bits_of)
    from umkm_dedup.matching.model import evidence

    table = read_sources([BABEL])
    result = deduplicate(table)
    s, comps = result.settings, result.settings.comparisons
    assert list(result.pairs.columns) == held_columns(comps)
    assert "nik_bits" not in result.pairs and "probability" not in result.pairs
    full = result.scored_pairs()
    assert list(full.columns) == pair_columns(comps)
    left, right = full["left"].to_numpy(), full["right"].to_numpy()
    levels = {c: full[f"{c}_level"].to_numpy() for c in comps}
    bits = evidence(result.model, Encoded(prepare_features(table)), left, right, levels)
    weight = np.zeros(len(full), np.float32)
    for c in comps:
        np.testing.assert_array_equal(full[f"{c}_bits"].to_numpy(), bits[c])
        weight += bits[c]
    np.testing.assert_array_equal(full["weight"].to_numpy(), weight)
    p = model_probability(weight, prior_bits_of(result.model))
    np.testing.assert_array_equal(full["model_probability"].to_numpy(), p.astype(np.float32))
    model = model_decisions(weight, s.match_weight, s.review_weight)
    np.testing.assert_array_equal(full["model_decision"].cat.codes.to_numpy(), model)
    decision = full["decision"].cat.codes.to_numpy()
    assert (decision != model).any()   # some pairs a rule moved: their probability is clipped
    np.testing.assert_array_equal(full["probability"].to_numpy(),
                                  confidence(p, decision, model, s, prior_bits_of(result.model)).astype(np.float32))
    # a few pairs at a time (as the writers read them) give the same values
    some = result.pairs.iloc[::3]
    pd.testing.assert_frame_equal(result.scored_pairs(some), full.iloc[::3])
    np.testing.assert_array_equal(result.pair_values("probability", np.arange(1, len(full), 4)),
                                  full["probability"].to_numpy()[1::4])
    write_outputs(tmp_path, table, result, lang="id", mask_nik=False)
    written = pq.read_table(tmp_path / "pairs.parquet").column_names
    assert [c for c in written if c in full] == pair_columns(comps)[2:]


def prepare_features(table) -> pd.DataFrame:
    from umkm_dedup.matching.prepare import prepare

    return prepare(table.frame.reset_index(drop=True))


def test_scoring_and_reading_pairs_a_chunk_at_a_time_gives_the_whole_answers(tmp_path, monkeypatch):
    """The weights, rules and the report's per-pair reads (the best link's probability, the
    diagnostics' sums) over a few pairs at a time: the same pairs, report and files."""
    import umkm_dedup.matching.diagnostics as diag
    import umkm_dedup.report.consolidate as consolidate
    from umkm_dedup.matching import Settings

    table = read_sources([BABEL])
    whole = deduplicate(table)
    chunked = deduplicate(table, Settings(chunk_pairs=7))
    pd.testing.assert_frame_equal(whole.pairs, chunked.pairs)
    write_outputs(tmp_path / "whole", table, whole, lang="id", mask_nik=False)
    monkeypatch.setattr(consolidate, "PAIR_CHUNK", 5)
    monkeypatch.setattr(diag, "_CHUNK", 5)
    write_outputs(tmp_path / "chunked", table, deduplicate(table), lang="id", mask_nik=False)
    a, b = _files(tmp_path / "whole"), _files(tmp_path / "chunked")
    assert list(a) == list(b) and all(a[name] == b[name] for name in a)


def test_pairs_order_of_a_province_too_wide_for_one_word_is_the_three_key_order():
    """Past ~2.5M records the pairs' key (score, then both records' positions of 22 bits each)
    fits one word only with the score as its rank among the distinct scores: the order is still
    the one of a sort on all three keys."""
    from umkm_dedup.report.ordering import pair_score, sort_order

    rng = np.random.default_rng(5)
    n, m = 3000, 20000
    position = rng.permutation(n).astype(np.int64) + 3_000_000   # positions of 22 bits
    left, right = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = left != right
    key = np.unique(np.minimum(left, right)[keep] * n + np.maximum(left, right)[keep])
    left, right = key // n, key % n
    weight = rng.choice(np.float32([-50.5, 3.25, 7.0, 60.125]), len(key))   # many equal scores
    pairs = pd.DataFrame({"left": left.astype(np.int32), "right": right.astype(np.int32), "weight": weight})
    a, b = position[left], position[right]
    score = pair_score(weight)
    expected = sort_order(score.max() - score, np.minimum(a, b), np.maximum(a, b))
    got = merge_module._pair_order(pairs, position)
    np.testing.assert_array_equal(got, expected)


def test_survivorship_takes_texts_before_converting_them_and_gives_each_persons_own_values():
    """Survivorship converts only the texts it takes (report/consolidate.py _Column: a coded
    column stays codes, a text column stays in pandas): taking then converting must be
    converting then taking, for every kind of column a list brings; and the persons' values built
    that way are their records' own: a one-record person's fields are that record's, the
    provenance lists every record in source order, a person in no regency list has no home."""
    from umkm_dedup.report.arrow_text import as_text
    from umkm_dedup.report.consolidate import _Column, consolidate

    at = pa.array([3, 0, 1, 3, 2])
    for column in (pd.Series(pd.Categorical(["b", None, "a", "b"])), pd.Series(["x", None, "", "y"], dtype="str"),
                   pd.Series([1.5, np.nan, 2.0, 7.0]), pd.Series([1.5, None, "z", 4], dtype=object)):
        assert _Column(column).take(at).equals(as_text(column).take(at)), column.dtype

    result = deduplicate(read_sources([BABEL]))
    per_record, persons = consolidate(result)
    rec = result.records
    codes = per_record["cluster_code"].to_numpy()
    position = per_record["position"].to_numpy()
    sheet, source_file = as_text(rec["sheet"]).to_pylist(), as_text(rec["source_file"]).to_pylist()
    rows = rec["row"].astype(np.int64).tolist()
    prov = [f"{f} · {r}" if not s else f"{f} · {s} · {r}" for f, s, r in zip(source_file, sheet, rows)]
    single = 0
    for code, person in enumerate(persons.itertuples(index=False)):
        members = sorted(np.flatnonzero(codes == code), key=lambda i: position[i])
        assert person.sources == "; ".join(prov[i] for i in members)
        assert (person.home_regency == "") == (person.n_regency == 0)
        if len(members) == 1:
            single += 1
            (i,) = members
            for field in ("business_name", "address", "village", "district", "sector", "impact", "email"):
                assert getattr(person, field) == as_text(rec[field]).to_pylist()[i], field
    assert 0 < single < len(persons)
