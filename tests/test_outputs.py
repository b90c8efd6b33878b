"""Outputs never replace an input, and a run that is stopped (Ctrl-C) or killed at any point leaves
either the old report or the new one, never a mix: no world-readable temp file, nothing left in
/tmp, leftovers cleaned by the next run, an incomplete folder recognised by explain, the ledger and
the report agreeing. Each kill lands where intended through the UMKM_DEDUP_TEST_PAUSE hook
(interrupts.checkpoint), and each test first checks that it did."""

from __future__ import annotations

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

from umkm_dedup.core.errors import LedgerError, OutputError
from umkm_dedup.commands.explain import Run
from umkm_dedup.pipeline import merge
from umkm_dedup.report.outfolder import MARKER
from umkm_dedup.commands.validate import validate

from helpers import checksums, run_cli, sha256

ROWS = [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1", "081234567890"],
        ["1901015508850001", "SITI AMINAH", "15/08/1985", "jl merdeka no 1", "0812-3456-7890"],
        ["1901011203900003", "Budi Santoso", "1990-03-12", "Jl Sudirman 5", "081298765432"]]
COLUMNS = ["NIK", "Nama Pemilik", "Tanggal Lahir", "Alamat", "No HP"]


def write_list(path, rows=ROWS):
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=COLUMNS).to_csv(path, index=False)
    return path


@pytest.fixture
def lists(tmp_path):
    return write_list(tmp_path / "kiriman" / "kab_bangka.csv").parent


# --- never write over an input ----------------------------------------------------------------

def test_out_in_the_input_folder_does_not_replace_an_input_named_like_an_output(tmp_path, capsys):
    folder = tmp_path / "kiriman"
    write_list(folder / "kab_bangka.csv")
    write_list(folder / "data_unik.csv", ROWS[2:])     # an officer's own list, named like our output
    before = checksums(folder)
    code, _, err = run_cli(capsys, "merge", folder, "--out", folder, "--lang", "en")
    assert code == 3, err
    assert "'data_unik.csv' in the output folder is one of the inputs" in err and "Traceback" not in err
    assert checksums(folder) == before


def test_a_hard_link_to_an_input_is_the_same_file(tmp_path, lists):
    out = tmp_path / "laporan"
    out.mkdir()
    os.link(lists / "kab_bangka.csv", out / "record_map.csv")
    before = sha256(lists / "kab_bangka.csv")
    with pytest.raises(OutputError, match="record_map.csv"):
        merge([lists, out / "record_map.csv"], out=out)
    assert sha256(lists / "kab_bangka.csv") == before


def test_our_own_earlier_report_in_the_input_folder_is_replaced_as_usual(tmp_path, lists):
    merge([lists], out=lists)              # the report lands beside the lists, and is recognised next time
    again = merge([lists], out=lists)
    assert again.summary["records_read"] == len(ROWS)


def test_validate_never_replaces_the_file_it_checks(tmp_path, lists, capsys):
    file = lists / "kab_bangka.csv"
    before = sha256(file)
    code, _, err = run_cli(capsys, "validate", file, "--out", file, "--lang", "en")
    assert code == 3, err
    assert "would replace an input file" in err and "Traceback" not in err
    assert sha256(file) == before
    # --fix of a copy already fixed once: its fixed copy would be the input itself
    fixed = tmp_path / "kab_bangka_diperbaiki.xlsx"
    validate(file, out=tmp_path / "kab_bangka_diperiksa.xlsx", fix=True)
    assert fixed.exists()
    before = sha256(fixed)
    with pytest.raises(OutputError, match="kab_bangka_diperbaiki.xlsx"):
        validate(fixed, out=tmp_path / "kab_bangka_diperiksa.xlsx", fix=True)
    assert sha256(fixed) == before
    os.link(file, tmp_path / "second_name.csv")   # a second name for the same file
    with pytest.raises(OutputError):
        validate(file, out=tmp_path / "second_name.csv")
    assert sha256(file) == sha256(tmp_path / "second_name.csv")


