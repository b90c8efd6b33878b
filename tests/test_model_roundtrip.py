"""The model saves and loads: a run is reproduced from its own model.json, a later stage scores
with the first stage's model, settings (with every comparison's thresholds) round-trip, and EM
with the anchors recovers m/u on data generated with known ones."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from helpers import SAMPLE, checksums, run_cli
from umkm_dedup.matching import Settings
from umkm_dedup.matching.comparisons import REGISTRY, levels_for_batch
from umkm_dedup.matching.comparisons.name import NameComparison
from umkm_dedup.matching.prepare import prepare
from umkm_dedup.matching.model import Model, em, estimate_m
from umkm_dedup.pipeline import merge


@pytest.fixture(scope="module")
def babel_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "laporan"
    match = merge([SAMPLE / "babel" / "input"], out=out).match
    # merge's result keeps only the feature columns the report reads (report/keep.py); the
    # engine's whole feature frame is prepare() of the same records, and agrees on those columns
    feats = prepare(match.records)
    pd.testing.assert_frame_equal(match.features, feats[list(match.features.columns)])
    return out, replace(match, features=feats)


def test_model_dict_round_trips(babel_run):
    out, result = babel_run
    data = json.loads((out / "model.json").read_text(encoding="utf-8"))
    model = Model.from_dict(data)
    assert model.to_dict() == data["model"]
    assert model.settings == result.settings
    assert model.prior == result.model.prior
    for c in result.settings.comparisons:
        assert np.array_equal(model.m[c], result.model.m[c]) and np.array_equal(model.u[c], result.model.u[c])
    # where each m and u came from, and how EM ended
    assert set(data["model"]["method"].values()) <= {"anchors", "em"}
    assert all(v.split(":")[0] in ("random_pairs", "prior+random_pairs") for v in data["model"]["u_method"].values())
    assert data["model"]["em"]["converged"] is True and 0 < data["model"]["em"]["iterations"] < 200
    assert data["model"]["term_frequencies"]["totals"]["name_norm"] > 0


def test_merge_with_its_own_model_is_byte_identical(babel_run, tmp_path, capsys):
    out, _ = babel_run
    frozen = tmp_path / "frozen"
    code, _, err = run_cli(capsys, "merge", SAMPLE / "babel" / "input", "--out", frozen, "--model",
                           out / "model.json", "--quiet")
    assert code == 0, err
    first = {p.rsplit("/", 1)[-1]: h for p, h in checksums(out).items()}
    again = {p.rsplit("/", 1)[-1]: h for p, h in checksums(frozen).items()}
    assert again == first


def test_frozen_model_is_not_refitted(babel_run, tmp_path):
    """Scoring other data with a frozen model keeps its m, u and prior exactly."""
    out, _ = babel_run
    model = Model.from_dict(json.loads((out / "model.json").read_text(encoding="utf-8")))
    other = merge([SAMPLE / "bali" / "input"], out=tmp_path / "bali", model=out / "model.json")
    assert other.match.model.prior == model.prior
    assert all(np.array_equal(other.match.model.m[c], model.m[c]) for c in model.m)
    fitted = merge([SAMPLE / "bali" / "input"], out=tmp_path / "bali_fit")
    assert fitted.match.model.prior != model.prior


def test_a_bad_model_file_says_which_file(tmp_path, capsys):
    bad = tmp_path / "model.json"
    bad.write_text('{"model": {"levels": {}}}', encoding="utf-8")
    code, _, err = run_cli(capsys, "merge", SAMPLE / "babel" / "input", "--out", tmp_path / "o", "--model", bad)
    assert code != 0 and "model.json" in err and "Traceback" not in err


def test_stage_two_reuses_stage_one_model(tmp_path):
    from umkm_dedup.stages.ledger import Ledger

    ledger = tmp_path / "ledger.sqlite"
    merge([SAMPLE / "babel" / "input"], out=tmp_path / "t1", ledger=ledger, stage="tahap-1")
    stage1 = json.loads((tmp_path / "t1" / "model.json").read_text(encoding="utf-8"))
    second = merge([SAMPLE / "bali" / "input"], out=tmp_path / "t2", ledger=ledger, stage="tahap-2")
    stage2 = json.loads((tmp_path / "t2" / "model.json").read_text(encoding="utf-8"))
    assert second.match.model.origin == "loaded"
    assert stage2["model"] == stage1["model"]
    book = Ledger(ledger)
    try:
        assert book.model()[0] == "tahap-1"
    finally:
        book.close()
    # --refit: this stage fits its own, and the stages after it use that one
    refit = merge([SAMPLE / "bali" / "input"], out=tmp_path / "t2r", ledger=ledger, stage="tahap-2", refit=True)
    assert refit.match.model.origin == "fitted"
    assert json.loads((tmp_path / "t2r" / "model.json").read_text(encoding="utf-8"))["model"] != stage1["model"]
    book = Ledger(ledger)
    try:
        assert book.model()[0] == "tahap-2"
        book.remove_stage("tahap-2")   # its model goes with it
        assert book.model() is None
    finally:
        book.close()


def test_settings_round_trip_with_comparison_parameters():
    s = Settings(match_weight=7.5, comparison_params={"name": {"similar": 0.9}})
    again = Settings.from_dict(json.loads(json.dumps(s.to_dict())))
    assert again == s
    assert again.comparison("name").similar == 0.9 and again.comparison("name").very_similar == 0.95
    assert again.comparison_params["contact"] == {"address_similar": 0.85}


@pytest.mark.parametrize("bad", [{"name": {"simlar": 0.9}}, {"nope": {}}])
def test_unknown_comparison_parameter_is_refused(bad):
    from umkm_dedup.core.errors import ConfigError

    with pytest.raises(ConfigError):
        Settings(comparison_params=bad)


def test_batch_seam_gives_the_engine_levels(babel_run):
    """levels_for_batch on two aligned feature frames (what a Spark engine holds) gives exactly the
    levels the local engine stored for the same pairs."""
    _, result = babel_run
    pairs, feats = result.scored_pairs(), result.features
    left = feats.iloc[pairs["left"].to_numpy()].reset_index(drop=True)
    right = feats.iloc[pairs["right"].to_numpy()].reset_index(drop=True)
    got = levels_for_batch(left, right, result.settings)
    for c in result.settings.comparisons:
        assert np.array_equal(got[c], pairs[f"{c}_level"].to_numpy()), c
    # plain object columns (no categoricals, None for empty) give the same
    plain = {c: levels_for_batch(left.astype(object).where(left != "", None),
                                 right.astype(object).where(right != "", None), result.settings)[c]
             for c in ("name", "contact")}
    assert all(np.array_equal(plain[c], got[c]) for c in plain)


def test_batch_evidence_gives_the_engine_bits(babel_run):
    from umkm_dedup.matching.model import evidence_for_batch

    _, result = babel_run
    pairs, feats = result.scored_pairs(), result.features
    left = feats.iloc[pairs["left"].to_numpy()].reset_index(drop=True)
    right = feats.iloc[pairs["right"].to_numpy()].reset_index(drop=True)
    levels = levels_for_batch(left, right, result.settings)
    bits = evidence_for_batch(left, right, levels, result.model, n_records=len(feats))
    for c in result.settings.comparisons:
        assert np.array_equal(bits[c], pairs[f"{c}_bits"].to_numpy()), c


def test_levels_are_assigned_by_name_not_position(babel_run):
    """A comparison whose levels are listed in another order gives every pair the same level name."""
    _, result = babel_run

    class Reversed(NameComparison):
        levels = tuple(reversed(NameComparison.levels))
        m_prior = tuple(reversed(NameComparison.m_prior))
        u_prior = tuple(reversed(NameComparison.u_prior))

    pairs, feats = result.scored_pairs(), result.features
    left = feats.iloc[pairs["left"].to_numpy()].reset_index(drop=True)
    right = feats.iloc[pairs["right"].to_numpy()].reset_index(drop=True)
    from umkm_dedup.matching.comparisons import Encoded, compute_levels

    enc = Encoded(pd.concat([left, right], ignore_index=True))
    idx = np.arange(len(left))
    normal = compute_levels(enc, idx, idx + len(left), [NameComparison()])["name"]
    rev = compute_levels(enc, idx, idx + len(left), [Reversed()])["name"]
    names = lambda codes, lv: [lv[c] if c >= 0 else None for c in codes]  # noqa: E731
    assert names(normal, NameComparison.levels) == names(rev, Reversed.levels)
    assert len(set(normal)) >= 3   # the sample reaches several levels: the test compares something


def test_threshold_parameter_changes_levels(babel_run):
    _, result = babel_run
    pairs, feats = result.scored_pairs(), result.features
    left = feats.iloc[pairs["left"].to_numpy()].reset_index(drop=True)
    right = feats.iloc[pairs["right"].to_numpy()].reset_index(drop=True)
    strict = Settings(comparison_params={"name": {"very_similar": 0.999, "similar": 0.998}})
    base = levels_for_batch(left, right, result.settings)["name"]
    got = levels_for_batch(left, right, strict)["name"]
    very = NameComparison().level("very_similar")
    assert (base == very).any() and (got == very).sum() < (base == very).sum()


# EM and anchors on generated data ---------------------------------------------------------------

TRUE_M = {"nik": [0.9, 0.03, 0.03, 0.01, 0.01, 0.01, 0.01], "name": [0.6, 0.15, 0.1, 0.08, 0.04, 0.03],
          "birth_date": [0.9, 0.06, 0.04], "contact": [0.3, 0.05, 0.25, 0.15, 0.12, 0.08, 0.05]}
TRUE_U = {"nik": [0.001, 0.001, 0.003, 0.005, 0.001, 0.1, 0.889], "name": [0.02, 0.01, 0.02, 0.05, 0.05, 0.85],
          "birth_date": [0.01, 0.04, 0.95], "contact": [0.002, 0.003, 0.005, 0.04, 0.2, 0.3, 0.45]}


def _generated(n: int, prior: float, seed: int = 5):
    rng = np.random.default_rng(seed)
    is_match = rng.random(n) < prior
    levels = {}
    for c in TRUE_M:
        lm = rng.choice(len(TRUE_M[c]), n, p=TRUE_M[c])
        lu = rng.choice(len(TRUE_U[c]), n, p=TRUE_U[c])
        levels[c] = np.where(is_match, lm, lu).astype(np.int8)
    return levels, is_match


def test_anchors_recover_known_m():
    levels, _ = _generated(400_000, 0.2)
    comps = [REGISTRY[c]() for c in TRUE_M]
    m, anchors, method = estimate_m(levels, comps, trusted_both=np.ones(400_000, bool))
    assert all(v == "anchors" for v in method.values())
    for c in TRUE_M:
        assert np.abs(m[c] - np.array(TRUE_M[c])).max() < 0.02, (c, m[c])
    # untrusted NIKs teach nothing: without trusted pairs the other fields fall back to EM
    _, _, method = estimate_m(levels, comps, trusted_both=np.zeros(400_000, bool))
    assert method["name"] == "em" and method["contact"] == "em" and method["nik"] == "anchors"


def test_em_recovers_known_m_and_prior():
    levels, is_match = _generated(400_000, 0.2)
    u = {c: np.array(TRUE_U[c]) for c in TRUE_U}
    m = {c: np.array(REGISTRY[c].m_prior) for c in TRUE_M}   # start from the priors
    method = {c: "em" for c in TRUE_M}
    prior, iterations, converged = em(levels, m, u, method)
    assert converged and iterations > 1
    assert abs(prior - is_match.mean()) < 0.01
    for c in TRUE_M:
        assert np.abs(m[c] - np.array(TRUE_M[c])).max() < 0.03, (c, m[c])


def test_u_sample_grows_with_a_large_run_and_stays_bounded():
    """A regency's list keeps the setting's 300,000 random pairs; a province's million samples 3
    per record (enough to see shared birth dates tens of times), never more than 3 million; a
    larger setting is kept."""
    from umkm_dedup.matching.model import u_sample_size

    assert u_sample_size(300_000, 75_000) == 300_000
    assert u_sample_size(300_000, 976_000) == 2_928_000
    assert u_sample_size(300_000, 10_000_000) == 3_000_000
    assert u_sample_size(5_000_000, 976_000) == 5_000_000
