"""Stable orders on several integer keys at once. Packing the keys into as few int64 words as their
ranges allow makes a multi-key order one argsort (or a narrow lexsort), and a per-group "best
record" a minimum of one number: at 1,000,000 records a wide lexsort costs seconds."""

from __future__ import annotations

import numpy as np


def _words(keys, max_words: int | None = None) -> list[np.ndarray] | None:
    """Non-negative keys, most significant first, packed into 62-bit words (None when more than
    `max_words` would be needed)."""
    words: list[np.ndarray] = []
    word, used = None, 0
    for key in keys:
        key = np.asarray(key, dtype=np.int64)
        bits = max(int(key.max(initial=0)).bit_length(), 1)
        if word is None or used + bits > 62:
            if word is not None:
                words.append(word)
                if max_words is not None and len(words) >= max_words:
                    return None
            word, used = key.copy(), bits
        else:   # in place: at 50 million pairs each temporary word is 0.4 GB
            word <<= bits
            word |= key
            used += bits
    if word is not None:
        words.append(word)
    return words


def pack_keys(*keys: np.ndarray) -> np.ndarray | None:
    """The keys packed into one int64 (None when their ranges need more than 62 bits)."""
    words = _words(keys, max_words=1)
    return words[0] if words else None


def sort_order(*keys: np.ndarray) -> np.ndarray:
    """Stable order by non-negative integer keys, most significant first."""
    words = _words(keys)
    if len(words) == 1:
        return np.argsort(words[0], kind="stable")
    return np.lexsort(words[::-1])


def first_of_each(sorted_groups: np.ndarray) -> np.ndarray:
    """True at the first element of each run of equal values in a sorted array."""
    return np.r_[True, sorted_groups[1:] != sorted_groups[:-1]] if len(sorted_groups) else np.zeros(0, bool)


def pair_score(weight: np.ndarray) -> np.ndarray:
    """A pair's weight to 4 decimals as an integer: the first key of the pairs' order
    (pipeline._pair_order; the Spark engine's executors compute it to sort the pairs file).
    A chunk at a time into the one int64 result: at 14M pairs the whole-array temporaries of the
    same arithmetic (float32, float64, product, rounded) were 0.4 GB over every pair."""
    weight = np.asarray(weight)
    out = np.empty(len(weight), np.int64)
    for start in range(0, len(weight), _SCORE_CHUNK):
        part = weight[start:start + _SCORE_CHUNK]
        out[start:start + _SCORE_CHUNK] = np.rint(part.round(4).astype(np.float64) * 10_000)
    return out


_SCORE_CHUNK = 1 << 20
