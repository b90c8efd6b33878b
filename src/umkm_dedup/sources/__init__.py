"""Source adapters: every file a province receives -> one canonical record table.

    table = read_sources(["regencies/"], roles={"kemensos.xlsx": Role.KEMENSOS})
"""

from __future__ import annotations

from .reader import read_sources

__all__ = ["read_sources"]