def test_out_pointing_at_a_file_is_a_message(tmp_path, lists, capsys):
    target = tmp_path / "laporan.xlsx"
    target.write_text("x")
    code, _, err = run_cli(capsys, "merge", lists, "--out", target)
    assert code == 3 and "--out menunjuk ke sebuah berkas" in err, err
    assert target.read_text() == "x"


# --- stopped and killed runs ------------------------------------------------------------------
#: SIGINT/SIGKILL to a child process are POSIX; on Windows the same code paths are reached by Ctrl-C
posix_signals = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

def _run_until(tmp_path, point, args, env_extra=None, sig=signal.SIGINT):
    """Start `umkm-dedup merge ARGS`, wait until it pauses at `point`, send `sig`; (rc, stderr)."""
    ready = tmp_path / f"ready-{point}"
    ready.unlink(missing_ok=True)
    private_tmp = tmp_path / "systmp"
    private_tmp.mkdir(exist_ok=True)
    env = {**os.environ, "UMKM_DEDUP_TEST_PAUSE": point, "UMKM_DEDUP_TEST_READY": str(ready),
           "TMPDIR": str(private_tmp), "TEMP": str(private_tmp), "TMP": str(private_tmp), **(env_extra or {})}
    # a shell starting the suite in the background (`pytest &`) hands its children SIGINT ignored,
    # and Python then never raises KeyboardInterrupt: the run would finish instead of stopping
    proc = subprocess.Popen([sys.executable, "-m", "umkm_dedup", "merge", *map(str, args), "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert proc.poll() is None, f"run ended before reaching {point}: {proc.communicate()}"
        assert time.monotonic() < deadline, f"never reached {point}"
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def _modes(folder):
    return {str(p.relative_to(folder)): stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*")}


@posix_signals
def test_ctrl_c_while_writing_changes_nothing(tmp_path, lists):
    out = tmp_path / "laporan"
    merge([lists], out=out)
    before = checksums(out)
    write_list(lists / "kab_belitung.csv", [["1902011203900004", "Ani", "1990-03-12", "Jl A", ""]])
    rc, err = _run_until(tmp_path, "write", [lists, "--out", out])
    assert rc == 130, err
    assert "Interrupted (Ctrl-C): nothing was changed" in err and "Traceback" not in err
    assert checksums(out) == before and sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in out.iterdir() if not p.name.startswith("."))
    Run(out)                                     # still the earlier, complete run
    assert list((tmp_path / "systmp").iterdir()) == []


@posix_signals
def test_ctrl_c_into_a_new_folder_leaves_no_folder(tmp_path, lists):
    out = tmp_path / "baru" / "laporan"
    rc, err = _run_until(tmp_path, "write", [lists, "--out", out])
    assert rc == 130 and "nothing was changed" in err
    assert not out.exists()


@posix_signals
def test_a_killed_run_leaves_only_owner_only_files_which_the_next_run_removes(tmp_path, lists, capsys):
    out = tmp_path / "laporan"
    rc, _ = _run_until(tmp_path, "bulk", [lists, "--out", out], sig=signal.SIGKILL)
    assert rc == -signal.SIGKILL
    left = _modes(out)
    assert any(name.endswith(".tmp.bulk") for name in left), left      # the kill landed mid-workbook
    assert all(mode & 0o077 == 0 for mode in left.values()), left       # nothing readable by others
    assert list((tmp_path / "systmp").iterdir()) == []                  # nothing in the system temp folder
    code, _, err = run_cli(capsys, "explain", "--out", out, "--cluster", "U0")
    assert code != 0 and "Traceback" not in err
    stranger = out / ".notes.tmp"
    stranger.write_text("not ours")
    merge([lists], out=out)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".notes.tmp"]
    Run(out)


@posix_signals
def test_a_run_killed_while_moving_files_is_refused_by_explain(tmp_path, lists, capsys):
    out = tmp_path / "laporan"
    merge([lists], out=out)
    write_list(lists / "kab_belitung.csv", [["1902011203900004", "Ani", "1990-03-12", "Jl A", ""]])
    rc, _ = _run_until(tmp_path, "publish", [lists, "--out", out], sig=signal.SIGKILL)
    assert rc == -signal.SIGKILL
    assert not (out / MARKER).exists()
    code, _, err = run_cli(capsys, "explain", "--out", out, "--cluster", "U0", "--lang", "en")
    assert code == 1
    assert "this folder holds a merge that did not finish" in err and "Traceback" not in err
    merge([lists], out=out)                      # the next run repairs it
    Run(out)


def _ledger_state(path):
    db = sqlite3.connect(path)
    try:
        return [db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("stages", "persons", "records")]
    finally:
        db.close()


@pytest.fixture
def staged(tmp_path, lists):
    ledger = tmp_path / "ledger.sqlite"
    merge([lists], out=tmp_path / "tahap1", ledger=ledger, stage="tahap-1")
    second = write_list(tmp_path / "tahap2" / "kab_belitung.csv",
                        [["1902011203900004", "Ani", "1990-03-12", "Jl A", ""]]).parent
    return ledger, second


@posix_signals
def test_ctrl_c_before_the_commit_leaves_ledger_and_report_unchanged(tmp_path, staged):
    ledger, second = staged
    before = _ledger_state(ledger)
    out = tmp_path / "out2"
    rc, err = _run_until(tmp_path, "ledger.insert", [second, "--out", out, "--ledger", ledger,
                                                      "--stage", "tahap-2"])
    assert rc == 130 and "nothing was changed" in err, err
    assert _ledger_state(ledger) == before and not out.exists()


@posix_signals
def test_ctrl_c_during_the_commit_completes_both_and_says_so(tmp_path, staged):
    ledger, second = staged
    out = tmp_path / "out2"
    rc, err = _run_until(tmp_path, "ledger.committed", [second, "--out", out, "--ledger", ledger,
                                                         "--stage", "tahap-2"], env_extra={"UMKM_DEDUP_TEST_WAIT": "1"})
    assert rc == 130, err
    assert "the report and the ledger were written completely" in err
    assert [s[0] for s in _ledger_state(ledger)[0]] == ["tahap-1", "tahap-2"]
    Run(out)
    assert pd.read_json(out / "summary.json", typ="series")["stage"] == "tahap-2"


def test_a_failed_commit_says_the_stage_was_not_recorded_and_writes_no_report(tmp_path, staged):
    ledger, second = staged
    db = sqlite3.connect(ledger)
    db.execute("CREATE TRIGGER full AFTER INSERT ON records BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    db.commit()
    db.close()
    before = _ledger_state(ledger)
    out = tmp_path / "out2"
    with pytest.raises(LedgerError, match="not recorded in the ledger") as err:
        merge([second], out=out, ledger=ledger, stage="tahap-2")
    assert err.value.exit_code == 3 and "tahap tidak tercatat di ledger" in err.value.describe("id")
    assert _ledger_state(ledger) == before and not out.exists()


def test_a_folder_mixing_files_of_two_runs_is_refused_by_explain(tmp_path, lists):
    first, second = tmp_path / "satu", tmp_path / "dua"
    merge([lists], out=first)
    write_list(lists / "kab_belitung.csv", [["1902011203900004", "Ani", "1990-03-12", "Jl A", ""]])
    merge([lists], out=second)
    Run(first)
    shutil.copy(second / "pairs.parquet", first / "pairs.parquet")     # a file copied in from another run
    with pytest.raises(Exception, match="did not finish") as err:
        Run(first)
    assert "pairs.parquet" in str(err.value)


def test_an_unreadable_input_is_protected_too_and_a_namesake_elsewhere_is_not(tmp_path, lists, monkeypatch):
    broken = lists / "data_unik.csv"
    broken.write_bytes(b"\x00\x01\x02 not a list")          # an input that cannot be read is still an input
    before = sha256(broken)
    with pytest.raises(OutputError, match="data_unik.csv"):
        merge([lists], out=lists)
    assert sha256(broken) == before
    report = tmp_path / "laporan"
    report.mkdir()
    monkeypatch.chdir(report)      # the unreadable file is known by its name only: it must not match ./data_unik.csv
    result = merge([lists], out=report)
    assert (tmp_path / "laporan" / "data_unik.csv").exists() and sha256(broken) == before
    assert result.table.problems
