"""An officer's week: merge, decide in the workbook, merge again (and again), a regency resends a
file, merge again. Decisions last without a ledger, nothing the officer wrote is lost, and every
run says in one line what happened to the decisions."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from umkm_dedup.stages.decision_files import read_decision_file
from umkm_dedup.stages.decisions import DecisionBook
from umkm_dedup.pipeline import merge

from helpers import SAMPLE, add_a_doubtful_pair

INPUT = SAMPLE / "babel" / "input"
BOOK = "laporan_umkm_terdampak.xlsx"


def run(*args, cwd=None):
    proc = subprocess.run([sys.executable, "-m", "umkm_dedup", "merge", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


def ids(out) -> dict[tuple, str]:
    m = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    return {(r.source_file, r.sheet, int(r.row)): r.cluster_id for r in m.itertuples()}


def regency_persons(out) -> int:
    m = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    return m.loc[m["role"] == "regency", "cluster_id"].nunique()


def decision_line(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith(("Keputusan petugas:", "Officers'")))


def sheet_rows(path, name):
    ws = openpyxl.load_workbook(path, read_only=True)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [str(h) for h in rows[0]], rows[1:]


def ref(header, row, prefix=""):
    at = {h: i for i, h in enumerate(header)}
    return (row[at[prefix + "Berkas"]], row[at[prefix + "Lembar"]] or "", int(row[at[prefix + "Baris"]]))


def review_pairs(path) -> list[tuple[tuple, tuple, object, int]]:
    """Perlu Ditinjau's pairs, each a block of two rows (A, then B): (record A, record B, the
    Keputusan written on row A, A's row number in the sheet). Columns found by header name."""
    header, rows = sheet_rows(path, "Perlu Ditinjau")
    at = {h: i for i, h in enumerate(header)}
    blocks: dict = {}
    for n, row in enumerate(rows, 2):
        block = blocks.setdefault(row[at["Pasangan"]], {})
        block[row[at["Data (A/B)"]]] = (ref(header, row), row[at["Keputusan"]], n)
    return [(b["A"][0], b["B"][0], b["A"][1], b["A"][2]) for b in blocks.values()]


def decide(path, review: dict[int, str] | None = None, duplicates: dict[int, str | None] | None = None) -> None:
    """Write verdicts into the workbook as an officer does in Excel (openpyxl stands in for it):
    {data row number (2 = first row under the header): verdict or None to empty the cell}."""
    book = openpyxl.load_workbook(path)
    for name, cells in (("Perlu Ditinjau", review or {}), ("Duplikat", duplicates or {})):
        ws = book[name]
        col = [c.value for c in ws[1]].index("Keputusan") + 1
        for r, verdict in cells.items():
            ws.cell(r, col).value = verdict   # (ws.cell(r, col, None) would leave the cell as it was)
    book.save(path)


def a_cluster_member(path, size=3) -> tuple[int, tuple, list[tuple]]:
    """(row number in Duplikat, the member's record, its cluster's other records) of the last
    member of the first cluster with at least `size` records."""
    header, rows = sheet_rows(path, "Duplikat")
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(row[0], []).append(i)
    members = next(g for g in groups.values() if len(g) >= size)
    target = members[-1]
    return target + 2, ref(header, rows[target]), [ref(header, rows[i]) for i in members[:-1]]


