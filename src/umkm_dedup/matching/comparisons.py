"""Comparisons: for each candidate pair, which level of agreement each field reaches. Levels are
ordered from strongest agreement to strongest disagreement; -1 means no evidence (a value missing).
Household fields (phone, address, KK, village) are one comparison, because spouses share them all
and counting them as independent is exactly how peers get lured into merging spouses."""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from ..normalize.names import BALI_ORDER

LEVELS: dict[str, list[str]] = {
    "nik": ["exact", "prefix15", "one_edit", "same_stem", "exact_unverified", "different_unverified", "different"],
    "other_id": ["exact", "one_edit", "different"],
    "name": ["exact", "phonetic", "very_similar", "similar", "partial", "different"],
    "birth_date": ["exact", "one_part", "different"],
    "sex": ["same", "different"],
    "contact": ["phone_and_address", "kk", "phone", "address", "village", "district", "none"],
}

#: a person keeps the birth-order name they are known by; two different ones mean two people
_ORDER_NAMES = ["wayan", "putu", "gede", "luh", "made", "kadek", "nengah", "nyoman", "komang", "ketut"]
_ORDER_GROUP = {name: i for i, name in enumerate(_ORDER_NAMES, 1)}
#: birth order of each name above (index 0 unused): 1st, 2nd, 3rd, 4th child
_ORDER_OF = np.array([0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4])


