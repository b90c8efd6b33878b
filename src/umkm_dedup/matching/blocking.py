"""Candidate pairs from several blocking keys taken together, never from all pairs. Each key is
independent (a partition of the records), so keys can run anywhere; a guard skips blocks larger
than `max_block_size`, so one common key ("i made" in Bali) cannot explode."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .comparisons import Encoded


@dataclass
class BlockingStats:
    pairs_per_key: dict[str, int] = field(default_factory=dict)
    skipped_blocks: dict[str, int] = field(default_factory=dict)
    skipped_records: dict[str, int] = field(default_factory=dict)
    total_pairs: int = 0


def pairs_from_codes(codes: np.ndarray, max_block: int,
                     owners: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, int, int]:
    """All (i, j) with i < j sharing a code >= 0, for blocks of size 2..max_block.
    `owners` maps each code slot to its record when one record holds several codes (a deletion
    neighbourhood); pairs of a record with itself are dropped.
    Returns (left, right, skipped block count, records in skipped blocks). Fully vectorised."""
    if owners is not None:
        left, right, skipped, skipped_records = pairs_from_codes(codes, max_block)
        a, b = owners[left], owners[right]
        keep = a != b
        return np.minimum(a, b)[keep], np.maximum(a, b)[keep], skipped, skipped_records
    idx = np.flatnonzero(codes >= 0)
    if len(idx) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64), 0, 0
    # any order of the records inside a block gives the same pairs (each is min/max of two
    # members, and the caller merges them into a sorted set): numpy's default sort, not the
    # stable one, 3-4x faster on int64 codes (blocking and pre-flight sorts were 16 % of the
    # matching stage at 1M records)
    order = idx[np.argsort(codes[idx])]
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    lefts, rights = [], []
    too_big = sizes > max_block
    wanted = sizes[(sizes >= 2) & ~too_big]
    for size in np.flatnonzero(np.bincount(wanted)) if len(wanted) else []:
        group_starts = starts[sizes == size]
        members = order[group_starts[:, None] + np.arange(size)[None, :]]  # (groups, size)
        iu, ju = np.triu_indices(size, k=1)
        a, b = members[:, iu].ravel(), members[:, ju].ravel()
        lefts.append(np.minimum(a, b))
        rights.append(np.maximum(a, b))
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64), int(too_big.sum()), int(sizes[too_big].sum())
    return (np.concatenate(lefts).astype(np.int64), np.concatenate(rights).astype(np.int64),
            int(too_big.sum()), int(sizes[too_big].sum()))


def _nik_one_edit_codes(full: np.ndarray, present: np.ndarray) -> list[np.ndarray]:
    """Deletion neighbourhood of the NIK's region and date part: for each of the first 12 positions,
    the 15 other digits as one integer. Two NIKs one substitution apart there share a key. Serial
    typos are left to nik_region_birth_name: in a dense province every person born on one day in
    one district shares the serial prefix 000x (6.7M pairs at 1M records). `full, present`:
    _nik_numbers, parsed once for this and the transpositions."""
    out = []
    for pos in range(NIK_EDIT_POSITIONS):
        high = np.int64(10) ** np.int64(16 - pos)   # digits before pos
        low = np.int64(10) ** np.int64(15 - pos)    # digits after pos
        code = (full // high) * low + full % low
        out.append(np.where(present, code, -1))
    return out


def _nik_transposition_codes(full: np.ndarray, present: np.ndarray) -> list[np.ndarray]:
    """For each pair of adjacent positions p, p+1 in the region and date part, the NIK with those
    two digits in ascending order, where they differ: a NIK and the same NIK with the two digits
    swapped (1207 typed 1270) share exactly this code, and no other NIK does. (Once the NIK with
    digit p deleted shared a space with the NIK with digit p+1 deleted: that met transpositions
    but also every 'x a b y' with every 'x b c y', two substitutions apart; at 10M records it was
    150M of the run's 533M counted pairs.)"""
    out = []
    for pos in range(NIK_EDIT_POSITIONS - 1):
        first = np.int64(10) ** np.int64(15 - pos)   # place value of digit pos
        second = np.int64(10) ** np.int64(14 - pos)
        a, b = (full // first) % 10, (full // second) % 10
        code = full - a * first - b * second + np.minimum(a, b) * first + np.maximum(a, b) * second
        out.append(np.where(present & (a != b), code, -1))
    return out


def _nik_numbers(nik: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(each record's 16-digit NIK as an int64, -1 for none; where there is one), parsed once per
    distinct NIK: a text per record to parse (the feature is a categorical) was 2 s at 1,000,000
    records, and the pre-flight and the blocking both read it. Only the NIKs some record holds
    are parsed, so the parse sees the values a per-record parse would."""
    from ..normalize.distinct import distinct

    codes, uniques = distinct(nik)
    texts = pd.Series(uniques + [""], dtype=object).astype(str)   # code -1 (missing) picks the trailing ""
    used = np.bincount(np.where(codes >= 0, codes, len(uniques)), minlength=len(texts)) > 0
    valid = (texts.str.len().to_numpy() == 16) & used
    number = np.full(len(texts), -1, np.int64)
    if valid.any():
        number[valid] = pd.to_numeric(texts[valid]).to_numpy(np.int64)
    return number[codes], valid[codes]


def _deletion_codes(values: pd.Series) -> list[np.ndarray]:
    """One-substitution neighbourhood of short identifiers (any length): two values one
    substitution apart share a key. Codes per distinct value, then broadcast.

    Column j holds the variant with position j blanked: two values one substitution apart share
    exactly that variant, at the same position, so they meet in the same column. (Variants were
    once numbered in set order, which changed with Python's string hashing from run to run and
    could put the shared variant in different columns for the two values.)"""
    codes, uniques = pd.factorize(values, sort=False)
    variants: dict[str, int] = {}
    rows: list[list[int]] = []
    for u in uniques.tolist():
        keys = [u[:i] + "\x00" + u[i + 1:] for i in range(len(u))] if u and len(u) <= 40 else []
        rows.append([variants.setdefault(k, len(variants)) for k in keys])
    width = max((len(r) for r in rows), default=0)
    table = np.full((len(rows) + 1, width), -1, np.int64)
    for i, r in enumerate(rows):
        table[i, :len(r)] = r
    picked = table[np.where(codes >= 0, codes, len(rows))]
    return [picked[:, j] for j in range(width)]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique for large int64 arrays, by sorting in place (faster than numpy 2's hash path here)."""
    values.sort(kind="quicksort")
    keep = np.empty(len(values), bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _combine(*codes: np.ndarray) -> np.ndarray:
    """One int64 key from several code columns; -1 when any part is empty."""
    out = np.zeros(len(codes[0]), np.int64)
    ok = np.ones(len(codes[0]), bool)
    for c in codes:
        ok &= c >= 0
        out = out * np.int64(int(c.max(initial=0)) + 1) + np.maximum(c, 0)
    return np.where(ok, out, -1)


#: the feature columns whose values, all non-empty, make up each blocking key: one spec read by
#: both engines (key_codes here; matching/spark/blocking.py on Spark)
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "nik": ("nik",),
    # the last digit mistyped, with the initial of the distinctive name: the first 15 digits alone
    # are shared by the ten people born on one day in one district with serials 0001-0009
    "nik15": ("nik15", "name_initial"),
    "nik_region_birth_name": ("nik_region6", "birth", "name_first"),
    # the date and serial digits with the first distinctive word of the name (after titles and
    # abbreviations): a typo anywhere in the region part (51 -> 31, 5108 -> 5180); the name's
    # first word as written ("i", "ni") kept a whole province's same-day serials together
    # (98M pairs at 10M records, against 6M)
    "nik_tail_name": ("nik_tail", "core_first"),
    "phone": ("phone",),
    "name_district": ("name_phon", "district"),
    # in one district: a common name with house number 7 across a province was 63M pairs at 10M
    "name_house_number": ("name_phon", "address_numbers", "district"),
    "name_village": ("name_phon", "village"),
    "name_birth": ("name_phon", "birth"),
    # the first distinctive word of the name with the birth date: meets 'I W. Widana' and
    # 'I Wayan Widana', 'I Komag Muliana' and 'I Komang Muliana' (a mover's two records)
    "core_birth": ("core_first", "birth"),
    "address_village": ("address", "village"),
    "birth_village": ("birth", "village"),
    "other_id": ("other_id",),
    # (no name part: FEBRL's corrupted names, a first letter mistyped or given name and surname
    # swapped, lost pairs with the initial beside it; 57M pairs at 10M records, 13M with it)
    "birth_district": ("birth", "district"),
    # the distinctive part of the name alone (no area): catches people listed far from home;
    # the block guard drops common names, for which the other keys remain
    "name_rare": ("name_rare",),
}
#: keys from a deletion neighbourhood: (the column deleted from, the column kept whole beside it)
DELETION_KEYS: dict[str, tuple[str, str | None]] = {
    "nik_one_edit": ("nik", "name_initial"),
    "other_id_one_edit": ("other_id", None),
}
#: NIK positions whose deletion makes a nik_one_edit key (the region and date part)
NIK_EDIT_POSITIONS = 12


def key_codes(enc: Encoded, key: str) -> list:
    """Integer block codes (-1 = no key) for one blocking key: one or more arrays of one code
    per record, each array its own key space."""
    c = lambda name: enc.codes(name)[0]  # noqa: E731
    if key in KEY_COLUMNS:
        columns = KEY_COLUMNS[key]
        return [c(columns[0])] if len(columns) == 1 else [_combine(*(c(col) for col in columns))]
    if key == "nik_one_edit":
        # with the initial of the distinctive name: NIKs are dense (every birthday in every district
        # has a serial 0001), so a NIK alone has dozens of real neighbours one digit away. One
        # space per position: a space at a time keeps memory small
        initial = c("name_initial")
        numbers = _nik_numbers(enc.feats["nik"])
        spaces = _nik_one_edit_codes(*numbers) + _nik_transposition_codes(*numbers)
        return [np.where((k >= 0) & (initial >= 0), k * 64 + initial, -1) for k in spaces]
    if key == "other_id_one_edit":
        return _deletion_codes(enc.feats["other_id"])
    raise KeyError(key)


def candidate_pairs(enc: Encoded, keys: list[str], max_block: int) -> tuple[pd.DataFrame, BlockingStats]:
    """Distinct candidate pairs (positional indices left < right) and per-key statistics."""
    stats = BlockingStats()
    packed = np.empty(0, np.int64)
    n_records = len(enc.feats)
    for key in keys:
        found = 0
        for codes in key_codes(enc, key):
            left, right, skipped, skipped_records = pairs_from_codes(codes, max_block)
            stats.skipped_blocks[key] = stats.skipped_blocks.get(key, 0) + skipped
            stats.skipped_records[key] = stats.skipped_records.get(key, 0) + skipped_records
            if len(left):
                # merge into the running set at once: the raw pairs of all keys never coexist
                packed = _sorted_unique(np.concatenate([packed, left * np.int64(n_records) + right]))
                found += len(left)
        stats.pairs_per_key[key] = found
    n = np.int64(max(n_records, 1))
    # positions as int32 where they fit (every run short of 2^31 records): 8 bytes less per pair,
    # held from here to the end of the run (at 3,000,000 records, ~50M pairs: 0.4 GB)
    index = np.int32 if n_records < 2**31 else np.int64
    pairs = pd.DataFrame({"left": (packed // n).astype(index), "right": (packed % n).astype(index)})
    del packed
    stats.total_pairs = len(pairs)
    return pairs, stats
