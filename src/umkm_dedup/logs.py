"""Structured logs for scheduled runs: one JSON object per line, NIK-like digit runs masked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .privacy import mask_text


class JsonLog:
    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None

    def event(self, event: str, **fields) -> None:
        if self.path is None:
            return
        record = {"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "event": event, **fields}
        line = mask_text(json.dumps(record, ensure_ascii=False, default=str))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
