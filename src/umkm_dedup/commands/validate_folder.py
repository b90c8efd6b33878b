"""`validate FOLDER`: a facilitator has one spreadsheet per kecamatan. Every spreadsheet in the
folder is checked as `validate` checks one file (one checked copy each), a callback hears about
each file as it is done (the CLI prints a progress line), and the findings are summed by problem
across files, so the facilitator sees "NIK kosong: 14 baris in 3 files" once instead of twelve
reports. A file that cannot be read is reported and the others are still checked.

    from umkm_dedup.commands.validate_folder import validate_folder
    result = validate_folder("kiriman_kecamatan", regency="Gianyar")
    result.exit_code      # 0 no errors, 1 errors, 2 a file could not be read
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import SourceError
from .validate import ValidationResult, validate

#: the copies validate writes beside a file: checking them again would copy the copies
_COPY_SUFFIXES = ("_diperiksa", "_diperbaiki")


@dataclass
class ProblemGroup:
    """One problem across the folder: how many rows and which files have it."""

    problem: str
    severity: str
    rows: int = 0
    files: list[str] = field(default_factory=list)


@dataclass
class FolderValidation:
    folder: Path
    results: list[ValidationResult] = field(default_factory=list)
    unreadable: list[tuple[Path, SourceError]] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.results) + len(self.unreadable)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(r.warnings for r in self.results)

    @property
    def records(self) -> int:
        return sum(r.records for r in self.results)

    @property
    def exit_code(self) -> int:
        return 2 if self.unreadable else 1 if self.errors else 0

    def groups(self) -> list[ProblemGroup]:
        """Problems summed over files: errors first, then the most frequent."""
        groups: dict[str, ProblemGroup] = {}
        for result in self.results:
            for finding in result.findings:
                group = groups.setdefault(finding.problem, ProblemGroup(finding.problem, finding.severity))
                group.rows += 1
                if result.path.name not in group.files:
                    group.files.append(result.path.name)
        return sorted(groups.values(), key=lambda g: (g.severity != "error", -g.rows, g.problem))

    def to_dict(self, lang: str = "id") -> dict:
        return {"folder": str(self.folder), "files": self.files, "records": self.records, "errors": self.errors,
                "warnings": self.warnings,
                "problems": [{"problem": g.problem, "severity": g.severity, "rows": g.rows, "files": g.files}
                             for g in self.groups()],
                "unreadable": [{"file": str(p), "message": e.describe(lang)} for p, e in self.unreadable],
                "results": [r.to_dict(lang) for r in self.results]}


def spreadsheets_in(folder: Path) -> list[Path]:
    """The spreadsheets merge would read from this folder, less validate's own copies."""
    from ..sources.discover import copy_of, find_files, own_output

    files = find_files([folder]).files
    return [f for f in files if not f.stem.endswith(_COPY_SUFFIXES) and copy_of(f) is None and not own_output(f)]


def validate_folder(folder: str | Path, *, regency: str | None = None, out: str | Path | None = None,
                    lang: str = "id", fix: bool = False, mapping: dict[str, str] | None = None,
                    progress: Callable[[int, int, Path, ValidationResult | None, SourceError | None], None]
                    | None = None) -> FolderValidation:
    """Check every spreadsheet in `folder` (with its subfolders). Each checked copy goes beside its
    file, or under `out` in the same subfolder layout."""
    folder = Path(folder)
    files = spreadsheets_in(folder)
    result = FolderValidation(folder=folder)
    for number, path in enumerate(files, 1):
        target = None
        if out is not None:
            target = Path(out) / path.relative_to(folder).parent / f"{path.stem}_diperiksa.xlsx"
        try:
            checked = validate(path, regency=regency, out=target, lang=lang, fix=fix, mapping=mapping)
        except SourceError as exc:
            result.unreadable.append((path, exc))
            if progress:
                progress(number, len(files), path, None, exc)
            continue
        result.results.append(checked)
        if progress:
            progress(number, len(files), path, checked, None)
    return result
