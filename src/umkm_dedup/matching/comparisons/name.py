"""Names: exact, phonetic, fuzzy scores, with Balinese birth-order names and caste titles kept."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from .base import _ORDER_OF, Comparison, PairView


@dataclass
class NameComparison(Comparison):
    """exact (normalised spelling); phonetic (same sound key); very_similar / similar (the better of
    Jaro–Winkler and token sort); partial (token set: one name's words inside the other's, or
    a name cut down to its I/Ni, title and birth order, 'I W.', beside a name holding them);
    different. A person keeps the birth-order name they are known by: Ni Wayan Lestari is not Ni
    Made Lestari; Wayan/Putu/Gede are one order, so a swap inside it is only a partial match. A
    caste title is kept too: Ida Bagus Made Arta is not I Gusti Ngurah Made Arta (one of them
    without a title is no clash: titles are dropped as easily as I/Ni)."""

    name = "name"
    levels = ("exact", "phonetic", "very_similar", "similar", "partial", "different")
    inputs = ("name_norm", "name_phon", "name_core")
    fields = ("name",)
    m_prior = (0.55, 0.15, 0.12, 0.08, 0.06, 0.04)
    u_prior = (0.0025, 0.0005, 0.0005, 0.003, 0.0005, 0.993)

    #: best of Jaro–Winkler and token sort at or above which names are very similar
    very_similar: float = 0.95
    #: ... and similar
    similar: float = 0.88
    #: token set ratio at or above which one name is partly the other
    partial: float = 0.9
    #: token set ratio counted as "one side holds all the other's words" (a name cut short)
    all_words: float = 0.999
    #: a name cut short keeps at least one word this long
    cut_short_word: int = 4

    def compare(self, v: PairView) -> np.ndarray:
        a, b = v.code("name_norm")
        pa, pb = v.code("name_phon")
        ca, cb = v.text("name_core")
        oa, ob = v.col("name_order")
        ta, tb = v.col("name_title")
        present = (a >= 0) & (b >= 0)
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
            low = (sim[todo] < self.similar) | ~order_ok[todo]
            if low.any():
                tset[todo[low]] = process.cpdist(x[low], y[low], scorer=fuzz.token_set_ratio, workers=-1) / 100.0
        level = self.start(len(a), "different")
        self.put(level, (tset >= self.partial) & ~order_clash, "partial")
        # a name cut down to its I/Ni, title and birth order ('I W.', 'IA Nym.') whose words the
        # other name holds: one name partly the other, not two people's names
        ba, bb = v.col("name_bare")
        bare = np.flatnonzero(present & (ba != bb) & order_ok & (tset < self.partial))
        if len(bare):
            na, nb = v.text("name_norm")
            self.put(level, bare[_bare_inside(na[bare], nb[bare], ba[bare] > 0)], "partial")
        self.put(level, (sim >= self.similar) & order_ok, "similar")
        self.put(level, (sim >= self.very_similar) & order_ok, "very_similar")
        # a name cut short ('Made Wirawan Putra' / 'Made Wirawan') is very similar; only pairs whose
        # words one side holds all of (token set 1.0) or that scored just below 'very similar' can be
        maybe = todo[((tset[todo] >= self.all_words) | ((sim[todo] >= self.similar) & (sim[todo] < self.very_similar)))
                     & order_ok[todo]]
        if len(maybe):
            self.put(level, maybe[_cut_short(ca[maybe], cb[maybe], self.cut_short_word)], "very_similar")
        self.put(level, (pa == pb) & order_ok, "phonetic")
        self.put(level, (a == b) & present, "exact")
        self.put(level, ~present, None)
        return level


#: words a name may lose without being another name: the Balinese I and Ni (often not typed)
_DROPPABLE = frozenset({"i", "ni"})


def _bare_inside(x: np.ndarray, y: np.ndarray, left_bare: np.ndarray) -> np.ndarray:
    """The bare name's words (without I/Ni) are all among the other name's."""
    out = np.zeros(len(x), bool)
    for k, (p, q, lb) in enumerate(zip(x, y, left_bare)):
        bare, full = (p, q) if lb else (q, p)
        words = set(bare.split()) - _DROPPABLE
        out[k] = bool(words) and words <= set(full.split())
    return out


def _cut_short(x: np.ndarray, y: np.ndarray, min_word: int) -> np.ndarray:
    """One distinctive name is the other's first words: at least one word of `min_word`+ letters
    kept, at least one word cut (the core forms, without I/Ni, titles and birth-order names)."""
    out = np.zeros(len(x), bool)
    for i, (p, q) in enumerate(zip(x, y)):
        a, b = p.split(), q.split()
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        out[i] = 0 < len(short) < len(long_) and long_[:len(short)] == short and max(map(len, short)) >= min_word
    return out
