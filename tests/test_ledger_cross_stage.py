"""An officer's week across stages: a doubtful pair between a new record and an earlier stage's
record is shown in Perlu Ditinjau with the earlier record's stage named, and the officer's SAMA
there (or its withdrawal) is applied, stored in the ledger and holds in the stages after it."""

from __future__ import annotations

import sqlite3

import openpyxl
import pandas as pd

from umkm_dedup.pipeline import merge

BOOK = "laporan_umkm_terdampak.xlsx"
AREA = "190101"   # NIKs built from parts: area, birth date (women: day + 40), serial


def _nik(born: str, serial: str = "0001") -> str:
    return AREA + born + serial


def _folder(tmp_path, name: str, rows: list[list[str]]):
    folder = tmp_path / name
    folder.mkdir()
    pd.DataFrame(rows, columns=["NIK", "Nama Lengkap"]).to_csv(folder / f"{name}.csv", index=False, sep=";")
    return folder


def _review(out) -> list[tuple]:
    ws = openpyxl.load_workbook(out / BOOK, read_only=True)["Perlu Ditinjau"]
    return list(ws.iter_rows(values_only=True))[1:]


def _decide(out, row: int, verdict: str | None) -> None:
    """Write (or empty) Keputusan on a row of Perlu Ditinjau, as the officer does in Excel."""
    book = openpyxl.load_workbook(out / BOOK)
    ws = book["Perlu Ditinjau"]
    ws.cell(row + 2, [c.value for c in ws[1]].index("Keputusan") + 1).value = verdict
    book.save(out / BOOK)


def _ids(out) -> dict[str, str]:
    m = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    return dict(zip(m["row"], m["cluster_id"]))


def test_a_doubtful_pair_with_an_earlier_stage_is_shown_decided_stored_and_holds_later(tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    first = _folder(tmp_path, "tahap1", [[_nik("550885"), "Siti Aminah"], [_nik("120390", "0003"), "Budi Santoso"]])
    # stage 2 resends Siti Aminah with her NIK one digit off in its year: the KTP must settle it
    second = _folder(tmp_path, "tahap2", [[_nik("550886"), "Siti Aminah"], [_nik("120390", "0003"), "Budi Santoso"]])
    third = _folder(tmp_path, "tahap3", [[_nik("210965", "0004"), "Agus Salim"]])
    out1, out2, out3 = tmp_path / "o1", tmp_path / "o2", tmp_path / "o3"
    merge([first], out=out1, ledger=ledger, stage="tahap-1")
    stage1_ids = _ids(out1)

    done = merge([second], out=out2, ledger=ledger, stage="tahap-2")
    rows = _review(out2)
    assert len(rows) == 2, rows   # one pair: A this stage's record, B the earlier one with its stage
    (_, side_a, file_a, _, row_a, *_), (_, side_b, file_b, _, row_b, *_) = rows
    assert (side_a, file_a, row_a) == ("A", "tahap2.csv", 2)
    assert (side_b, file_b, row_b) == ("B", "tahap-1: tahap1.csv", 2)
    assert done.summary["pairs_for_review"] == 1
    assert _ids(out2)["2"] != stage1_ids["2"]   # left apart while waiting, not silently linked

    # the officer writes SAMA in the workbook; the next run reads it back, links, stores it
    _decide(out2, 0, "SAMA")
    done = merge([second], out=out2, ledger=ledger, stage="tahap-2")
    assert (done.summary["decisions"]["same"], done.summary["pairs_for_review"]) == (1, 0)
    assert _ids(out2)["2"] == stage1_ids["2"]
    assert _review(out2)[0][-1] == "SAMA"   # shown again with its verdict, to change or withdraw
    with sqlite3.connect(ledger) as db:
        stored = db.execute("SELECT stage, a_file, b_file, verdict FROM decisions").fetchall()
    assert stored == [("tahap-2", "tahap2.csv", "tahap-1: tahap1.csv", "SAMA")]

    # stage 3 resends nothing of theirs: the decision is still read from the ledger and applied
    done = merge([third], out=out3, ledger=ledger, stage="tahap-3")
    decisions = done.summary["decisions"]
    assert (decisions["same"], decisions["stale_count"]) == (1, 0), decisions

    # withdrawn on a re-run of stage 2 (the cell emptied): apart and waiting again
    _decide(out2, 0, None)
    done = merge([second], out=out2, ledger=ledger, stage="tahap-2")
    assert (done.summary["decisions"]["withdrawn"], done.summary["pairs_for_review"]) == (1, 1)
    assert _ids(out2)["2"] != stage1_ids["2"]
    with sqlite3.connect(ledger) as db:
        assert db.execute("SELECT count(*) FROM decisions WHERE stage='tahap-2'").fetchone()[0] == 0


def test_a_beda_from_a_decisions_file_naming_the_earlier_stage_keeps_the_pair_apart_and_is_stored(tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    first = _folder(tmp_path, "tahap1", [[_nik("550885"), "Siti Aminah"]])
    second = _folder(tmp_path, "tahap2", [[_nik("550886"), "Siti Aminah"]])
    merge([first], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    decisions = tmp_path / "keputusan.csv"
    decisions.write_text("a_file,a_sheet,a_row,b_file,b_sheet,b_row,decision\n"
                         "tahap2.csv,,2,tahap-1: tahap1.csv,,2,BEDA\n", encoding="utf-8")
    done = merge([second], out=tmp_path / "o2", ledger=ledger, stage="tahap-2", decisions=[decisions])
    assert (done.summary["decisions"]["different"], done.summary["pairs_for_review"]) == (1, 0)
    assert _review(tmp_path / "o2")[0][-1] == "BEDA"
    with sqlite3.connect(ledger) as db:
        assert db.execute("SELECT verdict FROM decisions WHERE stage='tahap-2'").fetchall() == [("BEDA",)]
