"""What `inspect` reports: per file and sheet, the header found, the mapping, what was kept and
dropped, and NIK quality counts. Plain data, so the CLI can print it as a table or as JSON."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from ..normalize.nik import quality_counts
from ..core.records import RecordTable
from ..sources import read_sources


def inspect_paths(paths: list[str | Path], **read_options) -> tuple[RecordTable, dict]:
    table = read_sources(paths, **read_options)
    frame = table.frame
    sheets = []
    for report in table.sheets:
        part = frame[(frame["source_path"] == report.path) & (frame["sheet"] == report.sheet)]
        entry = asdict(report)
        entry["dropped"] = report.dropped_counts()
        entry["dropped_rows"] = [{"row": r, "reason": why} for r, why in report.dropped]
        entry["nik_quality"] = quality_counts(part) if len(part) else {}
        sheets.append(entry)
    summary = {
        "files_read": len({s.path for s in table.sheets}),
        "files_failed": len(table.problems),
        "records": len(frame),
        "rows_dropped": sum(len(s.dropped) for s in table.sheets),
        "nik_quality": quality_counts(frame) if len(frame) else {},
        "sheets": sheets,
        "problems": [asdict(p) for p in table.problems],
    }
    return table, summary
