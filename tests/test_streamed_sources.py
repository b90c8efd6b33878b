"""Large inputs that are not workbooks: a DTKS/DTSEN extract as a `|`-delimited CSV with region
names, the same table as Parquet. Each must give the records, provenance (row numbers) and
dropped-row reports the equivalent xlsx gives, however the file is cut into chunks, and a CSV
must be read without holding a Python value per cell of the whole file."""

from __future__ import annotations

import csv
import tracemalloc
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers import write_xlsx
from umkm_dedup.sources import limits as bounds
from umkm_dedup.sources import read_sources
from umkm_dedup.sources.discover import own_output
from umkm_dedup.sources.limits import Limits

HEADER = ["iddtks", "provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan", "alamat", "dusun", "rt", "rw",
          "nomor_kk", "nomor_nik", "nama", "tanggal_lahir", "tempat_lahir", "jenis_kelamin", "nama_ibu_kandung",
          "hubungan_keluarga"]
NAMES = ["I Made Sudarta", "Ni Wayan Sari", "I Ketut Arya", "Ni Komang Ayu", "I Nyoman Gede", "Putu Adi"]
REGENCIES = ["KABUPATEN GIANYAR", "KABUPATEN BADUNG", "KOTA DENPASAR"]
#: provenance that differs by format by design (file name, path, sheet name of the xlsx)
BY_FORMAT = ["record_id", "source_file", "source_path", "sheet"]


def _nik(i: int) -> str:
    """A NIK-shaped string built from parts: Bali, regency 04, district 01, a birth date, a serial."""
    return "51" + "04" + "01" + f"{(i % 28) + 1:02d}" + "0" + f"{(i % 9) + 1}" + "85" + f"{(i % 9999) + 1:04d}"


def dtks_rows(n: int) -> list[list[str]]:
    """A DTKS export: header, then n people; a repeated header line in the middle (a concatenated
    export) and an empty line, both of which reading drops and reports."""
    rows = [HEADER]
    for i in range(n):
        rows.append([f"DT{i:07d}", "BALI", REGENCIES[i % 3], "UBUD", "PELIATAN", f"Jl. Raya No. {i % 97}",
                     "BR. KALER", f"{i % 9:03d}", f"{i % 5:03d}", _nik(i + 7), _nik(i),
                     f"{NAMES[i % len(NAMES)]} {i}", f"19{60 + i % 30}-0{1 + i % 9}-1{i % 10}", "GIANYAR",
                     "L" if i % 2 else "P", "Ni Luh Rai", "KEPALA KELUARGA"])
        if i == n // 2:
            rows.append(list(HEADER))
            rows.append([""] * len(HEADER))
    return rows


def write_pipe_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter="|").writerows(rows)
    return path


def write_parquet(path: Path, rows: list[list[str]]) -> Path:
    """The same table as Parquet: column names are the header; the duplicated header line and the
    empty line stay rows, as they would in a table converted from the CSV."""
    columns = list(zip(*rows[1:]))
    pq.write_table(pa.table({name: pa.array(col, pa.string()) for name, col in zip(rows[0], columns)}), path,
                   row_group_size=97)
    return path


def _comparable(table):
    frame = table.frame.drop(columns=BY_FORMAT).reset_index(drop=True)
    sheets = [(s.header_row, s.records, s.mapping, s.unmapped, s.dropped, s.role) for s in table.sheets]
    return frame, sheets


@pytest.fixture(scope="module")
def dtks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("dtks")
    rows = dtks_rows(400)
    return {"xlsx": write_xlsx(folder / "dtks_bali.xlsx", {"Data": rows}),
            "csv": write_pipe_csv(folder / "dtks_bali.csv", rows),
            "parquet": write_parquet(folder / "dtks_bali.parquet", rows)}


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("chunk", [None, 7])
def test_csv_and_parquet_give_the_records_and_provenance_of_the_xlsx(dtks, kind, chunk, monkeypatch):
    """Row numbers, every field, the NIK flags, dropped rows and the role (Kemensos, from the file
    name) are those of the xlsx, whether the file comes in one chunk or in chunks of 7 rows (a
    dropped line and the header's chunk boundary fall inside the file)."""
    expected_frame, expected_sheets = _comparable(read_sources([dtks["xlsx"]]))
    if chunk:
        monkeypatch.setattr(bounds, "STREAM_ROWS", chunk)
    table = read_sources([dtks[kind]])
    assert not table.problems
    frame, sheets = _comparable(table)
    assert len(frame) == 400 and frame["row"].tolist() == expected_frame["row"].tolist()
    assert frame.equals(expected_frame)
    assert sheets == expected_sheets
    assert sheets[0][4] == [(203, "repeated_header")]   # the repeated header line is reported
    assert table.frame["role"].unique().tolist() == ["kemensos"]
    assert table.frame["regency"].iloc[0] == "KABUPATEN GIANYAR"


def test_parquet_keeps_value_types_into_the_cell_rules(tmp_path):
    """An integer NIK column is a number read exactly (flagged numeric, never through a float); a
    date column is a date; pandas' index column is not data."""
    nik = int(_nik(3))
    table = pa.table({"NIK": pa.array([nik, nik + 1], pa.int64()), "Nama": ["Siti Aminah", "Rahmat Hidayat"],
                      "Tanggal Lahir": pa.array([__import__("datetime").date(1980, 5, 15), None]),
                      "__index_level_0__": [0, 1]})
    path = tmp_path / "daftar.parquet"
    pq.write_table(table, path)
    read = read_sources([path])
    assert not read.problems
    frame = read.frame
    assert frame["nik"].tolist() == [str(nik), str(nik + 1)]
    assert frame["nik_flag"].tolist() == ["numeric", "numeric"]
    assert frame["birth_date"].tolist() == ["1980-05-15", ""]
    assert frame["row"].tolist() == [2, 3]
    assert "__index_level_0__" not in "".join(frame["extra"])


