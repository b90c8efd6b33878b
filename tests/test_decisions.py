"""Officers settle possible matches in Excel and the next run follows them."""

from __future__ import annotations

import csv
import shutil

import openpyxl
import pandas as pd
import pytest

from umkm_dedup.pipeline import merge

from helpers import SAMPLE

INPUT = SAMPLE / "babel" / "input"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("dec") / "run1"
    merge([INPUT], out=out)
    return out


def ids(out) -> dict[tuple, str]:
    m = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    return {(r.source_file, r.sheet, int(r.row)): r.cluster_id for r in m.itertuples()}


def test_beda_on_a_duplicate_member_splits_it_off_and_it_stays_split(first_run, tmp_path):
    book = openpyxl.load_workbook(first_run / "laporan_umkm_terdampak.xlsx")
    ws = book["Duplikat"]
    header = [c.value for c in ws[1]]
    col = header.index("Keputusan") + 1
    clusters: dict[str, list[int]] = {}
    for r in range(2, ws.max_row + 1):
        clusters.setdefault(ws.cell(r, 1).value, []).append(r)
    cid, rows = next((c, r) for c, r in clusters.items() if len(r) >= 3)
    target = rows[-1]
    ws.cell(target, col, "BEDA")
    edited = tmp_path / "diputuskan.xlsx"
    book.save(edited)   # openpyxl stands in for Excel
    key = (ws.cell(target, 3).value, ws.cell(target, 4).value or "", int(ws.cell(target, 5).value))
    others = [(ws.cell(r, 3).value, ws.cell(r, 4).value or "", int(ws.cell(r, 5).value)) for r in rows if r != target]
    for attempt in ("run2", "run3"):
        out = tmp_path / attempt
        result = merge([INPUT], out=out, decisions=[edited])
        new = ids(out)
        assert all(new[key] != new[o] for o in others)
        assert len({new[o] for o in others}) == 1
        assert result.summary["decisions"]["different"] == len(others)
    assert (tmp_path / "run2" / "record_map.csv").read_bytes() == (tmp_path / "run3" / "record_map.csv").read_bytes()


def test_sama_joins_records_the_engine_kept_apart_and_stale_ones_are_reported(first_run, tmp_path):
    before = ids(first_run)
    keys = sorted(before)
    a = next(k for k in keys if k[0].startswith("umkm_terdampak_kabupaten_bangka.xlsx"))
    b = next(k for k in keys if k[0] == "prakerja_peserta.csv" and before[k] != before[a])
    decisions = tmp_path / "keputusan.csv"
    with decisions.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["a_file", "a_sheet", "a_row", "b_file", "b_sheet", "b_row", "decision", "a_name"])
        w.writerow([*a, *b, "SAMA", ""])
        w.writerow([a[0], a[1], 9999, *b, "BEDA", ""])                       # that row no longer exists
        c = next(k for k in keys if k[0] == "prakerja_peserta.csv" and k != b)
        w.writerow([*a, *c, "SAMA", "Nama Yang Lain Sama Sekali"])           # the record changed since
    result = merge([INPUT], out=tmp_path / "out", decisions=[decisions])
    after = ids(tmp_path / "out")
    assert after[a] == after[b]
    d = result.summary["decisions"]
    assert d["same"] == 1
    assert sorted(x["reason"] for x in d["stale"]) == ["record_changed", "record_missing"]
    ws = openpyxl.load_workbook(tmp_path / "out" / "laporan_umkm_terdampak.xlsx")["Ringkasan"]
    labels = [r[0] for r in ws.iter_rows(values_only=True)]
    assert "Pasangan sudah diputuskan petugas" in labels and "Keputusan usang (data berubah/hilang)" in labels


def test_review_sheet_round_trip(tmp_path):
    # the sample's own review queue is empty (matching settles its pairs): bring a doubtful pair
    from helpers import add_a_doubtful_pair

    src = tmp_path / "kiriman"
    shutil.copytree(INPUT, src)
    add_a_doubtful_pair(src)
    first_run = tmp_path / "run1"
    merge([src], out=first_run)
    book = openpyxl.load_workbook(first_run / "laporan_umkm_terdampak.xlsx")
    ws = book["Perlu Ditinjau"]
    assert ws.max_row >= 2, "the added pair waits in Perlu Ditinjau"
    header = [c.value for c in ws[1]]
    col = header.index("Keputusan") + 1
    ws.cell(2, col, "SAMA")   # on row A of the first pair's block (A on row 2, B on row 3)
    edited = tmp_path / "ditinjau.xlsx"
    book.save(edited)
    f, sh, rw = (header.index(h) + 1 for h in ("Berkas", "Lembar", "Baris"))
    a = (ws.cell(2, f).value, ws.cell(2, sh).value or "", int(ws.cell(2, rw).value))
    b = (ws.cell(3, f).value, ws.cell(3, sh).value or "", int(ws.cell(3, rw).value))
    assert ids(first_run)[a] != ids(first_run)[b]
    result = merge([src], out=tmp_path / "out", decisions=[edited])
    after = ids(tmp_path / "out")
    assert after[a] == after[b]
    assert result.summary["pairs_for_review"] < json_reviews(first_run)


