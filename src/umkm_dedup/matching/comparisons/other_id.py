"""Another person identifier the lists carry (DTKS id, Prakerja participant number, NIB)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .base import Comparison, PairView


@dataclass
class OtherIdComparison(Comparison):
    name = "other_id"
    levels = ("exact", "one_edit", "different")
    inputs = ("other_id",)
    fields = ("other_id",)
    m_prior = (0.9, 0.05, 0.05)
    u_prior = (1e-4, 1e-4, 0.9998)

    #: at most this many edits (substitution, insertion, deletion, adjacent swap) is one typo
    max_edits: int = 1

    def compare(self, v: PairView) -> np.ndarray:
        a, b = v.code("other_id")
        present = (a >= 0) & (b >= 0)
        level = self.start(len(a))
        self.put(level, present, "different")
        differ = present & (a != b)
        if differ.any():
            ta, tb = v.text("other_id")
            dist = process.cpdist(ta[differ], tb[differ], scorer=DamerauLevenshtein.distance, workers=-1)
            idx = np.flatnonzero(differ)
            self.put(level, idx[dist <= self.max_edits], "one_edit")
        self.put(level, present & (a == b), "exact")
        return level
