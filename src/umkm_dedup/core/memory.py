"""Giving freed memory back to the operating system between the stages of a large run.

At a province's size (a million records) each stage frees hundreds of megabytes of temporary
columns, but the allocators keep them: glibc's malloc holds freed pages in its arenas and Arrow's
mimalloc pool holds freed segments, so the next stage's allocations land on top and the run's peak
is the sum of every stage's leftovers (about 0.7 GB of the 1M peak was such memory). release()
hands it back: Arrow's pool first, then glibc's `malloc_trim`. `malloc_trim` is glibc's alone;
elsewhere (Windows, macOS, musl) only the Arrow pool is released and nothing fails.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from contextlib import contextmanager
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):   # musl and others have no malloc_trim
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release(collect: bool = True) -> None:
    """Free what is unreachable and give the allocators' free pages back to the system.
    Costs well under a second at 1,000,000 records; call it between stages, not in loops."""
    if collect:
        gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@contextmanager
def collection_paused():
    """No automatic garbage collection inside: for a stage that builds millions of short-lived
    containers and no cycles (reading: calamine's list per row). Each list counts towards the next
    full collection, which walks every object alive; at 1,000,000 records from workbooks those were
    2-3 s of the read. The stage's end calls release(), which collects once."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
