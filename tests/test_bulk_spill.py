"""A workbook's bulk rows wait on disk, not in memory, until it closes (report/bulk.py
BulkRows.spill): the file is byte-for-byte the one built from rows held in memory, and the
folder keeps nothing of the rows' files, also when writing fails."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from umkm_dedup.report import bulk
from umkm_dedup.report.workbook import ReportBook

N = bulk.CHUNK * 2 + 17   # several chunks, the last one short


def _write(path):
    book = ReportBook(path, "id")
    names = pd.Series([f"=Nama {i} & <x>\r" if i % 7 == 0 else f" Orang {i}" for i in range(N)])
    dates = pd.Series([(dt.date(1960, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(N)])
    band = np.arange(N) % 2 == 0
    book.bulk_sheets("sheet.unique", ["Nama", "Tgl", "Jumlah"], [40, 12, 8],
                     [("text", names), ("date", dates), ("number", np.arange(N))], band=band)
    book.bulk_sheets("sheet.problems", ["Nama"], [10], [("text", names.iloc[:5])])
    book.close()
    return path.read_bytes()


def test_spilled_rows_give_the_same_workbook_and_leave_no_file(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    on_disk = []
    spill = bulk.BulkRows.spill

    def watched(self, folder):
        spill(self, folder)
        on_disk.append(self.spilled[0].stat().st_size)
        assert self.columns == []   # the rows' columns are let go

    monkeypatch.setattr(bulk.BulkRows, "spill", watched)
    spilled = _write(tmp_path / "a" / "r.xlsx")
    assert len(on_disk) == 2 and on_disk[0] > N * 50
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["r.xlsx"]
    monkeypatch.setattr(bulk.BulkRows, "spill", lambda self, folder: None)
    in_memory = _write(tmp_path / "b" / "r.xlsx")
    assert spilled == in_memory


def test_a_failed_close_leaves_no_rows_file(tmp_path, monkeypatch):
    def broken(path, bulks):
        raise OSError("disk full")

    monkeypatch.setattr(bulk, "inject", broken)
    with pytest.raises(OSError):
        _write(tmp_path / "r.xlsx")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rows.")]
