"""Issue 12, inputs: what reading must not do to data. Row filters that ate records, control
characters that made a CSV "binary" or reached outputs raw, a repeated xlsx row number, links out
of the input folder, a FIFO, Excel date serials 0 and -1, validate's own copies read as lists, and
validate crashing on the shipped sample files and on sheet names with "/"."""

from __future__ import annotations

import io
import os
import shutil
import zipfile

import openpyxl
import pytest

from umkm_dedup.pipeline import merge
from umkm_dedup.sources import read_sources
from umkm_dedup.commands.validate import validate

from helpers import SAMPLE, write_xlsx

HEADER = ["No", "NIK", "Nama Pemilik", "Nama Usaha", "Alamat"]


# --- row filters that cannot eat data ---------------------------------------------------------

def test_names_that_start_like_signature_words_are_records_not_signatures(tmp_path):
    """Issue 12: a row without NIK named "An Nisa Putri" was dropped as a signature, and with it
    every later row without a NIK (5 of 7 in one list)."""
    rows = [HEADER,
            [1, "1971011201900001", "Budi Santoso", "Warung Budi", "Jl. Merdeka 1"],
            [2, None, "An Nisa Putri", "Jahit An Nisa", "Jl. Merdeka 2"],
            [3, None, "Sri Wahyuni", "Kue Sri", "Jl. Merdeka 3"],
            [4, None, "Penata Rambut Yanti", "Salon Yanti", "Jl. Merdeka 4"],
            [5, None, "Kepala Dusun Made", "Toko Made", "Jl. Merdeka 5"],
            [None, None, "Penata Rambut", "Salon Ayu", "Jl. Merdeka 6"],
            [7, "1971015506850002", "Ani Lestari", "Batik Ani", "Jl. Merdeka 7"]]
    table = read_sources([write_xlsx(tmp_path / "daftar.xlsx", {"Data": rows})])
    assert list(table.frame["row"]) == [2, 3, 4, 5, 6, 7, 8]
    assert table.sheets[0].dropped == []


def test_signature_block_and_totals_are_recognised_by_their_shape(tmp_path):
    rows = [HEADER,
            [1, "1971011201900001", "Budi Santoso", "Warung Budi", "Jl. Merdeka 1"],
            [2, None, "Ani Lestari", "Batik Ani", "Jl. Merdeka 2"],
            ["JUMLAH", None, None, "2 usaha", None],
            [None, None, None, "Pangkalpinang, 12 Mei 2020"],
            [None, None, None, "Kepala Dinas Koperasi"],
            [None, None, None, "Drs. I Ketut Wirawan"],
            [None, None, None, "NIP. 19680412 199303 1 005"],
            [None, "An. Kepala Bidang", None, None, None]]
    table = read_sources([write_xlsx(tmp_path / "daftar.xlsx", {"Data": rows})])
    assert list(table.frame["name"]) == ["Budi Santoso", "Ani Lestari"]
    assert dict(table.sheets[0].dropped) == {4: "total", 5: "signature", 6: "signature", 7: "signature",
                                             8: "signature", 9: "signature"}


def test_a_run_of_record_shaped_rows_after_a_signature_word_is_kept(tmp_path):
    """A signature word opens a signature block only for rows with the shape of a signature;
    a record-shaped row ends it, so the records under it are never dropped with it."""
    rows = [HEADER,
            [1, "1971011201900001", "Budi Santoso", "Warung Budi", "Jl. Merdeka 1"],
            [None, None, None, "Mengetahui,"],
            [None, None, "Siti Aminah", "Kue Siti", "Jl. Merdeka 3"],
            [None, None, "Rahmat", "Bengkel Rahmat", "Jl. Merdeka 4"],
            [None, None, "Dewi", "Salon Dewi", "Jl. Merdeka 5"]]
    table = read_sources([write_xlsx(tmp_path / "daftar.xlsx", {"Data": rows})])
    assert list(table.frame["name"]) == ["Budi Santoso", "Siti Aminah", "Rahmat", "Dewi"]
    assert dict(table.sheets[0].dropped) == {3: "signature"}


def test_a_business_named_total_is_a_record(tmp_path):
    rows = [HEADER, [1, None, "Total Servis Motor", "Bengkel", "Jl. Merdeka 1"],
            [2, "1971011201900001", "Budi", "Warung", "Jl. Merdeka 2"]]
    table = read_sources([write_xlsx(tmp_path / "daftar.xlsx", {"Data": rows})])
    assert len(table.frame) == 2


# --- text as data -------------------------------------------------------------------------------

