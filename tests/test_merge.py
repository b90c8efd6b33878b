"""`merge` end to end on the committed sample: the counts a province submits equal the truth,
the files are safe, stable and complete."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from umkm_dedup.pipeline import RECORD_MAP_COLUMNS, merge

from helpers import SAMPLE, checksums, write_xlsx

sys_path_bench = str(SAMPLE.parent / "bench")


@pytest.fixture(scope="module")
def babel_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("merge") / "out"
    before = checksums(SAMPLE / "babel")
    result = merge([SAMPLE / "babel" / "input"], out=out)
    assert checksums(SAMPLE / "babel") == before  # inputs never modified
    return result, out


def _truth_joined(out, province="babel"):
    truth = pd.read_csv(SAMPLE / province / "truth.csv", dtype=str, keep_default_na=False)
    rmap = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    for f in (truth, rmap):
        f["row"] = f["row"].astype(int)
    joined = rmap.merge(truth, on=["source_file", "sheet", "row"], how="outer", indicator=True)
    assert (joined["_merge"] == "both").all(), "record_map must have exactly one line per input record"
    return joined


def test_ringkasan_counts_equal_the_truth(babel_run):
    result, out = babel_run
    j = _truth_joined(out)
    regency = j[j["role"] == "regency"]
    persons = set(regency["person_id"])
    kemensos = set(j.loc[j["role"] == "kemensos", "person_id"])
    prakerja = set(j.loc[j["role"] == "prakerja", "person_id"])
    s = json.loads((out / "summary.json").read_text())
    total = s["total"]
    assert total["records"] == len(regency)
    assert total["unique_persons"] == len(persons)
    assert total["duplicates_within"] + total["duplicates_across"] == len(regency) - len(persons)
    assert total["in_kemensos"] == len(persons & kemensos)
    assert total["in_prakerja"] == len(persons & prakerja)
    assert total["no_assistance"] == len(persons - kemensos - prakerja)
    assert s["persons"] == j["person_id"].nunique()
    assert s["overlap"]["kemensos_only"] == len(kemensos - persons - prakerja)
    per_list = regency.groupby("source_file")["person_id"].nunique()
    files_by_regency = {sh.regency: sh.file for sh in result.table.sheets if sh.records}
    for regency_name, row in s["per_regency"].items():
        assert row["persons_in_list"] == per_list[files_by_regency[regency_name]]
    # the same numbers are in the workbook
    ws = openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")["Ringkasan"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["JUMLAH"][5] == len(persons)


def test_record_map_scores_like_the_engine(babel_run):
    _, out = babel_run
    from umkm_dedup.matching.evaluate import pairwise_scores

    j = _truth_joined(out)
    scores = pairwise_scores(j["person_id"].to_numpy(), j["cluster_id"].to_numpy())
    assert scores["f1"] >= 0.99
    assert set(j["decision"]) <= {"unique", "duplicate", "review"}
    assert list(pd.read_csv(out / "record_map.csv", nrows=0).columns) == [
        "source_file", "sheet", "row", "cluster_id", "role", "decision", "confidence"]


def test_workbook_layout_text_niks_real_dates(babel_run):
    _, out = babel_run
    wb = openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Data Unik", "Belum Dibantu", "Duplikat", "Perlu Ditinjau", "Data Bermasalah",
                             "Sumber", "Keterangan"]
    ws = wb["Data Unik"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    header = [c.value for c in ws[1]]
    nik_col, date_col = header.index("NIK") + 1, header.index("Tanggal Lahir") + 1
    niks = [ws.cell(r, nik_col) for r in range(2, ws.max_row + 1) if ws.cell(r, nik_col).value]
    # text cells holding all 16 digits (a number cell would keep 15 and round the last)
    assert niks and all(c.data_type == "s" and re.fullmatch(r"\d{16}", c.value) for c in niks)
    dates = [ws.cell(r, date_col).value for r in range(2, ws.max_row + 1) if ws.cell(r, date_col).value]
    assert dates and all(hasattr(d, "year") for d in dates)
    review = wb["Perlu Ditinjau"]
    # the sample's queue is empty since review calibration (its pairs were plainly two people);
    # test_evaluate.py::test_a_doubtful_pair_reaches_perlu_ditinjau_with_its_rule_in_words pins the drop-down
    if review.max_row > 1:
        assert any(dv.formula1 == '"SAMA,BEDA"' for dv in review.data_validations.dataValidation)
    assert wb["Ringkasan"]._charts, "Ringkasan carries a native chart"
    # printed as officers print: A4 landscape, header row on every page, the summary one page wide
    assert all(w.page_setup.orientation == "landscape" and w.page_setup.paperSize == 9 for w in wb.worksheets)
    summary_sheet = wb["Ringkasan"]
    assert ws.print_title_rows == "$1:$1" and summary_sheet.sheet_properties.pageSetUpPr.fitToPage
    assert summary_sheet.page_setup.fitToHeight == 0 and summary_sheet.page_setup.fitToWidth in (None, 1)


def test_outputs_are_byte_identical_and_no_temp_files_left(babel_run, tmp_path):
    _, out = babel_run
    again = tmp_path / "again"
    merge([SAMPLE / "babel" / "input"], out=again)
    for name in ("laporan_umkm_terdampak.xlsx", "record_map.csv", "data_unik.csv", "summary.json",
                 "pairs.parquet", "records.parquet", "model.json"):
        assert (out / name).read_bytes() == (again / name).read_bytes(), name
    assert not [p for p in again.iterdir() if p.name.startswith(".")]
    if os.name == "posix":  # personal data: owner-only, however each file was written
        assert {oct(p.stat().st_mode & 0o777) for p in again.iterdir()} == {"0o600"}


def test_shuffled_rows_keep_cluster_ids(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLE / "babel" / "input", src)
    prakerja = src / "prakerja_peserta.csv"
    lines = prakerja.read_text(encoding="utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    key = {line.split(",")[1]: line for line in body}
    prakerja.write_text("\ufeff" + "\n".join([header] + body[::-1]) + "\n", encoding="utf-8")
    a = merge([SAMPLE / "babel" / "input"], out=tmp_path / "a")
    b = merge([src], out=tmp_path / "b")
    ids = lambda r: dict(zip(r.match.records["nik"] + "|" + r.match.records["name"], r.match.cluster_id))  # noqa
    ida, idb = ids(a), ids(b)
    common = set(ida) & set(idb)
    assert len(common) > 400 and all(ida[k] == idb[k] for k in common)
    del key


def test_formula_injection_is_neutralised(tmp_path):
    path = write_xlsx(tmp_path / "kab_badung.xlsx", {"S": [
        ["NIK", "Nama", "Nama Usaha", "Alamat"],
        ["5103011201900001", "=HYPERLINK(\"http://x\",\"klik\")", "+cmd|' /C calc'!A0", "@SUM(1+1)"],
        ["5103011201900002", "-2+3", "Warung", "Jl. Raya 1"]]})
    out = tmp_path / "out"
    merge([path], out=out)
    wb = openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")
    cells = [c for row in wb["Data Unik"].iter_rows() for c in row if isinstance(c.value, str)
             and c.value[:1] in "=+-@"]
    assert cells, "the dangerous values are kept, as text"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    for name in ("data_unik.csv", "record_map.csv"):
        with (out / name).open(encoding="utf-8-sig") as fh:
            for row in csv.reader(fh, delimiter=";" if name == "data_unik.csv" else ","):
                # the one formula allowed: ="digits", the text form of a NIK or phone (report/csvfile.py)
                assert not any(v[:1] and v[:1] in "=+-@" and not re.fullmatch(r'="[0-9*]+"', v) for v in row), row


def test_mask_nik_leaves_no_full_nik_anywhere(tmp_path):
    out = tmp_path / "masked"
    merge([SAMPLE / "babel" / "input"], out=out, mask_nik=True)
    niks = set(pd.read_csv(out.parent / "masked" / "record_map.csv").shape and
               __import__("umkm_dedup").read_sources([SAMPLE / "babel" / "input"]).frame["nik"])
    niks = {n for n in niks if re.fullmatch(r"\d{16}", n)}
    for name in ("data_unik.csv", "summary.json"):
        text = (out / name).read_text(encoding="utf-8-sig")
        assert not any(n in text for n in niks), name
    wb = openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                assert not (isinstance(v, str) and v in niks)


def test_english_report(tmp_path):
    out = tmp_path / "en"
    merge([SAMPLE / "babel" / "input"], out=out, lang="en")
    wb = openpyxl.load_workbook(out / "impacted_umkm_report.xlsx")
    assert wb.sheetnames == ["Summary", "Unique Persons", "Not Yet Helped", "Duplicates", "Needs Review",
                             "Problem Records", "Sources", "Explanation"]


def test_cli_exit_status_and_partial_report(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLE / "babel" / "input" / "kabupaten", src)
    (src / "rusak.xlsx").write_bytes(b"PK\x03\x04garbage")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "umkm_dedup", "merge", str(src), "--out", str(out), "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "rusak.xlsx" in proc.stderr and str(out) in proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["files_failed"][0]["file"] == "rusak.xlsx"
    assert (out / "laporan_umkm_terdampak.xlsx").exists()
    assert not re.search(r"(?<!\d)\d{16}(?!\d)", proc.stdout + proc.stderr), "no unmasked NIK on the console"


def test_nothing_readable_still_gives_a_report_and_exit_2(tmp_path):
    """Only a corrupt workbook and a CSV with a header but no rows: no crash, an empty report that
    says why in Sumber, and exit 2."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "rusak.xlsx").write_bytes(b"garbage")
    (src / "kosong.csv").write_text("Nama,NIK,Alamat\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "umkm_dedup", "merge", str(src), "--out", str(out), "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["records_read"] == 0 and sorted(p["file"] for p in summary["files_failed"]) == ["kosong.csv",
                                                                                                   "rusak.xlsx"]
    assert (out / "record_map.csv").read_text(encoding="utf-8").splitlines() == [",".join(RECORD_MAP_COLUMNS)]
    wb = openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")
    assert wb["Data Unik"].max_row == 1
    assert {c.value for c in wb["Sumber"]["A"]} >= {"rusak.xlsx", "kosong.csv"}
    # what went wrong and what to do, in the officer's language, on the console and in the report
    assert "berkas rusak atau bukan lembar kerja" in proc.stderr
    assert "tidak ada baris data di bawah judul kolom" in proc.stderr and "isi baris datanya" in proc.stderr
    status = " ".join(str(c.value) for c in wb["Sumber"]["J"])
    assert "GAGAL: berkas rusak" in status and "simpan ulang sebagai .xlsx" in status
    english = subprocess.run([sys.executable, "-m", "umkm_dedup", "merge", str(src), "--out", str(tmp_path / "en"),
                              "--lang", "en", "-q"], capture_output=True, text=True)
    assert english.returncode == 2 and "file is corrupt or not a real spreadsheet" in english.stderr
    assert "no data rows under the header" in english.stderr


def test_libreoffice_opens_the_workbook(babel_run, tmp_path):
    """LibreOffice converts the workbook (no repair) and reads the streamed rows as we wrote them."""
    import csv

    import openpyxl

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        pytest.skip("LibreOffice not installed")
    _, out = babel_run
    book = out / "laporan_umkm_terdampak.xlsx"
    # a private profile: a LibreOffice already running elsewhere holds the default one's lock
    office = [office, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"]
    subprocess.run([*office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
                   check=True, capture_output=True, timeout=180)
    assert (tmp_path / "laporan_umkm_terdampak.pdf").stat().st_size > 1000
    every_sheet_as_utf8_csv = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run([*office, "--headless", "--convert-to", every_sheet_as_utf8_csv, "--outdir", str(tmp_path), str(book)],
                   check=True, capture_output=True, timeout=180)
    wb = openpyxl.load_workbook(book, read_only=True)
    for ws in wb.worksheets:
        if ws.title == "Ringkasan":
            continue
        exported = tmp_path / f"laporan_umkm_terdampak-{ws.title}.csv"
        rows = list(csv.reader(exported.open(encoding="utf-8", newline="")))
        assert len(rows) == ws.max_row, ws.title
    office_rows = list(csv.reader((tmp_path / "laporan_umkm_terdampak-Data Unik.csv").open(encoding="utf-8", newline="")))
    our_rows = list(csv.reader((out / "data_unik.csv").open(encoding="utf-8-sig", newline=""), delimiter=";"))
    unwrap = lambda v: v[2:-1] if v.startswith('="') else v   # noqa: E731  (the NIK's text form)
    assert [(r[0], r[1], r[-1]) for r in office_rows[1:]] == [(r[0], unwrap(r[1]), r[-1]) for r in our_rows[1:]]


def test_bulk_rows_survive_a_reload_exactly(tmp_path):
    """The streamed rows of the big sheets: escaping, control characters, edge spaces, formula
    starts, real and impossible dates, numbers and gaps all come back as written."""
    import datetime as dt

    import openpyxl

    from umkm_dedup.report.workbook import ReportBook

    texts = ["A & B <c>", "tab\x01here", "  spaced ", "=SUM(A1)", "-5", "", None, "Ni Luh Putu", "日本", "x", "y"]
    dates = ["1990-01-12", "2020-02-30", "12/01/1990", "", "1990-1-5", "2000-02-29", None, "1899-12-31", "1900-01-01",
             "1900-03-01", "x"]
    numbers = [1, 2.5, None, 0, 7, float("nan"), 3, 4, 5, 6, 7]
    path = tmp_path / "b.xlsx"
    book = ReportBook(path, "id")
    sheet = book.sheet("sheet.unique", ["t", "d", "n"], [10, 10, 10])
    sheet.bulk([("text", texts), ("date", dates), ("number", numbers)])
    sheet.finish()
    book.close()
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["A & B <c>", "tab here", "  spaced ", "=SUM(A1)", "-5", None, None,
                                    "Ni Luh Putu", "日本", "x", "y"]
    assert ws["A5"].quotePrefix and ws["A6"].quotePrefix and not ws["A2"].quotePrefix
    assert ws["A5"].data_type == "s"
    assert [r[1] for r in rows] == [dt.datetime(1990, 1, 12), "2020-02-30", "12/01/1990", None, "1990-1-5",
                                    dt.datetime(2000, 2, 29), None, "1899-12-31", dt.datetime(1900, 1, 1),
                                    dt.datetime(1900, 3, 1), "x"]
    assert [r[2] for r in rows] == [1, 2.5, None, 0, 7, None, 3, 4, 5, 6, 7]
    assert ws.max_row == 12 and ws.dimensions == "A1:C12"


def test_csv_writer_matches_csv_module_on_random_text(tmp_path):
    """Random awkward text: bytes equal csv.writer's; a bare CR is quoted too (the csv module
    leaves it bare with '\\n' line ends, and Excel would break the row there), and every value
    reads back."""
    import csv
    import io
    import random

    from umkm_dedup.report.csvfile import write_csv

    rng = random.Random(11)
    alphabet = list("ab ,;'\"=+-@\t\n\r") + ["é", "日", "😀"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    safe = ["'" + x if x[:1] in ("=", "+", "-", "@", "\t", "\r") else x for x in texts]
    path = write_csv(tmp_path / "r.csv", {"a": texts, "b": list(reversed(texts))})
    written = path.read_bytes().decode("utf-8")
    assert list(csv.reader(io.StringIO(written, newline=""))) == [["a", "b"]] + [list(r) for r in zip(safe, reversed(safe))]
    plain = [x for x in texts if "\r" not in x]
    path = write_csv(tmp_path / "p.csv", {"a": plain})
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerows([["a"]] + [["'" + x if x[:1] in ("=", "+", "-", "@", "\t") else x] for x in plain])
    assert path.read_bytes() == expected.getvalue().encode("utf-8")
    bare_cr = write_csv(tmp_path / "cr.csv", {"a": ["x\ry"], "b": ["z"]})
    assert bare_cr.read_bytes() == b'a,b\n"x\ry",z\n'
    assert write_csv(tmp_path / "one.csv", {"a": ["", "v"]}).read_bytes() == b'a\n""\nv\n'



def test_bulk_cells_round_trip_random_text(tmp_path):
    """3,000 random strings of awkward characters (XML specials, quotes, CR/LF/tab, control
    characters, edge spaces, formula starts, non-BMP) come back exactly, control characters as spaces."""
    import random

    from umkm_dedup.report.workbook import ReportBook

    rng = random.Random(7)
    alphabet = list("abcXYZ019 ,.;'\"&<>=+-@\t\n\r\x01\x1f\x7f") + ["é", "日", "—", "\u00a0", "😀", "\u200b"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    path = tmp_path / "fuzz.xlsx"
    book = ReportBook(path, "id")
    sheet = book.sheet("sheet.unique", ["t"], [10])
    sheet.bulk([("text", texts)])
    sheet.finish()
    book.close()
    back = [r[0] for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert back == [re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", x) or None for x in texts]


def test_bulk_cells_stay_within_excels_length_limit(tmp_path):
    from umkm_dedup.report.bulk import CELL_LIMIT
    from umkm_dedup.report.workbook import ReportBook

    path = tmp_path / "long.xlsx"
    book = ReportBook(path, "id")
    sheet = book.sheet("sheet.unique", ["t"], [10])
    sheet.bulk([("text", ["a; " * 20_000, "pendek", "é" * 40_000])])
    sheet.finish()
    book.close()
    values = [r[0] for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert [len(v) for v in values] == [CELL_LIMIT, 6, CELL_LIMIT]
    assert values[0].endswith("…") and values[0].startswith("a; a; ") and values[1] == "pendek"


def test_csv_writer_matches_pythons_csv_module(tmp_path):
    """The Arrow CSV writer speaks the csv module's dialect (QUOTE_MINIMAL, '\\n'), neutralises
    formula starts and reads back to the same values."""
    import csv
    import io

    from umkm_dedup.report.csvfile import fixed_decimals, write_csv

    names = ['Warung "Berkah"', "Jl. A, No. 5", "two\nlines", "=HYPERLINK(1)", "+62812", "", None, "café", "@x"]
    counts = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    path = write_csv(tmp_path / "x.csv", {"nama, lengkap": names, "n": counts,
                                          "p": fixed_decimals([0.95, 1.0, 0.12345, 0, 0.5, 0.00005, 1, 0.1, 0.9999], 4)},
                     numeric={"n"}, bom=True)
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["nama, lengkap", "n", "p"])
    safe = [("'" + v if v and v[0] in "=+-@\t\r" else (v or "")) for v in names]
    probabilities = [f"{x:.4f}" for x in [0.95, 1.0, 0.12345, 0, 0.5, 0.00005, 1, 0.1, 0.9999]]
    for row in zip(safe, counts, probabilities):
        writer.writerow(row)
    assert path.read_bytes() == ("\ufeff" + expected.getvalue()).encode("utf-8")
    back = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert back[1][0] == 'Warung "Berkah"' and back[3][0] == "two\nlines" and back[4][0] == "'=HYPERLINK(1)"


def test_rows_beyond_excels_limit_continue_on_numbered_sheets(tmp_path, monkeypatch):
    """Nothing is lost past Excel's 1,048,576 rows (here a limit of 100): Data Unik and Duplikat go
    on in 'Data Unik (2)', ..., and an officer's BEDA in a continuation sheet is still read."""
    import umkm_dedup.report.workbook as workbook
    from umkm_dedup.stages.decisions import DIFFERENT, load_decisions

    monkeypatch.setattr(workbook, "MAX_ROWS", 100)
    out = tmp_path / "out"
    merge([SAMPLE / "babel" / "input"], out=out)
    wb = openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")
    unique_sheets = [ws for ws in wb.worksheets if ws.title.startswith("Data Unik")]
    assert [ws.title for ws in unique_sheets] == ["Data Unik", "Data Unik (2)", "Data Unik (3)"]
    ids = [r[0] for ws in unique_sheets for r in ws.iter_rows(min_row=2, values_only=True)]
    unique_csv = pd.read_csv(out / "data_unik.csv", dtype=str, encoding="utf-8-sig", sep=";")
    assert ids == unique_csv["cluster_id"].tolist()
    assert all(ws.max_row <= 101 and ws["A1"].value == "ID Orang" for ws in unique_sheets)
    duplicates = [ws for ws in wb.worksheets if ws.title.startswith("Duplikat")]
    assert len(duplicates) >= 2 and duplicates[1].data_validations.dataValidation
    # BEDA on the first member of a cluster shown in the second Duplikat sheet
    ws = duplicates[1]
    ws.cell(row=2, column=ws.max_column, value="BEDA")
    wb.save(tmp_path / "edited.xlsx")
    decisions = load_decisions(tmp_path / "edited.xlsx").decisions
    assert decisions and all(d.verdict == DIFFERENT and "Duplikat (2) · 2" in d.origin for d in decisions)


def test_prefetch_stops_its_thread_when_the_writer_fails():
    """A failed write (disk full, say) must not leave the chunk-building thread running."""
    import threading

    from umkm_dedup.report.bulk import _prefetch

    before = threading.active_count()
    chunks = _prefetch(iter(range(1000)))
    assert next(chunks) == 0
    chunks.close()   # what happens when the consumer raises mid-way
    assert threading.active_count() == before

    def broken():
        yield 1
        raise ValueError("bad chunk")

    with pytest.raises(ValueError, match="bad chunk"):
        list(_prefetch(broken()))
    assert threading.active_count() == before


def test_a_report_inside_the_input_folder_is_not_read_as_a_list(tmp_path):
    """Officers put the output folder inside the input folder, or copy last month's report beside
    the lists: read as lists, every person would count again. Our own outputs are recognised,
    listed in Sumber as not read, and the counts stay the same."""
    from umkm_dedup.sources.discover import own_output
    from umkm_dedup.commands.validate import validate

    src = tmp_path / "in"
    shutil.copytree(SAMPLE / "babel" / "input", src)
    first = merge([src], out=src / "laporan")
    second = merge([src], out=src / "laporan")
    assert second.summary["records_read"] == first.summary["records_read"] == 453
    assert second.summary["total"] == first.summary["total"]
    assert not second.table.problems
    skipped = sorted(s.file for s in second.table.sheets if s.skipped_reason == "own_output")
    assert skipped == ["belum_dibantu.csv", "data_unik.csv", "keputusan_petugas.csv", "laporan_umkm_terdampak.xlsx",
                       "pairs.parquet", "record_map.csv", "records.parquet"]
    sumber = openpyxl.load_workbook(src / "laporan" / "laporan_umkm_terdampak.xlsx")["Sumber"]
    assert any("laporan umkm-dedup" in str(c.value) for c in sumber["J"])
    # the lists themselves, and a facilitator's checked copy, are lists
    assert not any(own_output(p) for p in (SAMPLE / "babel" / "input").rglob("*") if p.is_file())
    kab = next((SAMPLE / "babel" / "input" / "kabupaten").glob("*.xlsx"))
    checked = validate(kab, out=tmp_path / "cek").checked_copy
    assert checked and not own_output(checked)


def test_survivors_are_the_same_when_the_keys_do_not_fit_one_word(monkeypatch):
    """Survivorship takes a per-cluster minimum of one packed key; past 62 bits of key it sorts
    instead. Both ways must pick the same record for every field."""
    import umkm_dedup.report.consolidate as consolidate_module
    from umkm_dedup import deduplicate, read_sources

    result = deduplicate(read_sources([SAMPLE / "bali" / "input"]))
    _, packed = consolidate_module.consolidate(result)
    monkeypatch.setattr(consolidate_module, "pack_keys", lambda *keys: None)
    _, sorted_ = consolidate_module.consolidate(result)
    assert (packed["records"] > 1).any()
    pd.testing.assert_frame_equal(packed, sorted_)
