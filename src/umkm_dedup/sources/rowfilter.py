"""Tell records from what is not a record: blank rows, repeated headers, totals and the signature
block under the data ("Mengetahui", "Kepala Dinas", a place and date, a name and NIP).

A filter must never eat data. Words alone do not make a signature: "An Nisa Putri", "Penata
Rambut" and "Kepala Dusun Made" are names and trades. A row is dropped as a signature only when it
has the *shape* of one: it comes after the data, it has few cells (fewer than half of what the
records around it fill, and no running number), no NIK, and a signature word, place-and-date or
NIP in it; the names under a "Mengetahui" are dropped with it only while the rows keep that shape.
A row shaped like a record (a NIK, a running number, or as many cells as the records) is kept,
and it ends the signature block. A total is a total word first and only numbers after it. A
repeated header is a row whose cells are mostly the header's labels and that has no NIK (a record
whose notes column happens to repeat two labels is a record: found by bench/fuzz.py)."""

from __future__ import annotations

import re
from collections import Counter

from .synonyms import NUMBER_COLUMN

_TOTAL = re.compile(r"^\s*(jumlah|total|grand total|sub ?total|jml)\b", re.I)
_SIGNATURE = re.compile(
    r"^\s*(mengetahui|menyetujui|kepala\b|kadis\b|sekretaris\b|camat\b|lurah\b|"
    r"ttd\b|tertanda|a\.?\s?n\.?\s|an\.\s|dibuat oleh|disusun oleh|petugas pendata|pendamping\b|"
    r"nip[\s.:]|plt\.?\s|plh\.?\s|pembina\b|penata\b)", re.I)
_PLACE_DATE = re.compile(
    r"^[A-Za-z .'-]{3,30},\s*\d{1,2}\s+(januari|februari|maret|april|mei|juni|juli|agustus|"
    r"september|oktober|november|desember|jan|feb|mar|apr|jun|jul|agu|agt|sep|okt|nov|des)\w*\s+\d{4}\s*$",
    re.I)
_NIK_LIKE = NIK_LIKE = re.compile(r"^[0-9]{15,16}$")
_RUNNING_NUMBER = re.compile(r"^[0-9]{1,7}\.?$")
_NUMBER_LIKE = re.compile(r"^[\s(]*(rp\.?\s*)?[-+]?[0-9][0-9.,\s]*(%|orang|umkm|jiwa|unit|usaha)?[\s)]*$", re.I)

BLANK = "blank"
REPEATED_HEADER = "repeated_header"
TOTAL = "total"
SIGNATURE = "signature"
NO_PERSON = "no_person"  # only a running number or a stray value, no name/NIK/business


class RowFilter:
    """Classifies the rows of one sheet in order; remembers what the records look like so far."""

    def __init__(self, header_labels: list[str], fields: list[str | None]):
        self.labels = [h.lower() for h in header_labels]
        self.number_col = next((i for i, f in enumerate(fields) if f == NUMBER_COLUMN), None)
        self.filled = Counter()      # cells filled per kept record -> how many records
        self.records = 0
        self.in_signature = False

    def classify(self, texts: list[str], record: dict[str, str]) -> str | None:
        """The reason a row is dropped, or None for a record. `texts` are the row's cells."""
        filled = [t for t in texts if t]
        if not filled:
            return BLANK
        has_nik = bool(_NIK_LIKE.match(record.get("nik", "")))
        same_as_header = sum(1 for t, h in zip(texts, self.labels) if t and h and t.lower() == h)
        if same_as_header >= 2 and not has_nik and 2 * same_as_header >= len(filled):
            return REPEATED_HEADER   # a header again: most of its cells are labels, and a NIK is no label
        if not has_nik and _TOTAL.match(filled[0]) and all(_NUMBER_LIKE.match(t) for t in filled[1:]):
            return TOTAL
        if not has_nik and self.records and not self._record_shaped(texts, len(filled)):
            if self.in_signature or any(_SIGNATURE.match(t) or _PLACE_DATE.match(t) for t in filled):
                self.in_signature = True
                return SIGNATURE
        self.in_signature = False
        if not (record.get("name") or record.get("nik") or record.get("business_name")):
            return NO_PERSON
        self.records += 1
        self.filled[len(filled)] += 1
        return None

    def add_records(self, filled: list[int]) -> None:
        """Count rows known to be records (each with a NIK: classify keeps such a row whatever it
        holds), given the cells each fills, as classify would have counted them one by one."""
        if filled:
            self.records += len(filled)
            self.filled.update(filled)
            self.in_signature = False

    def _record_shaped(self, texts: list[str], n_filled: int) -> bool:
        if self.number_col is not None and self.number_col < len(texts) \
                and _RUNNING_NUMBER.match(texts[self.number_col]):
            return True
        return n_filled >= max(3, (self._typical() + 1) // 2)

    def _typical(self) -> int:
        """The median number of cells the records so far fill."""
        half, seen = self.records / 2, 0
        for count in sorted(self.filled):
            seen += self.filled[count]
            if seen >= half:
                return count
        return 0
