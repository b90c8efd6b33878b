"""The Kartu Prakerja status vocabulary: registered is not passed. A roster lists everyone who
registered; selection is announced per gelombang as "Lolos" / "Tidak Lolos", and after training
"Lulus" / "Selesai pelatihan" and "Insentif cair". Provinces report the two apart ("yang daftar
sebanyak 283, yang berhasil lolos sekitar 150", Dinas KUKM Babel), so Ringkasan does too: every
person on a roster counts as registered, and as passed only on a status that says so. A status
this table does not know is neither guessed nor dropped: it is listed in Sumber for an officer.

Rules, in order, on the folded text (case and punctuation ignored): a negation ("tidak", "belum",
"gagal", "batal", "ditolak", "not", "failed") makes it *not passed*; else a pass word ("lolos",
"lulus", "selesai", "insentif", "cair", "diterima", "passed", "completed") makes it *passed*; else a
registration word ("terdaftar", "daftar", "proses", "menunggu", "registered", "pending") or an empty
cell is *registered*; anything else is *unknown* (counted as registered, listed)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

PASSED, NOT_PASSED, REGISTERED, UNKNOWN = "passed", "not_passed", "registered", "unknown"

_NOT = re.compile(r"\b(tidak|tdk|belum|blm|gagal|batal|ditolak|mengundurkan|not|failed|rejected)\b")
_PASS = re.compile(r"\b(lolos|lulus|selesai|insentif|cair|diterima|passed|completed|graduated|paid)\b")
_REGISTERED = re.compile(r"\b(terdaftar|daftar|mendaftar|proses|menunggu|registered|pending|waiting|peserta)\b")


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def classify(status: object) -> str:
    """passed | not_passed | registered | unknown, for one status text."""
    text = _fold("" if status is None else str(status))
    if not text:
        return REGISTERED
    if _NOT.search(text):
        return NOT_PASSED
    if _PASS.search(text):
        return PASSED
    if _REGISTERED.search(text):
        return REGISTERED
    return UNKNOWN


def classes(statuses: pd.Series) -> np.ndarray:
    """classify() per value, computed once per distinct text (rosters repeat a handful)."""
    values = statuses.fillna("").astype(str)
    codes, distinct = pd.factorize(values, sort=False)
    labels = np.array([classify(x) for x in distinct] or [REGISTERED], dtype=object)
    return labels[codes] if len(codes) else np.empty(0, dtype=object)


def passed(statuses: pd.Series) -> np.ndarray:
    """Per value (several statuses of one person joined by '; '): does any of them say passed?"""
    values = statuses.fillna("").astype(str)
    codes, distinct = pd.factorize(values, sort=False)
    flags = np.array([any(classify(p) == PASSED for p in x.split("; ")) for x in distinct] or [False], dtype=bool)
    return flags[codes] if len(codes) else np.zeros(0, dtype=bool)


def unknown_values(statuses: pd.Series) -> list[tuple[str, int]]:
    """The status texts the vocabulary does not know, with how many records hold each (Sumber)."""
    values = statuses.fillna("").astype(str).str.strip()
    counts = values[values != ""].value_counts()
    return sorted((str(v), int(n)) for v, n in counts.items() if classify(v) == UNKNOWN)
