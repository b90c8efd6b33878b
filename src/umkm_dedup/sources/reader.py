"""Orchestrates reading: files -> sheets -> header -> mapped rows -> records, keeping provenance
and a report of everything dropped, so nothing is lost silently."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd

from ..errors import SourceError
from ..records import COLUMNS, ID_FIELDS, FileProblem, RecordTable, Role, SheetReport, empty_frame
from . import cells, rowfilter
from .discover import expand_paths, own_output
from .header import Header, find_header
from .readers import Grid, raw_xlsx_numbers, read_grids
from .roles import detect_role, find_regency
from .synonyms import NUMBER_COLUMN, fold_header

RoleMap = dict[str, Role]


def read_sources(paths: list[str | Path], *, roles: RoleMap | None = None,
                 mapping: dict[str, str] | None = None) -> RecordTable:
    """Read every file (folders recursively, in sorted order) into one RecordTable.

    roles: file path or name -> Role, for files whose role is given explicitly (`--kemensos`).
    mapping: header -> canonical field overrides for headers the synonym table misses.
    A file that cannot be read becomes a FileProblem; the others are still read.
    """
    roles = {str(Path(k)): v for k, v in (roles or {}).items()}
    role_paths = [Path(p) for p in roles]
    files, missing = expand_paths(list(paths) + [p for p in role_paths if str(p) not in map(str, paths)])
    problems = [FileProblem(file=str(p), message="path does not exist", key="missing_path",
                            hint="check the spelling, or the folder you are in") for p in missing]
    frames: list[pd.DataFrame] = []
    sheets: list[SheetReport] = []
    for path in files:
        if own_output(path):   # listed in Sumber as not read, never counted as a list
            sheets.append(SheetReport(file=path.name, path=str(path), sheet="", role="", skipped_reason="own_output"))
            continue
        role = roles.get(str(path)) or roles.get(path.name)
        try:
            frame, reports = read_file(path, role=role, mapping=mapping)
        except SourceError as exc:
            problems.append(FileProblem(file=path.name, message=exc.message, sheet=exc.sheet or "",
                                        row=exc.row, hint=exc.hint or "", key=exc.key, params=exc.params))
            continue
        sheets.extend(reports)
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if frames else empty_frame()
    frame["record_id"] = range(len(frame))
    frame = frame[list(COLUMNS)]
    return RecordTable(frame=frame, sheets=sheets, problems=problems)


def read_file(path: Path, *, role: Role | None = None,
              mapping: dict[str, str] | None = None) -> tuple[pd.DataFrame, list[SheetReport]]:
    """All sheets of one file. Raises SourceError when no sheet holds records."""
    grids = read_grids(path)
    reports: list[SheetReport] = []
    frames: list[pd.DataFrame] = []
    for grid in grids:
        report, frame = _read_grid(grid, path, role, mapping)
        reports.append(report)
        if frame is not None:
            frames.append(frame)
    with_records = [r for r in reports if r.records]
    if len(with_records) > 1:  # one sheet per district: the sheet name is the district
        for report, frame in zip(with_records, frames):
            if "district" not in report.mapping.values() and not _generic_sheet_name(report.sheet):
                frame.loc[frame["district"] == "", "district"] = report.sheet
    if not frames:
        reasons = "; ".join(f"{r.sheet or 'CSV'}: {r.skipped_reason}" for r in reports)
        if reports and all(r.skipped_reason in ("no_records", "empty") for r in reports):
            raise SourceError(f"no data rows under the header ({reasons})", file=path.name, key="no_records",
                              hint="fill in the rows, or take the file out of the folder")
        raise SourceError(f"no sheet with a recognisable header ({reasons})", file=path.name, key="no_header",
                          hint="the header row needs at least a name or NIK column and one more "
                               "known column; map unusual headers with --map 'Header=field'")
    return pd.concat(frames, ignore_index=True), reports


def _read_grid(grid: Grid, path: Path, role: Role | None,
               mapping: dict[str, str] | None) -> tuple[SheetReport, pd.DataFrame | None]:
    report = SheetReport(file=path.name, path=str(path), sheet=grid.sheet, role=(role or Role.REGENCY).value)
    if not any(any(c not in (None, "") for c in row) for row in grid.rows[:200]):
        report.skipped_reason = "empty"
        return report, None
    header = find_header(grid.rows, mapping)
    if header is None:
        report.skipped_reason = "no_header"
        return report, None
    fields = set(f for f in header.fields if f)
    if role is None:
        role = detect_role(path.name, fields, header.labels)
    report.role = role.value
    report.header_row = header.row + 1
    report.mapping = {lbl: fld for lbl, fld in zip(header.labels, header.fields) if fld and lbl}
    report.unmapped = [lbl for lbl, fld in zip(header.labels, header.fields) if lbl and not fld]
    report.columns = {fld: i for i, fld in enumerate(header.fields) if fld}
    report.labels = list(header.labels)

    records, kept_rows = _extract(grid, header, report)
    if not records:
        report.skipped_reason = "no_records"
        return report, None
    frame = pd.DataFrame.from_records(records).fillna("")
    for col in COLUMNS:
        if col not in frame:
            frame[col] = ""
    frame["source_file"] = path.name
    frame["source_path"] = str(path)
    frame["sheet"] = grid.sheet
    frame["row"] = kept_rows
    frame["role"] = role.value

    title_texts = [cells.text_cell(v) for row in grid.rows[:header.row] for v in row if v not in (None, "")]
    report.titles = title_texts[:5]   # what the role and regency checks name as signs
    if role == Role.REGENCY:
        regency = ""
        values = [v for v in frame["regency"] if v]
        if values:
            regency = find_regency([Counter(values).most_common(1)[0][0]])[0] or Counter(values).most_common(1)[0][0]
        if not regency:
            regency = find_regency(title_texts + [path.stem.replace("_", " ")])[0]
        report.regency = regency
        frame["list_regency"] = regency or path.stem
        frame.loc[frame["regency"] == "", "regency"] = regency
    report.records = len(frame)
    return report, frame


def _generic_sheet_name(name: str) -> bool:
    folded = fold_header(name)
    return folded.startswith(("sheet", "lembar", "data", "daftar")) or folded in ("", "rekap")


def _extract(grid: Grid, header: Header, report: SheetReport) -> tuple[list[dict], list[int]]:
    """Mapped records and their spreadsheet row numbers; dropped rows go into the report."""
    field_cols = [(i, f) for i, f in enumerate(header.fields) if f and f != NUMBER_COLUMN]
    extra_cols = [(i, lbl) for i, (lbl, f) in enumerate(zip(header.labels, header.fields)) if lbl and not f]
    records: list[dict] = []
    kept_rows: list[int] = []
    needs_raw: dict[tuple[int, int], tuple[int, str]] = {}
    in_signature = False
    for r in range(header.data_start, len(grid.rows)):
        row = grid.rows[r]
        record: dict[str, str] = {}
        for i, fld in field_cols:
            value = row[i] if i < len(row) else None
            if fld in ID_FIELDS:
                text, flag = cells.identifier_cell(value, fld)
                if flag == cells.NEEDS_RAW:
                    needs_raw[(r, i)] = (len(records), fld)
                    flag = cells.NUMERIC
                if flag and fld in ("nik", "kk"):
                    record[f"{fld}_flag"] = flag
            else:
                text = cells.text_cell(value)
            record[fld] = text
        texts = [cells.text_cell(v) for v in row]
        reason = rowfilter.classify(texts, record, header.labels, in_signature)
        if reason:
            if reason == rowfilter.SIGNATURE:
                in_signature = True
            if reason != rowfilter.BLANK:
                report.dropped.append((r + 1, reason))
            needs_raw = {k: v for k, v in needs_raw.items() if k[0] != r}
            continue
        extra = {lbl: texts[i] for i, lbl in extra_cols if i < len(texts) and texts[i]}
        if extra:
            record["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
        records.append(record)
        kept_rows.append(r + 1)
    if needs_raw:
        raw = raw_xlsx_numbers(grid, set(needs_raw))
        for cell, (index, fld) in needs_raw.items():
            if cell in raw:
                text, flag = cells.exact_numeric_text(raw[cell], fld)
                records[index][fld] = text
                if fld in ("nik", "kk"):
                    records[index][f"{fld}_flag"] = flag
    return records, kept_rows
