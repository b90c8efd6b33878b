"""NIK: the person key, compared digit by digit (Excel truncation, one typo, same stem)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Comparison, PairView


@dataclass
class NikComparison(Comparison):
    """exact; prefix15 (Excel truncation: the 16th digit is unknown); one_edit (one substitution or
    adjacent transposition in the region or date part); same_stem (region and date equal, serial
    differs: a typo, or two people born the same day in the same district — the serial is what
    tells them apart); exact_unverified (equal, not both valid); different_unverified (a NIK
    contradicting its record, a KK typed as NIK, on one side); different. When either NIK is
    truncated only 15 digits are compared; a KK-like NIK on either side says nothing (missing)."""

    name = "nik"
    levels = ("exact", "prefix15", "one_edit", "same_stem", "exact_unverified", "different_unverified", "different")
    inputs = ("nik", "nik_trusted", "nik_valid", "nik_kk_like", "nik_truncated")
    fields = ("nik",)
    m_prior = (0.88, 0.03, 0.04, 0.01, 0.01, 0.02, 0.01)
    u_prior = (3e-4, 3e-4, 3e-4, 3e-4, 3e-4, 0.14, 0.8585)
    #: a NIK stem (district + birth date) repeats what the birth date and area comparisons already
    #: say, and its serial differs
    neutral = ("same_stem",)

    #: digits compared for the stem (region 6 + birth date 6)
    stem_digits: int = 12

    def compare(self, v: PairView) -> np.ndarray:
        a, b = v.code("nik")
        ta, tb = v.col("nik_trusted")
        va, vb = v.col("nik_valid")
        ka, kb = v.col("nik_kk_like")
        tra, trb = v.col("nik_truncated")
        da, db = v.col("nik_digits")
        truncated = tra | trb
        diff = da != db
        diff[:, 15] &= ~truncated
        hd = diff.sum(axis=1)
        first = diff.argmax(axis=1)
        rows = np.arange(len(first))
        nxt = np.minimum(first + 1, 15)
        swapped = ((hd == 2) & diff[rows, nxt] & (da[rows, first] == db[rows, nxt]) & (da[rows, nxt] == db[rows, first]))
        stem_equal = ~diff[:, :self.stem_digits].any(axis=1)
        present = (a >= 0) & (b >= 0)
        # trustworthy on both sides (a truncated NIK's first 15 digits count); a NIK contradicting its
        # record (a KK typed as NIK) only gives the weaker different_unverified
        both_checked = (ta | (tra & va)) & (tb | (trb & vb))
        level = self.start(len(a))
        # later assignments win: weakest first
        self.put(level, present, "different_unverified")
        self.put(level, present & both_checked, "different")
        self.put(level, present & ((hd == 1) | swapped) & ~stem_equal, "one_edit")
        self.put(level, present & stem_equal & (hd >= 1), "same_stem")
        self.put(level, present & (hd == 0) & ~(va & vb) & ~truncated, "exact_unverified")
        self.put(level, present & (hd == 0) & truncated, "prefix15")
        self.put(level, present & (hd == 0) & va & vb & ~truncated, "exact")
        self.put(level, ka | kb, None)  # a KK typed into the NIK column says nothing about the person
        return level
