"""Paths given on the command line -> the files to read, in a stable sorted order."""

from __future__ import annotations

from pathlib import Path

SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")


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
