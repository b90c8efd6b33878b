"""The column-at-a-time reading (sources/columns.py) must give exactly what the row-by-row loop
gives: the same records, row numbers, dropped rows and row-filter state, on a sheet holding what
real lists hold (numbers for NIKs and phones, blank and short rows, rows without a NIK, a
repeated header, a total, a signature block, unmapped columns, control characters, spaces)."""

from __future__ import annotations

import datetime as dt

import pytest

from umkm_dedup.core.records import SheetReport
from umkm_dedup.sources import columns, reader, rowfilter
from umkm_dedup.sources.header import find_header
from umkm_dedup.sources.limits import DEFAULT, Clock


def _nik(serial: int) -> str:
    return "5104011201" + "90" + f"{serial:04d}"


HEADER = ["No", "NIK", "Nama Pemilik", "Tgl Lahir", "L/P", "Alamat", "No. HP", "Keterangan"]


def _rows() -> list[list]:
    rows: list[list] = [["DAFTAR UMKM TERDAMPAK"], [], HEADER]
    for k in range(1, 40):
        if k == 20:   # a signature-like row inside the data, records after it, then a name alone
            rows.append(["", "", "Mengetahui,", "", "", "", "", ""])
        if k == 25:
            rows.append(["", "", "Budi Santoso", "", "", "", "", ""])
        nik: object = _nik(k) if k % 3 else float(_nik(k))   # a third stored as numbers
        rows.append([k, nik, f"  I Made Nama{k} ", dt.datetime(1990, 1, k % 28 + 1), "L", f"Jl. Raya {k}",
                     8123456700.0 + k, "baru" if k % 5 == 0 else ""])
    rows.append([40, "", "Ni Kadek Tanpa NIK", "", "P", "Br. Kelod", "", ""])   # no NIK: the filter decides
    rows.append(["", "", "", "", "", "", "", ""])                                  # blank
    rows.append(HEADER[:])                                                          # the header again
    rows.append([41, _nik(41), "Wayan\x07 Bel", "1991-02-03", "L", "Jl. A", "0812 3456 789"])   # a short row
    rows.append(["Jumlah", "", "", "", "", "", "41", ""])                           # a total
    rows.append(["", "", "Mengetahui,", "", "", "", "", ""])                        # the signature block
    rows.append(["", "", "Kepala Dinas", "", "", "", "", ""])
    rows.append(["", "", "I Gede Pejabat", "", "", "", "", ""])
    return rows


def _read(rows: list[list], monkeypatch, by_rows: bool):
    if by_rows:
        monkeypatch.setattr(reader, "extract_columns", lambda *a, **k: None)
    header = find_header(rows)
    assert header is not None
    report = SheetReport(file="x.xlsx", path="x.xlsx", sheet="Data", role="regency")
    report.columns = {fld: i for i, fld in enumerate(header.fields) if fld}
    filt = rowfilter.RowFilter(header.labels, header.fields)
    out = reader._extract(None, header, report, DEFAULT, Clock(DEFAULT, "x"), filt, rows, header.data_start,
                          len(rows), 0)
    return out, report.dropped, report.notes, (filt.records, dict(filt.filled), filt.in_signature)


def test_columns_and_rows_read_the_same(monkeypatch):
    rows = _rows()
    answers = []

    def spy(*args, **kwargs):
        answers.append(columns.extract_columns(*args, **kwargs))
        return answers[-1]

    with monkeypatch.context() as m:
        m.setattr(reader, "extract_columns", spy)
        fast = _read([list(r) for r in rows], m, by_rows=False)
    assert answers and answers[0] is not None   # the columns read this sheet themselves
    with monkeypatch.context() as m:
        slow = _read([list(r) for r in rows], m, by_rows=True)
    (fcols, fkept, _), fdropped, fnotes, fstate = fast
    (scols, skept, _), sdropped, snotes, sstate = slow
    assert fkept == skept and fdropped == sdropped and fnotes == snotes and fstate == sstate
    for key in set(fcols) | set(scols):   # a field the row loop never set is empty in every record
        assert fcols.get(key, [""] * len(fkept)) == scols.get(key, [""] * len(skept)), key
    assert {reason for _, reason in sdropped} >= {rowfilter.REPEATED_HEADER, rowfilter.TOTAL, rowfilter.SIGNATURE}


def test_what_the_columns_do_not_handle_is_read_row_by_row():
    """A cell past max_cell_chars is cut (and noted) by the row loop only: the column reading
    hands such a chunk back."""
    rows = _rows()
    header = find_header(rows)
    fields = [(i, f) for i, f in enumerate(header.fields) if f and f != "_no"]
    filt = rowfilter.RowFilter(header.labels, header.fields)
    assert columns.extract_columns(rows, header.data_start, len(rows), 0, fields, [], 5, filt, [],
                                   Clock(DEFAULT, "x")) is None


@pytest.mark.parametrize("value", [dt.time(0, 0), dt.timedelta(0)])
def test_a_time_in_a_date_column_is_read_row_by_row(value):
    rows = _rows()
    rows[5][3] = value
    header = find_header(rows)
    fields = [(i, f) for i, f in enumerate(header.fields) if f and f != "_no"]
    filt = rowfilter.RowFilter(header.labels, header.fields)
    assert columns.extract_columns(rows, header.data_start, len(rows), 0, fields, [], 1000, filt, [],
                                   Clock(DEFAULT, "x")) is None
