"""`validate FOLDER` (issue 18): a facilitator has one file per kecamatan. Every spreadsheet in the
folder is checked (one checked copy each, never a copy of a copy), a progress line per file, and one
summary grouped by problem whose counts are the files' counts summed."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest

from umkm_dedup.cli import main
from umkm_dedup.commands.validate import validate

from helpers import SAMPLE

KABUPATEN = SAMPLE / "babel" / "input" / "kabupaten"


def _cli(argv, capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out, err = capsys.readouterr()
    return stop.value.code, out, err


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "kiriman kecamatan"
    (root / "kec toboali").mkdir(parents=True)
    (root / "kec sungailiat").mkdir()
    files = sorted(KABUPATEN.glob("*.xlsx"))[:2]
    shutil.copy(files[0], root / "kec toboali" / "toboali.xlsx")
    shutil.copy(files[1], root / "kec sungailiat" / "sungailiat.xlsx")
    return root


def test_every_file_checked_once_with_a_progress_line_and_one_summary_by_problem(folder, capsys):
    singles = [validate(p, write_copy=False) for p in sorted(folder.rglob("*.xlsx"))]
    expected = Counter(f.problem for r in singles for f in r.findings)

    code, out, err = _cli(["validate", str(folder), "--json"], capsys)
    data = json.loads(out)
    assert code == (1 if any(r.errors for r in singles) else 0)
    assert data["files"] == 2 and data["records"] == sum(r.records for r in singles)
    assert {p["problem"]: p["rows"] for p in data["problems"]} == dict(expected)
    assert all(p["files"] for p in data["problems"])
    copies = sorted(p.name for p in folder.rglob("*_diperiksa.xlsx"))
    assert copies == ["sungailiat_diperiksa.xlsx", "toboali_diperiksa.xlsx"]

    # again, on screen: the copies are not checked (nor copied) again; one line per file as it goes
    code, out, err = _cli(["validate", str(folder)], capsys)
    assert "[1/2] kec sungailiat" in err and "[2/2] kec toboali" in err and "_diperiksa" not in err
    assert "Ringkasan pemeriksaan 2 berkas, per masalah" in out and "2 berkas:" in out
    assert not list(folder.rglob("*_diperiksa_diperiksa.xlsx"))
    rows = [line for line in out.splitlines() if line.startswith(("│ galat", "│ peringatan"))]
    assert len(rows) == len(expected)  # one row per problem, not one per file


def test_an_unreadable_file_is_reported_and_the_others_still_checked(folder, tmp_path, capsys):
    (folder / "rusak.xlsx").write_bytes(b"not a workbook at all")
    out_dir = tmp_path / "hasil periksa"
    code, out, err = _cli(["validate", str(folder), "--out", str(out_dir), "--lang", "en"], capsys)
    assert code == 2
    assert "[3/3] rusak.xlsx: FAILED" in err and "1 file(s) could not be read" in err
    assert "Summary of 3 files, by problem" in out
    # --out for a folder: the copies under it, in the same subfolders; nothing beside the inputs
    assert sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*.xlsx")) == [
        "kec sungailiat/sungailiat_diperiksa.xlsx", "kec toboali/toboali_diperiksa.xlsx"]
    assert not list(folder.rglob("*_diperiksa.xlsx"))


def test_an_empty_folder_says_so(tmp_path, capsys):
    code, _, err = _cli(["validate", str(tmp_path)], capsys)
    assert code == 2 and "tidak ada lembar kerja" in err
