"""Ctrl-C and kills, honoured without leaving a half state. Until the final save a Ctrl-C aborts the
run and nothing was changed (outputs are built in a staging folder, the ledger transaction rolls
back). The final save (ledger COMMIT, then the outputs moved into place) takes milliseconds and runs
with Ctrl-C deferred: a Ctrl-C there lets it finish and is then reported as FinishedInterrupt, so
the user is told the report and the ledger are complete rather than "nothing was changed".

`checkpoint(name)` is the hook the crash tests use to stop a run at a named point (environment
UMKM_DEDUP_TEST_PAUSE=name): it creates the file UMKM_DEDUP_TEST_READY and waits, so a test's
SIGINT or SIGKILL lands exactly there. Without the variable it does nothing.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path


class FinishedInterrupt(KeyboardInterrupt):
    """Ctrl-C arrived during the final save, which was completed first."""


_finished: list[bool] = []


def finished_save() -> bool:
    """Whether this process raised a FinishedInterrupt (the CLI framework may swallow the exception
    itself and only return 130, so the CLI asks here what the Ctrl-C interrupted)."""
    return bool(_finished)


def forget() -> None:
    """A new command starts with no interrupted save (the CLI can run twice in one process)."""
    _finished.clear()


@contextmanager
def deferred_interrupt():
    """Run the block with Ctrl-C held back; raise FinishedInterrupt after it if one came."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        _finished.append(True)
        raise FinishedInterrupt()


def checkpoint(name: str) -> None:
    """Test hook: pause here when UMKM_DEDUP_TEST_PAUSE names this point (see the module docstring)."""
    if os.environ.get("UMKM_DEDUP_TEST_PAUSE") != name:
        return
    ready = os.environ.get("UMKM_DEDUP_TEST_READY")
    if ready:
        Path(ready).write_text(name, encoding="utf-8")
    end = time.monotonic() + float(os.environ.get("UMKM_DEDUP_TEST_WAIT", "30"))
    while time.monotonic() < end:
        time.sleep(0.05)