def json_reviews(out) -> int:
    import json

    return json.loads((out / "summary.json").read_text())["pairs_for_review"]


def test_decisions_are_kept_in_the_ledger_for_later_stages(first_run, tmp_path):
    kab = INPUT / "kabupaten"
    s1, s2 = tmp_path / "s1", tmp_path / "s2"
    s1.mkdir()
    s2.mkdir()
    import shutil

    names = sorted(p.name for p in kab.iterdir())
    for n in names[:3]:
        shutil.copy(kab / n, s1 / n)
    for n in names[3:]:
        shutil.copy(kab / n, s2 / n)
    ledger = tmp_path / "ledger.sqlite"
    run1 = merge([s1], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    keys = sorted(ids(tmp_path / "o1"))
    a, b = keys[0], keys[-1]
    assert ids(tmp_path / "o1")[a] != ids(tmp_path / "o1")[b]
    decisions = tmp_path / "k.csv"
    decisions.write_text("a_file,a_sheet,a_row,b_file,b_sheet,b_row,decision\n"
                         f"{a[0]},{a[1]},{a[2]},{b[0]},{b[1]},{b[2]},SAMA\n", encoding="utf-8")
    merge([s1], out=tmp_path / "o1b", ledger=ledger, stage="tahap-1", decisions=[decisions])
    joined = ids(tmp_path / "o1b")[a]
    assert ids(tmp_path / "o1b")[b] == joined
    # stage 2 is run without --decisions: the ledger still knows, and the joined person keeps its id
    run2 = merge([s2], out=tmp_path / "o2", ledger=ledger, stage="tahap-2")
    assert run2.summary["decisions"]["same"] == 1
    import sqlite3

    assert sqlite3.connect(ledger).execute("select value from meta where key='schema_version'").fetchone()[0] == "2"
    del run1


def test_a_decision_follows_its_record_when_a_resent_file_moves_it():
    """A regency resends its list with a row removed above the decided one: the decision finds
    the record by the name the officer saw, as written (titles and all) when that is unique in the
    sheet, else by its normalised form. Two records with that name, or none, leave it stale."""
    import pandas as pd

    from umkm_dedup.stages.decisions import SAME, Decision, DecisionBook, Ref

    frame = pd.DataFrame({
        "source_file": ["kab.xlsx"] * 4 + ["bpum.xlsx"], "sheet": ["S"] * 4 + ["B"],
        "row": [5, 6, 7, 8, 2],
        "name": ["Budi Santoso", "Dra. Ni Komang Wartini", "Siti Aminah", "NI KOMANG WARTINI", "NI KMG WARTINI"]})
    other = Ref("bpum.xlsx", "B", 2, "NI KMG WARTINI")

    def placed(ref: Ref) -> Ref:
        book = DecisionBook(frame)
        book.put(Decision(other, ref, SAME, "laporan · Perlu Ditinjau · 2"))
        (d,) = book.in_force().decisions or [None]
        return d and (d.b if d.b.file == "kab.xlsx" else d.a)

    # row 7 held 'Dra. Ni Komang Wartini' before the resend; it is row 6 now (unique as written)
    assert placed(Ref("kab.xlsx", "S", 7, "Dra. Ni Komang Wartini")).row == 6
    # a row that still holds its name is not moved; a row gone is followed too
    assert placed(Ref("kab.xlsx", "S", 7, "Siti Aminah")).row == 7
    assert placed(Ref("kab.xlsx", "S", 9, "Siti Aminah")).row == 7
    # 'Ni Kmg Wartini' is written by neither and matches both once normalised: which one is unknown
    assert placed(Ref("kab.xlsx", "S", 5, "Ni Kmg Wartini")) is None
    # a name no longer in the sheet: stale, as before
    assert placed(Ref("kab.xlsx", "S", 5, "Joko Widodo")) is None


def test_checking_that_the_last_report_opens_reads_no_sheet(tmp_path, monkeypatch):
    """At a million records calamine takes 10-30 s to read Duplikat's rows; checking that the
    report in the output folder can be opened must not read any sheet's rows."""
    import python_calamine

    from umkm_dedup import merge
    from umkm_dedup.stages import decision_files

    out = tmp_path / "out"
    merge([SAMPLE / "babel" / "input"], out=out)
    real = python_calamine.CalamineWorkbook

    class NoSheets:   # opens a workbook as calamine does; reading a sheet's rows fails the test
        @staticmethod
        def from_path(path):
            real.from_path(path)
            return NoSheets()

        def get_sheet_by_name(self, name):
            raise AssertionError(f"the rows of {name} were read")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", NoSheets)
    assert decision_files.unreadable(out / "laporan_umkm_terdampak.xlsx") is None
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    assert decision_files.unreadable(tmp_path / "broken.xlsx")


def test_a_decision_does_not_follow_its_name_to_a_namesake_when_its_record_was_removed(tmp_path):
    """The officer said SAMA for a Gianyar 'I Wayan Sudarma' (born 1980) and a Badung record; the
    regency then removed that row (the person withdrew), and the sheet's other 'I Wayan Sudarma'
    (born 1965, another village) was the only one left with the name: the SAMA moved to him and
    joined him with the Badung record, '1 diterapkan', without a word. A decision follows its
    record only when the record it finds is the one decided (the same NIK and birth date as when
    the decision was first applied); otherwise it is stale. A row moved by a resend still follows."""
    from umkm_dedup.pipeline import merge

    kiriman = tmp_path / "kiriman"
    kiriman.mkdir()
    nik = lambda middle, serial: "5104" + "01" + middle + serial   # noqa: E731
    rows = [f"1;{nik('010180', '0001')};I Wayan Sudarma;01/01/1980;Jl. Raya 1;Batubulan",
            f"2;{nik('150570', '0001')};Ni Made Ayu;15/05/1970;Jl. Raya 2;Batubulan",
            f"3;{nik('201065', '0001')};I Wayan Sudarma;20/10/1965;Jl. Pura 9;Sukawati"]
    header = "No;NIK;Nama;Tanggal Lahir;Alamat;Desa"
    gianyar = kiriman / "umkm_gianyar.csv"
    gianyar.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    (kiriman / "umkm_badung.csv").write_text(
        f"{header}\n1;{'5103' + '01' + '030375' + '0001'};I Ketut Badung;03/03/1975;Jl. Badung;Kuta\n"
        "2;;I Wayan Sudarma;;Jl. Raya 1;Batubulan\n", encoding="utf-8")
    out = tmp_path / "lap"
    (tmp_path / "d.csv").write_text("a_file,a_sheet,a_row,a_name,b_file,b_sheet,b_row,b_name,decision\n"
                                    "umkm_gianyar.csv,,2,I Wayan Sudarma,umkm_badung.csv,,3,I Wayan Sudarma,SAMA\n",
                                    encoding="utf-8")
    merge([kiriman], out=out, decisions=[tmp_path / "d.csv"])

    def cluster(out):
        m = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
        return {(r.source_file, int(r.row)): r.cluster_id for r in m.itertuples()}

    assert cluster(out)[("umkm_gianyar.csv", 2)] == cluster(out)[("umkm_badung.csv", 3)]
    # the resend moves every row up one: the decision follows its record to row 2 ... of a new first row
    gianyar.write_text("\n".join([header, f"0;{nik('070777', '0001')};Kadek Baru;07/07/1977;Jl. Baru;Batubulan",
                                  *rows]) + "\n", encoding="utf-8")
    r = merge([kiriman], out=out, decisions=[tmp_path / "d.csv"])
    assert r.summary["decisions"]["same"] == 1 and r.summary["decisions"]["stale_count"] == 0
    assert cluster(out)[("umkm_gianyar.csv", 3)] == cluster(out)[("umkm_badung.csv", 3)]
    # the regency removes the decided person: the namesake is not joined, the decision is stale
    gianyar.write_text("\n".join([header, rows[1], rows[2]]) + "\n", encoding="utf-8")
    r = merge([kiriman], out=out, decisions=[tmp_path / "d.csv"])
    assert r.summary["decisions"]["same"] == 0 and r.summary["decisions"]["stale_count"] == 1
    assert cluster(out)[("umkm_gianyar.csv", 3)] != cluster(out)[("umkm_badung.csv", 3)]
