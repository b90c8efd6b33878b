"""Reading real-world spreadsheets: every quirk of the domain notes, on purpose-built files and on
the committed sample data."""

from __future__ import annotations

import csv
import zipfile

import pandas as pd
import pytest

from umkm_dedup.core.records import Role
from umkm_dedup.sources import read_sources
from umkm_dedup.sources.cells import identifier_cell
from umkm_dedup.sources.synonyms import field_for

from helpers import SAMPLE, checksums, write_xlsx


def _truth(folder):
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    truth["row"] = truth["row"].astype(int)
    return truth


@pytest.mark.parametrize("province", ["babel", "bali"])
def test_sample_data_every_true_record_read_and_nothing_else(province):
    folder = SAMPLE / province
    table = read_sources([folder / "input"])
    assert table.problems == []
    got = table.frame[["source_file", "sheet", "row"]].astype({"row": int})
    truth = _truth(folder)[["source_file", "sheet", "row"]]
    merged = got.merge(truth, how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head()
    assert len(got) == len(truth)


def test_sample_roles_regencies_and_skipped_sheets():
    table = read_sources([SAMPLE / "babel" / "input"])
    roles = table.frame.groupby("source_file")["role"].first()
    assert roles["kemensos_bpum_dtks.xlsx"] == Role.KEMENSOS.value
    assert roles["prakerja_peserta.csv"] == Role.PRAKERJA.value
    regency_files = [f for f in roles.index if f.startswith("umkm_terdampak")]
    assert regency_files and all(roles[f] == "regency" for f in regency_files)
    regency_of = {s.file: s.regency for s in table.sheets if s.records}
    assert regency_of["umkm_terdampak_kota_pangkal_pinang.xlsx"] == "Kota Pangkal Pinang"
    assert regency_of["umkm_terdampak_kabupaten_bangka.xlsx"] == "Kabupaten Bangka"
    skipped = {(s.sheet, s.skipped_reason) for s in table.sheets if s.skipped_reason}
    assert ("Rekap", "no_header") in skipped and ("Lembar Kosong", "empty") in skipped


def test_title_rows_totals_and_signature_block_are_dropped(tmp_path):
    rows = [["DATA UMKM TERDAMPAK"], ["KABUPATEN GIANYAR"], [],
            ["No", "NIK", "Nama Pemilik", "Alamat"],
            [1, "5104011201900001", "I Made Sudarta", "Jl. Raya 1"],
            [2, "5104015506850002", "Ni Wayan Sukerti", "Jl. Raya 2"],
            [None, None, None, None],
            ["JUMLAH", None, 2, None],
            [None, None, "Gianyar, 12 Mei 2020"], [None, None, "Mengetahui,"],
            [None, None, "Kepala Dinas Koperasi"], [], [None, None, "I Ketut Wirawan"],
            [None, None, "NIP. 19680412 199303 1 005"]]
    path = write_xlsx(tmp_path / "gianyar.xlsx", {"Data": rows}, {"Data": ["A1:D1", "A2:D2"]})
    table = read_sources([path])
    assert list(table.frame["name"]) == ["I Made Sudarta", "Ni Wayan Sukerti"]
    assert list(table.frame["row"]) == [5, 6]
    sheet = table.sheets[0]
    assert sheet.header_row == 4 and sheet.regency == "Kabupaten Gianyar"
    reasons = dict(sheet.dropped)
    assert reasons[8] == "total" and reasons[13] == "signature" and reasons[14] == "signature"
    assert "_no" not in table.frame.columns and "No" not in (table.frame["extra"].iloc[0] or "")


def test_two_row_merged_header_and_column_numbers_row_and_sheet_per_district(tmp_path):
    def sheet(first_name):
        return [["REKAP UMKM"], [],
                ["No", "IDENTITAS PEMILIK", None, "Nama Usaha", "Omzet"],
                [None, "NIK", "Nama", None, None],
                [1, 2, 3, 4, 5],
                [1, "1901011201900001", first_name, "Warung Berkah", "Rp 1.000.000"]]
    merges = ["A3:A4", "B3:C3", "D3:D4", "E3:E4"]
    path = write_xlsx(tmp_path / "kab_bangka.xlsx",
                      {"Rekap": [["Kecamatan", "Jumlah"], ["Sungailiat", 1]],
                       "Sungailiat": sheet("Ahmad Yani"), "Belinyu": sheet("Siti Aminah")},
                      {"Sungailiat": merges, "Belinyu": merges})
    table = read_sources([path])
    f = table.frame
    assert list(f["name"]) == ["Ahmad Yani", "Siti Aminah"]
    assert list(f["business_name"]) == ["Warung Berkah"] * 2
    assert list(f["row"]) == [6, 6] and list(f["sheet"]) == ["Sungailiat", "Belinyu"]
    assert list(f["district"]) == ["Sungailiat", "Belinyu"]  # district from the sheet name
    assert '"Omzet": "Rp 1.000.000"' in f["extra"].iloc[0]   # unmapped column kept
    assert {s.sheet: s.skipped_reason for s in table.sheets}["Rekap"] == "no_header"


def test_cp1252_semicolon_csv(tmp_path):
    path = tmp_path / "kota_denpasar.csv"
    with path.open("w", encoding="cp1252", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["No", "No. KTP", "Nama Lengkap", "Alamat", "HP/WA"])
        w.writerow([1, "5171011201900001", "Ma’ruf Amin", "Jl. Gatot Subroto; Gg. II", "812345678"])
    table = read_sources([path])
    rec = table.frame.iloc[0]
    assert rec["name"] == "Ma’ruf Amin" and rec["address"] == "Jl. Gatot Subroto; Gg. II"
    assert rec["nik"] == "5171011201900001" and rec["row"] == 2 and rec["sheet"] == ""
    assert rec["phone"] == "812345678"


def test_utf8_bom_and_tab_csv(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("\ufeffNIK\tNama Peserta\tStatus\n5104011201900001\tI Made Sudarta\tLulus\n", encoding="utf-8")
    rec = read_sources([path]).frame.iloc[0]
    assert rec["nik"] == "5104011201900001" and rec["name"] == "I Made Sudarta" and rec["status"] == "Lulus"


def test_numeric_truncated_scientific_and_papua_niks(tmp_path):
    path = write_xlsx(tmp_path / "numeric.xlsx", {"Sheet1": [
        ["NIK", "Nama", "No HP"],
        [5104011201900001, "A", 81234567890],
        [5104011201900010, "B", "0812-3456-7890"],
        ["5.10401E+15", "C", "+62 812 3456 7890"],
        [9101011201900123, "D", None],
        ["'5104 0112 0190 0005", "E", None],
    ]})
    # openpyxl writes big ints through a float; put the exact digits a system export would hold
    data = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            data[name] = zf.read(name)
    sheet = "xl/worksheets/sheet1.xml"
    assert b"9101011201900124" in data[sheet] or b"9101011201900123" in data[sheet]
    data[sheet] = data[sheet].replace(b"9101011201900124", b"9101011201900123")
    with zipfile.ZipFile(path, "w") as zf:
        for name, blob in data.items():
            zf.writestr(name, blob)
    f = read_sources([path]).frame
    assert list(f["nik"]) == ["5104011201900001", "5104011201900010", "5.10401E+15",
                              "9101011201900123", "5104011201900005"]
    assert list(f["nik_flag"]) == ["numeric", "truncated", "unrecoverable", "numeric", ""]
    assert list(f["phone"][:3]) == ["081234567890", "081234567890", "+6281234567890"]


def test_identifier_cell_rules():
    assert identifier_cell(5104011201900001.0, "nik") == ("5104011201900001", "numeric")
    assert identifier_cell("5104011201900001.0", "nik") == ("5104011201900001", "numeric")
    assert identifier_cell(8123456789.0, "phone") == ("08123456789", "")
    assert identifier_cell("5,10401E+15", "nik")[1] == "unrecoverable"
    assert identifier_cell("", "nik") == ("", "")


@pytest.mark.parametrize("header,field", [
    ("NIK", "nik"), ("No. KTP", "nik"), ("No KTP", "nik"), ("NIK Pemilik", "nik"), ("Nama Pemilik", "name"),
    ("Nama Lengkap", "name"), ("Nama Pelaku Usaha", "name"), ("NAMA_PENERIMA", "name"),
    ("Nama Peserta", "name"), ("Nama Usaha", "business_name"), ("Alamat Usaha", "address"),
    ("Kec.", "district"), ("Desa/Kelurahan", "village"), ("Kel/Desa", "village"), ("No. HP", "phone"),
    ("No Telp", "phone"), ("HP/WA", "phone"), ("Bidang Usaha", "sector"), ("Sektor", "sector"),
    ("Dampak", "impact"), ("Tgl Lahir", "birth_date"), ("No KK", "kk"), ("Kab/Kota", "regency"),
    ("Status", "status"), ("  tanggal   LAHIR ", "birth_date"), ("Omzet", None)])
def test_header_synonyms(header, field):
    assert field_for(header) == field


def test_mapping_override_for_unknown_header(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"S": [["Identitas", "Nama", "Kampung"],
                                                  ["5104011201900001", "Ani", "Banjar Tengah"]]})
    assert read_sources([path]).problems  # no NIK column recognised... but a name: still one field only
    table = read_sources([path], mapping={"Identitas": "nik", "Kampung": "village"})
    rec = table.frame.iloc[0]
    assert rec["nik"] == "5104011201900001" and rec["village"] == "Banjar Tengah"


def test_bad_files_are_reported_and_the_good_ones_still_read(tmp_path):
    good = write_xlsx(tmp_path / "a_good.xlsx", {"S": [["NIK", "Nama"], ["5104011201900001", "Ani"]]})
    (tmp_path / "b_empty.xlsx").write_bytes(b"")
    (tmp_path / "c_corrupt.xlsx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (tmp_path / "d_locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (tmp_path / "e_binary.csv").write_bytes(b"NIK,Nama\n\x00\x01\x02\x00")
    write_xlsx(tmp_path / "f_noheader.xlsx", {"S": [["foo", "bar"], [1, 2]]})
    before = checksums(tmp_path)
    table = read_sources([tmp_path, tmp_path / "missing.xlsx"])
    assert checksums(tmp_path) == before  # inputs never modified
    assert list(table.frame["source_file"]) == [good.name]
    problems = {p.file: p.message for p in table.problems}
    assert "empty" in problems["b_empty.xlsx"]
    assert "corrupt" in problems["c_corrupt.xlsx"]
    assert "password" in problems["d_locked.xlsx"]
    assert "binary" in problems["e_binary.csv"]
    assert "header" in problems["f_noheader.xlsx"]
    assert any("missing.xlsx" in p.file and "does not exist" in p.message for p in table.problems)
    assert all(p.hint for p in table.problems)


def test_explicit_roles_override_detection(tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", {"S": [["NIK", "Nama"], ["5104011201900001", "Ani"]]})
    assert read_sources([path]).frame["role"].iloc[0] == "regency"
    assert read_sources([], roles={str(path): Role.KEMENSOS}).frame["role"].iloc[0] == "kemensos"


def test_folder_read_in_sorted_order_and_record_ids_stable(tmp_path):
    for name in ("z.xlsx", "a.xlsx", "m.xlsx"):
        write_xlsx(tmp_path / name, {"S": [["NIK", "Nama"], ["5104011201900001", name]]})
    f = read_sources([tmp_path]).frame
    assert list(f["source_file"]) == ["a.xlsx", "m.xlsx", "z.xlsx"]
    assert list(f["record_id"]) == [0, 1, 2]


def test_repeated_columns_are_held_as_codes_of_their_sorted_texts():
    """Provenance and region columns are categoricals (a few values over every record: ~0.25 GB
    less at a million records) whose categories are sorted, so any sort by them is the text's."""
    from umkm_dedup.core.records import CODED, assign_text

    frame = read_sources([SAMPLE / "babel" / "input"]).frame
    for column in CODED:
        dtype = frame[column].dtype
        assert isinstance(dtype, pd.CategoricalDtype), column
        assert list(dtype.categories) == sorted(dtype.categories), column
    assert str(frame["name"].dtype) == "str"   # a column of many values stays text
    by_code = frame.sort_values(["source_file", "row"], kind="stable")["row"].tolist()
    by_text = frame.assign(source_file=frame["source_file"].astype(str)) \
        .sort_values(["source_file", "row"], kind="stable")["row"].tolist()
    assert by_code == by_text
    # a value the column does not hold yet is added, and the categories stay sorted
    rows = frame["row"] == frame["row"].iloc[0]
    assign_text(frame, rows, "list_regency", "AAA first")
    assert (frame.loc[rows, "list_regency"] == "AAA first").all()
    categories = list(frame["list_regency"].dtype.categories)
    assert "AAA first" in categories and categories == sorted(categories)
