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


def make_console(stderr: bool = False, quiet: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    return Console(file=_Masked(stream), no_color=bool(os.environ.get("NO_COLOR")) or not tty,
                   force_terminal=None if tty else False, highlight=False, quiet=quiet,
                   width=None if tty else 160)


def print_json(data) -> None:
    """Machine-readable output on stdout; NIK-looking digit runs are masked."""
    sys.stdout.write(mask_text(json.dumps(data, ensure_ascii=False, indent=2, default=str)) + "\n")
    sys.stdout.flush()


def error_line(console: Console, message: str) -> None:
    console.print(mask_text(message), markup=False)
