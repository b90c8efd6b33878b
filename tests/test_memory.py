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
