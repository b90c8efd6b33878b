"""Pre-flight (issue 16): before matching, the candidate pairs of every blocking key are counted
exactly from the key groups, the peak memory and time are estimated and printed, and a run that
would not fit is refused (exit 4) with what was counted and what to do, changing nothing."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers import SAMPLE, run_cli
from umkm_dedup.matching import Settings, deduplicate, preflight
from umkm_dedup.matching.comparisons import Encoded
from umkm_dedup.matching.prepare import prepare
from umkm_dedup.sources import read_sources

INPUT = SAMPLE / "babel" / "input"


def _encoded(frame: pd.DataFrame) -> Encoded:
    return Encoded(prepare(frame.reset_index(drop=True)))


def test_pairs_per_key_are_counted_exactly_before_any_pair_is_built():
    """The counts equal what blocking then builds, key by key (each of the NIK neighbourhood's
    spaces, one per digit deleted and one per pair of adjacent digits put in order, counted
    as its own)."""
    table = read_sources([INPUT])
    settings = Settings()
    estimate = preflight.count(_encoded(table.frame), settings)
    result = deduplicate(table, settings)
    assert {k.key: k.pairs for k in estimate.keys} == result.blocking.pairs_per_key
    assert all(k.skipped_blocks == result.blocking.skipped_blocks.get(k.key, 0) for k in estimate.keys)
    assert estimate.pairs >= result.stats["candidate_pairs"] > 0
    assert estimate.records == len(table.frame)
    assert estimate.peak_bytes == preflight.peak_bytes(estimate.records, estimate.pairs)


def test_a_large_block_of_a_common_key_is_reported_with_its_value_masked():
    """70 people called I Made Sudarta in one village: the name_village block passes the guard
    (60), is not compared, and is named by a masked value, never the name itself."""
    people = pd.DataFrame({"name": ["I Made Sudarta"] * 70, "village": ["Batubulan"] * 70,
                           "birth_date": [f"19{50 + i % 40}-01-{1 + i % 28:02d}" for i in range(70)]})
    from umkm_dedup.core.records import COLUMNS

    frame = pd.DataFrame({c: [""] * 70 for c in COLUMNS}).assign(row=range(2, 72), **people)
    count = preflight.count_key(_encoded(frame), "name_village", 60)
    assert count.skipped_blocks == 1 and count.pairs == 0
    block = count.large[0]
    assert block["size"] == 70 and not block["compared"]
    assert "made" not in block["value"].lower() and "batubulan" not in block["value"].lower()
    assert block["value"].count("*") >= 8


def test_a_run_that_would_not_fit_is_refused_before_matching_and_changes_nothing(tmp_path, capsys):
    out = tmp_path / "laporan"
    code, stdout, stderr = run_cli(capsys, "merge", INPUT, "--out", out, "--max-memory", "10M")
    assert code == 4
    assert "pemeriksaan awal" in stderr.lower() and "pasangan kandidat" in stderr
    assert "10 MB" in stderr and "--engine spark" in stderr and "max_block_size" in stderr
    assert "Traceback" not in stderr
    assert not out.exists() or not any(p for p in out.iterdir() if not p.name.startswith("."))
    code, _, stderr = run_cli(capsys, "merge", INPUT, "--out", out, "--max-memory", "10M", "--lang", "en")
    assert code == 4 and "candidate pairs" in stderr and "records of this kind fit" in stderr


def test_the_estimate_is_printed_and_each_stage_logged_as_json(tmp_path, capsys):
    out, log = tmp_path / "laporan", tmp_path / "run.log"
    code, _, stderr = run_cli(capsys, "merge", INPUT, "--out", out, "--max-memory", "64G", "--log-file", log)
    assert code == 0
    records = json.loads((out / "summary.json").read_text(encoding="utf-8"))["records_read"]
    assert f"Pemeriksaan awal: {records:,} data".replace(",", ".") in stderr and "perkiraan memori puncak" in stderr
    assert "batas 64,0 GB" in stderr
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    stages = [e for e in events if e["event"] == "merge.stage"]
    assert [e["stage"] for e in stages] == ["read", "match", "write"]
    assert stages[0]["records"] == records and stages[0]["files"] == stages[0]["files_total"] >= 3
    assert stages[1]["done"] == stages[1]["total"] > 0          # pairs scored, all of them
    assert all(e["seconds"] >= 0 for e in stages)
    (estimate,) = [e for e in events if e["event"] == "merge.preflight"]
    assert estimate["records"] == records and estimate["fits"] and estimate["keys"]["nik"] >= 0


def test_no_bound_with_zero_and_sizes_understood():
    assert preflight.parse_size("2G") == 2 * 2**30 and preflight.parse_size("1500mb") == 1500 * 2**20
    assert preflight.parse_size("0") is None and preflight.parse_size("0.5 GB") == 2**29
    with pytest.raises(ValueError):
        preflight.parse_size("banyak")
    available = preflight.available_memory()
    assert available is None or available > 0


def test_a_size_not_understood_is_a_usage_error(tmp_path, capsys):
    code, _, stderr = run_cli(capsys, "merge", INPUT, "--out", tmp_path / "o", "--max-memory", "banyak")
    assert code == 3 and "--max-memory" in stderr


def test_pre_flight_figures_are_written_in_the_readers_language():
    """An officer reads '5.095 pasangan' and '22,7 GB'; the English line keeps 5,095 and 22.7 GB."""
    from umkm_dedup.matching.preflight import size_text
    from umkm_dedup.i18n.messages import t

    words = dict(records=453, pairs=5095, need=size_text(int(22.7 * 2**30)), limit=size_text(3 * 2**20),
                 seconds=1234.4)
    indonesian = t("preflight.line", "id", **words)
    english = t("preflight.line", "en", **words)
    assert "5.095 pasangan" in indonesian and "22,7 GB" in indonesian and "1.234 detik" in indonesian
    assert "5,095 candidate" in english and "22.7 GB" in english and "1,234 s" in english
    assert "3 MB" in indonesian


def test_a_large_block_line_names_its_key():
    """The block line's own placeholder is called `key`, like the catalogue lookup's first argument:
    printing it once raised 't() got multiple values for keyword argument key' on any run with a
    block of 20 records or more."""
    from umkm_dedup.i18n.messages import t

    line = t("preflight.block", "id", key="name_birth", size=70, value="i *****", skipped="")
    assert "name_birth" in line and "70 data" in line