def test_the_officers_week(tmp_path):
    src = tmp_path / "kiriman"
    shutil.copytree(INPUT, src)
    add_a_doubtful_pair(src)
    out = tmp_path / "laporan"
    transcript = []

    def merge_cli(day):
        code, stdout, stderr = run(src, "--out", out)
        transcript.append(f"$ umkm-dedup merge kiriman --out laporan    # {day}\n{stdout}{stderr}".rstrip())
        assert code == 0, stderr
        return stdout, json.loads((out / "summary.json").read_text(encoding="utf-8"))

    # Monday: the first merge; pairs wait for review, nothing decided yet
    stdout, s = merge_cli("Senin")
    waiting = s["pairs_for_review"]
    assert waiting >= 1
    assert decision_line(stdout) == (f"Keputusan petugas: 0 diterapkan (SAMA 0, BEDA 0), 0 dicabut, 0 usang, "
                                     f"0 tidak dipahami; masih menunggu di Perlu Ditinjau: {waiting}")
    persons = s["unique_persons_in_regency_lists"]
    records = s["records_read"]

    # Tuesday: the officer decides in the workbook itself: the first pair SAMA, one member BEDA,
    # and writes something that is not a verdict on the second pair (if there is one)
    pairs = review_pairs(out / BOOK)
    a, b = pairs[0][0], pairs[0][1]
    row, member, others = a_cluster_member(out / BOOK)
    decide(out / BOOK, review={pairs[0][3]: "SAMA", **({pairs[1][3]: "MUNGKIN"} if len(pairs) > 1 else {})},
           duplicates={row: "BEDA"})
    stdout, s = merge_cli("Selasa")
    after = ids(out)
    assert after[a] == after[b] and all(after[member] != after[o] for o in others)
    d = s["decisions"]
    assert (d["same"], d["different"], d["stale_count"]) == (1, len(others), 0)
    assert d["not_understood_count"] == (1 if len(pairs) > 1 else 0)
    assert (out / "laporan_umkm_terdampak_sebelumnya.xlsx").exists(), "the edited report is kept"
    assert f"SAMA 1, BEDA {len(others)}" in decision_line(stdout)
    tuesday = s["unique_persons_in_regency_lists"]
    assert tuesday == regency_persons(out) and tuesday != persons   # the counts follow the decisions

    # the new workbook shows every decision again: Keputusan filled in Perlu Ditinjau and Duplikat
    shown = {(pa, pb): verdict for pa, pb, verdict, _ in review_pairs(out / BOOK)}
    assert shown.get((a, b)) == "SAMA" or shown.get((b, a)) == "SAMA"
    assert sum(v == "BEDA" for v in shown.values()) == len(others)
    header, rows = sheet_rows(out / BOOK, "Duplikat")
    assert {ref(header, r) for r in rows if r[-1] == "SAMA"} == {a, b}
    stored = list(csv.DictReader((out / "keputusan_petugas.csv").open(encoding="utf-8-sig")))
    assert sorted(r["decision"] for r in stored) == sorted(["SAMA"] + ["BEDA"] * len(others))

    # Wednesday: the same command twice: the same persons, byte for byte, nothing lost
    stdout_1, s1 = merge_cli("Rabu")
    first = (out / "record_map.csv").read_bytes()
    stdout_2, s2 = merge_cli("Rabu, lagi")
    assert (out / "record_map.csv").read_bytes() == first
    assert s1["unique_persons_in_regency_lists"] == s2["unique_persons_in_regency_lists"] == tuesday
    assert decision_line(stdout_1) == decision_line(stdout_2)
    assert (s2["decisions"]["same"], s2["decisions"]["different"]) == (1, len(others))

    # Thursday: a regency resends its list: one row changed (the address), one row added
    resent = src / "kabupaten" / "umkm_terdampak_kabupaten_bangka_tengah.csv"
    raw = resent.read_bytes().decode("cp1252")
    lines = raw.splitlines(keepends=True)
    cells = lines[1].split(";")
    address = next(i for i, h in enumerate(lines[0].split(";")) if "alamat" in h.lower())
    cells[address] = "Jl. Baru Sekali No. 9"
    lines[1] = ";".join(cells)
    lines.append("47;;Orang Baru Sekali;Koba;01-01-1990;Jl. Kenari Ujung No. 1;Koba;Koba;;Kuliner;Warung Baru\r\n")
    resent.write_bytes("".join(lines).encode("cp1252"))
    stdout, s = merge_cli("Kamis: Bangka Tengah mengirim ulang")
    after = ids(out)
    assert after[a] == after[b] and all(after[member] != after[o] for o in others)
    d = s["decisions"]
    assert (d["same"], d["different"], d["stale_count"], d["not_understood_count"]) == (1, len(others), 0, 0)
    assert s["unique_persons_in_regency_lists"] == tuesday + 1
    assert s["records_read"] == records + 1

    # Friday: the officer withdraws the SAMA by emptying its cell: applied, said, remembered
    at = next(n for pa, pb, _, n in review_pairs(out / BOOK) if {pa, pb} == {a, b})
    decide(out / BOOK, review={at: None})
    stdout, s = merge_cli("Jumat: SAMA dicabut")
    assert s["decisions"]["withdrawn"] == 1 and s["decisions"]["same"] == 0
    assert ids(out)[a] != ids(out)[b]
    assert "1 dicabut" in decision_line(stdout)
    stdout, s2 = merge_cli("Jumat, lagi")
    assert ids(out)[a] != ids(out)[b] and s2["decisions"]["withdrawn"] == 0
    assert s2["unique_persons_in_regency_lists"] == s["unique_persons_in_regency_lists"]
    print("\n\n" + "\n\n".join(transcript))   # the week's console (pytest -s shows it)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """The sample with a doubtful pair added (add_a_doubtful_pair), merged once."""
    src = tmp_path_factory.mktemp("week") / "kiriman"
    shutil.copytree(INPUT, src)
    add_a_doubtful_pair(src)
    _src.append(src)
    out = src.parent / "run1"
    merge([src], out=out)
    return out


