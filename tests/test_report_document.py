"""The report as an official submission (issue 14): a cover and signatures from [report], the
report's identity in every header and footer, true document properties, a print setup that fits
A4 landscape, Indonesian number formats, a Keterangan sheet explaining every column, Prakerja
registered vs passed, the not-yet-helped persons, and Perlu Ditinjau's A/B blocks read back by
header name wherever the columns stand."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from helpers import SAMPLE, add_a_doubtful_pair
from umkm_dedup.pipeline import merge
from umkm_dedup.report import prakerja

INPUT = SAMPLE / "babel" / "input"
BOOK = "laporan_umkm_terdampak.xlsx"
REPORT = {"province": "Kepulauan Bangka Belitung", "dinas": "Dinas Koperasi dan UKM Provinsi Kepulauan Bangka Belitung",
          "place": "Pangkalpinang", "period": "April - Mei 2020", "prepared_by": "Rina Marlina",
          "prepared_nip": "19800101 200501 2 001", "head_name": "Drs. Ahmad Yani", "head_nip": "19700202 199503 1 002"}


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    out = tmp_path_factory.mktemp("official") / "laporan"
    result = merge([INPUT], out=out, report=REPORT, report_date=dt.date(2020, 5, 15), stage="tahap-1")
    return out, result.summary


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    out = tmp_path_factory.mktemp("plain") / "laporan"
    result = merge([INPUT], out=out)
    return out, result.summary


def texts(ws) -> list[str]:
    return [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]


def truth() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "babel" / "truth.csv", dtype=str, keep_default_na=False)


def test_the_cover_and_signatures_come_from_the_config(official):
    out, summary = official
    wb = openpyxl.load_workbook(out / BOOK)
    cells = texts(wb["Ringkasan"])
    assert cells[0] == "LAPORAN REKONSILIASI DATA UMKM TERDAMPAK"
    assert "PROVINSI KEPULAUAN BANGKA BELITUNG" in cells
    for expected in (REPORT["dinas"], "tahap-1", "April - Mei 2020", "15 Mei 2020", "Pangkalpinang, 15 Mei 2020",
                     "Mengetahui,", "Disusun oleh,", "Rina Marlina", "Drs. Ahmad Yani", f"Kepala {REPORT['dinas']}",
                     "NIP. 19800101 200501 2 001", "NIP. 19700202 199503 1 002", "umkm-dedup 0.1.0"):
        assert expected in cells, expected
    assert "453 data: kab/kota 290, Kemensos 109, Prakerja 54 (9 berkas)" in cells
    props = wb.properties
    assert props.created == dt.datetime(2020, 5, 15)
    assert props.title == "Laporan Rekonsiliasi Data UMKM Terdampak — Kepulauan Bangka Belitung"
    assert props.creator == "umkm-dedup"   # how sources/discover.py knows its own report
    assert summary["report"]["date"] == "2020-05-15"


def test_without_a_config_the_signature_lines_are_left_to_fill_in(plain):
    out, _ = plain
    cells = texts(openpyxl.load_workbook(out / BOOK)["Ringkasan"])
    dots = "." * 30
    assert f"( {dots} )" in cells and f"NIP. {dots}" in cells and "Kepala Dinas .............................." in cells
    assert "PROVINSI KEPULAUAN BANGKA BELITUNG" in cells   # the province the data shows


def test_every_sheet_prints_a4_landscape_one_page_wide_with_header_and_footer(official):
    out, _ = official
    wb = openpyxl.load_workbook(out / BOOK)
    for ws in wb.worksheets:
        ps = ws.page_setup
        assert ps.orientation == "landscape" and ps.paperSize == 9, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ps.fitToHeight == 0 and ps.fitToWidth in (None, 1)
        assert ws.oddFooter.center.text.strip() == "Halaman &P dari &N", ws.title
        assert ws.oddHeader.center.text.strip() == "Kepulauan Bangka Belitung"
        assert ws.oddHeader.right.text.strip() == "Tahap: tahap-1"
        assert ws.oddHeader.left.text.strip() == "Laporan Rekonsiliasi Data UMKM Terdampak"
        if ws.title != "Ringkasan":
            assert ws.print_title_rows == "$1:$1", ws.title
        if ws.title not in ("Ringkasan", "Keterangan"):   # Keterangan: one line per meaning, 90 wide
            assert all((d.width or 0) <= 57 for d in ws.column_dimensions.values() if d.width), ws.title   # 56 + padding
    review = wb["Duplikat"]
    shaded = {review.cell(r, 1).value: review.cell(r, 1).fill.fgColor.rgb for r in range(2, review.max_row + 1)}
    assert len(set(shaded.values())) == 2, "every other cluster is shaded"


def test_counts_are_in_the_indonesian_number_format(official, tmp_path):
    out, _ = official
    ws = openpyxl.load_workbook(out / BOOK)["Ringkasan"]
    row = next(r for r in ws.iter_rows() if r[0].value == "JUMLAH")
    assert all(c.number_format == "[$-421]#,##0" for c in row[1:] if isinstance(c.value, int))
    merge([INPUT], out=tmp_path / "en", lang="en")
    ws = openpyxl.load_workbook(tmp_path / "en" / "impacted_umkm_report.xlsx")["Summary"]
    row = next(r for r in ws.iter_rows() if r[0].value == "TOTAL")
    assert all(c.number_format == "#,##0" for c in row[1:] if isinstance(c.value, int))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_keterangan_explains_every_column_of_every_sheet(tmp_path, lang):
    out = tmp_path / "out"
    merge([INPUT], out=out, lang=lang)
    wb = openpyxl.load_workbook(out / (BOOK if lang == "id" else "impacted_umkm_report.xlsx"))
    explained = wb["Keterangan" if lang == "id" else "Explanation"]
    rows = [r for r in explained.iter_rows(min_row=2, values_only=True)]
    meaning = {(r[0], r[1]): r[2] for r in rows if r[0] and r[1]}
    first = {"id": "Kab/Kota", "en": "Regency"}[lang]
    for ws in wb.worksheets:
        grid = [[c.value for c in r] for r in ws.iter_rows(max_row=30)]
        header = next(r for r in grid if r[0] == first) if ws.title in ("Ringkasan", "Summary") else grid[0]
        for h in (h for h in header if h):
            assert meaning.get((ws.title, h)), (ws.title, h)
    values = texts(explained)
    for word in ("SAMA", "BEDA", "valid*", "Skor Bukti" if lang == "id" else "Evidence score"):
        assert word in values
    assert any(("proses berikutnya" if lang == "id" else "next run") in v for v in values)
    review = wb["Perlu Ditinjau" if lang == "id" else "Needs Review"]
    for dv in review.data_validations.dataValidation:   # the drop-down says what the choices do
        assert "SAMA" in dv.prompt and dv.showInputMessage


def test_prakerja_registered_and_passed_in_every_common_form():
    cases = {"Lolos": "passed", "LOLOS": "passed", "Tidak Lolos": "not_passed", "Lulus": "passed",
             "Tidak Lulus": "not_passed", "Selesai pelatihan": "passed", "Insentif cair": "passed",
             "Insentif diterima": "passed", "Gagal": "not_passed", "Belum menyelesaikan pelatihan": "not_passed",
             "": "registered", "Terdaftar": "registered", "Menunggu verifikasi": "registered",
             "Gelombang 3": "unknown", "OK?": "unknown"}
    assert {k: prakerja.classify(k) for k in cases} == cases
    assert prakerja.unknown_values(pd.Series(["Lolos", "Gelombang 3", "Gelombang 3", "x"])) == [("Gelombang 3", 2),
                                                                                                 ("x", 1)]


def test_prakerja_counts_on_the_sample_equal_its_truth(plain):
    out, summary = plain
    tr = truth()
    roster = list(csv.DictReader((INPUT / "prakerja_peserta.csv").open(encoding="utf-8-sig")))
    assert {r["Status"] for r in roster} >= {"Lolos", "Tidak Lolos"}
    status = {str(i + 2): r["Status"] for i, r in enumerate(roster)}
    pk = tr[tr["source_file"] == "prakerja_peserta.csv"]
    regency = set(tr.loc[tr["source_file"].str.startswith("umkm_terdampak"), "person_id"])
    registered = set(pk["person_id"]) & regency
    passed = {p for p, row in zip(pk["person_id"], pk["row"]) if prakerja.classify(status[row]) == "passed"} & regency
    assert summary["total"]["in_prakerja"] == len(registered) == 50
    assert summary["total"]["prakerja_passed"] == len(passed) == 33
    assert 0 < summary["total"]["prakerja_passed"] < summary["total"]["in_prakerja"]


def test_belum_dibantu_holds_exactly_the_sample_persons_in_no_aid_list(plain):
    out, summary = plain
    tr = truth()
    regency = set(tr.loc[tr["source_file"].str.startswith("umkm_terdampak"), "person_id"])
    helped = set(tr.loc[~tr["source_file"].str.startswith("umkm_terdampak"), "person_id"])
    expected = regency - helped
    ws = openpyxl.load_workbook(out / BOOK)["Belum Dibantu"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0][:6]) == ["NIK", "No. KK", "Nama Lengkap", "Alamat", "Bidang Usaha", "No. HP"]
    assert len(rows) - 1 == len(expected) == summary["total"]["no_assistance"] == 142
    regencies = [r[6] for r in rows[1:]]
    assert regencies == sorted(regencies), "per regency"
    problem = rows[0].index("Masalah NIK (usulan bisa ditolak)")
    assert all((r[problem] == "NIK kosong: wajib diisi untuk usulan") == (not r[0]) for r in rows[1:])
    with (out / "belum_dibantu.csv").open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh, delimiter=";"))
    assert lines[0] == list(rows[0]) and len(lines) == len(rows)


def _doubtful_copy(tmp_path):
    """The sample plus a NIK one digit off with the same name: a pair for Perlu Ditinjau."""
    src = tmp_path / "kiriman"
    shutil.copytree(INPUT, src)
    add_a_doubtful_pair(src)
    return src


def test_review_blocks_are_read_by_header_name_wherever_the_columns_stand(tmp_path):
    src = _doubtful_copy(tmp_path)
    first = tmp_path / "run1"
    merge([src], out=first)
    book = openpyxl.load_workbook(first / BOOK)
    ws = book["Perlu Ditinjau"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Pasangan", "Data (A/B)", "Berkas"] and header[-1] == "Keputusan"
    assert [ws.cell(2, 2).value, ws.cell(3, 2).value] == ["A", "B"] and ws.cell(2, 1).value == ws.cell(3, 1).value
    at = {h: i + 1 for i, h in enumerate(header)}
    a = (ws.cell(2, at["Berkas"]).value, ws.cell(2, at["Lembar"]).value or "", int(ws.cell(2, at["Baris"]).value))
    b = (ws.cell(3, at["Berkas"]).value, ws.cell(3, at["Lembar"]).value or "", int(ws.cell(3, at["Baris"]).value))
    # the officer moves Keputusan to the front and Berkas to the end, then decides on row B
    ws.insert_cols(1)
    keputusan = at["Keputusan"] + 1
    for r in range(1, ws.max_row + 1):
        ws.cell(r, 1).value = ws.cell(r, keputusan).value
        ws.cell(r, keputusan).value = None
    berkas = at["Berkas"] + 1
    end = ws.max_column + 1
    for r in range(1, ws.max_row + 1):
        ws.cell(r, end).value = ws.cell(r, berkas).value
        ws.cell(r, berkas).value = "" if r > 1 else "Catatan"
    ws.cell(3, 1).value = "SAMA"
    edited = tmp_path / "diputuskan.xlsx"
    book.save(edited)
    result = merge([src], out=tmp_path / "run2", decisions=[edited])
    assert result.summary["decisions"]["same"] == 1
    m = pd.read_csv(tmp_path / "run2" / "record_map.csv", dtype=str, keep_default_na=False)
    ids = {(r.source_file, r.sheet, int(r.row)): r.cluster_id for r in m.itertuples()}
    assert ids[a] == ids[b]


def test_csvs_follow_the_report_language_and_keep_identifiers_as_text(plain, tmp_path):
    out, _ = plain
    head = (out / "data_unik.csv").read_text(encoding="utf-8-sig").splitlines()
    assert head[0].startswith("cluster_id;nik;nama;tanggal_lahir;")   # Indonesian Excel expects ';'
    rows = list(csv.reader((out / "belum_dibantu.csv").open(encoding="utf-8-sig"), delimiter=";"))
    assert rows[0][:3] == ["NIK", "No. KK", "Nama Lengkap"] and len(rows) == 143
    niks = [r[0] for r in rows[1:] if r[0]]
    assert niks and all(re.fullmatch(r'="\d{16}"', n) for n in niks)   # the one form no import turns into a number
    merge([INPUT], out=tmp_path / "en", lang="en")
    en = (tmp_path / "en" / "data_unik.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert en.startswith("cluster_id,nik,name,birth_date,sex,address,")
    merge([INPUT], out=tmp_path / "comma", csv_sep=",")
    assert (tmp_path / "comma" / "data_unik.csv").read_text(encoding="utf-8-sig").startswith("cluster_id,nik,nama,")


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_sample_report_prints_in_at_most_25_pages(plain, tmp_path):
    out, _ = plain
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out / BOOK)], check=True, capture_output=True, timeout=240)
    pdf = (tmp_path / "laporan_umkm_terdampak.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 25, pages


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_csv_nik_survives_a_spreadsheet_import(plain, tmp_path):
    """LibreOffice's CSV import (as Excel's) reads a plain 16-digit NIK as a number and keeps 15
    significant digits; data_unik.csv's NIKs come back whole."""
    out, _ = plain
    lines = (out / "data_unik.csv").read_text(encoding="utf-8-sig").splitlines()
    wanted = [next(csv.reader([line], delimiter=";"))[1][2:-1] for line in lines[1:40]]
    wanted = [n for n in wanted if re.fullmatch(r"\d{16}", n)]
    plain_copy = tmp_path / "polos.csv"   # the same NIKs written plainly: what a spreadsheet does to them
    plain_copy.write_text("nik\n" + "\n".join(wanted) + "\n", encoding="utf-8")
    for source in (out / "data_unik.csv", plain_copy):
        if source.parent != tmp_path:
            shutil.copy(source, tmp_path / source.name)
        subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--infilter=CSV:59,34,76,1" if source.name == "data_unik.csv" else "--infilter=CSV:44,34,76,1",
                        "--convert-to", "xlsx", "--outdir", str(tmp_path / "xlsx"), str(tmp_path / source.name)],
                       check=True, capture_output=True, timeout=240)
    ws = openpyxl.load_workbook(tmp_path / "xlsx" / "data_unik.xlsx", data_only=True).active
    back = [str(ws.cell(r, 2).value) for r in range(2, 41)]
    assert wanted and all(n in back for n in wanted)
    ws = openpyxl.load_workbook(tmp_path / "xlsx" / "polos.xlsx", data_only=True).active
    assert not any(str(ws.cell(r, 1).value) == n for r, n in enumerate(wanted, 2)), "a plain NIK is damaged"


