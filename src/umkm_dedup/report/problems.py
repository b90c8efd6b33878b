"""Records with problems for the Data Bermasalah sheet: the record checks of the catalogue
(checks/) that the province needs, found by the same code as `validate` finds them, so a
facilitator and the province read the same words for the same NIK. A NIK issued outside the
province is a warning only: a NIK keeps its place of first issue."""

from __future__ import annotations

import pandas as pd

from ..checks import ERROR, REPORT, WARNING, Context, record_problems

__all__ = ["ERROR", "WARNING", "find_problems", "province_of"]


def find_problems(rec: pd.DataFrame, feats: pd.DataFrame, province_code: str = "") -> pd.DataFrame:
    """Long table: position, problem (a catalogue code), severity; record order, then catalogue order."""
    found = record_problems(rec, feats, REPORT, Context(province=province_code))
    return found.drop(columns="params")


def province_of(feats: pd.DataFrame, roles: pd.Series) -> str:
    """The province the regency lists belong to: the most common province code of their valid NIKs."""
    # (compared as a column: a coded role is compared on its codes, not spelt out per record)
    mask = feats["nik_valid"].to_numpy() & (roles == "regency").to_numpy(dtype=bool)
    codes = feats["nik"][mask].str[:2]
    return codes.value_counts().index[0] if len(codes) else ""