def FRAME():
    """The records of first_run's input (the test using it asks for first_run first)."""
    from umkm_dedup.sources import read_sources

    if not _frame:
        _frame.append(read_sources([_src[-1] if _src else INPUT]).frame)
    return _frame[0]


_src: list = []


_frame: list = []


def _pair(first_run):
    a, b, _, _ = review_pairs(first_run / BOOK)[0]
    return a, b


@pytest.mark.parametrize("layout", ["indonesian_semicolon_crlf_cp1252", "tab_other_order", "record_refs",
                                    "report_headers", "english_report_headers"])
def test_decision_files_in_every_layout_officers_send(first_run, tmp_path, layout):
    """Columns by their names in either language, wherever they stand; `,` `;` or tab; CRLF;
    records as FILE:SHEET:ROW. Before: all of these were ignored, exit 0."""
    a, b = _pair(first_run)
    path = tmp_path / "keputusan.csv"
    if layout == "indonesian_semicolon_crlf_cp1252":
        text = ("berkas_a;lembar_a;baris_a;berkas_b;lembar_b;baris_b;keputusan\r\n"
                f"{a[0]};{a[1]};{a[2]};{b[0]};{b[1]};{b[2]};sama\r\n")
        path.write_bytes(text.encode("cp1252"))
    elif layout == "tab_other_order":
        path.write_text("decision\tb_row\tb_sheet\tb_file\ta_row\ta_sheet\ta_file\n"
                        f"SAMA\t{b[2]}\t{b[1]}\t{b[0]}\t{a[2]}\t{a[1]}\t{a[0]}\n", encoding="utf-8")
    elif layout == "record_refs":
        path.write_text(f"record_a,record_b,decision\n{a[0]}:{a[1]}:{a[2]},{b[0]}:{b[1]}:{b[2]},SAME\n",
                        encoding="utf-8-sig")
    elif layout == "report_headers":
        path.write_text("Pasangan,A: Berkas,A: Lembar,A: Baris,B: Berkas,B: Lembar,B: Baris,Keputusan\n"
                        f"1,{a[0]},{a[1]},{a[2]},{b[0]},{b[1]},{b[2]},SAMA\n", encoding="utf-8")
    else:
        path.write_text("Pair,A: File,A: Sheet,A: Row,A: Name,B: File,B: Sheet,B: Row,Decision\r\n"
                        f"1,{a[0]},{a[1]},{a[2]},,{b[0]},{b[1]},{b[2]},same\r\n", encoding="utf-8")
    book = DecisionBook(FRAME())
    read_decision_file(path, book)
    assert [({d.a.key, d.b.key}, d.verdict) for d in book.in_force().decisions] == [({a, b}, "SAMA")]


