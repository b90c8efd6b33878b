"""Records -> the comparable features the matcher needs, one row per record, vectorised."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..normalize.addresses import address_parts, region_keys, rt_rw
from ..normalize.dates import parse_dates
from ..normalize.distinct import distinct, per_distinct, per_distinct_frame
from ..normalize.names import BALI_ORDER, all_forms, phonetic_token
from ..normalize.nik import analyse_niks, known_districts
from ..normalize.phones import normalise_phones

_SEX = {"l": "L", "lk": "L", "laki laki": "L", "laki-laki": "L", "pria": "L", "m": "L", "male": "L",
        "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "f": "P", "female": "P", "w": "P"}


def prepare(frame: pd.DataFrame, reference_year: int | None = None) -> pd.DataFrame:
    """Features indexed like `frame`: NIK analysis, names, birth date, sex, phone, address, area."""
    import datetime as dt

    reference_year = reference_year or dt.date.today().year
    nik = analyse_niks(frame["nik"], frame["nik_flag"], frame["kk"], reference_year=reference_year)
    names = per_distinct_frame(frame["name"], _name_forms, NAME_FEATURES, coded=_NAME_CODED,
                               fold=_name_key)
    declared_birth = parse_dates(frame["birth_date"])
    birth = declared_birth.where(declared_birth != "", nik["nik_birth"])
    sex_declared = _declared_sex(frame["sex"])
    stated_sex = sex_declared.where(sex_declared != "", names["name_sex"])
    sex = stated_sex.where(stated_sex != "", nik["nik_sex"])
    # a NIK whose encoded birth date or sex contradicts what the record states (a KK typed into the
    # NIK column, a relative's NIK) is not trusted as a person key; one differing date part is a
    # correction (a NIK is not reissued when a birth date is corrected), allowed
    sex_contradicts = (stated_sex != "") & (nik["nik_sex"] != "") & (stated_sex != nik["nik_sex"])
    # an owner with an e-KTP is at least 17: a NIK saying otherwise is most likely a KK number,
    # whose date digits are the family card's registration date
    too_young = nik["nik_birth"].str[:4].replace("", "0").astype(int) > reference_year - 17
    # a district code that does not exist is likelier a typo than an old code (pemekaran): such a
    # NIK still counts as evidence, but not as a key that can keep two records apart
    known_region = nik["nik_region"].isin(known_districts())
    nik_trusted = (nik["nik_trusted"] & ~_contradicts(declared_birth, nik["nik_birth"]) & ~sex_contradicts
                   & ~too_young & known_region)
    address = per_distinct_frame(frame["address"], address_parts, ["address", "address_numbers", "rt_rw"],
                                 coded=("address", "address_numbers"))
    rtrw = address["rt_rw"].to_numpy()
    given = (frame["rt_rw"] != "").to_numpy()   # an RT/RW column where the list has one, else the address's
    if given.any():
        rtrw[given] = per_distinct(frame["rt_rw"][given], rt_rw)
    kk = frame["kk"].fillna("").astype(str)
    feats = pd.DataFrame({
        "nik": nik["nik_digits"], "nik_valid": nik["nik_valid"], "nik_trusted": nik_trusted,
        "nik_truncated": nik["nik_truncated"], "nik_reason": nik["nik_reason"],
        "nik_kk_like": nik["nik_reason"] == "kk_like", "nik_birth": nik["nik_birth"],
        "name_norm": names["name_norm"], "name_phon": names["name_phon"], "name_core": names["name_core"],
        "birth": birth, "birth_declared": declared_birth, "sex": sex,
        "phone": normalise_phones(frame["phone"]),
        "address": address["address"], "rt_rw": rtrw,
        "village": region_keys(frame["village"]), "district": region_keys(frame["district"]),
        "regency": region_keys(frame["regency"]),
        "kk": kk.where(kk.str.fullmatch(r"[0-9]{16}"), ""),
        "other_id": frame["other_id"].fillna("").astype(str).str.upper().str.replace(r"[^0-9A-Z]", "", regex=True),
    }, index=frame.index)
    feats["nik_home"] = _lives_in_nik_district(nik["nik_region"], feats["district"])
    feats["nik_home_regency"] = _lives_in_nik_regency(nik["nik_region"], feats["regency"])
    feats["address_numbers"] = address["address_numbers"]
    feats["name_first"] = names["name_first"]
    feats["nik15"] = feats["nik"].str[:15]
    feats["nik_tail"] = feats["nik"].str[6:]
    feats["nik_region6"] = feats["nik"].str[:6].where(feats["nik_valid"], "")
    for col in ("name_initial", "core_first", "name_rare"):
        feats[col] = names[col]
    feats["name_script"] = names["name_script"].astype(bool)
    feats["fingerprint"] = fingerprints(frame, feats)
    return compact(feats)


def _lives_in_nik_district(nik_region, district: pd.Series) -> pd.Series:
    """True where the record's written district is the one its NIK was issued in: two such records
    whose NIKs are one digit apart are two neighbours in the NIK sequence, each at home (rules.py)."""
    from ..normalize.regions import district_name_keys

    home = pd.Series(nik_region, index=district.index).map(district_name_keys()).fillna("")
    return (home != "") & (home == district.astype(str))


def _lives_in_nik_regency(nik_region, regency: pd.Series) -> pd.Series:
    """True where the record's written regency is the one its NIK was issued in (its first four
    digits): lists that carry no district (Prakerja) still say whether two NIKs a regency digit
    apart (5103... / 5104...) belong each to its own regency's resident (rules.py). A regency and
    the city of one name (Kabupaten / Kota Bandung) share a key, so either counts as at home."""
    from ..normalize.regions import regency_name_keys

    codes = pd.Series(nik_region, index=regency.index).str[:4]
    home = codes.map(regency_name_keys()).fillna("")
    return (home != "") & (home == regency.astype(str))


def compact(feats: pd.DataFrame) -> pd.DataFrame:
    """Text features as categoricals: a 4-byte code per record instead of a string (a quarter of
    the memory at 1,000,000 records), and the codes are what blocking and comparisons use."""
    out = {}
    for col in feats.columns:
        series = feats[col]
        if series.dtype == bool or series.dtype.kind in "uif":
            out[col] = series
        else:
            # factorised as Arrow strings (no Python string per record: 6x faster), the same codes
            # in the same first-seen order; only the distinct values become Python objects
            codes, uniques = pd.factorize(series, sort=False)
            categories = pd.Index(np.asarray(uniques, dtype=object), dtype=object)
            out[col] = pd.Series(pd.Categorical.from_codes(codes, categories=categories), index=series.index)
    return pd.DataFrame(out, index=feats.index)


#: what is read off a name, each computed once per distinct name as written (a province's names
#: repeat; every derived form below is a function of the name alone, so it is computed beside
#: the normalised forms instead of factorizing a million derived strings again)
NAME_FEATURES = ["name_norm", "name_phon", "name_core", "name_sex", "name_first", "name_initial", "core_first",
                 "name_rare", "name_script"]
#: ... those that go into the features as they are: kept as codes from the start
_NAME_CODED = ("name_norm", "name_phon", "name_core", "name_first", "name_initial", "core_first", "name_rare")


def _name_forms(name: str) -> tuple:
    norm, phon, core, sex = all_forms(name)
    # the distinctive part alone when it is long and no birth-order name; a name written in a
    # non-Latin script (Chinese characters, Arabic) is compared through its transliteration,
    # and two different ones are two people
    rare = core if len(core) >= 6 and core not in BALI_ORDER else ""
    return (norm, phon, core, sex, _first_word_key(norm), core[:1], _first_word_key(core), rare, _non_latin(name))


def _name_key(name: str) -> str:
    """What a name's forms depend on: an ASCII name's lower case (every step lowers it, and titles
    and degrees are recognised in any case: 'IRWAN NUGRAHA' is 'Irwan Nugraha'); any other name
    as written (its transliteration reads case)."""
    return name.lower() if name.isascii() else name


def _declared_sex(values: pd.Series) -> pd.Series:
    """'L'/'P' as the sex column states it: pandas' own strip and lower (Arrow's, as on the whole
    column before), run on the distinct texts only."""
    codes, uniques = distinct(values)
    texts = pd.Series(uniques + [""], dtype="str").str.strip().str.lower().map(_SEX).fillna("")
    return pd.Series(texts.to_numpy(dtype=object)[codes], index=values.index)


def _first_word_key(name: str) -> str:
    """The phonetic key of a normalised name's first word."""
    return phonetic_token(name.split(" ", 1)[0])