def test_csv_with_nul_vertical_tab_and_ansi_escapes_is_read_and_cleaned(tmp_path):
    """Issue 12: such a CSV was rejected as "not a text file" although its rows are fine, and
    escapes reached data_unik.csv raw."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "kontrol.csv").write_bytes(
        b"NIK,Nama Pemilik,Alamat\r\n"
        b"1971011201900001,Budi\x00 Santoso,Jl. Merdeka\x0b 1\r\n"
        b"1971015506850002,\x1b[31mAni\x1b[0m Lestari,\x1b]0;judul\x07Jl. Merdeka 2\r\n")
    table = read_sources([src])
    assert not table.problems
    assert list(table.frame["name"]) == ["Budi Santoso", "Ani Lestari"]
    assert list(table.frame["address"]) == ["Jl. Merdeka 1", "Jl. Merdeka 2"]
    out = tmp_path / "out"
    merge([src], out=out)
    for f in out.iterdir():
        if f.suffix == ".csv":
            data = f.read_bytes()
            assert not any(b in data for b in (b"\x00", b"\x0b", b"\x1b")), f.name
    openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")


def test_a_binary_file_named_csv_is_still_refused(tmp_path):
    (tmp_path / "gambar.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert [p.key for p in read_sources([tmp_path]).problems] == ["binary"]


# --- reading quirks -----------------------------------------------------------------------------

def _rewrite(path, replace):
    """The xlsx at `path` with each member's bytes passed through `replace(name, data)`."""
    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, replace(info.filename, src.read(info)))
    return path


def test_a_repeated_xlsx_row_number_loses_no_row(tmp_path):
    rows = [["NIK", "Nama Pemilik", "Alamat"], ["1971011201900001", "Budi", "Jl. 1"],
            ["1971015506850002", "Ani", "Jl. 2"], ["1971011201900003", "Citra", "Jl. 3"]]
    path = write_xlsx(tmp_path / "dobel.xlsx", {"Data": rows})
    _rewrite(path, lambda name, data: data.replace(b'<row r="3"', b'<row r="2"').replace(b'r="A3"', b'r="A2"')
             .replace(b'r="B3"', b'r="B2"').replace(b'r="C3"', b'r="C2"') if name.endswith("sheet1.xml") else data)
    table = read_sources([path])
    assert list(table.frame["name"]) == ["Budi", "Ani", "Citra"]
    assert ("duplicate_row" in table.sheets[0].note_counts())


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_links_out_of_the_input_folder_are_not_followed_unless_asked(tmp_path):
    outside = write_xlsx(tmp_path / "rahasia.xlsx", {"Data": [["NIK", "Nama"], ["1971011201900001", "Budi"]]})
    src = tmp_path / "in"
    src.mkdir()
    write_xlsx(src / "daftar.xlsx", {"Data": [["NIK", "Nama"], ["1971015506850002", "Ani"]]})
    (src / "tautan.xlsx").symlink_to(outside)
    (src / "dalam.xlsx").symlink_to(src / "daftar.xlsx")   # inside the folder: the same file, read once
    table = read_sources([src])
    assert list(table.frame["name"]) == ["Ani"] and not table.problems
    assert [(s.file, s.skipped_reason) for s in table.sheets if s.skipped_reason] == [("tautan.xlsx",
                                                                                       "symlink_outside")]
    followed = read_sources([src], follow_symlinks=True)
    assert sorted(followed.frame["name"]) == ["Ani", "Budi"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_skipped_with_its_reason_not_called_missing(tmp_path):
    os.mkfifo(tmp_path / "pipa.csv")
    write_xlsx(tmp_path / "daftar.xlsx", {"Data": [["NIK", "Nama"], ["1971015506850002", "Ani"]]})
    table = read_sources([tmp_path])
    assert [(s.file, s.skipped_reason) for s in table.sheets if s.skipped_reason] == [("pipa.csv", "not_a_file")]
    given = read_sources([tmp_path / "pipa.csv"])
    assert not given.problems and given.sheets[0].skipped_reason == "not_a_file"


def test_excel_date_serial_0_and_minus_1_are_no_date(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIK", "Nama Pemilik", "Tanggal Lahir"])
    for nik, name, serial in (("1971011201900001", "Budi", 0), ("1971015506850002", "Ani", -1),
                              ("1971011201900003", "Citra", 29000)):
        ws.append([nik, name, serial])
        ws.cell(ws.max_row, 3).number_format = "dd/mm/yyyy"
    wb.save(tmp_path / "tanggal.xlsx")
    table = read_sources([tmp_path / "tanggal.xlsx"])
    assert list(table.frame["birth_date"]) == ["", "", "1979-05-25"]
    assert table.sheets[0].notes == [(2, 2, "not_a_date"), (3, 2, "not_a_date")]
    result = validate(tmp_path / "tanggal.xlsx", write_copy=False)
    assert [(f.row, f.problem, f.severity) for f in result.findings if f.problem.startswith("note.")] == [
        (2, "note.not_a_date", "error"), (3, "note.not_a_date", "error")]


def test_validate_fix_in_place_then_merge_reads_no_extra_lists(tmp_path):
    """Issue 12: after `validate --fix` beside the lists, merge read the checked and fixed copies
    as more lists (1,033 records instead of 453)."""
    src = tmp_path / "in"
    shutil.copytree(SAMPLE / "babel" / "input", src)
    for f in sorted((src / "kabupaten").iterdir())[:3]:
        validate(f, fix=True)
    copies = sorted(p.name for p in (src / "kabupaten").iterdir() if "_diper" in p.name)
    assert len(copies) == 6
    result = merge([src], out=tmp_path / "out")
    assert result.summary["records_read"] == 453
    skipped = sorted(s.file for s in result.table.sheets if s.skipped_reason == "validate_copy")
    assert skipped == copies
    # a fixed copy sent alone (without its original) is a list
    alone = tmp_path / "alone"
    alone.mkdir()
    fixed = next(p for p in (src / "kabupaten").iterdir() if p.name.endswith("_diperbaiki.xlsx"))
    shutil.copy(fixed, alone)
    shutil.copy(fixed.with_name(fixed.name.replace("_diperbaiki", "_diperiksa")), alone)
    alone_table = read_sources([alone])
    assert alone_table.frame["source_file"].unique().tolist() == [fixed.name]


# --- validate crashes ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["babel/input/kemensos_bpum_dtks.xlsx", "babel/input/prakerja_peserta.csv",
                                  "bali/input/prakerja_peserta.csv"])
