"""Which role a file plays (regency list, Kemensos, Prakerja) and which regency a list is from,
when the user did not say: from the columns, the title rows and the file name."""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.records import Role
from .synonyms import fold_header

_KEMENSOS_NAME = re.compile(r"kemensos|bpum|dtks|bansos|\bblt\b|kemsos|banpres", re.I)
_PRAKERJA_NAME = re.compile(r"prakerja|pra kerja", re.I)


def detect_role(file_name: str, fields: set[str], labels: list[str]) -> Role:
    text = fold_header(file_name)
    if _PRAKERJA_NAME.search(text) or any(_PRAKERJA_NAME.search(fold_header(x)) for x in labels):
        return Role.PRAKERJA
    if _KEMENSOS_NAME.search(text) or any(re.search(r"dtks|bpum", fold_header(x)) for x in labels):
        return Role.KEMENSOS
    if {"programme", "stage"} <= fields:
        return Role.KEMENSOS
    return Role.REGENCY


@lru_cache(maxsize=1)
def _regency_names() -> list[tuple[str, str, str]]:
    """(folded search key, canonical name, code) for every regency/city, longest key first."""
    from ..normalize.regions import regency_names

    out = []
    for code, name in regency_names().items():
        bare = re.sub(r"^(kabupaten|kota)\s+", "", name, flags=re.I)
        keys = [fold_header(name)]
        if name.lower().startswith("kota"):
            keys.append("kota " + fold_header(bare))
        else:
            keys += ["kab " + fold_header(bare), "kabupaten " + fold_header(bare), fold_header(bare)]
        out.extend((key, name, code) for key in keys)
    out.sort(key=lambda t: -len(t[0]))
    return out


#: words that make the name after them a district, village or hamlet, never a regency
# ("Kecamatan Banjar" in Buleleng is not Kabupaten Banjar in South Kalimantan)
_BELOW_REGENCY = {"kecamatan", "kec", "desa", "ds", "kelurahan", "kel", "dusun", "dsn", "lingkungan", "distrik"}


def find_regency(texts: list[str]) -> tuple[str, str]:
    """(canonical name, code) of the first regency named in the texts, else ("", ""). A name
    right after a district or village word (kecamatan, desa, ...) is not a regency."""
    for text in texts:
        folded = f" {fold_header(text)} "
        if len(folded) < 4:
            continue
        for key, name, code in _regency_names():
            at = folded.find(f" {key} ")
            while at >= 0:
                before = folded[:at].split()[-1:]
                if not before or before[0] not in _BELOW_REGENCY:
                    return name, code
                at = folded.find(f" {key} ", at + 1)
    return "", ""
