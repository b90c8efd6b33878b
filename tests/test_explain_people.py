"""`explain`, `ledger stages` and `init` for people (issue 18): Indonesian headers and field names,
outcomes in words, evidence on a plain scale with the bits second, local times, config comments in
the chosen language."""

from __future__ import annotations

import re
import time
import tomllib

import pandas as pd
import pytest

from umkm_dedup.cli import main
from umkm_dedup.commands.explain import Run, outcome_word, strength
from umkm_dedup.stages.ledger import Ledger
from umkm_dedup.pipeline import merge

from helpers import SAMPLE


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("people") / "laporan"
    merge([SAMPLE / "babel" / "input"], out=out)
    return out


def _cli(argv, capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out, err = capsys.readouterr()
    return stop.value.code, out, err


def test_evidence_scale_and_outcome_words():
    assert [strength(b) for b in (8.9, 6.0, 3.5, 1.0, 0.0, -1.5, -6.0, -9.0)] == [
        "very_strong", "very_strong", "strong", "weak", "none", "against", "against", "strongly_against"]
    assert [outcome_word(lv) for lv in ("exact", "prefix15", "phonetic", "one_part", "village", "different",
                                        "none", "missing")] == [
        "same", "similar", "similar", "similar", "similar", "different", "different", "missing"]


def test_explain_speaks_indonesian_to_an_officer(run_dir, capsys):
    rmap = pd.read_csv(run_dir / "record_map.csv", dtype=str, keep_default_na=False)
    cluster = rmap[rmap["decision"] == "duplicate"]["cluster_id"].iloc[0]
    code, out, _ = _cli(["explain", "--out", str(run_dir), "--cluster", cluster, "--limit", "1"], capsys)
    assert code == 0
    for word in ("Kolom", "Data A", "Data B", "Hasil", "Keterangan", "Bukti (bit)", "NIK", "Nama", "Tanggal lahir",
                 "Jenis kelamin", "HP / alamat / desa / KK", "JUMLAH BUKTI", "Keputusan: satu orang (duplikat)",
                 "Skala bukti"):
        assert word in out, word
    assert re.search(r"\bsama\b", out) and re.search(r"sangat kuat \(\+\d+\.\d\d\)", out)  # the word, then bits
    for english in ("Field", "Outcome", "Bits", "TOTAL", "birth_date", "other_id", "contact", "→", "match ≥"):
        assert english not in out, english

    code, out, _ = _cli(["explain", "--out", str(run_dir), "--cluster", cluster, "--limit", "1", "--lang", "en"],
                        capsys)
    assert "Outcome" in out and "Evidence (bits)" in out and "Decision: one person (duplicate)" in out
    assert "Hasil" not in out and "sangat kuat" not in out


def test_explain_shows_different_and_against_in_words(run_dir, capsys):
    run = Run(run_dir)
    apart = run.pairs[run.pairs["decision"] == "non_match"].sort_values("weight").iloc[0]
    ref = f"{apart['left_file']}:{apart['left_sheet']}:{int(apart['left_row'])}"
    other = f"{apart['right_file']}:{apart['right_sheet']}:{int(apart['right_row'])}"
    code, out, _ = _cli(["explain", "--out", str(run_dir), "--record", ref, "--with", other], capsys)
    assert code == 0 and "berbeda" in out and "melawan (-" in out and "Keputusan: dua orang berbeda" in out


def test_ledger_stages_in_the_language_and_local_time(tmp_path, capsys, monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    ledger = tmp_path / "ledger.sqlite"
    code, _, _ = _cli(["merge", str(SAMPLE / "babel" / "input"), "--out", str(tmp_path / "o"), "--ledger",
                       str(ledger), "--stage", "tahap-1", "--quiet"], capsys)
    assert code == 0
    monkeypatch.setenv("TZ", "Asia/Makassar")  # WITA, UTC+8, no daylight saving
    time.tzset()
    try:
        code, out, _ = _cli(["ledger", "stages", "--ledger", str(ledger)], capsys)
        book = Ledger(ledger)
        local = pd.Timestamp(book.stages()[0]["created"]).tz_convert("Asia/Makassar")  # stored in UTC
        book.close()
        assert code == 0 and "Tahap" in out and "Dicatat (waktu setempat)" in out and "Versi alat" in out
        assert f"{local:%d-%m-%Y %H:%M} (UTC+08:00)" in out
        assert "created" not in out and "tool" not in out and "+00:00" not in out
        code, out, _ = _cli(["ledger", "stages", "--ledger", str(ledger), "--lang", "en"], capsys)
        assert "Stage" in out and "Recorded (local time)" in out and "(UTC+08:00)" in out
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_init_comments_in_the_chosen_language(tmp_path, capsys):
    code, out, _ = _cli(["init", str(tmp_path / "id")], capsys)
    indonesian = (tmp_path / "id" / "umkm-dedup.toml").read_text(encoding="utf-8")
    assert code == 0 and "Berkas konfigurasi ditulis" in out
    assert "# daftar kab/kota" in indonesian and "regency lists" not in indonesian
    code, out, _ = _cli(["init", str(tmp_path / "en"), "--lang", "en"], capsys)
    english = (tmp_path / "en" / "umkm-dedup.toml").read_text(encoding="utf-8")
    assert "# regency lists" in english and "daftar kab/kota" not in english
    assert tomllib.loads(indonesian) == tomllib.loads(english)  # the same settings, only the comments differ
    comment_keys = lambda text: re.findall(r"^# *([a-z_]+) *=", text, re.M)  # noqa: E731 (commented-out keys)
    assert comment_keys(indonesian) == comment_keys(english)
