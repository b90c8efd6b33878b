"""Issue 12, inputs: hostile and odd files beside the sample's good lists (453 records). Each one
used to stop the whole merge (traceback, abort, MemoryError); now each costs only its own file:
every good record is in record_map.csv, the hostile file is a FileProblem (or read, bounded), the
run exits 2 where a file failed, and no NIK reaches the console in full."""

from __future__ import annotations

import builtins
import csv
import io
import json
import os
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from umkm_dedup.cli import app
from umkm_dedup.sources import read_sources
from umkm_dedup.sources.limits import Limits

from helpers import SAMPLE, checksums, write_xlsx

FULL_NIK = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")
GOOD = 453
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def zip_with_bomb(good: bytes, member: str, size: int) -> bytes:
    """`good` (an xlsx) with `member` replaced by one that truly inflates to `size` bytes of
    spaces. The deflate stream is one full-flushed block repeated (each block starts from a fresh
    state), so building 1.5 GB costs milliseconds, not a real compression run."""
    chunk = b" " * (1 << 24)
    assert size % len(chunk) == 0
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    blocks = size // len(chunk)
    crc = 0
    for _ in range(blocks):
        crc = zlib.crc32(chunk, crc)
    data = block * blocks + b"\x03\x00"   # an empty final block ends the stream
    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    entries = []

    def add(name: str, payload: bytes, method: int, crc32: int, raw_size: int) -> None:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc32, len(payload), raw_size,
                              len(encoded), 0) + encoded + payload)
        entries.append((encoded, method, crc32, len(payload), raw_size, offset))

    for info in src.infolist():
        if info.filename == member:
            add(member, data, 8, crc, size)
        else:
            raw = src.read(info)
            add(info.filename, raw, 0, zlib.crc32(raw), len(raw))
    start = out.tell()
    for encoded, method, crc32, csize, usize, offset in entries:
        out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc32, csize, usize,
                              len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), end - start, start, 0))
    return out.getvalue()


def _regency_rows(first_nik: str) -> list[list]:
    return [["NIK", "Nama Pemilik", "Alamat", "Nama Usaha"],
            [first_nik, "Siti Aminah", "Jl. Hostile 1", "Warung Siti"],
            ["1971015506850002", "Rahmat Hidayat", "Jl. Hostile 2", "Bengkel Rahmat"]]


def make_hostile(folder: Path) -> dict[str, Path]:
    """One file per failure of issue 12's table, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    # 1. a CSV cell longer than the csv module's 131,072-character field limit
    long_csv = folder / "sel_panjang.csv"
    with long_csv.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["NIK", "Nama Pemilik", "Alamat"])
        w.writerow(["1971011201900011", "Dewi Lestari", "Jl. " + "panjang " * 25_000])
        w.writerow(["1971015506850012", "Agus Salim", "Jl. Pendek 2"])
    files["long_cell"] = long_csv
    # 2. a 2 KB xlsx with one cell at XFD1048576: its dense grid would be ~17e9 cells
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(_regency_rows("1971011201900021"), 1):
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v)
    ws["XFD1048576"] = "x"
    xfd = folder / "sel_xfd.xlsx"
    wb.save(xfd)
    files["xfd"] = xfd
    # 3. an xlsx whose docProps/core.xml inflates to 1.5 GB
    good = folder / "_tmp.xlsx"
    write_xlsx(good, {"Data": _regency_rows("1971011201900031")})
    bomb = folder / "core_bom.xlsx"
    bomb.write_bytes(zip_with_bomb(good.read_bytes(), "docProps/core.xml", 90 << 24))
    good.unlink()
    files["core_bomb"] = bomb
    # 4. NIKs in Arabic-Indic and fullwidth digits
    digits = folder / "nik_angka_arab.csv"
    digits.write_text("NIK,Nama Pemilik,Alamat\n"
                      f"{'1971011201900041'.translate(ARABIC)},Fatimah Zahra,Jl. Arab 1\n"
                      f"{'1971015506850042'.translate(FULLWIDTH)},Hasan Basri,Jl. Arab 2\n", encoding="utf-8")
    files["unicode_digits"] = digits
    # 5. a file without read permission
    locked = folder / "tanpa_izin.csv"
    locked.write_text("NIK,Nama Pemilik,Alamat\n1971011201900051,Rina Wati,Jl. Kunci 1\n", encoding="utf-8")
    files["no_permission"] = locked
    return files


def refuse_reading(monkeypatch, locked: Path) -> None:
    """chmod 000, and where that does not stop this process (tests run as root), refuse the
    file's opening the way the OS does for a normal user."""
    locked.chmod(0)
    if not os.access(locked, os.R_OK):
        return
    real_open = io.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and Path(file).name == locked.name:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(builtins, "open", guarded_open)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """One merge over the sample's good lists plus every hostile file, through the CLI."""
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("hostile")
    src = root / "input"
    shutil.copytree(SAMPLE / "babel" / "input", src)
    files = make_hostile(src / "kiriman")
    before = checksums(src)
    refuse_reading(mp, files["no_permission"])
    out = root / "out"
    try:
        result = CliRunner().invoke(app, ["merge", str(src), "--out", str(out), "--json"])
    finally:
        mp.undo()
        files["no_permission"].chmod(0o600)
    assert checksums(src) == before   # inputs never modified
    return result, out, files