def test_the_ministry_fields_are_carried_per_person_into_data_unik_and_format_kemenkop(tmp_path):
    """A list with the Kemenkop letter's columns (147/SM/IV/2020): before, they ended up as unmapped
    'other' columns. The same person twice, the figures in one record only: the filled value wins."""
    nik = "1901" + "02" + "120190" + "0001"
    other = "1901" + "02" + "450385" + "0002"
    path = tmp_path / "kab" / "umkm_terdampak_kabupaten_bangka.csv"
    path.parent.mkdir()
    path.write_text(
        "No;NIK;Nama Lengkap;Alamat;No HP;Jenis Usaha;Permasalahan yang dihadapi;Aset;Omzet per Minggu Sebelum;"
        "Omzet per Minggu Sesudah;Jumlah Tenaga Kerja Sebelum;Jumlah Tenaga Kerja Sesudah;Kebutuhan\n"
        f"1;{nik};Siti Aminah;Jl. Merdeka No. 5;081234567890;Kuliner;Penjualan turun;15000000;2000000;500000;3;1;"
        "Modal usaha\n"
        f"2;{nik};Siti Aminah;Jl. Merdeka No. 5;081234567890;Kuliner;;;;;;;\n"
        f"3;{other};Rahmat Hidayat;Jl. Sudirman No. 9;081298765432;Perdagangan;Tutup sementara;8000000;1000000;0;2;0;"
        "Pelatihan\n", encoding="utf-8")
    result = merge([path.parent], out=tmp_path / "out")
    assert result.summary["unique_persons_in_regency_lists"] == 2
    wb = openpyxl.load_workbook(tmp_path / "out" / BOOK)
    assert "Format Kemenkop" in wb.sheetnames
    rows = list(wb["Format Kemenkop"].iter_rows(values_only=True))
    assert list(rows[0]) == ["Nama Lengkap", "NIK", "Alamat", "No. HP", "Nama Usaha", "Bidang Usaha",
                             "Permasalahan yang Dihadapi", "Aset", "Omzet per Minggu Sebelum",
                             "Omzet per Minggu Sesudah", "Tenaga Kerja Sebelum", "Tenaga Kerja Sesudah", "Kebutuhan",
                             "Kab/Kota", "ID Orang"]
    siti = next(r for r in rows[1:] if r[1] == nik)
    assert siti[6:13] == ("Penjualan turun", "15000000", "2000000", "500000", "3", "1", "Modal usaha")
    unique = list(wb["Data Unik"].iter_rows(values_only=True))
    header = list(unique[0])
    for h in ("Aset", "Omzet per Minggu Sebelum", "Tenaga Kerja Sesudah", "Kebutuhan"):
        assert h in header
    row = next(r for r in unique[1:] if r[header.index("NIK")] == nik)
    assert row[header.index("Omzet per Minggu Sebelum")] == "2000000" and row[header.index("Kebutuhan")] == "Modal usaha"
    sumber = [str(c.value) for c in wb["Sumber"]["I"] if c.value]   # unmapped columns: none of the ministry's
    assert not any("Omzet" in v or "Aset" in v for v in sumber)


def test_without_the_ministry_fields_there_is_no_format_kemenkop_sheet(plain):
    out, _ = plain
    assert "Format Kemenkop" not in openpyxl.load_workbook(out / BOOK).sheetnames
