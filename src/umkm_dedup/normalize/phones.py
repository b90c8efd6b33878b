"""Phones to one form (+62...), via lokal-id's parser, once per distinct value."""

from __future__ import annotations

import pandas as pd
from lokal import parse_phone


def _one(value: str) -> str:
    if not value:
        return ""
    info = parse_phone(value)
    return info.e164 or ""


def normalise_phones(phones: pd.Series) -> pd.Series:
    phones = phones.fillna("").astype(str)
    uniques = pd.unique(phones)
    mapping = {v: _one(v) for v in uniques}
    return phones.map(mapping)


def phone_valid(value: str) -> bool:
    return bool(value) and parse_phone(value).valid