def _good_records_all_in_record_map(out: Path) -> pd.DataFrame:
    truth = pd.read_csv(SAMPLE / "babel" / "truth.csv", dtype=str, keep_default_na=False)
    rmap = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    joined = truth.merge(rmap, on=["source_file", "sheet", "row"], how="left", indicator=True)
    assert (joined["_merge"] == "both").all(), joined[joined["_merge"] != "both"].head()
    assert len(truth) == GOOD
    return rmap


def test_hostile_merge_keeps_every_good_record_exits_2_and_prints_no_nik(hostile_run):
    result, out, files = hostile_run
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not FULL_NIK.search(result.output), "no unmasked NIK on the console"
    _good_records_all_in_record_map(out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    failed = {p["file"]: p["key"] for p in summary["files_failed"]}
    assert failed == {"core_bom.xlsx": "member_too_big", "tanpa_izin.csv": "file_locked"}
    assert all(p["hint"] for p in summary["files_failed"])
    for name in ("laporan_umkm_terdampak.xlsx",):
        openpyxl.load_workbook(out / name)   # every output reopens


def _rows_of(out: Path, file: str) -> pd.DataFrame:
    rmap = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    return rmap[rmap["source_file"] == file]


def test_csv_cell_longer_than_131072_chars_is_read_cut_and_flagged(hostile_run):
    _, out, files = hostile_run
    _good_records_all_in_record_map(out)
    assert sorted(_rows_of(out, "sel_panjang.csv")["row"].astype(int)) == [2, 3]
    unique = pd.read_csv(out / "data_unik.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=";")
    address = unique.loc[unique["nama"] == "Dewi Lestari", "alamat"].iloc[0]
    assert len(address) == 32_767
    sumber = openpyxl.load_workbook(out / "laporan_umkm_terdampak.xlsx")["Sumber"]
    status = [r[9].value for r in sumber.iter_rows(min_row=2) if r[0].value == "sel_panjang.csv"]
    assert status and "dipotong: 1 (2)" in status[0]


def test_xlsx_with_a_cell_at_xfd1048576_is_read_sparse_not_as_a_grid(hostile_run):
    _, out, files = hostile_run
    assert files["xfd"].stat().st_size < 8_000
    _good_records_all_in_record_map(out)
    assert sorted(_rows_of(out, "sel_xfd.xlsx")["row"].astype(int)) == [2, 3]


def test_xlsx_whose_core_xml_inflates_to_1_5_gb_is_refused_before_inflating(hostile_run):
    _, out, files = hostile_run
    with zipfile.ZipFile(files["core_bomb"]) as zf:
        assert zf.getinfo("docProps/core.xml").file_size == 90 << 24   # 1.5 GB declared, and true
    _good_records_all_in_record_map(out)
    assert _rows_of(out, "core_bom.xlsx").empty


def test_nik_in_arabic_indic_and_fullwidth_digits_is_read_as_ascii(hostile_run):
    result, out, files = hostile_run
    _good_records_all_in_record_map(out)
    assert len(_rows_of(out, "nik_angka_arab.csv")) == 2
    table = read_sources([files["unicode_digits"]])
    assert list(table.frame["nik"]) == ["1971011201900041", "1971015506850042"]
    assert not FULL_NIK.search(result.output.translate({ord(a): b for a, b in zip("٠١٢٣٤٥٦٧٨٩", "0123456789")}))


def test_file_without_read_permission_is_a_problem_not_a_traceback(hostile_run):
    result, out, files = hostile_run
    _good_records_all_in_record_map(out)
    assert _rows_of(out, "tanpa_izin.csv").empty
    assert "tanpa_izin.csv" in result.output and "tidak boleh dibaca" in result.output
    assert "minta izin baca" in result.output


@pytest.mark.parametrize("kind", ["long_cell", "xfd", "core_bomb", "unicode_digits", "no_permission"])
def test_validate_and_inspect_do_not_crash_on_hostile_files(tmp_path, monkeypatch, kind):
    files = make_hostile(tmp_path / "in")
    for other, path in files.items():
        if other != kind:
            path.unlink()
    if kind == "no_permission":
        refuse_reading(monkeypatch, files[kind])
    runner = CliRunner()
    checked = runner.invoke(app, ["validate", str(files[kind]), "--out", str(tmp_path / "cek.xlsx"), "--fix"])
    inspected = runner.invoke(app, ["inspect", str(tmp_path / "in"), "--json"])
    for result in (checked, inspected):
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert not FULL_NIK.search(result.output)
    failing = kind in ("core_bomb", "no_permission")
    assert checked.exit_code == (2 if failing else 0) and inspected.exit_code == (2 if failing else 0)
    if not failing:
        openpyxl.load_workbook(tmp_path / "cek.xlsx")
        openpyxl.load_workbook(tmp_path / "cek_diperbaiki.xlsx")


def test_limits_are_settings_and_each_has_its_message(tmp_path):
    """Every bound refuses (or cuts) with its own catalogue message, at a limit the caller sets."""
    from umkm_dedup.i18n.messages import t

    path = write_xlsx(tmp_path / "a.xlsx", {"Data": _regency_rows("1971011201900061")})
    cases = {"too_big": Limits(max_file_bytes=1_000), "member_too_big": Limits(max_member_bytes=500),
             "too_many_cells": Limits(max_cells=5), "too_slow": Limits(max_seconds=1e-9)}
    for key, limits in cases.items():
        problems = read_sources([path], limits=limits).problems
        assert [p.key for p in problems] == [key], (key, problems)
        message, hint = problems[0].texts("id")
        assert message == t(f"err.{key}", "id", **problems[0].params) and hint
    assert len(read_sources([path]).frame) == 2
    narrow = read_sources([path], limits=Limits(max_columns=3)).frame
    assert "Warung" not in "".join(narrow["extra"]) and "business_name" not in narrow or \
        (narrow["business_name"] == "").all()
    with pytest.raises(ValueError):
        Limits(max_cells=0)


def test_core_xml_bomb_is_never_inflated_whole(tmp_path):
    """The own-report check used to read docProps/core.xml whole (1.5 GB, MemoryError on an
    officer's laptop). Now nothing reads more than a bounded prefix of it: refused by its declared
    size by default, and even when the limit allows it, the file is read in little memory."""
    import tracemalloc

    bomb = make_hostile(tmp_path)["core_bomb"]
    tracemalloc.start()
    try:
        refused = read_sources([bomb])
        allowed = read_sources([bomb], limits=Limits(max_member_bytes=2**32))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.key for p in refused.problems] == ["member_too_big"]
    assert not allowed.problems and list(allowed.frame["name"]) == ["Siti Aminah", "Rahmat Hidayat"]
    assert peak < 64 * 2**20, peak


def test_readme_states_every_limit_with_its_default():
    """The README's table of limits is the Limits dataclass: every setting, its default."""
    from dataclasses import fields

    text = (SAMPLE.parent / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", text, re.M))
    shown = {"512 MiB": 512 * 2**20, "1 GiB": 2**30, "64 GiB": 64 * 2**30, "30,000,000": 30_000_000, "1,000": 1_000, "300": 300,
             "32,767 (Excel's own limit)": 32_767}
    defaults = Limits()
    assert set(table) >= {f.name for f in fields(Limits)}
    for f in fields(Limits):
        assert shown[table[f.name].strip()] == getattr(defaults, f.name), f.name


def _ods(path: Path, rows_repeated: int, columns_repeated: int) -> Path:
    """A minimal ods: a header, one record, and one row of "x" repeated as the arguments say."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')

    def cell(text, repeat=1):
        return (f'<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string">'
                f'<text:p>{text}</text:p></table:table-cell>')

    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Data">'
               f'<table:table-row>{cell("NIK")}{cell("Nama Pemilik")}{cell("Alamat")}</table:table-row>'
               f'<table:table-row>{cell("1971011201900001")}{cell("Budi")}{cell("Jl. 1")}</table:table-row>'
               f'<table:table-row table:number-rows-repeated="{rows_repeated}">{cell("x", columns_repeated)}'
               '</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest='
                   '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path='
                   '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    return path


def test_ods_whose_repeats_expand_to_billions_of_cells_is_refused_before_expanding(tmp_path):
    """A 2 KB ods row "repeated 1,048,576 times" with a cell "repeated 16,384 times": calamine
    would build the 17-billion-cell grid. Counted from content.xml first, it is refused."""
    bomb = _ods(tmp_path / "bom.ods", 1_048_576, 16_384)
    assert bomb.stat().st_size < 4_000
    assert [p.key for p in read_sources([bomb]).problems] == ["too_many_cells"]
    small = read_sources([_ods(tmp_path / "kecil.ods", 2, 2)])
    assert not small.problems and list(small.frame["name"])[:1] == ["Budi"]


@pytest.mark.parametrize("error, key", [(MemoryError(), "no_memory"), (KeyError("xl/sharedStrings.xml"), "unreadable"),
                                        (zipfile.BadZipFile("1971011201900001"), "unreadable"),
                                        (RecursionError(), "unreadable"), (PermissionError(13, "x"), "file_locked"),
                                        (ValueError("NIK 1971011201900001 bad"), "unreadable")])
def test_any_failure_of_one_file_is_its_problem_and_the_others_are_read(tmp_path, monkeypatch, error, key):
    """The guard: whatever a reader raises for one file becomes that file's FileProblem with a
    catalogue message that quotes nothing from the failure (no NIK), and the next file is read."""
    import umkm_dedup.sources.reader as reader

    write_xlsx(tmp_path / "a_rusak.xlsx", {"Data": _regency_rows("1971011201900071")})
    write_xlsx(tmp_path / "b_baik.xlsx", {"Data": _regency_rows("1971011201900081")})
    real = reader.read_grids

    def failing(path, *args, **kwargs):
        if path.name == "a_rusak.xlsx":
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr(reader, "read_grids", failing)
    table = read_sources([tmp_path])
    assert [p.key for p in table.problems] == [key] and table.problems[0].file == "a_rusak.xlsx"
    assert set(table.frame["source_file"]) == {"b_baik.xlsx"} and len(table.frame) == 2
    for lang in ("id", "en"):
        assert not FULL_NIK.search(table.problems[0].describe(lang))
    assert not FULL_NIK.search(table.problems[0].message)