def test_a_decisions_file_that_is_not_understood_stops_the_run(tmp_path):
    path = tmp_path / "keputusan.csv"
    path.write_text("pasangan;putus\n1;SAMA\n", encoding="utf-8")
    code, stdout, stderr = run(INPUT, "--out", tmp_path / "out", "--decisions", path)
    assert code == 3
    assert "keputusan.csv" in stderr and "pasangan, putus" in stderr
    assert "berkas_a" in stderr and "a_file" in stderr and "record_a" in stderr
    assert not (tmp_path / "out").exists(), "nothing was written"


def test_unknown_verdicts_and_stale_decisions_are_listed_in_words(first_run, tmp_path):
    a, b = _pair(first_run)
    path = tmp_path / "keputusan.csv"
    path.write_text("a_file,a_sheet,a_row,b_file,b_sheet,b_row,decision,b_name\n"
                    f"{a[0]},{a[1]},{a[2]},{b[0]},{b[1]},{b[2]},MUNGKIN,\n"
                    f"{a[0]},{a[1]},{a[2]},{b[0]},{b[1]},99999,BEDA,\n"
                    f"{a[0]},{a[1]},{a[2]},{a[0]},{a[1]},{a[2] + 1},TIDAK,\n", encoding="utf-8")
    code, stdout, stderr = run(_src[-1], "--out", tmp_path / "out", "--decisions", path)
    assert code == 0, stderr
    assert "0 diterapkan" in stdout and "1 usang, 2 tidak dipahami" in stdout
    assert "isi 'MUNGKIN' bukan SAMA atau BEDA" in stdout and "isi 'TIDAK' bukan SAMA atau BEDA" in stdout
    assert f"BEDA — data sudah tidak ada ({b[0]}" in stdout
    s = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [x["value"] for x in s["decisions"]["not_understood"]] == ["MUNGKIN", "TIDAK"]
    assert [x["reason"] for x in s["decisions"]["stale"]] == ["record_missing"]
    cells = [r[0] for r in openpyxl.load_workbook(tmp_path / "out" / BOOK)["Ringkasan"].iter_rows(values_only=True)]
    assert "Keputusan tidak dipahami (bukan SAMA/BEDA)" in cells
    assert any(str(c).endswith("isi 'MUNGKIN' bukan SAMA atau BEDA") for c in cells)
    assert any("data sudah tidak ada" in str(c) for c in cells)


