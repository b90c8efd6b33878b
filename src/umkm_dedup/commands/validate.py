"""`validate`: a field facilitator checks their own spreadsheet before sending it up. The file is
read exactly as `merge` reads it; every finding names the cell (sheet, row, column letter and
header), a severity, the problem and the fix, in Indonesian by default. A checked copy highlights
the cells (red errors, amber warnings) with a comment on each and a sheet listing all findings with
links; `fix=True` also writes a cleaned copy with only safe, mechanical fixes. The input is never
touched.

    from umkm_dedup import validate
    result = validate("kec_sukawati.xlsx", regency="Gianyar")
    result.exit_code      # 0 no errors, 1 errors
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from ..checks import ERROR, VALIDATE, WARNING, check
from ..core.errors import SourceError
from ..core.privacy import mask_nik, mask_text
from ..core.records import SheetReport
from ..sources.limits import DEFAULT, Limits
from ..sources.readers import column_letter

INSIDE_DATA = ("total", "signature", "repeated_header")


@dataclass
class Finding:
    severity: str
    sheet: str
    row: int
    column: int | None          # 0-based; None for a whole-row finding
    header: str
    value: str                  # masked where it is a NIK
    problem: str                # the check's code in the catalogue (checks/), e.g. "nik.format"
    params: dict = field(default_factory=dict)

    @property
    def cell(self) -> str:
        return f"{column_letter(self.column) if self.column is not None else 'A'}{self.row}"

    def title(self, lang: str = "id") -> str:
        """The catalogue's words for this problem: what merge's Data Bermasalah says too."""
        return check(self.problem).title(lang)

    def message(self, lang: str = "id") -> str:
        """The title with this record's specifics (the rows it repeats, the date inside its NIK)."""
        return check(self.problem).message(lang, **self.params)

    def fix(self, lang: str = "id") -> str:
        return check(self.problem).fix(lang)

    def to_dict(self, lang: str = "id") -> dict:
        d = asdict(self)
        d.update(cell=self.cell, column_letter=column_letter(self.column) if self.column is not None else "",
                 title=self.title(lang), message=self.message(lang), fix=self.fix(lang))
        return d


@dataclass
class Change:
    sheet: str
    cell: str
    header: str
    before: str
    after: str


@dataclass
class ValidationResult:
    path: Path
    findings: list[Finding]
    records: int
    sheets: list[SheetReport]
    checked_copy: Path | None = None
    fixed_copy: Path | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def to_dict(self, lang: str = "id") -> dict:
        return {"file": self.path.name, "records": self.records, "errors": self.errors, "warnings": self.warnings,
                "checked_copy": str(self.checked_copy) if self.checked_copy else None,
                "fixed_copy": str(self.fixed_copy) if self.fixed_copy else None,
                "counts": pd.Series([f.problem for f in self.findings], dtype=object).value_counts().to_dict(),
                "findings": [f.to_dict(lang) for f in self.findings],
                "changes": [asdict(c) for c in self.changes]}


def validate(path: str | Path, *, regency: str | None = None, out: str | Path | None = None,
             lang: str = "id", fix: bool = False, mapping: dict[str, str] | None = None,
             write_copy: bool = True, limits: Limits = DEFAULT) -> ValidationResult:
    """Check one spreadsheet. Raises SourceError when the file cannot be read at all (whatever
    the reason: the same guard and bounds as merge, sources/limits.py)."""
    from ..sources.reader import read_file

    path = Path(path)
    if not path.exists():
        raise SourceError("path does not exist", file=str(path), key="missing_path",
                          hint="check the spelling, or the folder you are in")
    frame, reports = read_file(path, mapping=mapping, limits=limits)
    frame = frame.reset_index(drop=True)
    findings = find_problems(frame, reports, regency)
    result = ValidationResult(path=path, findings=findings, records=len(frame), sheets=reports)
    if write_copy:
        from ..report.outfolder import refuse_overwrite
        from .validate_copy import write_checked_copy, write_fixed_copy

        target = Path(out) if out else path.with_name(f"{path.stem}_diperiksa.xlsx")
        fixed = target.with_name(target.stem.replace("_diperiksa", "") + "_diperbaiki.xlsx")
        # neither copy may replace the file being checked (same path, another name, a hard link)
        refuse_overwrite([target] + ([fixed] if fix else []), [path], key="copy_is_input",
                         suggest=f"{path.stem}_periksa_ulang.xlsx")
        result.checked_copy = write_checked_copy(path, reports, findings, target, lang)
        if fix:
            result.fixed_copy, result.changes = write_fixed_copy(path, frame, reports, fixed, lang)
    return result


