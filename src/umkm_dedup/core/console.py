"""Console output for humans and for scheduled jobs: colour and progress only on a terminal,
never with NO_COLOR; errors go to stderr as one line with a hint."""

from __future__ import annotations

import json
import os
import sys

from rich.console import Console

from .privacy import mask_text


class _Masked:
    """A text stream that masks NIK-like digit runs in whatever is written to it: the safety net
    under every console, whatever a caller forgot to mask."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(mask_text(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def tolerate_legacy_encodings() -> None:
    """A Windows console or a redirected stream may be cp1252 or cp850, which cannot encode
    every character a name or a message holds (an arrow, a Balinese name): such a character is
    shown as '?' instead of ending the run with UnicodeEncodeError. UTF-8 streams are untouched."""
    for stream in (sys.stdout, sys.stderr):
        if not _utf8(stream) and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that cannot be reconfigured is left as it is
                pass


def _utf8(stream) -> bool:
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "") in ("utf8", "utf8sig")


def make_console(stderr: bool = False, quiet: bool = False) -> Console:
    """Off a terminal (a log file, a pipe, a scheduled job) a printed line is never broken: a
    report path longer than the width would otherwise be split across two lines where a script
    or an officer copying it cannot find it. Tables still lay out at 160 columns."""
    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    return Console(file=_Masked(stream), no_color=bool(os.environ.get("NO_COLOR")) or not tty,
                   force_terminal=None if tty else False, highlight=False, quiet=quiet,
                   width=None if tty else 160, soft_wrap=not tty)


def local_time(iso: str) -> str:
    """A stored UTC time (ISO 8601) as the officer's clock shows it: '01-12-2026 14:05 (UTC+07:00)'."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    local = moment.astimezone()
    offset = local.strftime("%z")
    return f"{local:%d-%m-%Y %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def print_json(data) -> None:
    """Machine-readable output on stdout; NIK-looking digit runs are masked. Fractions are rounded
    to 6 decimals first: a float's 16 digits (0.99931951… in full) look like a NIK to the mask,
    and a masked number is no longer JSON."""
    # \u escapes where stdout cannot encode every character: JSON readers decode them, '?' would lose data
    text = json.dumps(_rounded(data), ensure_ascii=not _utf8(sys.stdout), indent=2, default=str)
    sys.stdout.write(mask_text(text) + "\n")
    sys.stdout.flush()


def _rounded(value):
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def error_line(console: Console, message: str) -> None:
    console.print(mask_text(message), markup=False)
