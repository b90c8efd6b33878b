"""Comparisons: for each candidate pair, which level of agreement each field reaches. Levels are
ordered from strongest agreement to strongest disagreement; -1 means no evidence (a value missing).
Household fields (phone, address, KK, village) are one comparison, because spouses share them all
and counting them as independent is exactly how peers get lured into merging spouses."""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from ..normalize.names import BALI_ORDER

LEVELS: dict[str, list[str]] = {
    "nik": ["exact", "prefix15", "one_edit", "exact_unverified", "different_unverified", "different"],
    "name": ["exact", "phonetic", "very_similar", "similar", "partial", "different"],
    "birth_date": ["exact", "one_part", "different"],
    "sex": ["same", "different"],
    "contact": ["phone_and_address", "kk", "phone", "address", "village", "district", "none"],
}

#: a person keeps the birth-order name they are known by; two different ones mean two people
_ORDER_GROUP = {name: i for i, name in enumerate(
    ["wayan", "putu", "gede", "luh", "made", "kadek", "nengah", "nyoman", "komang", "ketut"], 1)}


class PairView:
    """Left/right feature arrays for a chunk of pairs, built once per chunk."""

    def __init__(self, feats: pd.DataFrame, left: np.ndarray, right: np.ndarray, cache: dict):
        self.feats, self.left, self.right, self.cache = feats, left, right, cache

    def col(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        arr = self.cache.get(name)
        if arr is None:
            arr = self.feats[name].to_numpy()
            self.cache[name] = arr
        return arr[self.left], arr[self.right]


def nik_digit_matrix(nik: pd.Series) -> np.ndarray:
    present = nik.str.len().to_numpy() == 16
    digits = np.zeros((len(nik), 16), dtype=np.uint8)
    if present.any():
        digits[present] = np.frombuffer("".join(nik[present]).encode(), dtype=np.uint8).reshape(-1, 16)
    return digits


def compare_nik(v: PairView) -> np.ndarray:
    a, b = v.col("nik")
    ta, tb = v.col("nik_trusted")
    va, vb = v.col("nik_valid")
    ka, kb = v.col("nik_reason")
    tra, trb = v.col("nik_truncated")
    digits = v.cache.get("_nik_digits")
    if digits is None:
        digits = nik_digit_matrix(v.feats["nik"])
        v.cache["_nik_digits"] = digits
    da, db = digits[v.left], digits[v.right]
    diff = da != db
    hd = diff.sum(axis=1)
    first = diff.argmax(axis=1)
    rows = np.arange(len(first))
    nxt = np.minimum(first + 1, 15)
    swapped = ((hd == 2) & diff[rows, nxt] & (da[rows, first] == db[rows, nxt]) & (da[rows, nxt] == db[rows, first]))
    present = (a != "") & (b != "")
    kk_like = (ka == "kk_like") | (kb == "kk_like")
    level = np.full(len(a), -1, dtype=np.int8)
    equal = present & (hd == 0)
    prefix = present & (hd <= 1) & ~diff[:, :15].any(axis=1) & (tra | trb)
    one_edit = present & ((hd == 1) | swapped)
    both_trusted = ta & tb
    level[present] = 4  # different_unverified
    level[present & both_trusted] = 5
    level[one_edit] = 2
    level[equal & ~(va & vb)] = 3
    level[prefix] = 1
    level[equal & va & vb & ~tra & ~trb] = 0
    level[kk_like] = -1  # a KK typed into the NIK column says nothing about the person
    return level


def _name_order(norms: np.ndarray) -> np.ndarray:
    out = np.zeros(len(norms), dtype=np.int8)
    for i, n in enumerate(norms):
        for tok in n.split()[:3]:
            g = _ORDER_GROUP.get(tok)
            if g:
                out[i] = g
                break
    return out


def compare_name(v: PairView) -> np.ndarray:
    a, b = v.col("name_norm")
    pa, pb = v.col("name_phon")
    ca, cb = v.col("name_core")
    if "name_order" not in v.cache:
        uniq, inv = np.unique(v.feats["name_norm"].to_numpy(dtype=object), return_inverse=True)
        v.cache["name_order"] = _name_order(uniq)[inv]
    oa, ob = v.col("name_order")
    present = (a != "") & (b != "")
    jw = process.cpdist(ca, cb, scorer=JaroWinkler.normalized_similarity, workers=-1)
    ts = process.cpdist(ca, cb, scorer=fuzz.token_sort_ratio, workers=-1) / 100.0
    tset = process.cpdist(ca, cb, scorer=fuzz.token_set_ratio, workers=-1) / 100.0
    sim = np.maximum(jw, ts)
    order_ok = (oa == 0) | (ob == 0) | (oa == ob)  # Ni Wayan Lestari is not Ni Made Lestari
    level = np.full(len(a), 5, dtype=np.int8)
    level[tset >= 0.9] = 4
    level[(sim >= 0.88) & order_ok] = 3
    level[(sim >= 0.95) & order_ok] = 2
    level[(pa == pb) & order_ok] = 1
    level[a == b] = 0
    level[~present] = -1
    return level


def compare_birth(v: PairView) -> np.ndarray:
    """Declared birth dates; a date read from the NIK only stands in when the NIKs themselves are
    not compared (otherwise the NIK's date digits would count twice)."""
    a, b = v.col("birth")
    da_, db_ = v.col("birth_declared")
    fa, fb = v.col("nik")
    nik_compared = (fa != "") & (fb != "")
    a = np.where(nik_compared, da_, a)
    b = np.where(nik_compared, db_, b)
    present = (a != "") & (b != "")
    level = np.full(len(a), -1, dtype=np.int8)
    if present.any():
        sa = pd.Series(a[present]).str
        sb = pd.Series(b[present]).str
        ya, ma, da = sa[:4].to_numpy(), sa[5:7].to_numpy(), sa[8:10].to_numpy()
        yb, mb, db = sb[:4].to_numpy(), sb[5:7].to_numpy(), sb[8:10].to_numpy()
        same = (ya == yb).astype(int) + (ma == mb) + (da == db)
        swapped = (ya == yb) & (ma == db) & (da == mb)
        lv = np.where(same == 3, 0, np.where((same == 2) | swapped, 1, 2))
        level[present] = lv
    return level


def compare_sex(v: PairView) -> np.ndarray:
    a, b = v.col("sex")
    level = np.where(a == b, 0, 1).astype(np.int8)
    level[(a == "") | (b == "")] = -1
    return level


def compare_contact(v: PairView) -> np.ndarray:
    pa, pb = v.col("phone")
    aa, ab = v.col("address")
    ra, rb = v.col("rt_rw")
    ka, kb = v.col("kk")
    via, vib = v.col("village")
    dia, dib = v.col("district")
    phone_ok = (pa != "") & (pb != "")
    addr_ok = (aa != "") & (ab != "")
    addr_sim = np.zeros(len(pa))
    if addr_ok.any():
        addr_sim[addr_ok] = process.cpdist(aa[addr_ok], ab[addr_ok], scorer=fuzz.token_sort_ratio, workers=-1) / 100
    rt_conflict = (ra != "") & (rb != "") & (ra != rb)
    na, nb = v.col("address_numbers")
    number_conflict = (na != "") & (nb != "") & (na != nb)   # Jl. Kenanga 42 is not Jl. Kenanga 36
    village_conflict = (via != "") & (vib != "") & (via != vib)
    phone_eq = phone_ok & (pa == pb)
    addr_eq = addr_ok & (addr_sim >= 0.85) & ~rt_conflict & ~number_conflict & ~village_conflict
    kk_eq = (ka != "") & (ka == kb)
    village_eq = (via != "") & (via == vib) & ((dia == "") | (dib == "") | (dia == dib))
    district_eq = (dia != "") & (dia == dib)
    comparable = phone_ok | addr_ok | ((via != "") & (vib != "")) | ((dia != "") & (dib != ""))
    level = np.full(len(pa), -1, dtype=np.int8)
    level[comparable] = 6
    level[district_eq] = 5
    level[village_eq] = 4
    level[addr_eq] = 3
    level[phone_eq] = 2
    level[kk_eq] = 1
    level[phone_eq & addr_eq] = 0
    return level


COMPARE = {"nik": compare_nik, "name": compare_name, "birth_date": compare_birth, "sex": compare_sex,
           "contact": compare_contact}
