"""Pre-flight: before any pair is built, count the candidate pairs every blocking key will give,
exactly, from the sizes of its key groups (a group of k records gives k*(k-1)/2 pairs, a group
past max_block_size none), estimate the run's peak memory and time from them, and refuse a run
that would not fit, with what was counted and what to do. Without it a province's run that
cannot fit dies half-way (MemoryError, or the system killing it) after minutes, saying nothing.

    estimate = count(enc, settings)            # Estimate: pairs per key, large blocks, peak, seconds
    refuse_if_too_big(estimate, max_memory)    # CapacityError (exit 4) when it does not fit

The formula (bytes and seconds per record and per pair) is calibrated on the generator by
bench/bench_scale.py; the README states its figures and how far off the estimate was.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ..core.errors import UmkmError

#: peak bytes per record (records, features, their codes, the report's frames) and per counted
#: pair (a pair found by several keys counts once per key, as blocking's raw pairs do before
#: their union; then the pair's held columns, the orders and Arrow columns the outputs build),
#: fitted on `bench/bench_scale.py` / `bench/trace_memory.py` runs of the generator's Bali lists:
#: workbooks at 93k and 931k records, Parquet at 2.79M (refitted 2026-12-03 after the pairs held
#: only the columns their evidence is made of and the pairs' order became one word at 2.8M:
#: 296 MiB + 1,013 B/record + 24 B/pair through the three VmHWMs, 0.40 / 1.60 / 4.92 GB;
#: rounded up here, within +2 % of each. It was 413 MiB + 560 B/record + 80 B/pair before, which
#: overestimated those peaks by 33 %, 44 % and 71 %): the records, not the pairs, now decide it
BYTES_PER_RECORD = 1020
BYTES_PER_PAIR = 25
#: the interpreter and libraries loaded before any record (pandas, pyarrow, numpy, rapidfuzz),
#: and what a run holds whatever its size
BASE_BYTES = 300 * 2**20
#: seconds of matching and writing per record and per counted pair on the 2-core machine the
#: figures come from, unloaded (279,468 records: 28.6 s measured, 31 s estimated); a rough
#: guide, printed as such
SECONDS_PER_RECORD = 100e-6
SECONDS_PER_PAIR = 3e-6
#: blocks reported by name (masked) as the largest of a key
LARGE_BLOCKS = 3

def key_fields(key: str) -> tuple[str, ...]:
    """The feature columns a blocking key is made of (matching/blocking.py's specs), for naming a
    large block by the values its records share."""
    from .blocking import DELETION_KEYS, KEY_COLUMNS

    if key in KEY_COLUMNS:
        return KEY_COLUMNS[key]
    return tuple(c for c in DELETION_KEYS.get(key, ()) if c)


class CapacityError(UmkmError):
    """The run would not fit in the memory it may use: refused before matching (exit 4)."""

    exit_code = 4


@dataclass
class KeyCount:
    key: str
    pairs: int = 0                 # exactly the pairs this key gives (before the union with other keys)
    groups: int = 0                # key groups of 2..max_block_size records
    largest: int = 0               # the largest group compared
    skipped_blocks: int = 0        # groups past max_block_size (never compared)
    large: list[dict] = field(default_factory=list)   # the largest groups: size, masked value


@dataclass
class Estimate:
    records: int
    pairs: int                     # sum over keys: an upper bound of the distinct candidate pairs
    keys: list[KeyCount]
    peak_bytes: int
    seconds: float
    max_memory: int | None = None  # what the run may use; None: not known (no refusal)

    @property
    def fits(self) -> bool:
        return self.max_memory is None or self.peak_bytes <= self.max_memory

    def records_that_fit(self) -> int:
        """About how many records of this shape (pairs per record) fit in max_memory."""
        if not self.max_memory or not self.records:
            return 0
        per_record = BYTES_PER_RECORD + BYTES_PER_PAIR * self.pairs / self.records
        return max(0, int((self.max_memory - BASE_BYTES) / per_record))

    def to_dict(self) -> dict:
        out = asdict(self)
        out["fits"] = self.fits
        return out


def peak_bytes(records: int, pairs: int) -> int:
    return int(BASE_BYTES + BYTES_PER_RECORD * records + BYTES_PER_PAIR * pairs)


def seconds(records: int, pairs: int) -> float:
    return SECONDS_PER_RECORD * records + SECONDS_PER_PAIR * pairs


def _groups(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct codes, ascending, and their sizes) over codes >= 0. Sorting the codes themselves
    (no argsort: the slots are not needed) is ~8x faster than a stable argsort of them."""
    ordered = np.sort(codes[codes >= 0])
    if not len(ordered):
        empty = np.empty(0, np.int64)
        return empty, empty
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    return ordered[starts], sizes


def _largest(sizes: np.ndarray, k: int) -> np.ndarray:
    """The k largest groups, ties by their order (np.argsort(-sizes, kind="stable")[:k]), without
    sorting every group: only those at least as large as the k-th largest."""
    if len(sizes) <= k:
        return np.argsort(-sizes, kind="stable")
    threshold = np.partition(sizes, len(sizes) - k)[len(sizes) - k]
    candidates = np.flatnonzero(sizes >= threshold)
    return candidates[np.argsort(-sizes[candidates], kind="stable")][:k]


def count_key(enc, key: str, max_block: int) -> KeyCount:
    """The pairs one blocking key gives, from its group sizes; never builds a pair."""
    from .blocking import key_codes

    out = KeyCount(key)
    biggest: list[tuple[int, int]] = []   # (size, a record of the group)
    for codes in key_codes(enc, key):
        values, sizes = _groups(codes)
        kept = (sizes >= 2) & (sizes <= max_block)
        k = sizes[kept].astype(np.int64)
        pairs = int((k * (k - 1) // 2).sum())
        out.pairs += pairs
        out.groups += int(kept.sum())
        out.skipped_blocks += int((sizes > max_block).sum())
        if kept.any():
            out.largest = max(out.largest, int(sizes[kept].max()))
        for i in _largest(sizes, LARGE_BLOCKS):
            if sizes[i] >= 2:   # the group's first record: the one its masked value is read from
                slot = int(np.argmax(codes == values[i]))
                biggest.append((int(sizes[i]), slot))
    biggest.sort(key=lambda s: -s[0])
    out.large = [{"size": size, "value": masked_key_value(enc, key, record), "compared": size <= max_block}
                 for size, record in biggest[:LARGE_BLOCKS]]
    return out


def masked_key_value(enc, key: str, record: int) -> str:
    """What the records of a group share, masked: the first two characters of each part, the
    rest as `*` (a common name's block says "i ***** / gi*****", never a person's NIK or name)."""
    parts = []
    for name in key_fields(key):
        if name not in enc.feats:
            continue
        parts.append(mask_value(str(enc.feats[name].iloc[record])))
    return " / ".join(parts)


def mask_value(text: str) -> str:
    return text[:2] + re.sub(r"\S", "*", text[2:])


def count(enc, settings, max_memory: int | None = None) -> Estimate:
    """Every blocking key's exact pair count, and the estimate of the run's peak and time."""
    keys = [count_key(enc, key, settings.max_block_size) for key in settings.blocking]
    records = len(enc.feats)
    pairs = sum(k.pairs for k in keys)
    return Estimate(records=records, pairs=pairs, keys=keys, peak_bytes=peak_bytes(records, pairs),
                    seconds=round(seconds(records, pairs), 1), max_memory=max_memory)


def refuse_if_too_big(estimate: Estimate) -> None:
    """A CapacityError naming what was counted, what fits and what to do, when it does not fit."""
    if estimate.fits:
        return
    top = max(estimate.keys, key=lambda k: k.pairs, default=KeyCount(""))
    params = {"records": estimate.records, "pairs": estimate.pairs, "blocking_key": top.key, "key_pairs": top.pairs,
              "need": size_text(estimate.peak_bytes), "limit": size_text(estimate.max_memory or 0),
              "fit": estimate.records_that_fit()}
    raise CapacityError(f"pre-flight: {estimate.records:,} records give {estimate.pairs:,} candidate pairs "
                        f"(most from key {top.key}: {top.pairs:,}); estimated peak memory {params['need']}, "
                        f"more than the {params['limit']} allowed; about {params['fit']:,} records of this kind fit",
                        key="too_large_run", params=params)


class Size(int):
    """A number of bytes that the catalogue writes in the reader's language (22,7 GB / 22.7 GB)."""

    def localized(self, lang: str) -> str:
        text = f"{self / 2**30:.1f} GB" if self >= 2**30 else f"{self / 2**20:,.0f} MB"
        return text.translate(str.maketrans(",.", ".,")) if lang == "id" else text

    def __str__(self) -> str:
        return self.localized("en")


def size_text(n: int) -> Size:
    return Size(n)


_UNITS = {"": 1, "b": 1, "k": 2**10, "kb": 2**10, "m": 2**20, "mb": 2**20, "g": 2**30, "gb": 2**30,
          "t": 2**40, "tb": 2**40}


def parse_size(text: str) -> int | None:
    """'2G', '1500MB', '0.5 gb', '2147483648' -> bytes; '0' or 'off': no limit (None). ValueError otherwise."""
    cleaned = str(text).strip().lower().replace(",", ".")
    if cleaned in ("0", "off", "none", "tidak"):
        return None
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z]*)", cleaned)
    if not match or match.group(2) not in _UNITS:
        raise ValueError(text)
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def available_memory() -> int | None:
    """Bytes of memory this machine can give a new process now, without POSIX-only modules:
    /proc/meminfo's MemAvailable on Linux, GlobalMemoryStatusEx on Windows, sysconf elsewhere;
    None when none of them answers (then nothing is refused, the estimate is still printed)."""
    meminfo = Path("/proc/meminfo")
    try:
        for line in meminfo.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    if sys.platform == "win32":
        try:
            import ctypes

            class _Status(ctypes.Structure):
                _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                            ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                            ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                            ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                            ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

            status = _Status()
            status.dwLength = ctypes.sizeof(_Status)
            if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
                return int(status.ullAvailPhys)
        except (OSError, AttributeError, ValueError):
            pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None