def find_problems(frame: pd.DataFrame, reports: list[SheetReport], regency: str | None) -> list[Finding]:
    """Every finding of the catalogue (checks/) in `frame`: the record checks merge's Data
    Bermasalah runs too, then what only a facilitator's file can show (the same person twice, rows
    inside the data that are not records, what reading changed)."""
    from ..checks import Context, record_problems
    from ..matching import deduplicate
    from ..matching.prepare import prepare

    if frame.empty:
        return []
    feats = prepare(frame)
    by_sheet = {r.sheet: r for r in reports}
    findings: list[Finding] = []

    def add(i: int, problem: str, value: str = "", **params):
        spec = check(problem)
        rep = by_sheet[frame.at[i, "sheet"]]
        col = rep.columns.get(spec.field) if spec.field else None
        header = rep.labels[col] if col is not None and col < len(rep.labels) else ""
        # any cell's text may hold a NIK (a NIK with a suffix, one typed in the date column): masked
        findings.append(Finding(spec.severity, frame.at[i, "sheet"], int(frame.at[i, "row"]), col, header,
                                mask_text(value), problem, params))

    context = Context(regency=_regency_code(regency) if regency else "")
    shown = {"nik": frame["nik"], "name": frame["name"], "phone": frame["phone"], "birth_date": frame["birth_date"]}
    for i, problem, params in record_problems(frame, feats, VALIDATE, context)[
            ["position", "problem", "params"]].itertuples(index=False):
        fld = check(problem).field
        empty = fld is None or problem in ("nik.missing", "required.identity", "name.missing")
        value = "" if fld is None or empty else shown[fld].iat[i]
        add(int(i), problem, value, **(params or {}))

    # the same person entered twice: exact NIK first, then the matching engine
    nik = feats["nik"].astype(str).where(feats["nik_valid"], "")   # a categorical: "" may not be a category
    exact_groups = frame.index[nik != ""].to_series().groupby(nik[nik != ""], observed=True).apply(list)
    exact_pairs: set[tuple[int, int]] = set()
    for members in exact_groups:
        if len(members) > 1:
            for i in members[1:]:
                rows = ", ".join(_where(frame, j, i) for j in members if j != i)
                add(i, "dup.nik", mask_nik(nik.iat[i]), rows=rows)
            exact_pairs.update((a, b) for a in members for b in members if a != b)
    if len(frame) > 1:
        result = deduplicate(frame)
        clusters = pd.Series(result.cluster_id).groupby(result.cluster_id).groups
        for members in clusters.values():
            members = sorted(members)
            if len(members) < 2:
                continue
            for i in members[1:]:
                others = [j for j in members if j != i and (i, j) not in exact_pairs]
                if others:
                    add(i, "dup.likely", frame.at[i, "name"], rows=", ".join(_where(frame, j, i) for j in others))

    # totals, signatures and repeated headers inside the data (above the last record)
    for rep in reports:
        rows = frame.loc[frame["sheet"] == rep.sheet, "row"]
        if rows.empty:
            continue
        last = int(rows.max())
        for row, why in rep.dropped:
            if why in INSIDE_DATA and row < last:
                findings.append(Finding(check(f"row.{why}").severity, rep.sheet, row, None, "", "", f"row.{why}"))
    # what reading changed: a cell cut to Excel's length, a date serial that is no date, a row number twice
    for rep in reports:
        for row, col, key in rep.notes:
            header = rep.labels[col] if col is not None and col < len(rep.labels) else ""
            findings.append(Finding(check(f"note.{key}").severity, rep.sheet, max(row, 1), col, header, "",
                                    f"note.{key}"))
    order = {ERROR: 0, WARNING: 1}
    findings.sort(key=lambda f: (f.sheet, f.row, f.column if f.column is not None else -1, order[f.severity], f.problem))
    return findings


def _where(frame: pd.DataFrame, j: int, i: int) -> str:
    same_sheet = frame.at[j, "sheet"] == frame.at[i, "sheet"]
    return str(frame.at[j, "row"]) if same_sheet else f"{frame.at[j, 'sheet']}!{frame.at[j, 'row']}"


def _regency_code(value: str) -> str:
    """'Gianyar', 'Kabupaten Gianyar', '5104' or '51.04' -> '51.04'."""
    from ..sources.roles import find_regency

    digits = value.replace(".", "").strip()
    if digits.isdigit() and len(digits) == 4:
        return f"{digits[:2]}.{digits[2:]}"
    return find_regency([value])[1] or find_regency([f"kabupaten {value}"])[1]


__all__ = ["validate", "ValidationResult", "Finding", "ERROR", "WARNING"]
