"""The ministry's field list for impacted UMKM (Kemenkop letter 147/SM/IV/2020): name per KTP,
NIK, address, phone, business, sector, the problem faced, assets, weekly turnover and workers
before and after, and needs. The "Format Kemenkop" sheet gives every unique person in that order,
so the province can answer the letter from the report without retyping. The sheet is written when
some list carries at least one of the ministry's own fields (assets, turnover, workers, needs):
without them it would repeat Data Unik with seven empty columns over four printed pages.

Survivorship (report/consolidate.py, KEMENKOP): per person and per field, the value of one record
wins, chosen as for every other field: a filled value over an empty one; then Kemensos over
Prakerja over the regency lists; then the most complete record; then the value most records of
the person share; then the earliest record (file, sheet, row). The figures are copied as written
(a list that writes "Rp 1.500.000" keeps it), never recomputed."""

from __future__ import annotations

import pandas as pd

from ..i18n.messages import t
from ..normalize.phones import national_phones
from .sheets import masked_niks

#: the fields the regency lists may carry, in the letter's order (records.FIELDS holds them)
FIELDS = ("assets", "omzet_before", "omzet_after", "workers_before", "workers_after", "needs")
#: the sheet's columns in the letter's order: (header key, person column)
ORDER = (("full_name", "name"), ("nik", "nik"), ("address", "address"), ("phone", "phone"),
         ("business_name", "business_name"), ("bpum_sector", "sector"), ("km_problem", "impact"),
         ("km_assets", "assets"), ("km_omzet_before", "omzet_before"), ("km_omzet_after", "omzet_after"),
         ("km_workers_before", "workers_before"), ("km_workers_after", "workers_after"), ("km_needs", "needs"),
         ("regency", "home_regency"), ("cluster_id", "cluster_id"))
WIDTHS = [22, 18, 28, 14, 18, 14, 26, 12, 12, 12, 9, 9, 22, 18, 11]


def carried(persons: pd.DataFrame) -> list[str]:
    """The ministry fields some person holds a value of (Data Unik shows only those)."""
    return [f for f in FIELDS if f in persons and persons[f].astype(str).ne("").any()]


def write_kemenkop(book, p: pd.DataFrame, mask: bool) -> None:
    lang = book.lang
    columns = []
    for _, source in ORDER:
        if source == "nik":
            columns.append(("text", masked_niks(p["nik"], mask)))
        elif source == "phone":
            columns.append(("text", national_phones(p["phone_e164"], p["phone"])))
        else:
            columns.append(("text", p[source] if source in p else pd.Series([""] * len(p))))
    book.bulk_sheets("sheet.kemenkop", [t(f"h.{k}", lang) for k, _ in ORDER], WIDTHS, columns)
