"""`evaluate` measures a finished run against a truth file: on the committed sample's truth every
figure is what the truth says, and a truth that disagrees with the run shows up as missed or false
pairs with their evidence."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from umkm_dedup.matching.evaluate import evaluate_run, pairwise_scores
from umkm_dedup.pipeline import merge

from helpers import SAMPLE


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "out"
    merge([SAMPLE / "babel" / "input"], out=out)
    return out


def test_pairwise_scores_from_the_contingency_table():
    # truth: {0,1,2} {3}; found: {0,1} {2,3}: 1 of 3 true pairs found, 1 of 2 found pairs right
    s = pairwise_scores(["a", "a", "a", "b"], ["x", "x", "y", "y"])
    assert (s["true_pairs"], s["found_pairs"], s["correct_pairs"]) == (3, 2, 1)
    assert s["precision"] == pytest.approx(0.5) and s["recall"] == pytest.approx(1 / 3)
    assert (s["unique_true"], s["unique_found"]) == (2, 2)


def test_the_sample_run_against_its_truth(run):
    ev = evaluate_run(run, SAMPLE / "babel" / "truth.csv")
    truth = pd.read_csv(SAMPLE / "babel" / "truth.csv", dtype=str, keep_default_na=False)
    sizes = truth.groupby("person_id").size()
    assert ev.pairwise["true_pairs"] == int((sizes * (sizes - 1) // 2).sum())
    assert ev.pairwise["unique_true"] == truth["person_id"].nunique()
    assert ev.pairwise["f1"] == pytest.approx(1.0)
    assert ev.unmatched_truth == 0
    # persons per regency list equal Ringkasan's "Orang dalam daftar", which equals the truth
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    got = dict(zip(ev.per_regency["regency"], ev.per_regency["persons_found"]))
    assert got == {k: v["persons_in_list"] for k, v in summary["per_regency"].items()}
    assert (ev.per_regency["persons_true"] == ev.per_regency["persons_found"]).all()
    # every match-band pair is truly the same person, and the bands account for every compared pair
    assert ev.bands["match"]["precision"] == pytest.approx(1.0)
    compared = len(pd.read_parquet(run / "pairs.parquet"))
    assert sum(b["pairs"] for b in ev.bands.values()) == compared
    assert ev.review["pairs"] == summary["pairs_for_review"]


def test_a_disagreeing_truth_gives_missed_and_false_pairs_with_evidence(run, tmp_path):
    truth = pd.read_csv(SAMPLE / "babel" / "truth.csv", dtype=str, keep_default_na=False)
    sizes = truth["person_id"].value_counts()
    pair_person = sizes[sizes == 2].index[0]
    single = sizes[sizes == 1].index[:2]
    changed = truth.copy()
    # the truth says: one of that person's two records is someone else; two singles are one person
    first = changed.index[changed["person_id"] == pair_person][0]
    changed.loc[first, "person_id"] = "SOMEONE_ELSE"
    changed.loc[changed["person_id"].isin(single), "person_id"] = "JOINED"
    path = tmp_path / "truth.csv"
    changed.to_csv(path, index=False)
    ev = evaluate_run(run, path)
    errors = ev.errors
    assert list(errors["kind"]).count("false") == 1 and list(errors["kind"]).count("missed") == 1
    false = errors[errors["kind"] == "false"].iloc[0]
    assert false["decision"] == "match" and false["compared"] and false["nik"] != ""
    missed = errors[errors["kind"] == "missed"].iloc[0]
    assert missed["a_cluster"] != missed["b_cluster"]
    assert ev.pairwise["precision"] < 1.0 and ev.pairwise["recall"] < 1.0
    # two strangers the truth joins: never compared, and nothing a key finds them by
    data = ev.to_dict()
    assert not missed["compared"] and missed["shares"] == ""
    assert data["missed_not_compared"] == 1 and data["missed_not_compared_sharing_no_birth_date_or_phone"] == 1


def test_shares_says_what_a_key_could_find_an_error_pair_by():
    """A birth date written two ways, or carried by the NIK, and a phone written two ways count
    as shared; a different date or phone does not."""
    from umkm_dedup.matching.evaluate import _shares

    records = pd.DataFrame({
        "birth_date": ["1973-10-20", "20 Oktober 1973", "", "1980-01-01", "1980-01-02"],
        "nik": ["", "", "5104016010730001", "", ""],       # a woman's NIK: day 60 = 20, 10-73
        "phone": ["0812-3456-7890", "+62 812 3456 7890", "", "081111111111", "081222222222"]})
    a, b = np.array([0, 0, 3]), np.array([1, 2, 4])
    assert list(_shares(records, a, b)) == ["birth_date+phone", "birth_date", ""]
    assert list(_shares(records[[]], a, b)) == ["", "", ""]


def test_evaluate_command_writes_its_files_and_rejects_a_bad_truth(run, tmp_path):
    cmd = [sys.executable, "-m", "umkm_dedup", "evaluate", "--out", str(run), "--truth",
           str(SAMPLE / "babel" / "truth.csv"), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["pairwise"]["f1"] == pytest.approx(1.0) and data["missed_pairs"] == 0
    assert (run / "evaluation.json").exists() and (run / "evaluation_pairs.csv").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("file,row\nx,1\n", encoding="utf-8")
    done = subprocess.run(cmd[:-2] + [str(bad)], capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 3 and "person_id" in done.stderr and "Traceback" not in done.stderr


def test_diagnostics_need_no_truth_and_show_a_run_gone_wrong(run):
    import openpyxl

    from umkm_dedup.matching import deduplicate
    from umkm_dedup.matching.diagnostics import diagnostics
    from umkm_dedup.synth import generate_records

    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    d = summary["diagnostics"]
    rmap = pd.read_csv(run / "record_map.csv", dtype=str, keep_default_na=False)
    sizes = rmap["cluster_id"].value_counts()
    assert sum(d["cluster_sizes"].values()) == len(sizes)
    assert d["cluster_sizes"]["1"] == int((sizes == 1).sum())
    assert d["largest_cluster"]["records"] == int(sizes.max())
    assert d["pairs_per_blocking_key"] == summary["blocking"]["pairs_per_key"]
    assert 0 <= d["estimated_unlinked_share"] < 0.1
    ws = openpyxl.load_workbook(run / "laporan_umkm_terdampak.xlsx")["Ringkasan"]
    cells = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert cells["Klaster terbesar (data)"] == int(sizes.max())

    # a run gone wrong (as a broken rule or key would leave it): 60 records chained into one
    import dataclasses

    import numpy as np

    good = deduplicate(generate_records(province="bali", persons=120, seed=5)[0])
    ids = np.asarray(good.cluster_id, dtype=object).copy()
    ids[:60] = "UBROKEN"
    bad = diagnostics(dataclasses.replace(good, cluster_id=ids))
    ok = diagnostics(good)
    assert bad["largest_cluster"] == {"cluster_id": "UBROKEN", "records": 60}
    assert bad["cluster_sizes"]["11+"] == 1 and "11+" not in ok["cluster_sizes"]
    assert bad["clusters_with_several_valid_niks"] >= 1   # the chained cluster holds many NIKs


def test_a_doubtful_pair_reaches_perlu_ditinjau_with_its_rule_in_words(sample_copy, tmp_path):
    """A NIK one digit off in its year, the same name and nothing else to compare: a person can
    settle it (the KTP), so it is in Perlu Ditinjau, with a drop-down and the rule in words."""
    import openpyxl

    from umkm_dedup.sources import read_sources

    frame = read_sources([sample_copy / "input"]).frame
    pick = frame[(frame["role"] == "regency") & frame["nik"].str.fullmatch(r"\d{16}") & (frame["nik_flag"] == "")]
    pick = pick[pick["name"].str.split().str.len() >= 2].iloc[0]
    nik = pick["nik"]
    other = nik[:11] + str((int(nik[11]) + 1) % 10) + nik[12:]
    (sample_copy / "input" / "kabupaten" / "umkm_tambahan.csv").write_text(
        f"NIK;Nama Lengkap\n{other};{pick['name']}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = merge([sample_copy / "input"], out=out)
    assert result.summary["pairs_for_review"] >= 1
    ws = openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")["Perlu Ditinjau"]
    assert any(dv.formula1 == '"SAMA,BEDA"' for dv in ws.data_validations.dataValidation)
    texts = [str(c.value) for row in ws.iter_rows(min_row=2) for c in row if c.value]
    assert any("NIK beda 1 digit" in x for x in texts)
    # the score as an officer reads it: 2 decimals, not a float32's 29.40999984741211
    header = [c.value for c in ws[1]]
    scores = [r[header.index("Skor Bukti")] for r in ws.iter_rows(min_row=2, values_only=True)
              if r[header.index("Skor Bukti")] is not None]
    assert scores and all(round(v, 2) == v for v in scores), scores
