"""Roles and regencies are checked, not trusted: a list given in the wrong role, a district taken
for a regency, a regency of the province that sent nothing are said out loud."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import openpyxl

from umkm_dedup.commands.input_checks import check_regencies, check_roles, warning_lines
from umkm_dedup.pipeline import merge
from umkm_dedup.core.records import Role
from umkm_dedup.sources import read_sources

from helpers import SAMPLE, write_xlsx

BABEL = SAMPLE / "babel" / "input"
KAB = BABEL / "kabupaten"


def test_a_regency_list_given_as_kemensos_is_refused_unless_forced(tmp_path):
    """Before: Kabupaten Bangka vanished from Ringkasan and its people became aid recipients, exit 0."""
    bangka = KAB / "umkm_terdampak_kabupaten_bangka.xlsx"
    src = tmp_path / "kab"
    shutil.copytree(KAB, src)
    (src / bangka.name).unlink()
    args = [sys.executable, "-m", "umkm_dedup", "merge", str(src), "--kemensos", str(bangka), "--out",
            str(tmp_path / "out")]
    proc = subprocess.run(args, capture_output=True, text=True)
    assert proc.returncode == 3, proc.stderr
    assert "umkm_terdampak_kabupaten_bangka.xlsx" in proc.stderr and "Kabupaten Bangka" in proc.stderr
    assert "KABUPATEN BANGKA" in proc.stderr and "Nama Usaha" in proc.stderr   # the title and the columns
    assert "--force" in proc.stderr and not (tmp_path / "out" / "summary.json").exists()
    proc = subprocess.run(args + ["--force", "--lang", "en"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "umkm_terdampak_kabupaten_bangka.xlsx is read as Kemensos (BPUM/DTKS) but looks like a regency list" \
        in proc.stderr.replace("\n", " ")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["input_checks"]["regencies"]["missing"] == ["Kabupaten Bangka"]
    assert any("Kabupaten Bangka" in w and "sent no list" in w for w in summary["warnings"])


def test_kemensos_and_prakerja_swapped_are_warnings_naming_the_signs():
    roles = {str(BABEL / "prakerja_peserta.csv"): Role.KEMENSOS, str(BABEL / "kemensos_bpum_dtks.xlsx"): Role.PRAKERJA}
    table = read_sources([KAB / "umkm_terdampak_kabupaten_bangka.xlsx"], roles=roles)
    warnings = check_roles(table, roles)
    assert sorted((w["file"], w["role"], w["looks_like"]) for w in warnings) == [
        ("kemensos_bpum_dtks.xlsx", "prakerja", "kemensos"), ("prakerja_peserta.csv", "kemensos", "prakerja")]
    lines = warning_lines({"roles": warnings}, "id")
    assert any("nama berkas 'kemensos_bpum_dtks.xlsx'" in x and "judul 'DATA PENERIMA BANTUAN KEMENSOS" in x
               and "kolom 'PROGRAM, TAHAP'" in x for x in lines)
    # the lists in their right roles: no warning
    right = {str(BABEL / "prakerja_peserta.csv"): Role.PRAKERJA, str(BABEL / "kemensos_bpum_dtks.xlsx"): Role.KEMENSOS}
    assert check_roles(read_sources([KAB], roles=right), right) == []


def test_without_kemensos_or_prakerja_the_summary_says_no_data(tmp_path):
    """Before: every person was 'Belum menerima bantuan', as if the province had checked."""
    result = merge([KAB / "umkm_terdampak_kabupaten_bangka.xlsx"], out=tmp_path / "out")
    total = result.summary["total"]
    assert total["in_kemensos"] is None and total["no_assistance"] is None and total["in_prakerja"] is None
    assert total["unique_persons"] > 0
    ws = openpyxl.load_workbook(tmp_path / "out" / "laporan_umkm_terdampak.xlsx")["Ringkasan"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    at = next(i for i, r in enumerate(rows) if r[0] == "Kab/Kota")   # the numbers table, under the cover
    header, row = rows[at], rows[at + 1]
    for label in ("Sudah penerima Kemensos", "Prakerja terdaftar", "Belum menerima bantuan"):
        assert row[header.index(label)] == "tidak ada data"
    assert isinstance(row[header.index("Data kab/kota dibaca")], int)


def test_regencies_of_the_province_that_sent_nothing_are_listed():
    table = read_sources([KAB / "umkm_terdampak_kabupaten_bangka.xlsx", KAB / "umkm_terdampak_kota_pangkal_pinang.xlsx"])
    cover = check_regencies(table)
    assert cover["province_name"] == "Kepulauan Bangka Belitung"
    assert cover["missing"] == ["Kabupaten Belitung", "Kabupaten Bangka Selatan", "Kabupaten Bangka Tengah",
                                "Kabupaten Bangka Barat", "Kabupaten Belitung Timur"]
    full = check_regencies(read_sources([KAB]))
    assert full["missing"] == [] and full["outside"] == []


def test_a_district_is_never_taken_as_a_regency(tmp_path):
    """Bali: district sheets Banjar (Buleleng) and Kediri (Tabanan) became Kabupaten Banjar and
    Kabupaten Kediri, regencies of other provinces, in Ringkasan."""
    header = ["No", "NIK", "Nama", "Tanggal Lahir", "Alamat", "Desa"]

    def rows(district, title=True):
        data = [[1, "5108014210770001", f"Ni Luh Kartini {district}", "02-10-1977", "Jl. Melati 1", "Desa A"],
                [2, "5108010210780002", f"I Made Sura {district}", "02-10-1978", "Jl. Melati 2", "Desa B"]]
        return ([[f"DATA UMKM TERDAMPAK KECAMATAN {district.upper()}"], []] if title else []) + [header] + data

    src = tmp_path / "kiriman"
    src.mkdir()
    write_xlsx(src / "umkm_kecamatan.xlsx", {"Banjar": rows("Banjar"), "Kediri": rows("Kediri")})
    write_xlsx(src / "data_banjar.xlsx", {"Sheet1": rows("Lain", title=False)})
    write_xlsx(src / "umkm_jawa.xlsx", {"Sheet1": [["DATA UMKM KABUPATEN KEDIRI"], []] + rows("Jawa", False)})
    table = read_sources([src])
    cover = check_regencies(table)
    regencies = set(table.frame["list_regency"])
    assert not regencies & {"Kabupaten Banjar"}, regencies
    assert {(x["file"], x["name"]) for x in cover["not_regency"]} == {("data_banjar.xlsx", "Kabupaten Banjar")}
    assert [(x["file"], x["name"]) for x in cover["outside"]] == [("umkm_jawa.xlsx", "Kabupaten Kediri")]
    lines = warning_lines({"regencies": cover}, "id")
    assert any("Kabupaten Kediri bukan kab/kota di provinsi Bali" in x for x in lines)
    assert any("tidak mengirim daftar" in x and "Kabupaten Buleleng" in x for x in lines)


def test_records_in_a_hidden_sheet_are_read_and_said_out_loud(tmp_path):
    """A regency keeps last month's or rejected people on a sheet it hid in Excel; the officer
    cannot see it, yet its records were counted without a word. They are still read (the data is
    the regency's), and the console, Ringkasan's warnings, Sumber and validate say so."""
    from umkm_dedup.commands.validate import validate

    lists = tmp_path / "kiriman"
    shutil.copytree(SAMPLE / "babel" / "input", lists)
    book = lists / "kabupaten" / "umkm_terdampak_kabupaten_bangka.xlsx"
    wb = openpyxl.load_workbook(book)
    hidden = wb.create_sheet("Data Lama")
    hidden.append(["NIK", "Nama", "Alamat"])
    hidden.append(["", "Orang Di Lembar Tersembunyi", "Jl. Sembunyi No. 1"])
    hidden.sheet_state = "hidden"
    wb.save(book)
    proc = subprocess.run([sys.executable, "-m", "umkm_dedup", "merge", str(lists), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "lembar 'Data Lama' tersembunyi di Excel" in proc.stderr and book.name in proc.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert any("Data Lama" in w for w in summary["warnings"])
    frame = read_sources([book]).frame
    assert "Orang Di Lembar Tersembunyi" in set(frame["name"])
    sources = openpyxl.load_workbook(tmp_path / "out" / "laporan_umkm_terdampak.xlsx")["Sumber"]
    status = {(r[0], r[1]): r[9] for r in sources.iter_rows(values_only=True)}
    assert "tersembunyi" in status[(book.name, "Data Lama")] and "tersembunyi" not in status[(book.name, "Data UMKM")]
    check = validate(book)
    assert [(f.sheet, f.problem) for f in check.findings if f.problem == "note.sheet_hidden"] == [
        ("Data Lama", "note.sheet_hidden")]


def test_a_list_without_regency_a_repeated_column_and_a_copied_file_are_said_out_loud(tmp_path):
    """Three things an officer cannot see in the totals (officer trial, stop 33): a regency list
    whose regency is named nowhere (counted on a Ringkasan row named after the file), a header
    naming NIK twice (the second column never checked or matched), and the same file copied into
    the folder under another name (counted twice). Each is a warning naming the file; every
    record is still read."""
    lists = tmp_path / "kiriman"
    shutil.copytree(SAMPLE / "babel" / "input", lists)
    bangka = lists / "kabupaten" / "umkm_terdampak_kabupaten_bangka.xlsx"
    shutil.copyfile(bangka, lists / "kabupaten" / "salinan_bangka.xlsx")
    write_xlsx(lists / "kabupaten" / "umkm_tambahan.xlsx",
               {"Sheet": [["NIK", "Nama", "Alamat"], ["1901014107800001", "Siti Aminah", "Jl. Merdeka 1"],
                          ["1901014107800002", "Rahmat Hidayat", "Jl. Merdeka 2"]]})
    write_xlsx(lists / "kabupaten" / "umkm_kabupaten_bangka_barat_revisi.xlsx",
               {"Sheet": [["NIK", "Nama", "Alamat", "NIK"],
                          ["1905014107800003", "Yusuf Effendi", "Jl. Mentok 3", "1905014107800004"]]})
    base = merge([SAMPLE / "babel" / "input"], out=tmp_path / "base")
    result = merge([lists], out=tmp_path / "out")
    warnings = result.summary["warnings"]
    assert any("umkm_tambahan.xlsx" in w and "nama kab/kota tidak ditemukan" in w and "'umkm_tambahan'" in w
               for w in warnings), warnings
    assert any("umkm_kabupaten_bangka_barat_revisi.xlsx" in w and "kolom 'NIK' ada lebih dari sekali" in w
               and "kolom A" in w and "kolom D" in w for w in warnings), warnings
    assert any("isinya sama persis" in w and "salinan_bangka.xlsx" in w and bangka.name in w for w in warnings)
    assert not any("bangka_barat_revisi" in w and "kab/kota tidak ditemukan" in w for w in warnings)
    copied = base.summary["records_read"] + 3 + sum(
        s.records for s in read_sources([bangka]).sheets)
    assert result.summary["records_read"] == copied
    assert not any("sama persis" in w or "lebih dari sekali" in w or "tidak ditemukan" in w
                   for w in base.summary["warnings"])
    lines = warning_lines({"identical_files": [{"files": ["a.xlsx", "b.xlsx"]}]}, "en")
    assert lines == ["2 files have exactly the same content: a.xlsx, b.xlsx — their records are read and "
                     "counted 2 times; take the copies out of the folder"]