def test_validate_does_not_crash_when_every_row_has_a_nik_and_one_is_invalid(name, tmp_path):
    """Issue 12: Categorical TypeError on three of the twenty shipped sample files."""
    result = validate(SAMPLE / name, out=tmp_path / "cek.xlsx")
    assert result.errors >= 1 and any(f.problem.startswith("nik.") for f in result.findings)
    openpyxl.load_workbook(tmp_path / "cek.xlsx")


def test_validate_sheet_name_with_a_slash(tmp_path):
    rows = [["NIK", "Nama Pemilik", "Alamat"], ["1971011201900001", "Budi", "Jl. 1"],
            ["197101120190000", "Ani", "Jl. 2"]]
    path = _rewrite(write_xlsx(tmp_path / "miring.xlsx", {"Data": rows}),
                    lambda name, data: data.replace(b'name="Data"', b'name="Kec/Desa"')
                    if name == "xl/workbook.xml" else data)
    result = validate(path, fix=True)
    assert result.errors == 1 and result.findings[0].sheet == "Kec/Desa"
    checked = openpyxl.load_workbook(result.checked_copy)
    assert "Kec_Desa" in checked.sheetnames
    link = checked.worksheets[0]["D2"].hyperlink.location
    assert link.startswith("'Kec_Desa'!")


def test_a_semicolon_inside_a_header_cell_does_not_choose_the_delimiter(tmp_path):
    """Found by bench/fuzz.py: a tab-separated list whose last header cell is ";No Telp"
    was split on ";" (its header then maps two fields: NIK and phone, and splits the lines as
    evenly) and every record was lost."""
    path = tmp_path / "tab.csv"
    path.write_text("NIK\tNama Pemilik\tAlamat\tTanggal Lahir\t;No Telp\n"
                    "1971011201900001\tBudi Santoso\tJl. Merdeka 1\t12/01/1990\ta;b\n"
                    "1971015506850002\tAni Lestari\tJl. Merdeka 2\t15/06/1985\tc;d\n"
                    + "catatan;lain\n" * 4, encoding="utf-8")   # lines that split evenly on ";" only
    table = read_sources([path])
    assert list(table.frame["name"])[:2] == ["Budi Santoso", "Ani Lestari"]
    assert list(table.frame["address"])[:2] == ["Jl. Merdeka 1", "Jl. Merdeka 2"]
    assert list(table.frame["nik"])[:2] == ["1971011201900001", "1971015506850002"]


