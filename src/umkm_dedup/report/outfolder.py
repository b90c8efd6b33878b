"""The output folder changes all at once or not at all. A run writes every output into a private
staging folder inside `--out` (mode 700, so even its temp files are unreadable to others, and on
the same disk, so moving is a rename); only at the end are the files moved into place, and a
completion marker written last lists them. A run killed while writing leaves the old report
untouched (and a staging folder the next run removes); a run killed during the move leaves no
marker, so `explain` recognises the folder as incomplete instead of mixing two runs.

Never writing over an input: before anything is written, every output name in `--out` is compared
with the files the run reads, by resolved path and by device/inode (a hard link or a second name of
the same file counts as the same file).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from ..core.errors import OutputError
from ..core.interrupts import checkpoint

MARKER = "selesai.json"
STAGING_PREFIX = ".umkm-dedup-staging-"
#: our own temp names only: staging folders, and atomic_path's / bulk.py's temp files of earlier versions
_LEFTOVER = re.compile(rf"^({re.escape(STAGING_PREFIX)}[a-z0-9_]+"
                       r"|\..+\.(xlsx|csv|json|parquet)\.[a-z0-9_]{8}\.tmp(\.bulk)?)$")


class OutputFolder:
    def __init__(self, out: str | Path):
        self.path = Path(out)
        if self.path.exists() and not self.path.is_dir():
            raise OutputError("--out points at a file, not a folder", file=str(self.path),
                              hint="give a new folder name for the report", key="out_not_folder")
        self.created = not self.path.exists()
        self.inputs: list[str | Path] = []
        # a folder made here is the owner's alone (its file names say whose data it holds); one
        # the officer made keeps the rights it has (Windows ignores the mode)
        self.path.mkdir(mode=0o700, parents=True, exist_ok=True)

    def remove_leftovers(self) -> list[Path]:
        """Temp files and staging folders a killed run left here (call while holding the folder's lock)."""
        removed = []
        for entry in sorted(self.path.iterdir()):
            if not _LEFTOVER.match(entry.name) or entry.is_symlink():
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
        return removed

    def new_staging(self) -> Path:
        return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.path))   # mode 700

    def discard(self, staging: Path | None) -> None:
        """After a failure or Ctrl-C: the staging folder goes, and a folder this run created goes
        too when nothing else is in it."""
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if self.created:
            try:
                self.path.rmdir()
            except OSError:
                pass

    def publish(self, staging: Path) -> list[Path]:
        """Move every staged file into place, then write the marker. Runs with Ctrl-C deferred."""
        from .atomic import ensure_replaceable, move_into_place

        names = self.check_staged(staging)
        for name in names + [MARKER]:      # a workbook open in Excel stops the move before it starts
            ensure_replaceable(self.path / name)
        (self.path / MARKER).unlink(missing_ok=True)
        for i, name in enumerate(names):
            move_into_place(staging / name, self.path / name)
            if i == 0:
                checkpoint("publish")
        sizes = {name: (self.path / name).stat().st_size for name in names}
        from .atomic import write_bytes

        write_bytes(self.path / MARKER, json.dumps({"tool": "umkm-dedup", "files": sizes}, indent=2,
                                                   sort_keys=True).encode())
        shutil.rmtree(staging, ignore_errors=True)
        return [self.path / name for name in names]

    def check_staged(self, staging: Path) -> list[str]:
        """The staged file names, none of them an input (whatever a writer added since the first check);
        called before the ledger COMMIT so that a refusal leaves the ledger unchanged too."""
        names = sorted(p.name for p in staging.iterdir() if p.is_file())
        refuse_overwrite([self.path / n for n in names], self.inputs, key="out_is_input")
        return names

    def refuse_inputs(self, names: list[str], inputs: list[str | Path]) -> None:
        """OutputError when an output name in this folder is one of `inputs` (the files read): checked
        before the work for the names a run writes, and again at publish for every file staged."""
        self.inputs = list(inputs)
        refuse_overwrite([self.path / n for n in names], self.inputs, key="out_is_input")


def same_file(a: Path, b: Path) -> bool:
    """One file under two names: the same resolved path, or the same device and inode."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse_overwrite(targets: list[Path], inputs: list[str | Path], key: str, **params) -> None:
    existing = [Path(i) for i in inputs if i]
    for target in targets:
        if any(same_file(target, i) for i in existing):
            raise OutputError(f"'{target.name}' would replace an input file", file=str(target),
                              key=key, params={"name": target.name, **params})


def completion_problem(out: Path) -> str | None:
    """The file that shows `out` is not one complete run (None when it is): the marker itself when
    it is missing, or a file it lists that is gone or has another size (files of two runs mixed)."""
    try:
        listed = json.loads((out / MARKER).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return MARKER
    for name, size in listed.items():
        try:
            if (out / name).stat().st_size != size:
                return name
        except OSError:
            return name
    return None
