"""The canonical record schema shared by every stage: field names, roles, provenance columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import pandas as pd


class Role(str, Enum):
    REGENCY = "regency"      # a regency's (kabupaten/kota) list of impacted UMKM
    KEMENSOS = "kemensos"    # Kemensos aid recipients (BPUM / DTKS)
    PRAKERJA = "prakerja"    # Kartu Prakerja roster


#: Canonical person/business fields, in report order.
FIELDS: tuple[str, ...] = (
    "nik", "kk", "other_id", "name", "birth_place", "birth_date", "sex", "business_name", "sector",
    "address", "rt_rw", "village", "district", "regency", "province", "phone", "email",
    "impact", "programme", "stage", "status",
    # the ministry's field list for impacted UMKM (Kemenkop letter 147/SM/IV/2020): report/kemenkop.py
    "omzet_before", "omzet_after", "assets", "workers_before", "workers_after", "needs",
)

#: Columns that hold identifiers: read as text, never through a float.
ID_FIELDS = frozenset({"nik", "kk", "phone"})

#: Provenance and reading flags carried by every record.
PROVENANCE: tuple[str, ...] = ("record_id", "source_file", "source_path", "sheet", "row", "role", "list_regency")
FLAGS: tuple[str, ...] = ("nik_flag", "kk_flag")  # "", "numeric", "truncated", "unrecoverable"

COLUMNS: tuple[str, ...] = PROVENANCE + FIELDS + FLAGS + ("extra",)

#: Columns held as codes into their sorted distinct values (pandas categoricals), always, whatever
#: the data: each holds a few values repeated over every record of a file, a region or a
#: programme. As Arrow strings each costs 8 bytes of offsets per record even when empty, plus its
#: text: at a million records these were ~0.25 GB of the 0.5 GB records frame, held from reading
#: to the end of the run; as codes, ~1-2 bytes per record. Sorted categories keep every sort by
#: them the sort of their text. A column not listed stays Arrow strings.
CODED: tuple[str, ...] = ("source_file", "source_path", "sheet", "role", "list_regency", "sex", "regency",
                          "province", "district", "village", "sector", "impact", "programme", "stage", "status",
                          "nik_flag", "kk_flag")


@dataclass
class SheetReport:
    """What was found in one sheet: the header, the mapping, what was kept and what was dropped."""

    file: str
    path: str
    sheet: str
    role: str
    regency: str = ""
    header_row: int | None = None
    mapping: dict[str, str] = field(default_factory=dict)      # original header -> field
    columns: dict[str, int] = field(default_factory=dict)      # field -> 0-based column index
    labels: list[str] = field(default_factory=list)            # header label per column
    unmapped: list[str] = field(default_factory=list)          # kept as extra attributes
    records: int = 0
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason key)
    skipped_reason: str = ""                                   # why the sheet holds no records
    titles: list[str] = field(default_factory=list)            # texts above the header (first few)
    notes: list[tuple[int, int | None, str]] = field(default_factory=list)  # (row, column, note key): what
    #                                          reading changed (a cell cut to Excel's length, a row number repeated)

    def note_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, _, key in self.notes:
            counts[key] = counts.get(key, 0) + 1
        return counts

    def dropped_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, reason in self.dropped:
            counts[reason] = counts.get(reason, 0) + 1
        return counts


@dataclass
class FileProblem:
    """A file or sheet that could not be read; the others are still read."""

    file: str
    message: str                 # English, for logs; shown to users through texts(lang)
    sheet: str = ""
    row: int | None = None
    hint: str = ""
    key: str = ""
    params: dict = field(default_factory=dict)

    def texts(self, lang: str) -> tuple[str, str]:
        """(message, hint) in the user's language."""
        from ..i18n.messages import localised

        return localised(self.key, self.params, lang, self.message, self.hint)

    def explained(self, lang: str) -> str:
        """'what happened — what to do', in the user's language."""
        message, hint = self.texts(lang)
        return f"{message} — {hint}" if hint else message

    def describe(self, lang: str) -> str:
        """The line a user reads: which file (and sheet), what happened, what to do."""
        return f"{self.file}{f' [{self.sheet}]' if self.sheet else ''}: {self.explained(lang)}"


@dataclass
class RecordTable:
    """All records read from all inputs, one row each, plus what reading found."""

    frame: pd.DataFrame
    sheets: list[SheetReport] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def ok(self) -> bool:
        return not self.problems


def compact(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the CODED columns as categoricals of their sorted distinct texts (a column
    already coded is left as it is). The columns are replaced, not copied, one at a time."""
    for column in CODED:
        if column in frame.columns and not isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = _coded(frame[column])
    return frame


def _coded(values: pd.Series) -> pd.Categorical:
    codes, names = pd.factorize(values, sort=True, use_na_sentinel=True)
    return pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype="str"))


def assign_text(frame: pd.DataFrame, rows, column: str, value: str) -> None:
    """frame.loc[rows, column] = value, for a coded column too: a value it does not hold yet
    becomes one of its categories, and the categories stay sorted (so sorts stay those of text)."""
    if isinstance(frame[column].dtype, pd.CategoricalDtype):
        frame[column] = frame[column].astype("str")
        frame.loc[rows, column] = value
        frame[column] = _coded(frame[column])
    else:
        frame.loc[rows, column] = value


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
