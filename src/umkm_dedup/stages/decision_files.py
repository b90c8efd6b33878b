"""Reading and writing the files that hold officers' decisions, row by row.

Columns are found by their header names, in Indonesian or English, wherever they stand: a CSV
saved by Indonesian-locale Excel (`;`, CRLF, cp1252), `berkas_a, …, keputusan`, `a_file, …,
decision`, `record_a, record_b, decision` (records written FILE:SHEET:ROW as `explain` takes
them), and the report's own sheets: Perlu Ditinjau's blocks of two rows per pair (`Pasangan`,
`Data (A/B)`, `Berkas` … `Keputusan`, Keputusan on either row), the older one-row layout
(`A: Berkas` … `B: Baris` … `Keputusan`), Duplikat's `ID Orang` … . No column is found by its
position: an officer may move, insert or delete columns. A file whose columns are not understood
is an error that names what it found and what it expects."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .decisions import DIFFERENT, LISTED, SAME, STORE, Decision, DecisionBook, Ref, make_ref, missing_file, \
    pair_key, parse_verdict
from ..core.errors import ConfigError
from ..report.atomic import atomic_path
from ..report.safe import DANGEROUS_START

STORE_COLUMNS = ["a_file", "a_sheet", "a_row", "a_name", "b_file", "b_sheet", "b_row", "b_name", "decision", "origin",
                 "status", "a_check", "b_check"]   # check: a digest of the record's NIK and birth date (decisions.py)
APPLIED, STALE = "applied", "stale"   # status: whether the report written with the store showed it
EXPECTED = ("a_file, a_sheet, a_row, b_file, b_sheet, b_row, decision (a_name, b_name: optional) | "
            "berkas_a, lembar_a, baris_a, berkas_b, lembar_b, baris_b, keputusan | "
            "record_a, record_b, decision (FILE:SHEET:ROW)")
_WORDS = {
    "file": {"file", "berkas", "source file", "nama berkas", "file name", "filename"},
    "sheet": {"sheet", "lembar", "sheet name", "nama lembar"},
    "row": {"row", "baris", "line", "row number", "no baris", "nomor baris"},
    "name": {"name", "nama"},
    "record": {"record", "data", "rekaman", "ref", "record ref", "referensi"},
    "decision": {"decision", "keputusan", "verdict", "putusan"},
    "cluster": {"cluster", "cluster id", "id orang", "person id"},
    "pair": {"pair", "pasangan", "no pasangan", "pair no", "nomor pasangan"},
    "side": {"data a b", "record a b", "a b", "side", "sisi"},
    "origin": {"origin", "asal"},
    "status": {"status"},
    "check": {"check"},
}
_FIELD = {w: f for f, words in _WORDS.items() for w in words}
HEADER_SEARCH = 10   # a report sheet's header may sit under a title


def _fold(header) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", str(header or "").lower()).split()


@dataclass
class Columns:
    """Where each needed column stands: kind 'pairs' (A and B records) or 'members' (Duplikat)."""
    kind: str
    at: dict[tuple[str, str], int]

    def get(self, row, side: str, name: str):
        i = self.at.get((side, name))
        return row[i] if i is not None and i < len(row) else None


def understand(header) -> Columns | None:
    at: dict[tuple[str, str], int] = {}
    for i, h in enumerate(header):
        tokens = _fold(h)
        side = ""
        whole = _FIELD.get(" ".join(tokens))
        if whole in ("side", "pair"):     # 'Data (A/B)' names the side column, it is not side B
            at.setdefault(("", whole), i)
            continue
        if len(tokens) > 1 and tokens[0] in ("a", "b"):
            side, tokens = tokens[0], tokens[1:]
        elif len(tokens) > 1 and tokens[-1] in ("a", "b"):
            side, tokens = tokens[-1], tokens[:-1]
        name = _FIELD.get(" ".join(tokens))
        if name and (side, name) not in at:
            at[(side, name)] = i
    if ("", "decision") not in at:
        return None
    if {("", "pair"), ("", "side"), ("", "file"), ("", "row")} <= set(at):
        return Columns("blocks", at)
    if all(((s, "file") in at and (s, "row") in at) or (s, "record") in at for s in ("a", "b")):
        return Columns("pairs", at)
    if {("", "file"), ("", "row"), ("", "cluster")} <= set(at):
        return Columns("members", at)
    return None


def _cell(value) -> str:
    """A cell as text, without the apostrophe that kept it from running as a formula."""
    text = "" if value is None else str(value)
    return text[1:] if text[:1] == "'" and text[1:2] in DANGEROUS_START and text[1:2] else text


def _side(cols: Columns, row, side: str) -> Ref | None:
    if (side, "file") in cols.at:
        return make_ref(_cell(cols.get(row, side, "file")), _cell(cols.get(row, side, "sheet")),
                        cols.get(row, side, "row"), _cell(cols.get(row, side, "name")),
                        _cell(cols.get(row, side, "check")))
    text = _cell(cols.get(row, side, "record")).strip()
    parts = text.rsplit(":", 2)
    if len(parts) != 3:
        return None
    return make_ref(parts[0], parts[1], parts[2], _cell(cols.get(row, side, "name")))


# -- CSV ------------------------------------------------------------------------------------------
def _open_text(path: Path):
    head = path.open("rb").read(65536)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:   # not just a character cut at the end of the sample
                encoding = "cp1252"
    return path.open(encoding=encoding, newline="", errors="replace")


def _csv_rows(path: Path):
    with _open_text(path) as fh:
        first = fh.readline()
        counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
        delimiter = max(counts, key=lambda d: (counts[d], d == ","))
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            yield from reader
        except csv.Error as exc:
            raise ConfigError(f"cannot read the decisions file: {exc}", file=str(path), row=reader.line_num,
                              key="decisions_unreadable", params={"reason": str(exc)}) from None


def _unknown_columns(path: Path, header) -> ConfigError:
    found = ", ".join(str(h) for h in header if str(h or "").strip()) or "-"
    return ConfigError(f"the columns of the decisions file are not understood (found: {found})", file=str(path),
                       key="decisions_columns", params={"found": found, "expected": EXPECTED},
                       hint=f"expected: {EXPECTED}")


def check_decision_file(path: Path) -> None:
    """Fail before any work when a decisions file is missing or its columns are not understood."""
    if not path.is_file():
        raise missing_file(path)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        header = next(iter(_csv_rows(path)), [])
        if understand(header) is None:
            raise _unknown_columns(path, header)
    else:
        for _ in _sheets(path, check_only=True):
            pass


def unreadable(path: Path) -> str | None:
    """Why a workbook cannot be opened (locked by Excel, corrupt), or None. Both readers open it
    (openpyxl finds the headers, calamine reads the rows); no sheet's rows are read here."""
    from python_calamine import CalamineWorkbook

    try:
        for _ in _sheets(path):
            break
        CalamineWorkbook.from_path(str(path))
    except ConfigError as exc:
        return exc.params.get("reason", "")
    except OSError as exc:
        return type(exc).__name__
    except Exception as exc:   # calamine raises its own error types
        return type(exc).__name__
    return None