class Encoded:
    """Whole-column integer codes (-1 = empty) and the distinct values behind them, built once.
    Equality on int32 codes is fast and compact; strings are materialised only for fuzzy scorers,
    one chunk of pairs at a time (1,000,000 records stay well under 2 GB)."""

    def __init__(self, feats: pd.DataFrame):
        self.feats = feats
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._arrays: dict[str, np.ndarray] = {}

    def codes(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        hit = self._codes.get(name)
        if hit is None:
            series = self.feats[name]
            if isinstance(series.dtype, pd.CategoricalDtype):
                codes = series.cat.codes.to_numpy().astype(np.int32)
                uniques = np.asarray(series.cat.categories, dtype=object)
            else:
                codes, uniques = pd.factorize(series, sort=False)
                uniques = np.asarray(uniques, dtype=object)
                codes = codes.astype(np.int32)
            empty = np.flatnonzero(uniques == "")
            if len(empty):
                codes[codes == empty[0]] = -1
            hit = (codes, uniques)
            self._codes[name] = hit
        return hit

    def array(self, name: str) -> np.ndarray:
        arr = self._arrays.get(name)
        if arr is None:
            if name.endswith("_int"):
                arr = _date_ints(self.feats[name[:-4]])
            elif name == "nik_digits":
                arr = nik_digit_matrix(self.feats["nik"])
            elif name in ("name_order", "name_title"):
                codes, uniques = self.codes("name_norm")
                per_name = _name_order(uniques) if name == "name_order" else _name_title(uniques)
                arr = np.where(codes >= 0, per_name[np.maximum(codes, 0)], 0).astype(np.int8)
            else:
                arr = self.feats[name].to_numpy()
            self._arrays[name] = arr
        return arr


def _date_ints(dates: pd.Series) -> np.ndarray:
    """'1990-01-12' -> 19900112; '' -> 0."""
    digits = dates.str.replace("-", "", regex=False)
    return pd.to_numeric(digits.where(digits != "", "0"), errors="coerce").fillna(0).astype(np.int32).to_numpy()


class PairView:
    """Left/right values for a chunk of pairs."""

    def __init__(self, enc: Encoded, left: np.ndarray, right: np.ndarray):
        self.enc, self.left, self.right = enc, left, right

    def code(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        codes, _ = self.enc.codes(name)
        return codes[self.left], codes[self.right]

    def text(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = self.enc.codes(name)
        uniques = np.append(uniques, "")  # code -1 -> ""
        return uniques[codes[self.left]], uniques[codes[self.right]]

    def col(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        arr = self.enc.array(name)
        return arr[self.left], arr[self.right]


def nik_digit_matrix(nik: pd.Series) -> np.ndarray:
    present = nik.str.len().to_numpy() == 16
    digits = np.zeros((len(nik), 16), dtype=np.uint8)
    if present.any():
        digits[present] = np.frombuffer("".join(nik[present]).encode(), dtype=np.uint8).reshape(-1, 16)
    return digits


def compare_nik(v: PairView) -> np.ndarray:
    """exact; prefix15 (Excel truncation: the 16th digit is unknown); one_edit (one substitution or
    adjacent transposition in the region or date part); same_stem (region and date equal, serial
    differs: a typo, or two people born the same day in the same district — the serial is what
    tells them apart); different. When either NIK is truncated only 15 digits are compared."""
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
    stem_equal = ~diff[:, :12].any(axis=1)
    present = (a >= 0) & (b >= 0)
    kk_like = ka | kb
    # trustworthy on both sides (a truncated NIK's first 15 digits count); a NIK contradicting its
    # record (a KK typed as NIK) only gives the weaker different_unverified
    both_checked = (ta | (tra & va)) & (tb | (trb & vb))
    level = np.full(len(a), -1, dtype=np.int8)
    level[present] = 5                                           # different_unverified
    level[present & both_checked] = 6                            # different
    level[present & ((hd == 1) | swapped) & ~stem_equal] = 2     # one_edit
    level[present & stem_equal & (hd >= 1)] = 3                  # same_stem
    level[present & (hd == 0) & ~(va & vb) & ~truncated] = 4     # exact_unverified
    level[present & (hd == 0) & truncated] = 1                   # prefix15
    level[present & (hd == 0) & va & vb & ~truncated] = 0        # exact
    level[kk_like] = -1  # a KK typed into the NIK column says nothing about the person
    return level


def _name_title(norms: np.ndarray) -> np.ndarray:
    """The family of a Balinese caste title at the start of each name (0: none)."""
    from ..normalize.names import CASTE_FAMILY

    return np.array([CASTE_FAMILY.get(n.split(" ", 1)[0], 0) for n in norms], dtype=np.int8)


def _name_order(norms: np.ndarray) -> np.ndarray:
    from ..normalize.names import BALI_PREFIX, CASTE_TITLES, birth_order_token

    out = np.zeros(len(norms), dtype=np.int8)
    for i, n in enumerate(norms):
        tokens = n.split()
        balinese = bool(tokens) and (tokens[0] in BALI_PREFIX or tokens[0] in CASTE_TITLES)
        rest = tokens[1:] if balinese else tokens
        for pos, tok in enumerate(rest[:2]):
            g = _ORDER_GROUP.get(birth_order_token(tok, pos, balinese or pos == 0))
            if g:
                out[i] = g
                break
    return out


def compare_name(v: PairView) -> np.ndarray:
    a, b = v.code("name_norm")
    pa, pb = v.code("name_phon")
    ca, cb = v.text("name_core")
    oa, ob = v.col("name_order")
    ta, tb = v.col("name_title")
    present = (a >= 0) & (b >= 0)
    # a person keeps the birth-order name they are known by: Ni Wayan Lestari is not Ni Made
    # Lestari; Wayan/Putu/Gede are one order, so a swap inside it is only a partial match. A
    # caste title is kept too: Ida Bagus Made Arta is not I Gusti Ngurah Made Arta (one of them
    # without a title is no clash: titles are dropped as easily as I/Ni)
    title_clash = (ta > 0) & (tb > 0) & (ta != tb)
    order_ok = ((oa == 0) | (ob == 0) | (oa == ob)) & ~title_clash
    order_clash = ((oa > 0) & (ob > 0) & (_ORDER_OF[oa] != _ORDER_OF[ob])) | title_clash
    # fuzzy scores only where the names are not already equal in spelling or sound
    todo = np.flatnonzero(present & (a != b) & ((pa != pb) | ~order_ok))
    sim = np.zeros(len(a))
    tset = np.zeros(len(a))
    if len(todo):
        x, y = ca[todo], cb[todo]
        jw = process.cpdist(x, y, scorer=JaroWinkler.normalized_similarity, workers=-1)
        ts = process.cpdist(x, y, scorer=fuzz.token_sort_ratio, workers=-1) / 100.0
        sim[todo] = np.maximum(jw, ts)
        low = (sim[todo] < 0.88) | ~order_ok[todo]
        if low.any():
            tset[todo[low]] = process.cpdist(x[low], y[low], scorer=fuzz.token_set_ratio, workers=-1) / 100.0
    level = np.full(len(a), 5, dtype=np.int8)
    level[(tset >= 0.9) & ~order_clash] = 4
    level[(sim >= 0.88) & order_ok] = 3
    level[(sim >= 0.95) & order_ok] = 2
    # a name cut short ('Made Wirawan Putra' / 'Made Wirawan') is very similar; only pairs whose
    # words one side holds all of (token set 1.0) or that scored just below 'very similar' can be
    maybe = todo[((tset[todo] >= 0.999) | ((sim[todo] >= 0.88) & (sim[todo] < 0.95))) & order_ok[todo]]
    if len(maybe):
        level[maybe[_cut_short(ca[maybe], cb[maybe])]] = 2
    level[(pa == pb) & order_ok] = 1
    level[(a == b) & present] = 0
    level[~present] = -1
    return level


def _cut_short(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """One distinctive name is the other's first words: at least one word of 4+ letters kept,
    at least one word cut (the core forms, without I/Ni, titles and birth-order names)."""
    out = np.zeros(len(x), bool)
    for i, (p, q) in enumerate(zip(x, y)):
        a, b = p.split(), q.split()
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        out[i] = 0 < len(short) < len(long_) and long_[:len(short)] == short and max(map(len, short)) >= 4
    return out


def compare_birth(v: PairView) -> np.ndarray:
    """Declared birth dates; a date read from the NIK only stands in when the NIKs themselves are
    not compared (otherwise the NIK's date digits would count twice)."""
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
    level = np.where(same == 3, 0, np.where((same == 2) | swapped, 1, 2)).astype(np.int8)
    level[~present] = -1
    return level


def compare_other_id(v: PairView) -> np.ndarray:
    """Another person identifier the lists carry (DTKS id, Prakerja participant number, NIB)."""
    a, b = v.code("other_id")
    present = (a >= 0) & (b >= 0)
    level = np.full(len(a), -1, dtype=np.int8)
    level[present] = 2
    differ = present & (a != b)
    if differ.any():
        ta, tb = v.text("other_id")
        dist = process.cpdist(ta[differ], tb[differ], scorer=DamerauLevenshtein.distance, workers=-1)
        idx = np.flatnonzero(differ)
        level[idx[dist <= 1]] = 1
    level[present & (a == b)] = 0
    return level


def compare_sex(v: PairView) -> np.ndarray:
    a, b = v.code("sex")
    level = np.where(a == b, 0, 1).astype(np.int8)
    level[(a < 0) | (b < 0)] = -1
    return level


def compare_contact(v: PairView) -> np.ndarray:
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
    addr_eq = addr_ok & (addr_sim >= 0.85) & ~rt_conflict & ~number_conflict & ~village_conflict
    kk_eq = (ka >= 0) & (ka == kb)
    village_eq = (via >= 0) & (via == vib) & ((dia < 0) | (dib < 0) | (dia == dib))
    district_eq = (dia >= 0) & (dia == dib)
    comparable = phone_ok | addr_ok | ((via >= 0) & (vib >= 0)) | ((dia >= 0) & (dib >= 0))
    level = np.full(len(pa), -1, dtype=np.int8)
    level[comparable] = 6
    level[district_eq] = 5
    level[village_eq] = 4
    level[addr_eq] = 3
    level[phone_eq] = 2
    level[kk_eq] = 1
    level[phone_eq & addr_eq] = 0
    return level


COMPARE = {"nik": compare_nik, "other_id": compare_other_id, "name": compare_name, "birth_date": compare_birth, "sex": compare_sex,
           "contact": compare_contact}