def test_a_broken_parquet_file_is_that_files_problem(tmp_path):
    bad = tmp_path / "rusak.parquet"
    bad.write_bytes(b"PAR1 this is not a parquet file at all PAR1")
    other = tmp_path / "bukan.parquet"
    other.write_text("NIK,Nama\n1,a\n")
    table = read_sources([bad, other])
    assert [p.key for p in table.problems] == ["corrupt_parquet", "corrupt_parquet"]
    assert table.problems[0].texts("id")[1]


def test_streamed_files_have_their_own_size_bound_and_the_cell_bound_per_chunk(dtks):
    """A CSV larger than max_file_bytes (a workbook bound) is read; past max_stream_bytes it is
    not; max_cells refuses a chunk that holds more cells."""
    assert not read_sources([dtks["csv"]], limits=Limits(max_file_bytes=1_000)).problems
    for kind in ("csv", "parquet"):
        assert [p.key for p in read_sources([dtks[kind]], limits=Limits(max_stream_bytes=1_000)).problems] \
            == ["too_big"]
        assert [p.key for p in read_sources([dtks[kind]], limits=Limits(max_cells=5)).problems] \
            == ["too_many_cells"]


def test_a_large_csv_is_read_in_bounded_memory(tmp_path, monkeypatch):
    """60,000 people read in chunks of 2,000 rows: the Python values held at the peak are those of
    a chunk, not of the file (a list of every cell would take well over 100 MB here; the records
    themselves are Arrow columns)."""
    path = write_pipe_csv(tmp_path / "dtks_besar.csv", dtks_rows(60_000))
    monkeypatch.setattr(bounds, "STREAM_ROWS", 2_000)
    tracemalloc.start()
    try:
        table = read_sources([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(table.frame) == 60_000 and table.frame["row"].iloc[-1] == 60_003
    assert peak < 40 * 2**20, f"{peak / 2**20:.0f} MiB"


def test_our_own_parquet_outputs_are_not_read_as_lists(tmp_path):
    """records.parquet and pairs.parquet (what `explain` reads) beside the lists are a report of
    ours: read as a list they would count every person again."""
    records = tmp_path / "records.parquet"
    pq.write_table(pa.table({"source_file": ["a.xlsx"], "sheet": ["Data"], "row": [2], "nik": [_nik(1)],
                             "name": ["Siti"], "cluster_id": ["P1"]}), records)
    pairs = tmp_path / "pairs.parquet"
    pq.write_table(pa.table({"weight": [1.0], "left_file": ["a.xlsx"], "left_row": [2], "right_file": ["b.xlsx"],
                             "right_row": [3]}), pairs)
    assert own_output(records) and own_output(pairs)
    table = read_sources([tmp_path])
    assert table.frame.empty and {s.skipped_reason for s in table.sheets} == {"own_output"}


def test_a_workbook_read_in_chunks_gives_what_it_gave_in_one(tmp_path, monkeypatch):
    """A workbook's grid is walked in chunks (each chunk's cells let go once read): the records,
    rows and reports are the same, and Papua NIKs stored as numbers above 2**53 keep their exact
    digits (read once from the sheet's XML for every chunk)."""
    rows = dtks_rows(60)
    nik_col = HEADER.index("nomor_nik")
    papua = [int("91" + "71" + "01" + f"{10 + i:02d}" + "0185" + f"{i + 1:04d}") for i in range(60)]
    exact = list(papua)
    for row in rows[1:]:
        if row[0].startswith("DT"):
            row[nik_col] = papua.pop(0)
    path = write_xlsx(tmp_path / "papua.xlsx", {"Data": rows})
    # openpyxl writes big ints through a float; put the exact digits a system export would hold
    with zipfile.ZipFile(path) as zf:
        data = {name: zf.read(name) for name in zf.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    for nik in exact:
        data[sheet] = data[sheet].replace(f"<v>{int(float(nik))}</v>".encode(), f"<v>{nik}</v>".encode())
    with zipfile.ZipFile(path, "w") as zf:
        for name, blob in data.items():
            zf.writestr(name, blob)
    whole = read_sources([path])
    monkeypatch.setattr(bounds, "STREAM_ROWS", 7)
    chunked = read_sources([path])
    assert chunked.frame.equals(whole.frame)
    assert [s.dropped for s in chunked.sheets] == [s.dropped for s in whole.sheets] == [[(33, "repeated_header")]]
    niks = chunked.frame["nik"].tolist()
    assert len(niks) == 60 and all(n.startswith("9171") and len(n) == 16 for n in niks)
    assert niks == [str(n) for n in exact]
    assert chunked.frame["nik_flag"].tolist() == ["truncated" if n.endswith("0") else "numeric" for n in niks]


def test_a_broken_parquet_file_is_told_to_be_exported_again_not_saved_as_a_workbook(tmp_path):
    """A damaged .parquet is not a spreadsheet: its message and hint, in both languages, say
    Parquet and how to make it again, not 'save it again as .xlsx'."""
    from umkm_dedup.sources.reader import read_sources

    (tmp_path / "dtks.parquet").write_bytes(b"PAR1 not really parquet PAR1")
    table = read_sources([tmp_path])
    (problem,) = table.problems
    for lang in ("id", "en"):
        message, hint = problem.texts(lang)
        assert "Parquet" in message and "Parquet" in hint and ".xlsx" not in hint, (lang, message, hint)
