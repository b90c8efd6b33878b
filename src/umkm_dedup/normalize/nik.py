"""NIK structure: PP RR DD DDMMYY SSSS (region of first issue, birth date with +40 for women,
serial). There is no check digit, so validity is structural; reasons are kept for the report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from lokal.provinces import PROVINCES

#: reasons a NIK is not usable as a person key, in order of checking
MISSING, FORMAT, UNRECOVERABLE, PROVINCE, REGION, BIRTH_DATE, SERIAL, KK_LIKE = (
    "missing", "format", "unrecoverable", "province", "region", "birth_date", "serial", "kk_like")

_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def analyse_niks(nik: pd.Series, flag: pd.Series | None = None, kk: pd.Series | None = None,
                 reference_year: int = 2026) -> pd.DataFrame:
    """Per record: digits, validity and reason, trust, and what the NIK encodes.

    `trusted` = structurally valid and not suspected of Excel truncation: the NIK can stand alone
    as a person key. A truncated NIK is still valid-looking but only its first 15 digits count.
    """
    nik = nik.fillna("").astype(str)
    flag = (flag if flag is not None else pd.Series("", index=nik.index)).fillna("").astype(str)
    n = len(nik)
    is16 = nik.str.fullmatch(r"[0-9]{16}").fillna(False).to_numpy()  # ASCII only: int() below parses it
    reason = np.full(n, "", dtype=object)
    reason[(nik == "").to_numpy()] = MISSING
    reason[(~is16) & (nik != "").to_numpy()] = FORMAT
    reason[(flag == "unrecoverable").to_numpy()] = UNRECOVERABLE

    digits = nik.where(is16, "0" * 16)
    prov = digits.str[:2]
    reg = digits.str[2:4].astype(int).to_numpy()
    dist = digits.str[4:6].astype(int).to_numpy()
    day = digits.str[6:8].astype(int).to_numpy()
    month = digits.str[8:10].astype(int).to_numpy()
    yy = digits.str[10:12].astype(int).to_numpy()
    serial = digits.str[12:].to_numpy()
    female = day > 40
    real_day = np.where(female, day - 40, day)
    month_ok = (month >= 1) & (month <= 12)
    max_day = _DAYS[np.clip(month, 0, 12)]
    year = np.where(yy <= reference_year % 100, 2000 + yy, 1900 + yy)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    max_day = np.where((month == 2) & ~leap, 28, max_day)
    date_ok = month_ok & (real_day >= 1) & (real_day <= max_day)

    ok = is16 & (reason == "")
    known_prov = prov.isin(list(PROVINCES)).to_numpy()
    for cond, why in ((~known_prov, PROVINCE), ((reg == 0) | (dist == 0), REGION),
                      (~date_ok, BIRTH_DATE), ((serial == "0000") & (flag != "truncated").to_numpy(), SERIAL)):
        hit = ok & cond
        reason[hit] = why
        ok &= ~cond
    if kk is not None:
        kk = kk.fillna("").astype(str)
        # Arrow's own set lookup: pandas' isin made a pyarrow scalar of every distinct KK first
        # (1 s of the features at 1,000,000 records)
        kk_values = pc.unique(pa.array(kk[kk.str.len() == 16], pa.string()))
        kk_like = ok & pc.is_in(pa.array(nik, pa.string()), value_set=kk_values).to_numpy(zero_copy_only=False)
        reason[kk_like] = KK_LIKE
        ok &= ~kk_like

    truncated = (flag == "truncated").to_numpy()
    birth = np.where(date_ok & is16,
                     pd.Series(year).astype(str).str.zfill(4).to_numpy() + "-"
                     + pd.Series(month).astype(str).str.zfill(2).to_numpy() + "-"
                     + pd.Series(real_day).astype(str).str.zfill(2).to_numpy(), "")
    return pd.DataFrame({
        "nik_digits": np.where(is16, nik.to_numpy(), ""),
        "nik_valid": ok,
        "nik_reason": reason,
        "nik_trusted": ok & ~truncated,
        "nik_truncated": is16 & truncated,
        "nik_birth": np.where(ok, birth, ""),
        "nik_sex": np.where(ok, np.where(female, "P", "L"), ""),
        "nik_region": np.where(ok, digits.str[:6].to_numpy(), ""),
    }, index=nik.index)


def known_districts() -> frozenset[str]:
    """Every current Kemendagri district code as 6 digits (PPRRDD)."""
    from .regions import district_codes

    return district_codes()


def quality_counts(frame: pd.DataFrame) -> dict[str, int]:
    """missing / invalid / truncated / unrecoverable counts for inspect and reports."""
    a = analyse_niks(frame["nik"], frame["nik_flag"], frame.get("kk"))
    return {
        "missing": int((a["nik_reason"] == MISSING).sum()),
        "invalid": int((~a["nik_valid"] & ~a["nik_reason"].isin([MISSING, UNRECOVERABLE])).sum()),
        "truncated": int(a["nik_truncated"].sum()),
        "unrecoverable": int((a["nik_reason"] == UNRECOVERABLE).sum()),
    }
