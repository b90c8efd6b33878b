"""Giving freed memory back between stages (core/memory.py): glibc's malloc_trim where there is a
glibc, nothing else anywhere else (Windows, macOS), and never an error."""

from __future__ import annotations

import sys

import pytest

from umkm_dedup.core import memory


@pytest.fixture(autouse=True)
def _fresh_lookup():
    memory._malloc_trim.cache_clear()
    yield
    memory._malloc_trim.cache_clear()


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_no_malloc_trim_off_linux_and_release_still_works(monkeypatch, platform):
    monkeypatch.setattr(sys, "platform", platform)
    assert memory._malloc_trim() is None
    memory.release()


def test_a_libc_without_malloc_trim_is_no_error(monkeypatch):
    class NoTrim:   # musl's libc: loads, has no malloc_trim
        def __init__(self, name):
            pass

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(memory.ctypes, "CDLL", NoTrim)
    assert memory._malloc_trim() is None
    memory.release()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc is Linux's")
def test_on_glibc_the_trim_is_called(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "_malloc_trim", lambda: lambda pad: calls.append(pad) or 1)
    memory.release(collect=False)
    assert calls == [0]


def test_collection_is_paused_inside_and_restored_after_even_on_an_error():
    """Reading runs with automatic collection off (its end collects once): it must come back on,
    and a caller that had it off keeps it off."""
    import gc

    assert gc.isenabled()
    with memory.collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), memory.collection_paused():
        raise ValueError("a file that cannot be read")
    assert gc.isenabled()
    gc.disable()
    try:
        with memory.collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
