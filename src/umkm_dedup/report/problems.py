"""Records with problems for the Data Bermasalah sheet: NIK missing, invalid (with the reason),
possibly truncated by Excel, destroyed, a KK in the NIK column, contradicting the record; a name
missing; a NIK issued outside the province (a warning: a NIK keeps its place of first issue)."""

from __future__ import annotations

import pandas as pd

ERROR, WARNING = "error", "warning"


def find_problems(rec: pd.DataFrame, feats: pd.DataFrame, province_code: str = "") -> pd.DataFrame:
    """Long table: position, problem key, severity."""
    rows: list[tuple[int, str, str]] = []
    reason = feats["nik_reason"].to_numpy()
    truncated = feats["nik_truncated"].to_numpy()
    valid = feats["nik_valid"].to_numpy()
    trusted = feats["nik_trusted"].to_numpy()
    nik = feats["nik"].to_numpy()
    names = rec["name"].astype(str).to_numpy()
    for i in range(len(rec)):
        r = reason[i]
        if r:
            rows.append((i, f"nik.{r}", ERROR))
        elif truncated[i]:
            rows.append((i, "nik.truncated", WARNING))
        elif valid[i] and not trusted[i]:
            rows.append((i, "nik.contradicts", WARNING))
        if valid[i] and province_code and not str(nik[i]).startswith(province_code):
            rows.append((i, "nik.outside_province", WARNING))
        if not names[i].strip():
            rows.append((i, "name.missing", ERROR))
    return pd.DataFrame(rows, columns=["position", "problem", "severity"])


def province_of(feats: pd.DataFrame, roles: pd.Series) -> str:
    """The province the regency lists belong to: the most common province code of their valid NIKs."""
    mask = feats["nik_valid"].to_numpy() & (roles.to_numpy() == "regency")
    codes = feats["nik"][mask].str[:2]
    return codes.value_counts().index[0] if len(codes) else ""
