"""Structured logs for scheduled runs: one JSON object per line, NIK-like digit runs masked. The log
holds personal context (file names, counts per regency), so it is created readable by its owner
only, like every output. The last-resort error handler writes its traceback here, masked, instead
of on the user's screen."""

from __future__ import annotations

import datetime as dt
import json
import os
import traceback
from pathlib import Path

from .privacy import mask_text

#: where an unexpected error's details go when no --log-file / [log] file was given
FALLBACK_LOG = Path(".umkm-dedup") / "umkm-dedup.log"


def _append(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)   # owner-only from the start
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


class JsonLog:
    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None

    def event(self, event: str, **fields) -> None:
        if self.path is None:
            return
        record = {"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "event": event, **fields}
        _append(self.path, mask_text(json.dumps(record, ensure_ascii=False, default=str)))


def log_crash(exc: BaseException, path: str | Path | None = None) -> Path:
    """Write `exc`'s traceback, every NIK-like run masked, as one `crash` event; returns the log's
    path (the given log, else ~/.umkm-dedup/umkm-dedup.log)."""
    target = Path(path) if path else Path.home() / FALLBACK_LOG
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    JsonLog(target).event("crash", error=type(exc).__name__, traceback=text)
    return target
