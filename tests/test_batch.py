"""Unattended runs and staged submissions: config file, ledger, idempotence, crash safety,
locking, logs and exit statuses."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time

import pandas as pd
import pytest

from umkm_dedup.core.config import load_config, write_template
from umkm_dedup.core.errors import ConfigError, LedgerError
from umkm_dedup.stages.ledger import Ledger, locked
from umkm_dedup.pipeline import merge

from helpers import SAMPLE

KAB = SAMPLE / "babel" / "input" / "kabupaten"
STAGE1 = ["umkm_terdampak_kabupaten_bangka.xlsx", "umkm_terdampak_kabupaten_bangka_barat.xlsx",
          "umkm_terdampak_kabupaten_bangka_selatan.xlsx"]
STAGE2 = ["umkm_terdampak_kabupaten_bangka_tengah.csv", "umkm_terdampak_kabupaten_belitung.xlsx",
          "umkm_terdampak_kabupaten_belitung_timur.xlsx", "umkm_terdampak_kota_pangkal_pinang.xlsx"]


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "umkm_dedup", *map(str, args)], capture_output=True, text=True,
                          **kw)


def truth():
    t = pd.read_csv(SAMPLE / "babel" / "truth.csv", dtype=str, keep_default_na=False)
    t["row"] = t["row"].astype(int)
    return t


def record_map(out):
    m = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    m["row"] = m["row"].astype(int)
    return m.merge(truth(), on=["source_file", "sheet", "row"])


@pytest.fixture
def stages(tmp_path):
    s1, s2 = tmp_path / "tahap1", tmp_path / "tahap2"
    s1.mkdir()
    s2.mkdir()
    for name in STAGE1:
        shutil.copy(KAB / name, s1 / name)
    for name in STAGE2:
        shutil.copy(KAB / name, s2 / name)
    # stage 2 re-sends part of a stage-1 list, typed again: other capitals, titles, phone format
    first = __import__("umkm_dedup").read_sources([s1 / STAGE1[0]]).frame.head(12)
    with (s2 / "susulan_kab_bangka.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["NIK", "Nama Pemilik", "Alamat", "No HP", "Kecamatan", "Desa"])
        for rec in first.itertuples():
            w.writerow([rec.nik, "Bpk. " + rec.name.upper(), rec.address.lower(), rec.phone, rec.district,
                        rec.village])
    return tmp_path, s1, s2, first


def test_second_stage_keeps_ids_of_persons_already_reported(stages):
    tmp, s1, s2, resent = stages
    ledger = tmp / "ledger.sqlite"
    merge([s1], out=tmp / "out1", ledger=ledger, stage="tahap-1")
    assert stat.S_IMODE(os.stat(ledger).st_mode) == 0o600  # personal data: owner only
    r2 = merge([s2], out=tmp / "out2", ledger=ledger, stage="tahap-2")
    m1, m2 = record_map(tmp / "out1"), record_map(tmp / "out2")
    id_of = m1.groupby("person_id")["cluster_id"].first()
    # persons of stage 1 seen again in stage 2 (truth) keep their stage-1 id
    again = m2[m2["person_id"].isin(id_of.index)]
    assert len(again) >= 5
    assert (again["cluster_id"] == again["person_id"].map(id_of)).all()
    assert (again["decision"] == "already_reported").all()
    # the re-sent rows, typed again, map to the ids their originals got in stage 1
    rmap2 = pd.read_csv(tmp / "out2" / "record_map.csv", dtype=str, keep_default_na=False)
    resent_ids = rmap2[rmap2["source_file"] == "susulan_kab_bangka.csv"].sort_values("row", key=lambda r: r.astype(int))
    original = m1[m1["source_file"] == STAGE1[0]].set_index("row")["cluster_id"]
    expected = [original[int(r)] for r in resent["row"]]
    assert sum(a == b for a, b in zip(resent_ids["cluster_id"], expected)) >= 11
    # they are not counted as new, and Data Unik of stage 2 lists only new persons
    s = r2.summary
    new_persons = set(m2.loc[m2["role"] == "regency", "person_id"]) - set(id_of.index)
    assert abs(s["total"]["new_persons"] - len(new_persons)) <= 1
    assert s["already_reported"] >= 15
    unik = pd.read_csv(tmp / "out2" / "data_unik.csv", dtype=str, encoding="utf-8-sig", sep=";")
    assert not set(unik["cluster_id"]) & set(id_of)
    stages_ = Ledger(ledger).stages()
    assert [x["name"] for x in stages_] == ["tahap-1", "tahap-2"]


def test_rerun_of_a_stage_is_idempotent(stages):
    tmp, s1, _, _ = stages
    ledger = tmp / "ledger.sqlite"
    merge([s1], out=tmp / "a", ledger=ledger, stage="tahap-1")
    count = lambda: sqlite3.connect(ledger).execute("select count(*) from records").fetchone()[0]  # noqa: E731
    first = count()
    merge([s1], out=tmp / "b", ledger=ledger, stage="tahap-1")
    assert count() == first
    for name in ("record_map.csv", "data_unik.csv", "laporan_umkm_terdampak.xlsx"):
        assert (tmp / "a" / name).read_bytes() == (tmp / "b" / name).read_bytes(), name


def _ledger_state(path):
    db = sqlite3.connect(path)
    state = (db.execute("select name, counts from stages order by name").fetchall(),
             db.execute("select count(*) from records").fetchone()[0],
             db.execute("select count(*) from persons").fetchone()[0])
    db.close()
    return state


def _killed_at(point, args, tmp):
    """Run `umkm-dedup merge ARGS` until it pauses at checkpoint `point` (interrupts.py), SIGKILL it
    there: the kill lands at that point every time, not wherever a timer happened to fall."""
    ready = tmp / f"ready-{point}"
    ready.unlink(missing_ok=True)
    env = {**os.environ, "UMKM_DEDUP_TEST_PAUSE": point, "UMKM_DEDUP_TEST_READY": str(ready)}
    proc = subprocess.Popen([sys.executable, "-m", "umkm_dedup", "merge", *map(str, args), "--quiet"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not ready.exists():
        assert proc.poll() is None, f"the run ended before reaching {point}: {proc.communicate()}"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    return proc.returncode


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_interrupted_run_leaves_the_ledger_unchanged(stages):
    tmp, s1, s2, _ = stages
    ledger = tmp / "ledger.sqlite"
    merge([s1], out=tmp / "out1", ledger=ledger, stage="tahap-1")
    before = _ledger_state(ledger)
    args = [s2, "--out", tmp / "o", "--ledger", ledger, "--stage", "tahap-2"]
    # before the ledger is touched, and in the middle of its write (every row inserted, no COMMIT):
    # the ledger is as it was
    for point in ("write", "ledger.insert"):
        _killed_at(point, args, tmp)
        assert _ledger_state(ledger) == before, point
    # killed just after the COMMIT: the whole stage, the same as a run that finished
    _killed_at("ledger.committed", args, tmp)
    state = _ledger_state(ledger)
    assert state != before and [n for n, _ in state[0]] == ["tahap-1", "tahap-2"]
    merge([s2], out=tmp / "o", ledger=ledger, stage="tahap-2")
    assert _ledger_state(ledger) == state
    Ledger(ledger).remove_stage("tahap-2")
    assert _ledger_state(ledger) == before


def test_a_second_run_on_the_same_ledger_is_refused(stages):
    tmp, s1, _, _ = stages
    ledger = tmp / "ledger.sqlite"
    with locked(ledger, "ledger"):
        with pytest.raises(LedgerError, match="another umkm-dedup run"):
            merge([s1], out=tmp / "o", ledger=ledger, stage="tahap-1")
        proc = cli("merge", s1, "--out", tmp / "o2", "--ledger", ledger, "--stage", "tahap-1")
        assert proc.returncode == 3 and "proses umkm-dedup lain sedang memakai ledger ini" in proc.stderr
        proc = cli("merge", s1, "--out", tmp / "o2", "--ledger", ledger, "--stage", "tahap-1", "--lang", "en")
        assert proc.returncode == 3 and "another umkm-dedup run is using this ledger" in proc.stderr
    out = tmp / "busy"
    out.mkdir()
    with locked(out, "output folder"):
        with pytest.raises(LedgerError, match="output folder"):
            merge([s1], out=out)


def test_config_file_with_command_line_overrides(stages, tmp_path):
    tmp, s1, _, _ = stages
    cfg = write_template(tmp)
    text = cfg.read_text().replace('regencies = ["kabupaten"]', 'regencies = ["tahap1"]')
    text = text.replace('folder = "laporan"', 'folder = "dari-config"').replace('mask_nik = false', 'mask_nik = true')
    cfg.write_text(text)
    proc = cli("merge", "--config", cfg, "--lang", "en", "--json", env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert (tmp / "dari-config" / "impacted_umkm_report.xlsx").exists()   # --lang beat the file's "id"
    assert json.loads(proc.stdout)["nik_masked"] is True                 # from the file
    assert "\x1b[" not in proc.stdout + proc.stderr
    bad = tmp / "bad.toml"
    bad.write_text('[input]\nregencies = ["tahap1"]\n\n[matching]\nmatch_wieght = 3\n')
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    assert err.value.row == 5 and "matching.match_wieght" in str(err.value) and "line 5" in str(err.value)
    proc = cli("merge", "--config", bad)
    assert proc.returncode == 3 and "baris 5" in proc.stderr and "kunci tidak dikenal" in proc.stderr
    proc = cli("merge", "--config", bad, "--lang", "en")
    assert proc.returncode == 3 and "line 5" in proc.stderr and "unknown key" in proc.stderr


def test_ledger_commands_log_file_and_no_prompt_in_batch(stages):
    tmp, s1, _, _ = stages
    ledger = tmp / "ledger.sqlite"
    log = tmp / "run.log"
    proc = cli("merge", s1, "--out", tmp / "o", "--ledger", ledger, "--stage", "tahap-1", "--log-file", log, "-q")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [x["event"] for x in lines] == ["merge.start", "merge.stage", "merge.preflight", "merge.stage",
                                           "merge.stage", "merge.done"]   # a line per stage as it ends
    assert [x["stage"] for x in lines if x["event"] == "merge.stage"] == ["read", "match", "write"]
    niks = set(__import__("umkm_dedup").read_sources([s1]).frame["nik"])
    assert not any(n in log.read_text() for n in niks if len(n) == 16)
    listed = json.loads(cli("ledger", "stages", "--ledger", ledger, "--json").stdout)
    assert listed[0]["name"] == "tahap-1" and listed[0]["inputs"][0]["sha256"]
    shown = json.loads(cli("ledger", "show", "tahap-1", "--ledger", ledger).stdout)
    assert shown["new_persons"] > 0
    refused = cli("ledger", "remove", "tahap-1", "--ledger", ledger, stdin=subprocess.DEVNULL)
    assert refused.returncode == 3 and "--yes" in refused.stderr
    assert cli("ledger", "remove", "tahap-1", "--ledger", ledger, "--yes").returncode == 0
    assert Ledger(ledger).stages() == []
    assert cli("ledger", "show", "tahap-9", "--ledger", ledger).returncode == 3
