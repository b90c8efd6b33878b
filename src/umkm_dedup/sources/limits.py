"""How much one input file may cost. A province receives files from many senders; a careless or
hostile one (a cell at XFD1048576, a zip member that inflates to gigabytes, a 10-minute CSV) must
cost that one file, never the run. Every bound is a setting with a default that real regency
lists stay far below; what happens past each one is stated next to it (and in the README).

    limits = Limits(max_file_bytes=50 * 2**20)
    read_sources(["kiriman/"], limits=limits)
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, fields

from ..core.errors import SourceError

#: Excel's own limit on the characters of one cell; longer cells are cut here and flagged.
EXCEL_CELL_CHARS = 32_767


@dataclass(frozen=True)
class Limits:
    #: bytes of one input workbook on disk (read whole); a larger file is not read (FileProblem `too_big`)
    max_file_bytes: int = 512 * 2**20
    #: bytes of one CSV or Parquet file on disk: these are read in chunks of STREAM_ROWS rows, so
    #: their memory does not grow with the file (a province's DTKS extract runs to gigabytes);
    #: a larger file is not read (`too_big`)
    max_stream_bytes: int = 64 * 2**30
    #: bytes one zip member (a sheet's XML, docProps, shared strings) declares once inflated; a
    #: workbook with a larger member is not read (`member_too_big`). Our own reads of a member also
    #: stop at this many bytes whatever the archive claims.
    max_member_bytes: int = 1024 * 2**20
    #: real (non-empty) cells of one sheet, or of one chunk of a CSV/Parquet file; a sheet with
    #: more is not read (`too_many_cells`)
    max_cells: int = 30_000_000
    #: columns read per sheet; cells right of this column are not read and the sheet says how many
    max_columns: int = 1_000
    #: characters kept per cell; a longer cell is cut to this length and listed in Sumber
    max_cell_chars: int = EXCEL_CELL_CHARS
    #: seconds spent reading one file (checked as it reads); a slower file is not read (`too_slow`).
    #: A CSV or Parquet file gets this much per STREAM_SECONDS_BYTES of its size (at least once).
    max_seconds: float = 300.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"{f.name} must be a positive number, not {value!r}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict | None) -> "Limits":
        return cls(**(values or {}))


DEFAULT = Limits()
#: rows of a CSV or Parquet file held as Python values at once (the rest is not yet read)
STREAM_ROWS = 50_000
#: ... and at most this many cells (a wide file gets shorter chunks)
STREAM_CELLS = 5_000_000
#: file size that earns a streamed file one more `max_seconds` (CSV reads at 30-100 MB/s here)
STREAM_SECONDS_BYTES = 256 * 2**20


class Clock:
    """The seconds-per-file bound, checked cooperatively by the readers' loops: reading is pure
    Python and C calls without a way to interrupt them from outside on Windows, so each loop asks
    `check()` every few thousand rows."""

    def __init__(self, limits: Limits, file: str):
        self.limits = limits
        self.file = file
        self.start = time.monotonic()
        self.deadline = self.start + limits.max_seconds

    def allow_for(self, size: int) -> None:
        """A streamed file's time bound grows with its size: a 2 GB DTKS extract is not hostile
        for taking longer than a 50 MB one; a slow small file still stops at `max_seconds`."""
        self.deadline = self.start + self.limits.max_seconds * max(1.0, size / STREAM_SECONDS_BYTES)

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise SourceError(f"reading took longer than {self.limits.max_seconds:g} s", file=self.file,
                              key="too_slow", params={"seconds": f"{self.limits.max_seconds:g}"})
