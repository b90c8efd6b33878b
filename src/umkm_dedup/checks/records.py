"""The record checks, vectorised over whole columns: which records have which problem of the
catalogue. One function for `validate` and for merge's Data Bermasalah, so both flag the same
records for the same reasons; each tool asks only for the checks it reports (`used_by`).

Input: the records as read (`sources.reader`: nik, nik_flag, name, birth_date, address, phone) and
their features (`matching.prepare.prepare`: nik_reason, nik_valid, nik, nik_birth, birth_declared,
sex). Output: a long table, one row per (record, problem), in record order then catalogue order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalogue import CATALOGUE, ORDER

#: the NIK reasons (normalize/nik.py) that are errors of their own, each a check `nik.<reason>`
_NIK_ERRORS = ("format", "unrecoverable", "province", "region", "birth_date", "serial", "kk_like")


@dataclass(frozen=True)
class Context:
    """What a check may compare a record with: the regency a facilitator's file is for (validate
    --regency, as '51.04'), the province the lists belong to (merge: two digits), the year ages are
    counted from."""

    regency: str = ""
    province: str = ""
    year: int = 0


def _text(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s.notna(), "").astype(str)


def record_problems(rec: pd.DataFrame, feats: pd.DataFrame, tool: str, context: Context = Context()) -> pd.DataFrame:
    """position (0-based in `rec`), problem (a catalogue code), severity, params (a dict for a check
    with a detail, else None), for the checks `tool` reports."""
    from ..normalize.dates import parse_dates
    from ..normalize.nik import known_districts
    from ..normalize.phones import normalise_phones

    n = len(rec)
    year = context.year or dt.date.today().year
    reason = _text(feats["nik_reason"]).to_numpy(dtype=object)
    valid = feats["nik_valid"].to_numpy(dtype=bool)
    nik = _text(feats["nik"])
    flag = _text(rec["nik_flag"]).to_numpy(dtype=object)
    has = {f: _text(rec[f]).str.strip().ne("").to_numpy(dtype=bool) for f in ("name", "birth_date", "address")}
    complete = has["name"] & has["birth_date"] & has["address"]
    nik_birth = _text(feats["nik_birth"])
    declared = _text(feats["birth_declared"])
    sex = _text(feats["sex"]).to_numpy(dtype=object)
    day = pd.to_numeric(nik.str[6:8], errors="coerce").fillna(0).to_numpy()
    nik_sex = np.where(day > 40, "P", "L")
    regency_code = (nik.str[:2] + "." + nik.str[2:4]).to_numpy(dtype=object)
    district_known = nik.str[:6].isin(known_districts()).to_numpy(dtype=bool)
    born = pd.to_numeric(nik_birth.str[:4], errors="coerce").fillna(0).to_numpy()

    found: dict[str, np.ndarray] = {
        "nik.missing": (reason == "missing") & complete,
        "required.identity": (reason == "missing") & ~complete,
        **{f"nik.{r}": reason == r for r in _NIK_ERRORS},
        "nik.truncated": valid & (flag == "truncated"),
        "nik.numeric": valid & (flag == "numeric"),
        "nik.region_unknown": valid & ~district_known,
        "nik.other_regency": (valid & district_known & (regency_code != context.regency)
                              if context.regency else np.zeros(n, bool)),
        "nik.outside_province": (valid & ~nik.str.startswith(context.province).to_numpy(dtype=bool)
                                 if context.province else np.zeros(n, bool)),
        "nik.too_young": valid & (born > year - 17),
        "nik.birth_mismatch": valid & (declared != "").to_numpy() & (nik_birth != "").to_numpy()
        & (declared != nik_birth).to_numpy(),
        "nik.sex_mismatch": valid & (sex != "") & (sex != nik_sex),
        "name.missing": ~has["name"],
    }
    if "phone.invalid" in _wanted(tool):
        phone = _text(rec["phone"])
        found["phone.invalid"] = (phone != "").to_numpy() & (normalise_phones(phone) == "").to_numpy()
    if "date.unreadable" in _wanted(tool):
        raw = _text(rec["birth_date"])
        found["date.unreadable"] = (raw != "").to_numpy() & (parse_dates(raw) == "").to_numpy()

    parts = []
    for code in _wanted(tool):
        hit = found.get(code)
        if hit is None or not hit.any():
            continue
        pos = np.flatnonzero(hit)
        parts.append(pd.DataFrame({"position": pos.astype(np.int64), "problem": code,
                                   "severity": CATALOGUE[code].severity, "order": ORDER[code]}))
    if not parts:
        return pd.DataFrame({"position": pd.Series(dtype=np.int64), "problem": pd.Series(dtype=object),
                             "severity": pd.Series(dtype=object), "params": pd.Series(dtype=object)})
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.iloc[np.lexsort((frame["order"].to_numpy(), frame["position"].to_numpy()))].reset_index(drop=True)
    frame["params"] = _params(frame, nik_birth, regency_code, context)
    return frame.drop(columns="order").astype({"position": np.int64, "problem": object, "severity": object})


def _wanted(tool: str) -> list[str]:
    """The record checks `tool` reports, in catalogue order (the others are found elsewhere)."""
    return [c.code for c in CATALOGUE.values() if tool in c.used_by and c.code not in _FOUND_ELSEWHERE]


#: checks a record table alone cannot answer: duplicates (commands/validate.py), rows and notes (the reader)
_FOUND_ELSEWHERE = frozenset({"dup.nik", "dup.likely", "row.total", "row.signature", "row.repeated_header",
                              "note.cell_cut", "note.not_a_date", "note.duplicate_row", "note.columns_cut"})


def _params(frame: pd.DataFrame, nik_birth: pd.Series, regency_code: np.ndarray, context: Context) -> list:
    from ..normalize.regions import regency_names

    names = regency_names() if context.regency else {}
    out: list[dict | None] = []
    for pos, code in zip(frame["position"].to_numpy(), frame["problem"].to_numpy()):
        if code == "nik.birth_mismatch":
            out.append({"nik_birth": nik_birth.iat[pos]})
        elif code == "nik.other_regency":
            out.append({"nik_regency": names.get(regency_code[pos], regency_code[pos]),
                        "regency": names.get(context.regency, context.regency)})
        else:
            out.append(None)
    return out
