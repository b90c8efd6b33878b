"""Paths given on the command line -> the files to read, in a stable sorted order, and the files
found but deliberately not read (with the reason, for Sumber and the console)."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".parquet")
# what marks a file umkm-dedup wrote itself: the report workbook's author, the CSVs' headers
# (pipeline.RECORD_MAP_COLUMNS, data_unik.csv, stages.decision_files.STORE_COLUMNS; tests/test_merge.py checks
# them on real outputs)
_REPORT_AUTHOR = b"<dc:creator>umkm-dedup</dc:creator>"
_OUTPUT_CSV_HEADERS = ("source_file,sheet,row,cluster_id,role,decision,confidence", "cluster_id,nik,nama,",
                       "a_file,a_sheet,a_row,a_name,b_file,b_sheet,b_row,b_name,decision",
                       "cluster_id;nik;nama;", "cluster_id,nik,name,", "cluster_id;nik;name;",
                       # belum_dibantu.csv (report/not_helped.py), either separator and language
                       *(sep.join(h) + sep for sep in ",;" for h in (
                           ("NIK", "No. KK", "Nama Lengkap", "Alamat", "Bidang Usaha", "No. HP", "Kab/Kota",
                            "Kecamatan", "Desa/Kelurahan", "Masalah NIK (usulan bisa ditolak)"),
                           ("NIK", "Family card (KK)", "Full name", "Address", "Business sector", "Phone", "Regency",
                            "District", "Village", "NIK problem (proposal may be rejected)"))))
# the Parquet files merge writes for `explain` (records.parquet, pairs.parquet): known by their columns
_OUTPUT_PARQUET_COLUMNS = ({"source_file", "sheet", "row", "cluster_id"}, {"left_file", "left_row", "right_file"})
# validate's checked and fixed copies say which file they were made from (commands.validate_copy.mark_copy)
COPY_OF_MARK = b"umkm-dedup validate copy of: "
#: docProps/core.xml is a few hundred bytes; never read more of it than this (a hostile one inflates to GB)
_CORE_XML_CAP = 64 * 1024

#: why a file found in an input folder is not read (Sumber and the console list them; skip.<reason>)
OWN_OUTPUT, VALIDATE_COPY, SYMLINK_OUTSIDE, NOT_A_FILE = "own_output", "validate_copy", "symlink_outside", "not_a_file"
FILE_SKIPS = (OWN_OUTPUT, VALIDATE_COPY, SYMLINK_OUTSIDE, NOT_A_FILE)


def _core_xml(path: Path) -> bytes:
    """The first bytes of an xlsx's docProps/core.xml, streamed (never the whole part)."""
    with zipfile.ZipFile(path) as archive:
        with archive.open("docProps/core.xml") as part:
            return part.read(_CORE_XML_CAP)


def own_output(path: Path) -> bool:
    """Is this a report umkm-dedup wrote (an output folder inside the input folder, last month's
    report copied beside the lists)? Read as a list it would count every person again."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _REPORT_AUTHOR in _core_xml(path)
        if suffix in (".csv", ".txt"):
            with open(path, "rb") as f:
                return f.read(200).decode("utf-8-sig", "ignore").startswith(_OUTPUT_CSV_HEADERS)
        if suffix == ".parquet":
            from .parquet import column_names, is_parquet

            names = set(column_names(path)) if is_parquet(path) else set()
            return any(marks <= names for marks in _OUTPUT_PARQUET_COLUMNS)
    except (OSError, KeyError, ValueError, RuntimeError, NotImplementedError, zipfile.BadZipFile):
        return False   # not ours; reading it properly will say what is wrong with it
    return False


def copy_of(path: Path) -> str | None:
    """The file name a validate copy (checked or fixed) was made from, or None for any other file."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        core = _core_xml(path)
    except (OSError, KeyError, ValueError, RuntimeError, NotImplementedError, zipfile.BadZipFile):
        return None
    start = core.find(COPY_OF_MARK)
    if start < 0:
        return None
    end = core.find(b"<", start)
    from xml.sax.saxutils import unescape

    return unescape(core[start + len(COPY_OF_MARK):end].decode("utf-8", "replace")).strip() or None


@dataclass
class Found:
    """What the paths given hold: files to read, paths that do not exist, files not read and why."""

    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def _inside(path: Path, root: Path) -> bool:
    try:
        return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(root)))
    except (OSError, ValueError):
        return False


def find_files(paths: list[str | Path], *, follow_symlinks: bool = False) -> Found:
    """Folders are read recursively; office lock files (`~$x.xlsx`) and hidden files are skipped.
    A link inside a folder that points out of that folder is not followed unless asked (a folder
    of lists is what was sent; a link to elsewhere is not part of it). A FIFO, socket or device is
    not a file to read. A file given by name is read as given."""
    found = Found()
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.suffix.lower() not in SUPPORTED or child.name.startswith(("~$", ".", ".~lock")):
                        continue
                    if child.is_symlink() and not follow_symlinks and not _inside(child, path):
                        found.skipped.append((child, SYMLINK_OUTSIDE))
                    elif child.is_file():
                        found.files.append(child)
                    elif child.exists() and not child.is_dir():
                        found.skipped.append((child, NOT_A_FILE))
            elif path.is_file():
                found.files.append(path)
            elif path.exists():
                found.skipped.append((path, NOT_A_FILE))
            else:
                found.missing.append(path)
        except OSError:   # a folder that cannot be listed: reading it will say why
            if os.path.lexists(path):
                found.files.append(path)
            else:
                found.missing.append(path)
    seen: set[Path] = set()
    unique = []
    for f in found.files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    found.files = unique
    return found


def superseded_copies(files: list[Path]) -> set[Path]:
    """validate's copies read beside the file they were made from (after `validate --fix` in place):
    the same people again. A copy is not read when its original is among the files, and a checked
    copy is not read when the fixed copy of the same original is; a copy sent alone is a list."""
    names = {(f.parent, f.name) for f in files}
    by_original: dict[tuple[Path, str], list[Path]] = {}
    for f in files:
        original = copy_of(f)
        if original:
            by_original.setdefault((f.parent, original), []).append(f)
    out: set[Path] = set()
    for key, copies in by_original.items():
        if key in names:
            out.update(copies)
        else:   # keep one: the fixed copy (safe fixes applied) rather than the checked one
            keep = sorted(copies, key=lambda p: (not p.stem.endswith("_diperbaiki"), p.name))[0]
            out.update(c for c in copies if c != keep)
    return out