def _non_latin(name: str) -> bool:
    # (an ASCII name, nearly all of them, has no letter past U+024F: no need to look at each)
    return not name.isascii() and any(ch.isalpha() and ord(ch) > 0x24F for ch in name)


def _contradicts(declared: pd.Series, encoded: pd.Series) -> pd.Series:
    both = (declared != "") & (encoded != "")
    same_parts = ((declared.str[:4] == encoded.str[:4]).astype(int) + (declared.str[5:7] == encoded.str[5:7])
                  + (declared.str[8:10] == encoded.str[8:10]))
    return both & (same_parts < 2)


def fingerprints(frame: pd.DataFrame, feats: pd.DataFrame) -> np.ndarray:
    """A 64-bit content hash per record that does not depend on row order: the basis of stable
    ids. pandas' hash uses a fixed key, so it is the same on every run and machine."""
    content = pd.DataFrame({
        # (the coded columns as they are: a categorical hashes as its texts do)
        "file": _text(frame["source_file"]), "sheet": _text(frame["sheet"]), "nik": feats["nik"],
        "name": feats["name_norm"], "birth": feats["birth"], "phone": feats["phone"],
        "address": feats["address"], "village": feats["village"],
        "business": frame["business_name"].fillna("").astype(str)})
    return pd.util.hash_pandas_object(content, index=False).to_numpy()


def _text(column: pd.Series) -> pd.Series:
    return column if isinstance(column.dtype, pd.CategoricalDtype) else column.astype(str)
