"""Hostile-input generators and the checks every one of them must pass, shared by the CI fuzz
tests (tests/test_fuzz.py, a few hundred examples) and bench/fuzz.py (>= 10,000, with a table of
outcomes). Each `check_*` function runs one example and returns its outcome ("read", "cut", or
"problem:<key>"); it raises AssertionError when a property breaks: an exception escaped the
reader, a good record is missing, an output does not reopen, a formula or a full NIK got out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import openpyxl
from hypothesis import strategies as st

from umkm_dedup.i18n.messages import t
from umkm_dedup.report.safe import DANGEROUS_START
from umkm_dedup.sources import read_sources

_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")   # confidence and row columns are numbers, not text
_TEXT_FORM = re.compile(r'^="[0-9*]+"$')   # a NIK or phone as ="digits" (report/csvfile.py): text, not a formula
FULL_NIK = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")
GOOD_ROWS = [["1971011201900001", "Budi Santoso", "Jl. Merdeka 1", "12/01/1990"],
             ["1971015506850002", "Ani Lestari", "Jl. Merdeka 2", "15/06/1985"],
             ["1971011201900003", "Citra Dewi", "Jl. Merdeka 3", "12/01/1990"]]
GOOD_HEADER = ["NIK", "Nama Pemilik", "Alamat", "Tanggal Lahir"]
HEADERS = ["NIK", "Nama", "Nama Pemilik", "Alamat", "No HP", "Tanggal Lahir", "Nama Usaha", "Desa", "No", "KK",
           "Jenis Kelamin", "Keterangan"]

# text a careless sender or an attacker puts in a cell: controls, escapes, RTL and bidi overrides,
# Unicode digits, formulas, NIK-like runs, very long runs
_ODD = st.sampled_from(["\x00", "\x0b", "\x1b[31m", "\x1b]0;t\x07", "\r", "\n", "\t", "\u202e", "\u200f",
                        "\ufeff", "\ufffe", "\ud800", "=1+1", "+62", "-2", "@SUM(A1)", "٠١٢٣٤٥٦٧٨٩",
                        "１９７１０１", "5.10401E+15", "1971011201900001", "Jumlah", "Mengetahui,", "NIP. 1968",
                        "محمد", "张伟", "'", '"', ",", ";", "|", "x" * 300])
TEXT = st.lists(st.one_of(st.text(max_size=20), _ODD), max_size=5).map("".join)
CELL = st.one_of(st.none(), TEXT, st.integers(-10**17, 10**17), st.floats(allow_nan=True, allow_infinity=True),
                 st.booleans(), st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
                 st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)))
SHEET_NAME = st.text(st.characters(blacklist_characters="\\/?*[]:", blacklist_categories=("Cs", "Cc")),
                     min_size=1, max_size=31).filter(lambda s: s.strip("'") == s and s.strip() and
                                                     s.lower() != "history")


def outcome(table) -> str:
    """How one file read went, for the bench table; checks every problem speaks the catalogue."""
    if table.problems:
        p = table.problems[0]
        assert p.key and t(f"err.{p.key}", "id") != f"err.{p.key}", p
        message, hint = p.texts("id")
        assert not FULL_NIK.search(message + hint + p.message)
        return f"problem:{p.key}"
    if any(s.notes for s in table.sheets):
        return "read, noted"
    return "read" if len(table.frame) else "read, no records"


def _clear(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


# --- strategies ---------------------------------------------------------------------------------

@st.composite
def csv_files(draw) -> bytes:
    """A CSV in a random dialect, encoding and quoting: the good header and records (which must
    always be read) with random columns beside them and random rows between them."""
    extra = draw(st.lists(st.one_of(st.sampled_from(HEADERS), TEXT), max_size=3))
    header = GOOD_HEADER + extra
    rows = [row + draw(st.lists(TEXT, min_size=len(extra), max_size=len(extra))) for row in GOOD_ROWS]
    for junk in draw(st.lists(st.lists(TEXT, max_size=len(header) + 2), max_size=8)):
        rows.insert(draw(st.integers(0, len(rows))), junk)
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    for row in [header] + rows:
        writer.writerow([c.replace("\ud800", "") for c in row])
    text = buf.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@st.composite
def workbooks(draw) -> tuple[list, bool]:
    """(sheets of cells of random types at random positions, up to XFD1048576; whether the first
    sheet holds the good header and records at its top, which must then always be read)."""
    sheets = []
    good = draw(st.booleans())
    names = draw(st.lists(SHEET_NAME, min_size=1, max_size=3, unique_by=str.lower))
    for k, name in enumerate(names):
        cells = {}
        if good and k == 0:
            for r, row in enumerate([GOOD_HEADER] + GOOD_ROWS, 1):
                for c, value in enumerate(row, 1):
                    cells[(r, c)] = value
        elif draw(st.booleans()):   # a header somewhere near the top
            top = draw(st.integers(1, 5))
            for c, label in enumerate(draw(st.lists(st.sampled_from(HEADERS), min_size=2, max_size=6)), 1):
                cells[(top, c)] = label
        near = st.tuples(st.integers(1, 30), st.integers(1, 10))
        far = st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384))   # up to XFD1048576
        positions = st.one_of(near, near, near, far)
        for pos, value in draw(st.lists(st.tuples(positions, CELL), max_size=25)):
            if not (good and k == 0 and pos[0] <= len(GOOD_ROWS) + 1):   # the good block stays as sent
                cells[pos] = value
        sheets.append((name, cells))
    return sheets, good


def write_workbook(path: Path, book) -> Path:
    sheets, _ = book
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, cells in sheets:
        ws = wb.create_sheet(name)
        for (r, c), value in cells.items():
            if isinstance(value, str):
                value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", value)  # openpyxl refuses
            if isinstance(value, float) and value != value:
                value = None
            cell = ws.cell(r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"   # text, never a formula: the sender's own file holds values
    wb.save(path)
    return path


# --- checks -------------------------------------------------------------------------------------

def _has_good_rows(frame) -> bool:
    """Every good record is there, as written (junk rows may repeat a good NIK with another name)."""
    got = set(zip(frame["nik"], frame["name"], frame["address"]))
    return all((nik, name, address) in got for nik, name, address, _ in GOOD_ROWS)


def check_bytes(folder: Path, data: bytes, suffix: str) -> str:
    """Random bytes named as a list: the reader returns a table (a problem or records), never raises."""
    path = _clear(folder) / f"acak{suffix}"
    path.write_bytes(data)
    return outcome(read_sources([path]))


def check_csv(folder: Path, data: bytes) -> str:
    path = _clear(folder) / "daftar.csv"
    path.write_bytes(data)
    table = read_sources([path])
    assert not table.problems, table.problems
    assert _has_good_rows(table.frame), "a good record was lost"
    for col in ("name", "nik", "address"):
        values = "".join(table.frame[col])
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x1b]", values), "control characters left in values"
    return outcome(table)


def check_workbook(folder: Path, book) -> str:
    path = write_workbook(_clear(folder) / "daftar.xlsx", book)
    table = read_sources([path])
    if book[1]:
        assert not table.problems, table.problems
        first = table.frame[table.frame["sheet"] == book[0][0][0]]
        assert _has_good_rows(first), "a good record was lost"
    return outcome(table)


def write_good_list(folder: Path) -> Path:
    path = folder / "baik.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([GOOD_HEADER] + GOOD_ROWS)
    return path


def check_merge(folder: Path, hostile: tuple[str, object]) -> str:
    """A small whole merge: the good list plus one hostile file, through the CLI. Every good record
    is in record_map, every output reopens, no formula in the workbook, no full NIK on the console."""
    from typer.testing import CliRunner

    from umkm_dedup.cli import app

    src = _clear(folder / "in")
    write_good_list(src)
    kind, payload = hostile
    if kind == "csv":
        (src / "kiriman.csv").write_bytes(payload)
    elif kind == "bytes":
        (src / "kiriman.xlsx").write_bytes(payload)
    else:
        write_workbook(src / "kiriman.xlsx", payload)
    out = folder / "out"
    result = CliRunner().invoke(app, ["merge", str(src), "--out", str(out), "-q"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), result.output
    assert not FULL_NIK.search(result.output), "a full NIK on the console"
    with (out / "record_map.csv").open(encoding="utf-8", newline="") as fh:
        kept = {(r["source_file"], r["row"]) for r in csv.DictReader(fh)}
    assert {("baik.csv", str(i)) for i in range(2, 2 + len(GOOD_ROWS))} <= kept
    for name in ("data_unik.csv", "record_map.csv"):
        with (out / name).open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh, delimiter=";" if name == "data_unik.csv" else ","):
                assert not any(c.startswith(DANGEROUS_START) for c in row
                               if not _NUMBER.match(c) and not _TEXT_FORM.match(c)), (name, row)
    wb = openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")
    for ws in wb.worksheets:
        for cell in ws._cells.values():   # the cells that exist (iter_rows would walk the whole extent)
            assert cell.data_type != "f", (ws.title, cell.coordinate)
    return "exit 2" if result.exit_code == 2 else "exit 0"


def check_validate(folder: Path, hostile: tuple[str, object]) -> str:
    """validate (with --fix) on a hostile file: exits 0, 1 or 2, never a traceback; the copies it
    writes reopen and hold no formula; no full NIK on the console."""
    from typer.testing import CliRunner

    from umkm_dedup.cli import app

    src = _clear(folder / "in")
    kind, payload = hostile
    if kind == "csv":
        path = src / "kiriman.csv"
        path.write_bytes(payload)
    else:
        path = write_workbook(src / "kiriman.xlsx", payload)
    result = CliRunner().invoke(app, ["validate", str(path), "--out", str(folder / "cek.xlsx"), "--fix"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    assert not FULL_NIK.search(result.output), "a full NIK on the console"
    for copy in (folder / "cek.xlsx", folder / "cek_diperbaiki.xlsx"):
        if copy.exists():
            wb = openpyxl.load_workbook(copy)
            assert all(c.data_type != "f" for ws in wb.worksheets for c in ws._cells.values()), copy   # sparse
    return f"exit {result.exit_code}"
