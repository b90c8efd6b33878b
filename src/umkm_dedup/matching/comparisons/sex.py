"""Sex, as stated, or read from the name (Ni/I) or the NIK."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Comparison, PairView


@dataclass
class SexComparison(Comparison):
    name = "sex"
    levels = ("same", "different")
    inputs = ("sex",)
    fields = ("sex",)
    m_prior = (0.98, 0.02)
    u_prior = (0.5, 0.5)

    def compare(self, v: PairView) -> np.ndarray:
        a, b = v.code("sex")
        level = self.start(len(a), "different")
        self.put(level, a == b, "same")
        self.put(level, (a < 0) | (b < 0), None)
        return level
