"""Records with problems for the Data Bermasalah sheet: NIK missing, invalid (with the reason),
possibly truncated by Excel, destroyed, a KK in the NIK column, contradicting the record; a name
missing; a NIK issued outside the province (a warning: a NIK keeps its place of first issue)."""

from __future__ import annotations

import numpy as np
import pandas as pd

ERROR, WARNING = "error", "warning"


def find_problems(rec: pd.DataFrame, feats: pd.DataFrame, province_code: str = "") -> pd.DataFrame:
    """Long table: position, problem key, severity (record order, then the order checked)."""
    reason = feats["nik_reason"].astype(str).fillna("").to_numpy(dtype=object)
    has_reason = reason != ""
    truncated = feats["nik_truncated"].to_numpy(dtype=bool) & ~has_reason
    valid = feats["nik_valid"].to_numpy(dtype=bool)
    contradicts = valid & ~feats["nik_trusted"].to_numpy(dtype=bool) & ~has_reason & ~truncated
    outside = np.zeros(len(rec), bool)
    if province_code:
        outside = valid & ~feats["nik"].astype(str).fillna("").str.startswith(province_code).to_numpy(dtype=bool)
    no_name = rec["name"].fillna("").astype(str).str.strip().eq("").to_numpy(dtype=bool)
    found = [(np.flatnonzero(has_reason), "nik." + reason[has_reason] if has_reason.any() else np.empty(0, object),
              ERROR),
             (np.flatnonzero(truncated), "nik.truncated", WARNING),
             (np.flatnonzero(contradicts), "nik.contradicts", WARNING),
             (np.flatnonzero(outside), "nik.outside_province", WARNING),
             (np.flatnonzero(no_name), "name.missing", ERROR)]
    frame = pd.concat([pd.DataFrame({"position": pos, "problem": problem, "severity": severity, "check": k})
                       for k, (pos, problem, severity) in enumerate(found)], ignore_index=True)
    frame = frame.iloc[np.lexsort((frame["check"].to_numpy(), frame["position"].to_numpy()))]
    return frame.drop(columns="check").reset_index(drop=True).astype({"position": np.int64, "problem": object,
                                                                       "severity": object})


def province_of(feats: pd.DataFrame, roles: pd.Series) -> str:
    """The province the regency lists belong to: the most common province code of their valid NIKs."""
    mask = feats["nik_valid"].to_numpy() & (roles.to_numpy() == "regency")
    codes = feats["nik"][mask].str[:2]
    return codes.value_counts().index[0] if len(codes) else ""
