"""Belum Dibantu (Not Yet Helped): the unique persons of the regency lists found in no aid list
(neither Kemensos nor Prakerja), per regency, in the column order of a BPUM proposal (NIK, No. KK,
nama lengkap, alamat, bidang usaha, no. HP), so a province can propose them for the next
programme without retyping. A NIK that would get a proposal rejected (missing, invalid, cut
short, or contradicting the birth date/sex) is marked in words. Without a Kemensos or Prakerja
list nobody can be called not helped: the sheet then holds its header only."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n.messages import t
from ..normalize.phones import national_phones
from .sheets import _labels, masked_niks

COLUMNS = ["nik", "kk", "full_name", "address", "bpum_sector", "phone", "regency", "district", "village",
           "nik_problem", "cluster_id"]
WIDTHS = [18, 18, 24, 30, 16, 14, 20, 14, 14, 30, 11]


#: the persons' columns the sheet and belum_dibantu.csv are made from (columns() below)
SHOWN = ["nik", "kk", "name", "address", "sector", "business_name", "phone_e164", "phone", "home_regency",
         "district", "village", "nik_tier", "cluster_id"]


def not_helped(persons: pd.DataFrame, no_data: set[str]) -> pd.DataFrame:
    """The persons (already per regency, in Data Unik's order) in no aid list, with the columns
    this sheet shows (a copy of every column of half the persons was a top of a 1M run)."""
    shown = [c for c in SHOWN if c in persons]
    if "no_assistance" in no_data:
        return persons.iloc[:0][shown]
    keep = (persons["n_kemensos"].to_numpy() == 0) & (persons["n_prakerja"].to_numpy() == 0)
    return persons.loc[keep, shown]


def columns(p: pd.DataFrame, mask: bool, lang: str) -> list[tuple[str, str, object]]:
    """(header key, kind, values) in the proposal's order."""
    tiers = p["nik_tier"].to_numpy().astype(np.int64)
    problem = _labels(np.clip(tiers, 0, 4), [""] + [t(f"bd.nik.{k}", lang) for k in (1, 2, 3, 4)])
    sector = p["sector"].where(p["sector"].astype(str) != "", p["business_name"])
    return [("nik", "text", masked_niks(p["nik"], mask)), ("kk", "text", masked_niks(p["kk"], mask)),
            ("full_name", "text", p["name"]), ("address", "text", p["address"]), ("bpum_sector", "text", sector),
            ("phone", "text", national_phones(p["phone_e164"], p["phone"])), ("regency", "text", p["home_regency"]),
            ("district", "text", p["district"]), ("village", "text", p["village"]),
            ("nik_problem", "text", problem), ("cluster_id", "text", p["cluster_id"])]


def write_not_helped(book, p: pd.DataFrame, mask: bool) -> None:
    lang = book.lang
    cols = columns(p, mask, lang)
    book.bulk_sheets("sheet.not_helped", [t(f"h.{k}", lang) for k, _, _ in cols], WIDTHS,
                     [(kind, values) for _, kind, values in cols])
