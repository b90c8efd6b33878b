"""`explain` reads a finished run and shows the evidence the engine summed, never recomputing."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from umkm_dedup.commands.explain import RecordRef, Run
from umkm_dedup.pipeline import merge

from helpers import SAMPLE


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("explain") / "out"
    result = merge([SAMPLE / "babel" / "input"], out=out)
    return out, result


def test_evidence_adds_up_to_the_engines_score(run_dir):
    out, result = run_dir
    run = Run(out)
    # pairs.parquet holds every compared pair; the result merge returns keeps the linked and
    # reviewed ones (report/keep.py: the rest were let go once written)
    engine = result.match.pairs
    assert len(run.pairs) == result.match.stats["candidate_pairs"] > len(engine) > 0
    assert set(engine["decision"].astype(str)) <= {"match", "review"}
    for _, row in run.pairs.sample(50, random_state=1).iterrows():
        e = run.explain_pair(row)
        assert abs(sum(f["bits"] for f in e["fields"]) - e["total_bits"]) < 0.01
    # and the stored total is the one the engine decided on
    linked = run.pairs[run.pairs["decision"].astype(str) != "non_match"]
    assert sorted(linked["weight"].round(4)) == sorted(engine["weight"].round(4))


def test_cluster_explanation_via_cli_json(run_dir):
    out, _ = run_dir
    rmap = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    cluster = rmap["cluster_id"].value_counts().index[0]
    proc = subprocess.run([sys.executable, "-m", "umkm_dedup", "explain", "--out", str(out), "--cluster", cluster,
                           "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["pairs"] and all(p["a"]["cluster_id"] == cluster == p["b"]["cluster_id"] for p in data["pairs"])
    assert any(p["decision"] == "match" for p in data["pairs"])
    assert not any(len(x) == 16 and x.isdigit() for p in data["pairs"] for f in p["fields"] for x in f["a"].split())


def test_record_pair_lookup_and_never_compared(run_dir):
    out, _ = run_dir
    run = Run(out)
    row = run.pairs.iloc[0]
    a = RecordRef(row["left_file"], row["left_sheet"], int(row["left_row"]))
    b = RecordRef(row["right_file"], row["right_sheet"], int(row["right_row"]))
    assert len(run.pairs_of(b, a)) == 1
    assert RecordRef.parse("list.csv::5") == RecordRef("list.csv", "", 5)
    proc = subprocess.run([sys.executable, "-m", "umkm_dedup", "explain", "--out", str(out), "--record",
                           f"{a.file}:{a.sheet}:{a.row}", "--with", "prakerja_peserta.csv::2"],
                          capture_output=True, text=True)
    assert proc.returncode == 0
    bad = subprocess.run([sys.executable, "-m", "umkm_dedup", "explain", "--out", str(out), "--record", "x.xlsx:S:1"],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "tidak ada data x.xlsx · S · baris 1" in bad.stderr and "record_map.csv" in bad.stderr