def test_a_record_whose_extra_cells_repeat_header_labels_is_kept(tmp_path):
    """Found by bench/fuzz.py: a record whose two note cells held the same text as their headers
    was dropped as a repeated header. A repeated header has no NIK and is mostly labels."""
    rows = [["NIK", "Nama Pemilik", "Alamat", "Catatan", "Keterangan"],
            ["1971011201900001", "Budi", "Jl. 1", "Catatan", "Keterangan"],
            ["NIK", "Nama Pemilik", "Alamat", None, None],
            ["1971015506850002", "Ani", "Jl. 2", None, None]]
    table = read_sources([write_xlsx(tmp_path / "ulang.xlsx", {"Data": rows})])
    assert list(table.frame["name"]) == ["Budi", "Ani"]
    assert table.sheets[0].dropped == [(3, "repeated_header")]


def test_validate_console_masks_a_nik_in_any_cell_it_shows(tmp_path):
    """Found by bench/fuzz.py: validate's table showed a cell's raw value, so a NIK typed in the
    birth-date column, or a NIK with a suffix, reached the console in full."""
    import re

    from typer.testing import CliRunner

    from umkm_dedup.cli import app

    path = tmp_path / "daftar.csv"
    path.write_text("NIK,Nama Pemilik,Alamat,Tanggal Lahir\n"
                    "1971011201900001,Budi,Jl. 1,1971015506850002\n"
                    "1971011201900003]x,Ani,Jl. 2,12/01/1990\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path), "--out", str(tmp_path / "cek.xlsx")])
    assert result.exit_code == 1, result.output
    assert "tanggal tidak terbaca" in result.output
    assert not re.search(r"(?<![0-9])[0-9]{16}(?![0-9])", result.output)


# --- a workbook whose name does not say its format -----------------------------------------------
#: a real Excel 97-2003 workbook (LibreOffice wrote it), two invented persons, no NIK
OLD_XLS = os.path.join(os.path.dirname(__file__), "data", "kecil.xls")


def _ods_bytes(tmp_path) -> bytes:
    """The small workbook as .ods, written by hand (mimetype, manifest, content.xml)."""
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    rows = (("Nama", "Alamat", "Tanggal Lahir"), ("I Made Renamed", "Jl. Kenanga No. 1", "01/01/1985"),
            ("Ni Luh Renamed", "Jl. Kenanga No. 2", "02/02/1990"))
    cells = "".join("<table:table-row>" + "".join(cell.format(v) for v in row) + "</table:table-row>" for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Data UMKM">{cells}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return buffer.getvalue()


def test_a_workbook_renamed_to_another_spreadsheet_suffix_is_read_by_its_content(tmp_path):
    """A regency renames its old .xls to .xlsx (or an .ods, or an .xlsx to .xls or .csv) instead
    of saving it again. The officer was told the .xls was password-protected ("hapus kata
    sandinya") and the others were corrupt; the file is read by what it holds, and Sumber and
    validate say its name does not match its format."""
    xlsx = write_xlsx(tmp_path / "asli.xlsx", {"Data UMKM": [["Nama", "Alamat", "Tanggal Lahir"],
                                                            ["I Made Renamed", "Jl. Kenanga No. 1", "01/01/1985"],
                                                            ["Ni Luh Renamed", "Jl. Kenanga No. 2", "02/02/1990"]]})
    given = tmp_path / "kiriman"
    given.mkdir()
    shutil.copyfile(OLD_XLS, given / "kab_a_dari_xls.xlsx")
    (given / "kab_b_dari_ods.xlsx").write_bytes(_ods_bytes(tmp_path))
    shutil.copyfile(xlsx, given / "kab_c_dari_xlsx.xls")
    shutil.copyfile(xlsx, given / "kab_d_dari_xlsx.csv")
    table = read_sources([given])
    assert table.problems == []
    for name in ("kab_a_dari_xls.xlsx", "kab_b_dari_ods.xlsx", "kab_c_dari_xlsx.xls", "kab_d_dari_xlsx.csv"):
        rows = table.frame[table.frame["source_file"] == name]
        assert sorted(rows["name"]) == ["I Made Renamed", "Ni Luh Renamed"], name
        assert list(rows["row"]) == [2, 3], name
        assert [s.note_counts() for s in table.sheets if s.file == name] == [{"format_renamed": 1}], name
    check = validate(given / "kab_a_dari_xls.xlsx")
    assert any(f.problem == "note.format_renamed" for f in check.findings)
    # a workbook that really is encrypted still says so
    (given / "terkunci.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert [p.key for p in read_sources([given / "terkunci.xlsx"]).problems] == ["password"]
