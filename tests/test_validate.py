"""`validate` finds each problem at the right cell with the right severity, writes a checked copy
with highlights and comments, never touches the input, and exits 0/1/2."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import openpyxl
import pytest

from umkm_dedup.commands.validate import validate

from helpers import sha256, write_xlsx

HEADER = ["No", "NIK", "Nama Pemilik", "Tgl Lahir", "Alamat", "No. HP", "No KK"]


def build(tmp_path, rows, name="kec_sukawati.xlsx"):
    sheet = [["DATA UMKM KECAMATAN SUKAWATI"], HEADER] + rows
    return write_xlsx(tmp_path / name, {"Data": sheet})


def findings_at(result, cell):
    return {(f.problem, f.severity) for f in result.findings if f.cell == cell}


@pytest.fixture
def problem_file(tmp_path):
    rows = [
        [1, "5104011201900001", "I Made Sudarta", "12/01/1990", "Jl. Raya 1", "081234567890", ""],   # row 3 clean
        [2, "51040112019", "Ni Wayan Sukerti", "", "Jl. Raya 2", "", ""],                           # 4 format
        [3, "9904011201900002", "I Nyoman Arta", "", "Jl. Raya 3", "", ""],                         # 5 province
        [4, "5104013201900003", "I Ketut Jaya", "", "Jl. Raya 4", "", ""],                          # 6 birth date
        [5, "5104011201900000", "Ni Luh Ayu", "", "Jl. Raya 5", "", ""],                            # 7 serial
        [6, 5104011201900010, "I Gede Suweta", "", "Jl. Raya 6", "", ""],                           # 8 truncated
        [7, "5.10401E+15", "I Putu Santika", "", "Jl. Raya 7", "", ""],                             # 9 unrecoverable
        [8, "5104010101100004", "I Made Wirawan", "", "Jl. Raya 8", "", "5104010101100004"],        # 10 KK
        [9, "", "", "", "", "", ""] + [None],                                                       # blank: dropped
        [10, "", "Ni Komang Sari", "", "", "", ""],                                                 # 12 identity
        [11, "5104015505830002", "Ni Kadek Rai", "tgl lupa", "Jl. Raya 9", "12345", ""],            # 13 date, phone
        [12, "5104011201900001", "I Made Sudarta", "12/01/1990", "Jl. Raya 1", "081234567890", ""],  # 14 dup NIK
        ["JUMLAH", None, 12, None, None, None, None],                                               # 15 total inside
        [13, "3171011201900004", "Budi Santoso", "", "Jl. Raya 10", "", ""],                        # 16 other regency
        [14, "5104015505830009", "", "", "Jl. Raya 11", "", ""],                                    # 17 name missing
    ]
    return build(tmp_path, rows)


def test_each_problem_found_at_its_cell_with_its_severity(problem_file, tmp_path):
    before = sha256(problem_file)
    r = validate(problem_file, regency="Gianyar", out=tmp_path / "checked.xlsx")
    assert sha256(problem_file) == before
    assert findings_at(r, "B3") == set()
    assert ("nik.format", "error") in findings_at(r, "B4")
    assert ("nik.province", "error") in findings_at(r, "B5")
    assert ("nik.birth_date", "error") in findings_at(r, "B6")
    assert ("nik.serial", "error") in findings_at(r, "B7")
    assert ("nik.truncated", "warning") in findings_at(r, "B8")
    assert ("nik.unrecoverable", "error") in findings_at(r, "B9")
    assert ("nik.kk_like", "error") in findings_at(r, "B10")
    assert ("required.identity", "error") in findings_at(r, "B12")
    assert ("date.unreadable", "error") in findings_at(r, "D13")
    assert ("phone.invalid", "warning") in findings_at(r, "F13")
    dup = [f for f in r.findings if f.cell == "B14" and f.problem == "dup.nik"]
    assert dup and dup[0].severity == "error" and "3" in dup[0].message()
    assert ("row.total", "warning") in findings_at(r, "A15")
    assert ("nik.other_regency", "warning") in findings_at(r, "B16")
    assert ("name.missing", "error") in findings_at(r, "C17")
    assert r.exit_code == 1
    assert all("*" in f.value for f in r.findings if f.problem == "dup.nik")


def test_likely_duplicate_without_same_nik_is_named(tmp_path):
    path = build(tmp_path, [
        [1, "", "Bpk. I Made Sudarta", "12/01/1990", "Jl. Pura No. 3", "081234567890", ""],
        [2, "", "I MADE SUDARTA", "1990-01-12", "Jalan Pura 3", "0812-3456-7890", ""],
        [3, "5104015505830002", "Ni Kadek Rai", "15/05/1983", "Jl. Raya 9", "", ""]])
    r = validate(path, out=tmp_path / "c.xlsx")
    likely = [f for f in r.findings if f.problem == "dup.likely"]
    assert len(likely) == 1 and likely[0].row == 4 and "3" in likely[0].message()
    assert likely[0].severity == "warning"


def test_clean_file_passes_with_exit_zero(tmp_path):
    path = build(tmp_path, [
        [1, "5104011201900001", "I Made Sudarta", "12/01/1990", "Jl. Raya 1", "081234567890", ""],
        [2, "5104015505830002", "Ni Kadek Rai", "15/05/1983", "Jl. Raya 9", "+6281311112222", ""]])
    r = validate(path, out=tmp_path / "c.xlsx")
    assert r.errors == 0 and r.exit_code == 0


def test_checked_copy_has_highlights_comments_and_linked_findings(problem_file, tmp_path):
    out = tmp_path / "checked.xlsx"
    r = validate(problem_file, out=out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Hasil Pemeriksaan"
    data = wb["Data"]
    assert data["B4"].fill.fgColor.rgb.endswith("FFC7CE")      # error: red
    assert data["B8"].fill.fgColor.rgb.endswith("FFEB9C")      # warning only: amber
    assert "16 digit" in data["B4"].comment.text
    assert data["B3"].comment is None
    results = wb["Hasil Pemeriksaan"]
    assert results.max_row == len(r.findings) + 1
    links = [results.cell(i, 4).hyperlink.location for i in range(2, results.max_row + 1)]
    assert "'Data'!B4" in links


def test_csv_input_gets_an_xlsx_copy_and_english(tmp_path):
    path = tmp_path / "kec.csv"
    with path.open("w", encoding="cp1252", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["NIK", "Nama", "HP"])
        w.writerow(["5104011201900001", "=1+1", "abc"])
    r = validate(path, lang="en")
    assert r.checked_copy == tmp_path / "kec_diperiksa.xlsx"
    wb = openpyxl.load_workbook(r.checked_copy)
    assert wb.sheetnames == ["Check Results", "Data"]
    assert wb["Data"]["B2"].data_type == "s"  # "=1+1" stays text
    assert any(f.problem == "phone.invalid" for f in r.findings)
    assert "phone" in r.findings[-1].message("en")


def test_fix_writes_only_safe_changes(tmp_path):
    path = build(tmp_path, [
        [1, 5104011201900001, "I Made Sudarta", "12/01/1990", "Jl. Raya 1", "0812-3456-7890", ""],
        [2, "5104 0155 0583 0002", "Ni Kadek Rai", "15 Mei 1983", "Jl. Raya 9", "", ""],
        [3, 5104011201900010, "I Gede Suweta", "", "Jl. Raya 6", "", ""]])
    before = sha256(path)
    r = validate(path, out=tmp_path / "c_diperiksa.xlsx", fix=True)
    assert sha256(path) == before
    wb = openpyxl.load_workbook(r.fixed_copy)
    ws = wb["Data"]
    assert ws["B3"].value == "5104011201900001" and ws["B3"].data_type == "s"
    assert ws["B4"].value == "5104015505830002"
    assert ws["B5"].value == 5104011201900010       # truncated: ambiguous, not "fixed"
    assert ws["F3"].value == "+6281234567890"
    assert ws["D4"].value.year == 1983 and ws["D4"].value.month == 5
    cells = {c.cell for c in r.changes}
    assert {"B3", "B4", "F3", "D3", "D4"} <= cells and "B5" not in cells
    assert "Perubahan" in wb.sheetnames


def test_cli_exit_codes_and_json(problem_file, tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "umkm_dedup", "validate", *map(str, a)],  # noqa: E731
                                    capture_output=True, text=True)
    proc = run(problem_file, "--json", "--out", tmp_path / "c.xlsx")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["errors"] >= 10 and any(f["cell"] == "B4" for f in data["findings"])
    assert "5104011201900001" not in proc.stdout  # NIKs masked
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"")
    assert run(bad).returncode == 2
    clean = build(tmp_path, [[1, "5104011201900001", "I Made Sudarta", "12/01/1990", "Jl. Raya 1", "", ""]],
                  name="clean.xlsx")
    assert run(clean, "--out", tmp_path / "x.xlsx").returncode == 0
