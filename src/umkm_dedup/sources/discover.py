"""Paths given on the command line -> the files to read, in a stable sorted order."""

from __future__ import annotations

import zipfile
from pathlib import Path

SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")
# what marks a file umkm-dedup wrote itself: the report workbook's author, the CSVs' headers
# (merge.RECORD_MAP_COLUMNS, data_unik.csv, decision_files.STORE_COLUMNS; tests/test_merge.py checks
# them on real outputs)
_REPORT_AUTHOR = b"<dc:creator>umkm-dedup</dc:creator>"
_OUTPUT_CSV_HEADERS = ("source_file,sheet,row,cluster_id,role,decision,confidence", "cluster_id,nik,nama,",
                       "a_file,a_sheet,a_row,a_name,b_file,b_sheet,b_row,b_name,decision")


def own_output(path: Path) -> bool:
    """Is this a report umkm-dedup wrote (an output folder inside the input folder, last month's
    report copied beside the lists)? Read as a list it would count every person again."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            with zipfile.ZipFile(path) as archive:
                return _REPORT_AUTHOR in archive.read("docProps/core.xml")
        if suffix in (".csv", ".txt"):
            with open(path, "rb") as f:
                return f.read(200).decode("utf-8-sig", "ignore").startswith(_OUTPUT_CSV_HEADERS)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return False


def expand_paths(paths: list[str | Path]) -> tuple[list[Path], list[Path]]:
    """Return (files to read, paths that do not exist). Folders are read recursively;
    office lock files (`~$x.xlsx`) and hidden files are skipped."""
    files: list[Path] = []
    missing: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (child.is_file() and child.suffix.lower() in SUPPORTED
                        and not child.name.startswith(("~$", ".", ".~lock"))):
                    files.append(child)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(path)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing
