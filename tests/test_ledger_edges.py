"""A ledger that is damaged, not ours, a folder, or reachable under two names: a message naming the
file (exit 3), never a traceback, never a modified foreign file, never a bypassed lock."""

from __future__ import annotations

import os
import sqlite3

import pandas as pd
import pytest

from umkm_dedup.core.errors import LedgerError
from umkm_dedup.stages.ledger import Ledger, locked
from umkm_dedup.pipeline import merge

from helpers import run_cli, sha256

ROWS = [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
        ["1901011203900003", "Budi Santoso", "1990-03-12", "Jl Sudirman 5"]]


@pytest.fixture
def lists(tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    pd.DataFrame(ROWS, columns=["NIK", "Nama Pemilik", "Tanggal Lahir", "Alamat"]).to_csv(folder / "kab.csv",
                                                                                          index=False)
    return folder


@pytest.fixture
def real_ledger(tmp_path, lists):
    ledger = tmp_path / "ledger.sqlite"
    merge([lists], out=tmp_path / "tahap1", ledger=ledger, stage="tahap-1")
    return ledger


def test_a_file_that_is_not_sqlite_is_a_message_and_left_alone(tmp_path, lists, capsys):
    ledger = tmp_path / "ledger.sqlite"
    ledger.write_bytes(b"Nama,NIK\nSiti,1901015508850001\n" * 200)
    before = sha256(ledger)
    code, _, err = run_cli(capsys, "merge", lists, "--out", tmp_path / "o", "--ledger", ledger, "--stage",
                           "tahap-1", "--lang", "en")
    assert code == 3, err
    assert "Traceback" not in err and str(ledger) in err
    assert "the ledger file is corrupt or not an SQLite database" in err
    assert sha256(ledger) == before and not (tmp_path / "o").exists()


def test_a_truncated_ledger_is_a_message(tmp_path, real_ledger, lists, capsys):
    data = real_ledger.read_bytes()
    real_ledger.write_bytes(data[: len(data) // 2 + 100])
    code, _, err = run_cli(capsys, "ledger", "stages", "--ledger", real_ledger)
    assert code == 3 and "Traceback" not in err, err
    assert "berkas ledger rusak" in err
    with pytest.raises(LedgerError, match="corrupt"):
        merge([lists], out=tmp_path / "o", ledger=real_ledger, stage="tahap-2")


def test_a_folder_given_as_the_ledger_is_a_message(tmp_path, lists, capsys):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    code, _, err = run_cli(capsys, "merge", lists, "--out", tmp_path / "o", "--ledger", folder, "--stage", "tahap-1")
    assert code == 3 and "Traceback" not in err, err
    assert "path ledger adalah sebuah folder" in err and "umkm-ledger.sqlite" in err
    assert list(folder.iterdir()) == []


def test_another_applications_database_is_refused_and_not_modified(tmp_path, lists):
    other = tmp_path / "kasir.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
    db.execute("INSERT INTO pelanggan (nama) VALUES ('Toko Maju')")
    db.commit()
    db.close()
    before = sha256(other)
    with pytest.raises(LedgerError, match="another application's SQLite database") as err:
        merge([lists], out=tmp_path / "o", ledger=other, stage="tahap-1")
    assert err.value.exit_code == 3 and str(other) in err.value.describe("id")
    assert sha256(other) == before
    tables = {r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")}
    assert tables == {"pelanggan"}


def test_an_empty_file_becomes_a_ledger_and_an_older_ledger_is_still_ours(tmp_path, real_ledger, lists):
    empty = tmp_path / "baru.sqlite"
    empty.touch()
    merge([lists], out=tmp_path / "o", ledger=empty, stage="tahap-1")
    assert [s["name"] for s in Ledger(empty).stages()] == ["tahap-1"]
    db = sqlite3.connect(real_ledger)              # a ledger written before application_id existed
    db.execute("PRAGMA application_id=0")
    db.commit()
    db.close()
    assert [s["name"] for s in Ledger(real_ledger).stages()] == ["tahap-1"]


def test_a_symlink_to_the_ledger_takes_the_same_lock(tmp_path, real_ledger, lists):
    link = tmp_path / "elsewhere" / "ledger-link.sqlite"
    link.parent.mkdir()
    try:
        link.symlink_to(real_ledger)
    except OSError:                                  # Windows without the symlink privilege
        pytest.skip("no symlinks here")
    with locked(real_ledger, "ledger"):
        with pytest.raises(LedgerError, match="another umkm-dedup run"):
            merge([lists], out=tmp_path / "o", ledger=link, stage="tahap-2")
    result = merge([lists], out=tmp_path / "o", ledger=link, stage="tahap-2")
    assert result.summary["already_reported"] == 2                 # the same ledger: nobody counted as new


def test_a_hard_linked_ledger_is_refused(tmp_path, real_ledger, lists):
    second = tmp_path / "kedua.sqlite"
    os.link(real_ledger, second)
    before = sha256(real_ledger)
    with pytest.raises(LedgerError, match="2 names") as err:
        merge([lists], out=tmp_path / "o", ledger=second, stage="tahap-2")
    assert err.value.exit_code == 3 and "hard link" in err.value.describe("id")
    assert sha256(real_ledger) == before