def _from_csv(path: Path, book, keep_missing: bool, shown: dict | None = None) -> None:
    """Pairs from a CSV; `shown` collects the pairs the last report showed (the store's status)."""
    rows = _csv_rows(path)
    header = next(rows, [])
    cols = understand(header)
    if cols is None or cols.kind != "pairs":
        raise _unknown_columns(path, header)
    # a decision about records not in this run is only counted (after the first few listed):
    # checked on the raw cells, without building it, so a million such rows cost little
    quick = None
    if not keep_missing and getattr(book, "index", None) is not None and \
            all((s, "file") in cols.at and (s, "row") in cols.at for s in "ab"):
        quick = [(cols.at[(s, "file")], cols.at.get((s, "sheet")), cols.at[(s, "row")]) for s in "ab"]
        index = book.index
    for n, row in enumerate(rows, 2):
        if not "".join(row).strip():
            continue
        raw = _cell(cols.get(row, "", "decision"))
        verdict, understood = parse_verdict(raw)
        if quick and verdict and len(book.missing_listed) >= LISTED:
            ka, kb = _quick_key(row, *quick[0]), _quick_key(row, *quick[1])
            if ka is not None and kb is not None and (ka not in index or kb not in index):
                book.missing_elsewhere += 1
                continue
        origin = _cell(cols.get(row, "", "origin")) or f"{path.name} · {n}"
        if not understood:
            book.not_understood_row(origin, raw)
            continue
        a, b = _side(cols, row, "a"), _side(cols, row, "b")
        if a is None or b is None:
            book.not_understood_row(origin, " | ".join(str(c) for c in row[:8]))
            continue
        if verdict:
            book.put(Decision(a, b, verdict, origin), keep_missing=keep_missing)
            if shown is not None and _cell(cols.get(row, "", "status")) == APPLIED:
                shown[pair_key(a, b)] = verdict


def _quick_key(row, f: int, s: int | None, r: int):
    try:
        return (_cell(row[f]).strip(), _cell(row[s]).strip() if s is not None else "", int(row[r]))
    except (IndexError, ValueError):
        return None


