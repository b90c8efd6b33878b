"""Household fields as one comparison: phone, address, KK, village, district."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .base import Comparison, PairView


@dataclass
class ContactComparison(Comparison):
    """Phone, address, KK, village and district are one comparison, because spouses share them all
    and counting them as independent is exactly how peers get lured into merging spouses. The
    strongest shared one sets the level; `none` when they can be compared and nothing is shared."""

    name = "contact"
    levels = ("phone_and_address", "kk", "phone", "address", "village", "district", "none")
    inputs = ("phone", "address", "rt_rw", "kk", "village", "district", "address_numbers")
    fields = ("phone", "address", "village", "district", "kk")
    m_prior = (0.30, 0.05, 0.20, 0.15, 0.15, 0.07, 0.08)
    u_prior = (3e-4, 3e-4, 3e-4, 0.0135, 0.003, 0.016, 0.9665)

    #: token sort ratio at or above which two addresses are one (when RT/RW, house number and
    #: village do not conflict)
    address_similar: float = 0.85

    def compare(self, v: PairView) -> np.ndarray:
        pa, pb = v.code("phone")
        aca, acb = v.code("address")
        ra, rb = v.code("rt_rw")
        ka, kb = v.code("kk")
        via, vib = v.code("village")
        dia, dib = v.code("district")
        phone_ok = (pa >= 0) & (pb >= 0)
        addr_ok = (aca >= 0) & (acb >= 0)
        addr_sim = np.zeros(len(pa))
        fuzzy = addr_ok & (aca != acb)
        addr_sim[addr_ok & (aca == acb)] = 1.0
        if fuzzy.any():
            aa, ab = v.text("address")
            addr_sim[fuzzy] = process.cpdist(aa[fuzzy], ab[fuzzy], scorer=fuzz.token_sort_ratio, workers=-1) / 100
        rt_conflict = (ra >= 0) & (rb >= 0) & (ra != rb)
        na, nb = v.code("address_numbers")
        number_conflict = (na >= 0) & (nb >= 0) & (na != nb)   # Jl. Kenanga 42 is not Jl. Kenanga 36
        village_conflict = (via >= 0) & (vib >= 0) & (via != vib)
        phone_eq = phone_ok & (pa == pb)
        addr_eq = addr_ok & (addr_sim >= self.address_similar) & ~rt_conflict & ~number_conflict & ~village_conflict
        kk_eq = (ka >= 0) & (ka == kb)
        village_eq = (via >= 0) & (via == vib) & ((dia < 0) | (dib < 0) | (dia == dib))
        district_eq = (dia >= 0) & (dia == dib)
        comparable = phone_ok | addr_ok | ((via >= 0) & (vib >= 0)) | ((dia >= 0) & (dib >= 0))
        level = self.start(len(pa))
        self.put(level, comparable, "none")
        self.put(level, district_eq, "district")
        self.put(level, village_eq, "village")
        self.put(level, addr_eq, "address")
        self.put(level, phone_eq, "phone")
        self.put(level, kk_eq, "kk")
        self.put(level, phone_eq & addr_eq, "phone_and_address")
        return level
