"""Orchestrates reading: files -> sheets -> header -> mapped rows -> records, keeping provenance
and a report of everything dropped, so nothing is lost silently. Each file is read inside a guard:
whatever goes wrong with one file (a reader library's own error, MemoryError, a bound passed)
becomes a FileProblem for that file, and the others are still read."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..core.errors import SourceError
from ..core.records import COLUMNS, ID_FIELDS, FileProblem, RecordTable, Role, SheetReport, compact, empty_frame
from . import cells, rowfilter
from .discover import OWN_OUTPUT, VALIDATE_COPY, find_files, own_output, superseded_copies
from .header import Header, find_header
from . import limits as _bounds
from .limits import DEFAULT, Clock, Limits
from .columns import extract_columns
from .readers import Grid, raw_xlsx_numbers, read_grids
from .roles import detect_role, find_regency
from .synonyms import NUMBER_COLUMN, fold_header

RoleMap = dict[str, Role]
#: fields holding a date: a time of day there (Excel's serial 0 or -1 shown as a date) is no date
_DATE_FIELDS = frozenset({"birth_date"})


def read_sources(paths: list[str | Path], *, roles: RoleMap | None = None,
                 mapping: dict[str, str] | None = None, limits: Limits = DEFAULT,
                 follow_symlinks: bool = False, progress=None, read_many=None) -> RecordTable:
    """Read every file (folders recursively, in sorted order) into one RecordTable.

    roles: file path or name -> Role, for files whose role is given explicitly (`--kemensos`).
    mapping: header -> canonical field overrides for headers the synonym table misses.
    limits: the bounds on one file (sources/limits.py). follow_symlinks: read links in a folder
    that point out of it. A file that cannot be read becomes a FileProblem; the others are still read.
    progress("read", done=, total=, unit="bytes", files=, files_total=, records=): after each file.
    read_many(jobs, mapping, limits): where the files are read (default: here, one after the
    other, as the loop asks; the Spark engine's reads its CSV and Parquet files on the cluster,
    matching/spark/reading.py): for each (path, role) in order, read_file's (frame, reports) or
    the file's FileProblem.
    """
    roles = {str(Path(k)): v for k, v in (roles or {}).items()}
    role_paths = [Path(p) for p in roles]
    found = find_files(list(paths) + [p for p in role_paths if str(p) not in map(str, paths)],
                       follow_symlinks=follow_symlinks)
    problems = [FileProblem(file=str(p), message="path does not exist", key="missing_path",
                            hint="check the spelling, or the folder you are in") for p in found.missing]
    frames: list[pd.DataFrame] = []
    sheets: list[SheetReport] = [_skipped(p, why) for p, why in found.skipped]
    try:
        copies = superseded_copies(found.files)
    except Exception:   # recognising copies is a courtesy; reading each file will say what is wrong
        copies = set()
    sizes = [_size(p) for p in found.files]
    skipped = {path: VALIDATE_COPY if path in copies else OWN_OUTPUT for path in found.files
               if path in copies or own_output(path)}
    jobs = [(path, roles.get(str(path)) or roles.get(path.name)) for path in found.files if path not in skipped]
    results = (read_many or read_each)(jobs, mapping, limits)
    total, done, records = sum(sizes), 0, 0
    for number, (path, size) in enumerate(zip(found.files, sizes), 1):
        if progress is not None and number > 1:
            progress("read", done=done, total=total, unit="bytes", files=number - 1, files_total=len(sizes),
                     records=records)
        done += size
        if path in skipped:   # a copy, or our own output: listed in Sumber as not read, never a list
            sheets.append(_skipped(path, skipped[path]))
            continue
        got = next(results)
        if isinstance(got, FileProblem):
            problems.append(got)
            continue
        frame, reports = got
        sheets.extend(reports)
        frames.append(frame)
        records += len(frame)
    if progress is not None and sizes:
        progress("read", done=total, total=total, unit="bytes", files=len(sizes), files_total=len(sizes),
                 records=records)
    frame = pd.concat(frames, ignore_index=True) if frames else empty_frame()
    frame["record_id"] = range(len(frame))
    frame = compact(frame[list(COLUMNS)])
    return RecordTable(frame=frame, sheets=sheets, problems=problems)


def read_each(jobs: list[tuple[Path, Role | None]], mapping: dict[str, str] | None, limits: Limits):
    """read_sources' files read here, each when the loop asks for it: read_file's (frame,
    reports), or the FileProblem of a file that cannot be read."""
    for path, role in jobs:
        try:
            yield read_file(path, role=role, mapping=mapping, limits=limits)
        except SourceError as exc:
            yield problem_of(exc, path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def problem_of(exc: SourceError, path: Path) -> FileProblem:
    """The FileProblem a SourceError becomes; its English hint from the catalogue when it has none."""
    from ..i18n.messages import localised

    hint = exc.hint or localised(exc.key, exc.params, "en", exc.message, "")[1]
    return FileProblem(file=cells.clean_text(path.name), message=exc.message, sheet=exc.sheet or "", row=exc.row,
                       hint=hint, key=exc.key, params=exc.params)


def _skipped(path: Path, why: str) -> SheetReport:
    return SheetReport(file=cells.clean_text(path.name), path=str(path), sheet="", role="", skipped_reason=why)


def read_file(path: Path, *, role: Role | None = None, mapping: dict[str, str] | None = None,
              limits: Limits = DEFAULT) -> tuple[pd.DataFrame, list[SheetReport]]:
    """All sheets of one file. Raises SourceError -- and nothing else -- when the file cannot be
    read: any other failure (a reader library's error, MemoryError, a permission refused) is turned
    into one, with a message that holds no cell content (no NIK) and a hint from the catalogue."""
    try:
        return _read_file(path, role, mapping, limits)
    except SourceError as exc:
        from ..core.privacy import mask_text

        def safe(text: str) -> str:   # a library's message may quote a file's bytes: no escapes, no NIK
            return mask_text(cells.ascii_digits(cells.clean_text(text)))

        exc.message = safe(exc.message)
        exc.params = {k: safe(v) if isinstance(v, str) else v for k, v in exc.params.items()}
        exc.sheet = cells.clean_text(exc.sheet) if exc.sheet else exc.sheet
        raise
    except Exception as exc:
        raise as_source_error(exc, path) from exc


def as_source_error(exc: Exception, path: Path) -> SourceError:
    """Any failure while reading one file, as the SourceError a user reads. Only the kind of
    failure is named, never its text (a library's message may quote a cell)."""
    name = cells.clean_text(path.name)
    if isinstance(exc, MemoryError):
        return SourceError("not enough memory to read this file", file=name, key="no_memory")
    if isinstance(exc, PermissionError):   # the same words as read_grids' own check
        return SourceError("the file is open in another program (e.g. Excel) or may not be read", file=name,
                           key="file_locked")
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        return SourceError(f"cannot open file: {reason}", file=name, key="cannot_open", params={"reason": reason})
    return SourceError(f"the file could not be read ({type(exc).__name__})", file=name, key="unreadable",
                       params={"kind": type(exc).__name__})


def _read_file(path: Path, role: Role | None, mapping: dict[str, str] | None,
               limits: Limits) -> tuple[pd.DataFrame, list[SheetReport]]:
    clock = Clock(limits, path.name)
    grids = read_grids(path, limits, clock, stream=True)
    reports: list[SheetReport] = []
    frames: list[pd.DataFrame] = []
    for grid in grids:
        try:
            report, frame = _read_grid(grid, path, role, mapping, limits, clock)
        finally:
            close = getattr(grid.chunks, "close", None)
            if close is not None:   # a streamed file left unread (no header) is closed now
                close()
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


def _read_grid(grid: Grid, path: Path, role: Role | None, mapping: dict[str, str] | None, limits: Limits,
               clock: Clock) -> tuple[SheetReport, pd.DataFrame | None]:
    report = SheetReport(file=cells.clean_text(path.name), path=str(path), sheet=grid.sheet,
                         role=(role or Role.REGENCY).value, notes=grid.notes)
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

    # records are made a chunk of rows at a time, each chunk a compact frame (Arrow strings)
    # before the next: a streamed file (CSV, Parquet) arrives in chunks; a workbook's grid is
    # walked in chunks and each chunk's rows are let go once read. No Python value per cell or
    # per record outlives its chunk.
    rows = rowfilter.RowFilter(header.labels, header.fields)
    parts: list[pd.DataFrame | None] = []
    raw: list[tuple[int, dict]] = []   # (part, needs_raw) for the exact text of big numbers
    step = _bounds.STREAM_ROWS
    total = len(grid.rows)
    for start in range(header.data_start, max(total, header.data_start + 1), step):
        stop = min(start + step, total)
        records, kept, needs = _extract(grid, header, report, limits, clock, rows, grid.rows, start, stop, 0)
        if needs:
            raw.append((len(parts), needs))
        parts.append(_frame(records, kept, report, path, grid, role))
        grid.rows[start:stop] = [()] * (stop - start)   # read: let the cells go (the titles stay)
    first = total
    for chunk in grid.chunks or ():
        records, kept, needs = _extract(grid, header, report, limits, clock, rows, chunk, 0, len(chunk), first)
        if needs:
            raw.append((len(parts), needs))
        parts.append(_frame(records, kept, report, path, grid, role))
        first += len(chunk)
    del records, kept
    if raw:
        _exact_numbers(grid, parts, raw, limits)
    kept_parts = [p for p in parts if p is not None]
    del parts
    if not kept_parts:
        report.skipped_reason = "no_records"
        return report, None
    frame = pd.concat(kept_parts, ignore_index=True) if len(kept_parts) > 1 else kept_parts[0]
    del kept_parts

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


def _frame(columns: dict[str, list], kept_rows: list[int], report: SheetReport, path: Path, grid: Grid,
           role: Role) -> pd.DataFrame | None:
    """Records of one sheet or chunk as one frame, built at once: a column added at a time costs
    ~10 ms each with Arrow strings. `columns`: field -> each record's text; a field absent is
    empty in every record. Each column is made an Arrow string column directly (pandas would
    first look at every value to infer that they are texts: a sixth of reading at 1M records),
    and the empty ones share one."""
    n = len(kept_rows)
    if not n:
        return None
    blank = _texts([""] * n)
    provenance = {"source_file": _texts([report.file] * n), "source_path": _texts([str(path)] * n),
                  "sheet": _texts([grid.sheet] * n), "row": kept_rows, "role": _texts([role.value] * n)}
    data = {col: _texts(columns[col]) if col in columns else blank for col in COLUMNS if col not in provenance}
    return pd.DataFrame({**data, **provenance})


def _texts(values: list[str]) -> pd.api.extensions.ExtensionArray:
    """Python texts as pandas' default text column ("str", Arrow strings), made by Arrow itself:
    pandas' own conversion checks every value first and takes 4-5x as long."""
    return pd.array(pa.array(values, pa.large_string()), dtype="str")


def _generic_sheet_name(name: str) -> bool:
    folded = fold_header(name)
    return folded.startswith(("sheet", "lembar", "data", "daftar")) or folded in ("", "rekap")


def _exact_numbers(grid: Grid, parts: list, raw: list[tuple[int, dict]], limits: Limits) -> None:
    """The exact digits of numbers a float cannot hold (a Papua NIK), read from the sheet's own
    XML once for all chunks, written into the chunks' frames."""
    wanted = {cell for _, needs in raw for cell in needs}
    found = raw_xlsx_numbers(grid, wanted, limits)
    for part, needs in raw:
        frame = parts[part]
        for cell, (index, fld) in needs.items():
            if cell in found:
                text, flag = cells.exact_numeric_text(found[cell], fld)
                frame.loc[index, fld] = text
                if fld in ("nik", "kk"):
                    frame.loc[index, f"{fld}_flag"] = flag


def _extract(grid: Grid, header: Header, report: SheetReport, limits: Limits, clock: Clock,
             rows: rowfilter.RowFilter, lines: list, start: int, stop: int,
             first: int) -> tuple[dict[str, list], list[int], dict]:
    """Mapped records (field -> each record's text) and their spreadsheet row numbers; dropped rows go into the report, and so
    does what reading changed in a kept row (a cell cut to `max_cell_chars`, a time where a date
    belongs). Reads lines[start:stop], whose line i is spreadsheet row `first` + i + 1 (a later
    chunk of a streamed file starts at its own 0). Also returns the cells whose number needs the
    file's own text: (row, column) -> (record index, field)."""
    field_cols = [(i, f) for i, f in enumerate(header.fields) if f and f != NUMBER_COLUMN]
    extra_cols = [(i, lbl) for i, (lbl, f) in enumerate(zip(header.labels, header.fields)) if lbl and not f]
    fast = extract_columns(lines, start, stop, first, field_cols, extra_cols, limits.max_cell_chars, rows,
                           report.dropped, clock)
    if fast is not None:   # the same records, a column at a time (sources/columns.py)
        return fast[0], fast[1], {}
    records: list[dict] = []
    kept_rows: list[int] = []
    needs_raw: dict[tuple[int, int], tuple[int, str]] = {}
    max_chars = limits.max_cell_chars
    text_cell, identifier_cell, NEEDS_RAW = cells.text_cell, cells.identifier_cell, cells.NEEDS_RAW   # per cell: local names
    present = itertools.compress(range(start, stop), lines[start:stop])
    for k, local in enumerate(present):   # rows a sparse read left empty are skipped at C speed
        row = lines[local]
        r = first + local
        if k % 5000 == 0:
            clock.check()
        record: dict[str, str] = {}
        notes: list[tuple[int, int | None, str]] = []
        texts = [text_cell(v) for v in row]   # each cell's text once: a plain field is its cell's text
        width = len(row)
        for i, fld in field_cols:
            if fld in ID_FIELDS:
                text, flag = identifier_cell(row[i] if i < width else None, fld)
                if flag == NEEDS_RAW:
                    needs_raw[(r, i)] = (len(records), fld)
                    flag = cells.NUMERIC
                if flag and fld in ("nik", "kk"):
                    record[f"{fld}_flag"] = flag
            elif i >= width:
                text = ""
            elif fld in _DATE_FIELDS and isinstance(row[i], (dt.time, dt.timedelta)):
                text = ""   # Excel's date serial 0 or -1: shown as 00:00:00, it is no date
                notes.append((r + 1, i, "not_a_date"))
            else:
                text = texts[i]
            record[fld] = text
        if max(map(len, texts), default=0) > max_chars:
            for i, t in enumerate(texts):
                if len(t) > max_chars:
                    texts[i] = t[:max_chars]
                    notes.append((r + 1, i, "cell_cut"))
            for fld, t in record.items():
                record[fld] = t[:max_chars]
        reason = rows.classify(texts, record)
        if reason:
            if reason != rowfilter.BLANK:
                report.dropped.append((r + 1, reason))
            needs_raw = {k: v for k, v in needs_raw.items() if k[0] != r}
            continue
        report.notes.extend(notes)
        extra = {lbl: texts[i] for i, lbl in extra_cols if i < len(texts) and texts[i]}
        if extra:
            record["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
        records.append(record)
        kept_rows.append(r + 1)
    # as columns, as the column-wise reading gives them (a field no record holds is left out)
    held = {key for record in records for key in record}
    return {key: [r.get(key, "") for r in records] for key in held}, kept_rows, needs_raw
