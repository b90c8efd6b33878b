"""Candidate pairs from several blocking keys taken together, never from all pairs. Each key is
independent (a partition of the records), so keys can run anywhere; a guard skips blocks larger
than `max_block_size`, so one common key ("i made" in Bali) cannot explode."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..normalize.names import BALI_ORDER


@dataclass
class BlockingStats:
    pairs_per_key: dict[str, int] = field(default_factory=dict)
    skipped_blocks: dict[str, int] = field(default_factory=dict)
    skipped_records: dict[str, int] = field(default_factory=dict)
    total_pairs: int = 0


def pairs_from_codes(codes: np.ndarray, max_block: int) -> tuple[np.ndarray, np.ndarray, int, int]:
    """All (i, j) with i < j sharing a code >= 0, for blocks of size 2..max_block.
    Returns (left, right, skipped block count, records in skipped blocks). Fully vectorised."""
    idx = np.flatnonzero(codes >= 0)
    if len(idx) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64), 0, 0
    order = idx[np.argsort(codes[idx], kind="stable")]
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    lefts, rights = [], []
    too_big = sizes > max_block
    for size in np.unique(sizes[(sizes >= 2) & ~too_big]):
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


def _codes(key: pd.Series) -> np.ndarray:
    values = key.to_numpy(dtype=object)
    codes, _ = pd.factorize(values)
    codes[values == ""] = -1
    return codes


def _nik_one_edit_codes(nik: pd.Series) -> list[np.ndarray]:
    """Deletion neighbourhood of the NIK: for each position, the 15 other digits as one integer.
    Two NIKs one substitution or one adjacent transposition apart share one of these keys."""
    present = nik.str.len().to_numpy() == 16
    digits = np.zeros((len(nik), 16), dtype=np.int64)
    if present.any():
        arr = np.frombuffer("".join(nik[present]).encode(), dtype=np.uint8).reshape(-1, 16) - 48
        digits[present] = arr
    powers = 10 ** np.arange(14, -1, -1, dtype=np.int64)
    out = []
    for pos in range(16):
        rest = np.delete(digits, pos, axis=1)
        code = rest @ powers
        code = np.where(present, code, -1)
        out.append(code)
    return out


def key_series(feats: pd.DataFrame, key: str) -> pd.Series | None:
    f = feats
    name = f["name_phon"]
    has_name = name != ""

    def join(*cols, require=()):
        s = cols[0]
        for c in cols[1:]:
            s = s + "|" + c
        ok = np.ones(len(f), bool)
        for c in cols:
            ok &= (c != "").to_numpy()
        return s.where(ok, "")

    if key == "nik":
        return f["nik"]
    if key == "nik15":
        return f["nik"].str[:15].where(f["nik"] != "", "")
    if key == "nik_region_birth_name":
        region = f["nik"].str[:6].where(f["nik"] != "", "")
        return join(region, f["birth"], f["name_first"])
    if key == "phone":
        return f["phone"]
    if key == "name_district":
        return join(name, f["district"])
    if key == "name_village":
        return join(name, f["village"])
    if key == "name_birth":
        return join(name, f["birth"])
    if key == "address_village":
        return join(f["address"], f["village"])
    if key == "birth_village":
        return join(f["birth"], f["village"])
    if key == "name_rare":
        # the distinctive part of the name alone (no area): catches people listed far from home;
        # the block guard drops common names, for which the other keys remain
        core = f["name_core"].where(~f["name_core"].isin(BALI_ORDER), "")
        return core.where(has_name & (core.str.len() >= 6), "")
    raise KeyError(key)


def candidate_pairs(feats: pd.DataFrame, keys: list[str], max_block: int) -> tuple[pd.DataFrame, BlockingStats]:
    """Distinct candidate pairs (positional indices left < right) and per-key statistics."""
    stats = BlockingStats()
    all_pairs = []
    for key in keys:
        code_sets = _nik_one_edit_codes(feats["nik"]) if key == "nik_one_edit" else [_codes(key_series(feats, key))]
        found = 0
        for codes in code_sets:
            left, right, skipped, skipped_records = pairs_from_codes(codes, max_block)
            stats.skipped_blocks[key] = stats.skipped_blocks.get(key, 0) + skipped
            stats.skipped_records[key] = stats.skipped_records.get(key, 0) + skipped_records
            if len(left):
                all_pairs.append(left * np.int64(len(feats)) + right)
                found += len(left)
        stats.pairs_per_key[key] = found
    if all_pairs:
        packed = np.unique(np.concatenate(all_pairs))
    else:
        packed = np.empty(0, np.int64)
    n = np.int64(max(len(feats), 1))
    pairs = pd.DataFrame({"left": packed // n, "right": packed % n})
    stats.total_pairs = len(pairs)
    return pairs, stats