def test_a_report_in_the_output_folder_that_cannot_be_read_is_not_replaced(first_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    (out / BOOK).write_bytes(b"not a workbook any more")
    code, stdout, stderr = run(_src[-1], "--out", out)
    assert code == 3 and BOOK in stderr and "--force" in stderr
    assert (out / BOOK).read_bytes() == b"not a workbook any more"
    code, stdout, stderr = run(_src[-1], "--out", out, "--force")
    assert code == 0 and openpyxl.load_workbook(out / BOOK)
    assert (out / "laporan_umkm_terdampak_sebelumnya.xlsx").read_bytes() == b"not a workbook any more"


def test_exit_codes_for_nothing_read_and_out_on_a_file(tmp_path):
    (tmp_path / "kosong").mkdir()
    for given in (tmp_path / "kosong", tmp_path / "tidak_ada"):
        code, stdout, stderr = run(given, "--out", tmp_path / "o")
        assert code == 2 and "tidak ada satu pun data yang terbaca" in stderr
        assert "Selesai" not in stdout
    (tmp_path / "berkas.txt").write_text("x")
    code, stdout, stderr = run(INPUT, "--out", tmp_path / "berkas.txt")
    assert code == 3 and "Traceback" not in stderr and "--out" in stderr
    assert (tmp_path / "berkas.txt").read_text() == "x"


def test_a_run_in_english_into_an_indonesian_folder_replaces_the_workbook(first_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    a, b = _pair(first_run)
    decide(out / BOOK, review={2: "SAMA"})
    merge([_src[-1]], out=out, lang="en")
    assert not (out / BOOK).exists() and (out / "impacted_umkm_report.xlsx").exists()
    assert (out / "laporan_umkm_terdampak_sebelumnya.xlsx").exists()
    after = ids(out)
    assert after[a] == after[b], "the decision written in the Indonesian workbook is applied"


def test_a_large_decisions_file_is_streamed(first_run, tmp_path):
    """Memory grows with the decisions that match records, not with the rows of the file
    (before: 1,000,000 rows took 2.6 GB)."""
    import tracemalloc

    frame = FRAME()
    peaks = []
    for n in (5_000, 50_000):
        path = tmp_path / f"k{n}.csv"
        with path.open("w", encoding="utf-8") as fh:
            fh.write("a_file,a_sheet,a_row,b_file,b_sheet,b_row,decision\n")
            fh.writelines(f"lama.xlsx,Data,{i},lama.xlsx,Data,{i + 1},BEDA\n" for i in range(n))
        book = DecisionBook(frame)
        tracemalloc.start()
        read_decision_file(path, book)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert book.summary()["stale_count"] == n
    assert peaks[1] < peaks[0] * 2 + 1_000_000, peaks


def test_a_stale_decision_stays_stale_and_is_not_withdrawn_by_the_next_run(first_run, tmp_path):
    """A decision whose record changed is listed as stale on every run until the officer decides
    again; the empty cell of the pair in the new workbook is not a withdrawal."""
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    a, b = _pair(first_run)
    decide(out / BOOK, review={2: "SAMA"})
    assert merge([_src[-1]], out=out).summary["decisions"]["same"] == 1
    store = out / "keputusan_petugas.csv"
    rows = list(csv.DictReader(store.open(encoding="utf-8-sig")))
    assert [r["status"] for r in rows] == ["applied"]
    rows[0]["a_name"] = "Nama Orang Lain Sekali"   # as if the regency had put someone else in that row
    with store.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    for _ in range(2):
        d = merge([_src[-1]], out=out).summary["decisions"]
        assert (d["same"], d["stale_count"], d["withdrawn"]) == (0, 1, 0)
        assert d["stale"][0]["reason"] == "record_changed"
    assert ids(out)[a] != ids(out)[b]


def test_a_verdict_not_understood_stays_in_its_cell_until_the_officer_fixes_it(first_run, tmp_path):
    """An officer typed 'SAMA.' (LibreOffice has no drop-down guard): the run says it is not
    understood, and the new workbook keeps that text in the pair's Keputusan cell, so the next
    run says it again instead of dropping it (it was gone from the workbook, and never reported
    again, after one more run). Written correctly, it is applied."""
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    a, b, _, at = review_pairs(out / BOOK)[0]
    decide(out / BOOK, review={at: "SAMA."})
    for _ in range(2):
        code, stdout, stderr = run(_src[-1], "--out", out)
        assert code == 0, stderr
        assert "1 tidak dipahami" in decision_line(stdout) and "isi 'SAMA.' bukan SAMA atau BEDA" in stdout
        shown = {frozenset((pa, pb)): verdict for pa, pb, verdict, _ in review_pairs(out / BOOK)}
        assert shown[frozenset((a, b))] == "SAMA."
        assert ids(out)[a] != ids(out)[b]
    at = next(n for pa, pb, _, n in review_pairs(out / BOOK) if {pa, pb} == {a, b})
    decide(out / BOOK, review={at: "SAMA"})
    code, stdout, stderr = run(_src[-1], "--out", out)
    assert "0 tidak dipahami" in decision_line(stdout) and ids(out)[a] == ids(out)[b]


@pytest.mark.parametrize("typed", ["SAMA\u200b", "\ufeffSama", "\uff33\uff21\uff2d\uff21", "sama\u00a0\n"])
def test_a_verdict_with_characters_nobody_sees_is_understood(first_run, tmp_path, typed):
    """A verdict pasted from a chat or a web page carries a zero-width space or a byte-order mark,
    or comes from an Asian input method in full-width letters: the cell reads SAMA to the officer,
    so 'isi 'SAMA' bukan SAMA atau BEDA' would tell her nothing she can fix. It is SAMA."""
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    a, b, _, at = review_pairs(out / BOOK)[0]
    decide(out / BOOK, review={at: typed})
    code, stdout, stderr = run(_src[-1], "--out", out)
    assert code == 0, stderr
    assert "0 tidak dipahami" in decision_line(stdout) and "SAMA 1" in decision_line(stdout)
    assert ids(out)[a] == ids(out)[b]


def test_a_decision_on_a_pair_whose_other_row_was_deleted_is_said_not_dropped(first_run, tmp_path):
    """The officer wrote SAMA on a pair's A row and deleted its B row (Excel's Delete Row): which
    pair she meant cannot be read, so nothing is applied, and the run says so (it said nothing:
    0 tidak dipahami, the SAMA gone without a word)."""
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    _, _, _, at = review_pairs(out / BOOK)[0]
    decide(out / BOOK, review={at: "SAMA"})
    book = openpyxl.load_workbook(out / BOOK)
    book["Perlu Ditinjau"].delete_rows(at + 1)   # the pair's B row
    book.save(out / BOOK)
    code, stdout, stderr = run(_src[-1], "--out", out)
    assert code == 0, stderr
    assert "1 tidak dipahami" in decision_line(stdout), stdout
    assert "baris A atau B pasangan ini tidak lengkap" in stdout


@pytest.mark.parametrize("command", ["merge", "validate", "init", "log"])
def test_an_output_place_that_cannot_be_made_is_named_not_an_internal_error(tmp_path, command):
    """--out (or the log file) under a file (a typo, a USB stick's folder that is a file), a folder
    without write permission: the officer was shown 'kesalahan internal (NotADirectoryError)' and exit 1, as if
    the tool were broken; the message names the path and what to check, exit 3."""
    (tmp_path / "berkas.txt").write_text("x")
    place = tmp_path / "berkas.txt" / "laporan"
    args = {"merge": ["merge", INPUT / "kabupaten" / "umkm_terdampak_kabupaten_bangka.xlsx", "--out", place],
            "validate": ["validate", INPUT / "kabupaten" / "umkm_terdampak_kabupaten_bangka.xlsx", "--out", place / "cek.xlsx"],
            "init": ["init", place],
            "log": ["merge", INPUT / "kabupaten" / "umkm_terdampak_kabupaten_bangka.xlsx", "--out", tmp_path / "lap",
                    "--log-file", place / "umkm.log"]}[command]
    proc = subprocess.run([sys.executable, "-m", "umkm_dedup", *map(str, args)], capture_output=True, text=True)
    assert proc.returncode == 3, proc.stderr
    assert "kesalahan internal" not in proc.stderr and "Traceback" not in proc.stderr
    assert "tidak bisa dibuat atau ditulis" in proc.stderr and "berkas.txt" in proc.stderr
    assert (tmp_path / "berkas.txt").read_text() == "x"


def test_a_workbook_saved_under_another_name_in_the_report_folder_is_said_not_silently_ignored(first_run, tmp_path):
    """Excel opened the report read-only (from a mail or a ZIP) and the officer saved her
    decisions as 'laporan_umkm_terdampak (1).xlsx', or LibreOffice saved them as .ods, beside the
    report. Only the report's own name is read for decisions, so her SAMA was lost without a word;
    the run now names the file and says what to do."""
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    a, b, _, at = review_pairs(out / BOOK)[0]
    decide(out / BOOK, review={at: "SAMA"})
    (out / BOOK).rename(out / "laporan_umkm_terdampak (1).xlsx")
    shutil.copyfile(first_run / BOOK, out / BOOK)
    (out / "laporan_umkm_terdampak.ods").write_bytes(b"PK\x03\x04 an ods the officer saved")
    (out / "~$laporan_umkm_terdampak.xlsx").write_bytes(b"Excel's lock file")
    code, stdout, stderr = run(_src[-1], "--out", out)
    assert code == 0, stderr
    for name in ("laporan_umkm_terdampak (1).xlsx", "laporan_umkm_terdampak.ods"):
        assert f"{name} di folder laporan tidak dibaca" in stderr, stderr
    assert "~$" not in stderr and "_sebelumnya" not in stderr.split("tidak dibaca")[0]
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert sum("tidak dibaca" in w for w in s["warnings"]) == 2
    assert ids(out)[a] != ids(out)[b]    # not applied behind her back: she saves under the report's name
    code, stdout, stderr = run(_src[-1], "--out", out, "--decisions", out / "laporan_umkm_terdampak (1).xlsx")
    assert code == 0 and ids(out)[a] == ids(out)[b]


def test_a_duplikat_cell_not_understood_stays_with_its_member(first_run, tmp_path):
    """The same for Duplikat: 'beda?' on a member is reported, kept in that member's Keputusan
    cell on the next workbook, and reported again, until it is written BEDA (or emptied)."""
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    at, member, others = a_cluster_member(out / BOOK, size=2)
    decide(out / BOOK, duplicates={at: "beda?"})
    for _ in range(2):
        code, stdout, stderr = run(_src[-1], "--out", out)
        assert code == 0, stderr
        assert "1 tidak dipahami" in decision_line(stdout) and "isi 'beda?' bukan SAMA atau BEDA" in stdout
        header, rows = sheet_rows(out / BOOK, "Duplikat")
        cells = {ref(header, row): row[header.index("Keputusan")] for row in rows}
        assert cells[member] == "beda?" and all(cells[o] in (None, "") for o in others)
        assert all(ids(out)[member] == ids(out)[o] for o in others)
    at = next(n for n, row in enumerate(sheet_rows(out / BOOK, "Duplikat")[1], 2)
              if ref(sheet_rows(out / BOOK, "Duplikat")[0], row) == member)
    decide(out / BOOK, duplicates={at: "BEDA"})
    code, stdout, stderr = run(_src[-1], "--out", out)
    assert "0 tidak dipahami" in decision_line(stdout) and all(ids(out)[member] != ids(out)[o] for o in others)


def test_a_decision_on_a_file_not_read_this_run_says_the_file_is_missing(first_run, tmp_path):
    """A regency resends its list as 'kab_x revisi.xlsx': the decisions about the old file's
    records were reported 'data sudah tidak ada', as if the regency had removed the person.
    They say the file was not read this run and that giving it its old name brings them back;
    a row gone from a file that was read still says the record no longer exists."""
    src = tmp_path / "kiriman"
    shutil.copytree(_src[-1], src)
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    a, b, _, at = review_pairs(out / BOOK)[0]
    decide(out / BOOK, review={at: "BEDA"})
    code, stdout, stderr = run(src, "--out", out)
    assert "1 diterapkan" in decision_line(stdout), stdout
    regency = next(r for r in (a, b) if (src / "kabupaten" / r[0]).exists())
    moved = src / "kabupaten" / regency[0]
    moved.rename(moved.with_name(moved.stem + " revisi" + moved.suffix))
    code, stdout, stderr = run(src, "--out", out)
    assert code == 0 and "1 usang" in decision_line(stdout)
    assert f"berkas {regency[0]} tidak dibaca pada proses ini" in stdout and "data sudah tidak ada" not in stdout
    moved.with_name(moved.stem + " revisi" + moved.suffix).rename(moved)
    code, stdout, stderr = run(src, "--out", out)
    assert "1 diterapkan" in decision_line(stdout) and "0 usang" in decision_line(stdout)
