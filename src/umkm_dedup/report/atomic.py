"""Outputs appear whole or not at all: written to a temporary file beside the target, then
renamed over it (os.replace is atomic on one file system). Every output holds personal data, so
each is readable by its owner only (mode 600), whichever way it was written."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: Path):
    """Yields a temporary path in the target's folder; renames it to `target` on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o600)
        move_into_place(Path(tmp), target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _locked(target: Path, exc: OSError):
    from ..core.errors import OutputError

    return OutputError(f"{target.name} cannot be replaced: open in another program (e.g. Excel) or not writable",
                       file=str(target), hint="close the file in Excel and try again", key="output_locked",
                       params={"name": target.name})


def move_into_place(src: Path, target: Path) -> None:
    """os.replace, with Windows' refusal to replace a file Excel holds open said as such."""
    try:
        os.replace(src, target)
    except PermissionError as exc:
        raise _locked(target, exc) from exc


def ensure_replaceable(target: Path) -> None:
    """OutputError now when `target` exists but cannot be written (Excel holds it on Windows), so
    that a set of files is moved in only when every one of them can be."""
    if not target.exists():
        return
    try:
        with open(target, "ab"):
            pass
    except PermissionError as exc:
        raise _locked(target, exc) from exc


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
