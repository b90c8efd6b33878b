"""Every problem a record, a row or a cell can have, defined once: its code, the field it points at,
its severity, its texts (a title without placeholders, an optional detail with them, a fix) and
which tools report it. `validate` (a facilitator's own file), the report's Data Bermasalah sheet
and Sumber read their words from here, so a facilitator and the province see the same text for the
same NIK. The style is frictionless-py's check catalogue: an error class per problem, each with a
title, a template and the cell it points at.

Adding a check: one `Check(...)` below, its `prob.`/`fix.` texts in i18n/messages.py beside the others,
and its condition in checks/records.py (a record check) or where the thing is found (commands/validate.py:
duplicates, rows inside the data; sources: reading notes).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n.messages import t

ERROR, WARNING = "error", "warning"
#: which tool reports a check: `validate` (per cell) and `report` (merge's Data Bermasalah sheet)
VALIDATE, REPORT = "validate", "report"
BOTH = frozenset({VALIDATE, REPORT})


@dataclass(frozen=True)
class Check:
    """One problem. `title` is what every tool prints; `detail` (validate only) adds the specifics
    that only one record has (the rows it repeats, the date inside its NIK)."""

    code: str                     # stable, in JSON outputs: "nik.format"
    field: str | None             # the record field the problem is in; None for a whole row
    severity: str                 # ERROR or WARNING
    used_by: frozenset[str]       # VALIDATE, REPORT
    message_key: str = ""         # default prob.<code>
    fix_key: str = ""             # default fix.<code>
    detail_key: str = ""          # a template with the record's specifics; "" for none

    def __post_init__(self) -> None:
        if not self.message_key:
            object.__setattr__(self, "message_key", f"prob.{self.code}")
        if not self.fix_key:
            object.__setattr__(self, "fix_key", f"fix.{self.code}")

    def title(self, lang: str = "id") -> str:
        return t(self.message_key, lang)

    def fix(self, lang: str = "id") -> str:
        return t(self.fix_key, lang)

    def detail(self, lang: str = "id", **params) -> str:
        return t(self.detail_key, lang, **params) if self.detail_key and params else ""

    def message(self, lang: str = "id", **params) -> str:
        """The title, and the detail in parentheses where this record has one."""
        detail = self.detail(lang, **params)
        return f"{self.title(lang)} ({detail})" if detail else self.title(lang)


def _check(code: str, fld: str | None, severity: str, used_by=BOTH, **keys) -> Check:
    return Check(code, fld, severity, frozenset(used_by), **keys)


_V = {VALIDATE}
_R = {REPORT}

#: in the order the checks run on a record (a record's problems are listed in this order)
CHECKS: tuple[Check, ...] = (
    # the NIK: missing, or why it cannot be a person key (normalize/nik.py's reasons)
    _check("nik.missing", "nik", WARNING),                   # the rest of the identity is there
    _check("required.identity", "nik", ERROR),               # nothing else identifies the person either
    _check("nik.format", "nik", ERROR),
    _check("nik.unrecoverable", "nik", ERROR),
    _check("nik.province", "nik", ERROR),
    _check("nik.region", "nik", ERROR),
    _check("nik.birth_date", "nik", ERROR),
    _check("nik.serial", "nik", ERROR),
    _check("nik.kk_like", "nik", ERROR),
    # a valid-looking NIK that cannot be trusted as it stands
    _check("nik.truncated", "nik", WARNING),
    _check("nik.numeric", "nik", WARNING, _V),               # intact, but the next save may cut it
    _check("nik.region_unknown", "nik", WARNING),
    _check("nik.other_regency", "nik", WARNING, _V, detail_key="detail.nik.other_regency"),
    _check("nik.outside_province", "nik", WARNING, _R),
    _check("nik.too_young", "nik", WARNING),
    _check("nik.birth_mismatch", "nik", WARNING, detail_key="detail.nik.birth_mismatch"),
    _check("nik.sex_mismatch", "nik", WARNING),
    # the other fields
    _check("name.missing", "name", ERROR),
    _check("phone.invalid", "phone", WARNING, _V),
    _check("date.unreadable", "birth_date", ERROR, _V),
    # the same person twice in one file (commands/validate.py, with the matching engine)
    _check("dup.nik", "nik", ERROR, _V, detail_key="detail.dup.rows"),
    _check("dup.likely", "name", WARNING, _V, detail_key="detail.dup.rows"),
    # rows inside the data that are not records (sources/rowfilter.py drops them)
    _check("row.total", None, WARNING, _V),
    _check("row.signature", None, WARNING, _V),
    _check("row.repeated_header", None, WARNING, _V),
    # what reading changed (sources: SheetReport.notes); Sumber lists them by the same words
    _check("note.cell_cut", None, WARNING, _V, message_key="note.cell_cut"),
    _check("note.not_a_date", None, ERROR, _V, message_key="note.not_a_date"),
    _check("note.duplicate_row", None, WARNING, _V, message_key="note.duplicate_row"),
    _check("note.columns_cut", None, WARNING, _V, message_key="note.columns_cut"),
    _check("note.format_renamed", None, WARNING, _V, message_key="note.format_renamed"),
    _check("note.sheet_hidden", None, WARNING, _V, message_key="note.sheet_hidden"),
)

CATALOGUE: dict[str, Check] = {c.code: c for c in CHECKS}
#: a record's problems are listed in catalogue order
ORDER: dict[str, int] = {c.code: i for i, c in enumerate(CHECKS)}


def check(code: str) -> Check:
    """The check for `code`; KeyError names a code no one defined (a typo in a finder)."""
    return CATALOGUE[code]


def title(code: str, lang: str = "id") -> str:
    return CATALOGUE[code].title(lang)
