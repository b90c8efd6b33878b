"""A small exception hierarchy: every error carries where it happened, so the CLI can say
which file, sheet and row to look at and what to do, in one line."""

from __future__ import annotations


class UmkmError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 1
    row_word = "where.row"   # what `row` is called for this kind of error (a config file has lines)

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 row: int | None = None, hint: str | None = None, key: str = "", params: dict | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.sheet = sheet
        self.row = row
        self.hint = hint
        self.key = key               # err.<key> / hint.<key> in the message catalogue: shown in the user's language
        self.params = params or {}

    def describe(self, lang: str = "en") -> str:
        """The one line a user reads: where, what happened, what to do, in their language."""
        from ..i18n.messages import localised, t

        message, hint = localised(self.key, self.params, lang, self.message, self.hint or "")
        parts = [p for p in (self.file, f"{t('where.sheet', lang)} '{self.sheet}'" if self.sheet else None,
                             f"{t(self.row_word, lang)} {self.row}" if self.row else None) if p]
        text = f"{', '.join(parts)}: {message}" if parts else message
        return f"{text} — {hint}" if hint else text

    def __str__(self) -> str:
        return self.describe("en")


class SourceError(UmkmError):
    """An input file (or a sheet of it) could not be read."""

    exit_code = 2


class ConfigError(UmkmError):
    """A configuration file or option is wrong; `row` is the line of the file."""

    exit_code = 3
    row_word = "where.line"


class OutputError(UmkmError):
    """An output cannot be written where asked: open in Excel (Windows locks it), it would replace
    an input, or --out is a file."""

    exit_code = 3


class LedgerError(UmkmError):
    """The ledger cannot be used (locked by another run, newer schema, unknown stage)."""

    exit_code = 3
