"""Birth dates: exact, one part differing (or day and month swapped), different."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Comparison, PairView


@dataclass
class BirthDateComparison(Comparison):
    """Declared birth dates; a date read from the NIK only stands in when the NIKs themselves are
    not compared (otherwise the NIK's date digits would count twice)."""

    name = "birth_date"
    levels = ("exact", "one_part", "different")
    inputs = ("birth", "birth_declared", "nik")
    fields = ("birth_date",)
    m_prior = (0.93, 0.04, 0.03)
    u_prior = (4e-4, 0.005, 0.9946)

    #: of year, month and day, at least this many equal is one_part (a typo in one of them)
    parts_for_one_part: int = 2

    def compare(self, v: PairView) -> np.ndarray:
        a, b = v.col("birth_int")
        da_, db_ = v.col("birth_declared_int")
        fa, fb = v.code("nik")
        nik_compared = (fa >= 0) & (fb >= 0)
        a = np.where(nik_compared, da_, a)
        b = np.where(nik_compared, db_, b)
        present = (a > 0) & (b > 0)
        ya, ma, dd_a = a // 10000, (a // 100) % 100, a % 100
        yb, mb, dd_b = b // 10000, (b // 100) % 100, b % 100
        same = (ya == yb).astype(np.int8) + (ma == mb) + (dd_a == dd_b)
        swapped = (ya == yb) & (ma == dd_b) & (dd_a == mb)
        level = self.start(len(a), "different")
        self.put(level, (same >= self.parts_for_one_part) | swapped, "one_part")
        self.put(level, same == 3, "exact")
        self.put(level, ~present, None)
        return level
