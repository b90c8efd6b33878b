"""Tell records from what is not a record: blank rows, repeated headers, totals and the signature
block under the data ("Mengetahui", "Kepala Dinas", a place and date, a name and NIP)."""

from __future__ import annotations

import re

_TOTAL = re.compile(r"^\s*(jumlah|total|grand total|sub ?total|jml)\b", re.I)
_SIGNATURE = re.compile(
    r"^\s*(mengetahui|menyetujui|kepala\b|kadis\b|sekretaris\b|camat\b|lurah\b|"
    r"ttd\b|tertanda|a\.?\s?n\.?\s|an\.\s|dibuat oleh|disusun oleh|petugas pendata|pendamping\b|"
    r"nip[\s.:]|plt\.?\s|plh\.?\s|pembina\b|penata\b)", re.I)
_PLACE_DATE = re.compile(
    r"^[A-Za-z .'-]{3,30},\s*\d{1,2}\s+(januari|februari|maret|april|mei|juni|juli|agustus|"
    r"september|oktober|november|desember|jan|feb|mar|apr|jun|jul|agu|agt|sep|okt|nov|des)\w*\s+\d{4}\s*$",
    re.I)
_NIK_LIKE = re.compile(r"^\d{15,16}$")

BLANK = "blank"
REPEATED_HEADER = "repeated_header"
TOTAL = "total"
SIGNATURE = "signature"
NO_PERSON = "no_person"  # only a running number or a stray value, no name/NIK/business


def classify(texts: list[str], record: dict[str, str], header_labels: list[str],
             in_signature: bool) -> str | None:
    """The reason a row is dropped, or None for a record. `texts` are the row's cells."""
    filled = [t for t in texts if t]
    if not filled:
        return BLANK
    has_nik = bool(_NIK_LIKE.match(record.get("nik", "")))
    if in_signature and not has_nik:
        return SIGNATURE
    same_as_header = sum(1 for t, h in zip(texts, header_labels) if t and h and t.lower() == h.lower())
    if same_as_header >= 2:
        return REPEATED_HEADER
    if any(_TOTAL.match(t) for t in filled[:3]) and not has_nik:
        return TOTAL
    if not has_nik and any(_SIGNATURE.match(t) or _PLACE_DATE.match(t) for t in filled):
        return SIGNATURE
    if not (record.get("name") or record.get("nik") or record.get("business_name")):
        return NO_PERSON
    return None