# -- workbooks ------------------------------------------------------------------------------------
def _sheets(path: Path, check_only: bool = False):
    """(sheet name, Columns, rows after the header, the first one's row number) for every sheet
    with a decisions column."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:   # any reader failure is the same answer: this workbook cannot be read
        raise ConfigError(f"cannot read the workbook: {type(exc).__name__}", file=str(path),
                          key="decisions_unreadable", params={"reason": type(exc).__name__}) from None
    found: list[str] = []
    try:
        for name in wb.sheetnames:
            ws = wb[name]
            rows = ws.iter_rows(values_only=True)
            cols = None
            for header_row in range(1, HEADER_SEARCH + 1):  # noqa: B007 (used after the loop)
                header = next(rows, None)
                if header is None:
                    break
                cols = understand(header)
                if cols is not None:
                    break
                if not found and any(header):
                    found = [str(h) for h in header if h is not None]
            if cols is None:
                continue
            if check_only:
                return
            yield name, cols, _rows_after(path, name, header_row), header_row + 1
        if check_only:
            raise _unknown_columns(path, found)
    finally:
        wb.close()


def _rows_after(path: Path, sheet_name: str, header_row: int):
    """The rows below the header, read by python-calamine: openpyxl finds the header without
    loading a sheet, but takes over a minute for the rows of a 100,000-row Duplikat sheet that
    calamine reads in seconds. Lazily: calamine reads the whole sheet when it is opened (10-30 s
    for the 590,000 rows of Duplikat at a million records), so only when its rows are wanted;
    `unreadable` walks the sheets without reading any."""
    yield from _calamine_rows(path, sheet_name, header_row)


def _calamine_rows(path: Path, sheet_name: str, header_row: int):
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet_name)
        start = sheet.start[0] if sheet.start else 0   # 0-based first row of the sheet's used range
        rows = sheet.iter_rows()
    except Exception as exc:   # calamine raises its own error types
        raise ConfigError(f"cannot read the workbook: {type(exc).__name__}", file=str(path),
                          key="decisions_unreadable", params={"reason": type(exc).__name__}) from None
    for _ in range(max(0, header_row - start)):
        next(rows, None)
    return rows


def _from_workbook(path: Path, book, keep_missing: bool, shown=None) -> bool:
    """Pairs from Perlu Ditinjau-like sheets, members from Duplikat-like ones. With `shown` (what
    the workbook showed: pair key -> verdict), only cells the officer changed count, and an
    emptied cell withdraws its decision. Returns whether any Keputusan cell held something."""
    members: dict[str, list[tuple[Ref, object, str]]] = {}
    held = False
    for name, cols, rows, first in _sheets(path):
        if cols.kind == "blocks":
            rows = _blocks(cols, rows, first, path.name, name)
            cols = _BLOCK_COLUMNS
            first = 0
        for n, row in enumerate(rows, first):
            if cols is _BLOCK_COLUMNS:
                n, row = row
            raw = cols.get(row, "", "decision")
            held = held or bool(str(raw or "").strip())
            origin = f"{path.name} · {name} · {n}"
            if cols.kind == "members":
                ref = _side(cols, row, "")
                if ref is not None:
                    members.setdefault(str(cols.get(row, "", "cluster")), []).append((ref, raw, origin))
                continue
            verdict, understood = parse_verdict(raw)
            a, b = _side(cols, row, "a"), _side(cols, row, "b")
            if not understood:   # the output folder's workbook: its pair keeps the text (shown again)
                book.not_understood_row(origin, raw, pair=(a, b) if shown is not None else None)
                continue
            if a is None or b is None:   # a pair's row deleted, or its Berkas/Baris emptied: said, not dropped
                if verdict:
                    book.not_understood_row(origin, raw, reason="pair_incomplete")
                continue
            if shown is None:
                if verdict:
                    book.put(Decision(a, b, verdict, origin), keep_missing=keep_missing)
                continue
            key = pair_key(a, b)
            if verdict == shown.get(key):
                continue
            if verdict:
                book.put(Decision(a, b, verdict, origin), keep_missing=keep_missing)
            else:
                book.withdraw(key)
    for group in members.values():
        for ref, raw, origin in group:
            verdict, understood = parse_verdict(raw)
            if not understood:   # the output folder's workbook: its member keeps the text (shown again)
                book.not_understood_row(origin, raw, member=ref if shown is not None else None)
                continue
            others = [o for o, _, _ in group if o.key != ref.key]
            sama_shown = [] if shown is None else [o for o in others if shown.get(pair_key(ref, o)) == SAME]
            if verdict == DIFFERENT:     # a member that does not belong: apart from every other member
                for other in others:
                    book.put(Decision(ref, other, DIFFERENT, origin), keep_missing=keep_missing)
            elif verdict == SAME and others and not sama_shown:   # confirmed as belonging
                book.put(Decision(ref, others[0], SAME, origin), keep_missing=keep_missing)
            elif verdict is None and sama_shown:                  # the officer emptied a SAMA shown
                for other in sama_shown:
                    book.withdraw(pair_key(ref, other))
    return held


class _BlockColumns(Columns):
    """A pair block read back as one row: {(side, field): value}."""

    def get(self, row, side: str, name: str):
        return row.get((side, name))


_BLOCK_COLUMNS = _BlockColumns("pairs", {**{(s, f): 0 for s in "ab" for f in ("file", "sheet", "row", "name")},
                                         ("", "decision"): 0})


def _blocks(cols: Columns, rows, first: int, file: str, sheet: str):
    """Perlu Ditinjau's two-row blocks as one (row number, {(side, field): value}) per pair, in
    the order the pairs first appear; the decision is the A row's, else the B row's."""
    pairs: dict[str, dict] = {}
    where: dict[str, int] = {}
    for n, row in enumerate(rows, first):
        number = _cell(cols.get(row, "", "pair")).strip()
        side = _cell(cols.get(row, "", "side")).strip().lower()[:1]
        if not number or side not in ("a", "b"):
            continue
        block = pairs.setdefault(number, {})
        where.setdefault(number, n)
        for fieldname in ("file", "sheet", "row", "name"):
            block[(side, fieldname)] = cols.get(row, "", fieldname)
        raw = cols.get(row, "", "decision")
        if str(raw or "").strip() and (side == "a" or not str(block.get(("", "decision")) or "").strip()):
            block[("", "decision")] = raw
    for number, block in pairs.items():
        yield where[number], block


def read_decision_file(path: Path, book, *, keep_missing: bool = False, shown=None) -> bool:
    """Stream one decisions file into `book` (a DecisionBook); whether it held any decision."""
    path = Path(path)
    if not path.is_file():
        raise missing_file(path)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        _from_csv(path, book, keep_missing)
        return True
    return _from_workbook(path, book, keep_missing, shown)


# -- the store in the output folder ---------------------------------------------------------------
def load_output_folder(out: Path, book: DecisionBook, reports: list[Path], explicit: list[Path]) -> None:
    """The decisions carried from the last run into `out`: its keputusan_petugas.csv, then the
    officer's edits in its report workbooks (`reports`, those that exist), then the --decisions
    files (a file that is one of those reports is read once, as edits)."""
    store = out / STORE
    shown: dict = {}   # what the report in `out` showed in Keputusan: only a change there is an edit
    if store.is_file():
        _from_csv(store, book, True, shown)
    for report in reports:
        if read_decision_file(report, book, keep_missing=True, shown=shown):
            book.previous_reports.append(report)
    seen = {r.resolve() for r in reports}
    for path in explicit:
        if Path(path).resolve() not in seen:
            read_decision_file(Path(path), book, keep_missing=False)


#: what an officer may save the report as (Excel's Save As, LibreOffice's own format)
_SAVED_AS = (".xlsx", ".xlsm", ".xls", ".ods")


def other_workbooks(out: Path, ours: tuple[str, ...], inputs: set[Path]) -> list[str]:
    """Spreadsheets in the output folder that decisions are not read from: not the report (`ours`),
    not a copy this tool keeps (…_sebelumnya/_previous), not Excel's lock file (~$…), not an
    input of this run. Excel opening the report read-only (from a mail or a ZIP) makes the officer
    save 'laporan_umkm_terdampak (1).xlsx'; LibreOffice offers .ods: her decisions would be lost
    without a word, so the run names each such file."""
    if not out.is_dir():
        return []
    read = {p.resolve() for p in inputs}
    names = []
    for path in sorted(out.iterdir()):
        if path.suffix.lower() not in _SAVED_AS or path.name in ours or path.name.startswith("~$") \
                or path.stem.endswith(("_sebelumnya", "_previous")) or not path.is_file() or path.resolve() in read:
            continue
        names.append(path.name)
    return names


def write_store(out: Path, book: DecisionBook) -> Path:
    """keputusan_petugas.csv: every decision kept, sorted by pair, formula-safe, UTF-8 with BOM;
    status says whether the report written beside it shows the decision (applied) or not (stale)."""
    target = out / STORE
    applied = {pair_key(d.a, d.b) for d in book.in_force().decisions}
    with atomic_path(target) as tmp:
        buffer = io.StringIO()
        w = csv.writer(buffer, lineterminator="\n")
        w.writerow(STORE_COLUMNS)
        for d in book.kept():
            status = APPLIED if pair_key(d.a, d.b) in applied else STALE
            w.writerow([_safe(x) for x in (d.a.file, d.a.sheet, d.a.row, d.a.name, d.b.file, d.b.sheet, d.b.row,
                                           d.b.name, d.verdict, d.origin, status, d.a.check, d.b.check)])
        tmp.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return target


def _safe(value) -> object:
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value
