"""Synthetic persons for a province: NIKs built the way Dukcapil builds them (region of issue,
birth date with +40 for women, serial), households that share a KK, an address and often a phone."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import lru_cache

from . import names as N

PROVINCES = {"babel": ("19", "Kepulauan Bangka Belitung"), "bali": ("51", "Bali")}


@dataclass
class Person:
    pid: str
    nik: str
    kk: str
    name: str            # canonical display name
    sex: str             # L / P
    birth_date: dt.date
    birth_place: str
    regency_code: str
    regency: str
    district: str
    village: str
    street: str
    hamlet: str          # banjar (Bali) or dusun: some lists append it to the address, most do not
    rt: int
    rw: int
    phone: str           # 08...
    business_name: str
    sector: str
    impact: str
    email: str = ""
    household: str = ""
    tags: set[str] = field(default_factory=set)


@lru_cache(maxsize=4)
def region_tree(province_code: str) -> list[tuple[str, str, list[tuple[str, str, list[str]]]]]:
    """[(regency code, name, [(district code, name, [village names])])] from Kemendagri data."""
    from lokal import wilayah

    tree = []
    for reg in wilayah.list_wilayah(province_code):
        districts = []
        for dis in wilayah.list_wilayah(reg.code):
            villages = [v.name for v in wilayah.list_wilayah(dis.code)][:12] or [dis.name]
            districts.append((dis.code, dis.name, villages))
        tree.append((reg.code, reg.name, districts))
    return tree


def _name(rng: random.Random, province: str, sex: str) -> str:
    if rng.random() < 0.004:  # written in its own script in every list (Chinese characters, Arabic)
        return rng.choice(N.NON_LATIN)
    if province == "bali" and rng.random() < 0.85:
        order = rng.choice(N.BALI_ORDER[sex])
        given = N.BALI_GIVEN_L if sex == "L" else N.BALI_GIVEN_P
        parts = ["I" if sex == "L" else "Ni", order, rng.choice(given)]
        if rng.random() < 0.5:
            parts.append(rng.choice(given))
        if sex == "P" and order == "Luh":
            parts = ["Ni", "Luh", rng.choice(given)] + ([rng.choice(given)] if rng.random() < .5 else [])
        elif sex == "P" and rng.random() < 0.15:   # Ni Luh Kadek ...: some lists drop the Luh
            parts.insert(1, "Luh")
        if rng.random() < 0.1:  # triwangsa: a caste title replaces I/Ni
            title = rng.choice(N.BALI_CASTE[sex])[0]
            parts = title.split() + [p for p in parts[1:] if p != "Luh"]
        return " ".join(parts)
    roll = rng.random()
    if province == "babel" and roll < 0.15:
        return rng.choice(N.CHINESE)
    if roll < 0.25:
        candidates = [n for n in N.JAVA_OLD if N.JAVA_OLD_SEX[n] == sex]
        if candidates:
            return rng.choice(candidates)
    if sex == "L" and rng.random() < 0.15:
        return f"Muhammad {rng.choice(N.MALAY_L)}" + (f" {rng.choice(N.MALAY_LAST)}" if rng.random() < 0.6 else "")
    first = rng.choice(N.MALAY_L if sex == "L" else N.MALAY_P)
    last = rng.choice(N.MALAY_LAST if sex == "L" else N.MALAY_LAST_P)
    if rng.random() < 0.3:
        return f"{first} {rng.choice(N.MALAY_L if sex == 'L' else N.MALAY_P)} {last}"
    return f"{first} {last}"


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(["0812", "0813", "0821", "0852", "0853", "0857", "0878", "0819", "0895", "0838"])
    return prefix + "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8))))


@dataclass
class Numbering:
    """What makes NIKs, KKs and person ids unique across calls of make_persons: a province made
    in parts (10 million records do not fit in memory as Python objects at once) must not give
    two people one NIK because each part began its serials at 0001."""

    serials: dict[str, int] = field(default_factory=dict)
    households: int = 0
    persons: int = 0


def make_persons(n: int, province: str, rng: random.Random, numbering: Numbering | None = None) -> list[Person]:
    """n persons; about 30% of them in two-person households (spouses). `numbering` carries the
    serials on from an earlier call (the same province made in parts)."""
    code, _ = PROVINCES[province]
    tree = region_tree(code)
    numbering = numbering if numbering is not None else Numbering()
    serials = numbering.serials
    persons: list[Person] = []
    kk_serial = numbering.households

    def nik_for(issue_district: str, birth: dt.date, sex: str) -> str:
        day = birth.day + (40 if sex == "P" else 0)
        stem = issue_district.replace(".", "") + f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        serials[stem] = serials.get(stem, 0) + 1
        return stem + f"{serials[stem]:04d}"

    while len(persons) < n:
        reg_code, reg_name, districts = rng.choice(tree)
        dis_code, dis_name, villages = rng.choice(districts)
        village = rng.choice(villages)
        street = f"{rng.choice(N.STREETS)} No. {rng.randint(1, 150)}"
        hamlet = (f"Br. {rng.choice(N.BANJAR)}" if province == "bali" else f"Dusun {rng.choice(N.DUSUN)}")
        rt, rw = rng.randint(1, 15), rng.randint(1, 8)
        kk_serial += 1
        kk_date = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 7000))
        kk = dis_code.replace(".", "") + kk_date.strftime("%d%m%y") + f"{kk_serial % 10000:04d}"
        household = f"H{kk_serial:07d}"
        size = 2 if rng.random() < 0.3 and len(persons) < n - 1 else 1
        first_sex = rng.choice("LP")
        shared_phone = _phone(rng)
        for k in range(size):
            sex = first_sex if k == 0 else ("P" if first_sex == "L" else "L")
            birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 47))
            # most NIKs issued where the person lives; some elsewhere in the province (moved)
            issue = dis_code if rng.random() < 0.85 else rng.choice(rng.choice(tree)[2])[0]
            nik = nik_for(issue, birth, sex)
            pid = f"P{numbering.persons + len(persons) + 1:07d}"
            person = Person(
                pid=pid, nik=nik, kk=kk, name=_name(rng, province, sex), sex=sex, birth_date=birth,
                birth_place=rng.choice([reg_name.replace("Kabupaten ", "").replace("Kota ", ""), dis_name]),
                regency_code=reg_code, regency=reg_name, district=dis_name, village=village,
                street=street, hamlet=hamlet, rt=rt, rw=rw,
                phone=shared_phone if (k == 0 or rng.random() < 0.6) else _phone(rng),
                business_name=f"{rng.choice(N.BUSINESS_WORDS)} {rng.choice(N.BUSINESS_NAMES)}",
                sector=rng.choice(N.SECTORS), impact=rng.choice(N.IMPACTS), household=household,
            )
            if size == 2:
                person.tags.add("spouse")
            if rng.random() < 0.3:
                person.email = person.name.split()[-1].lower() + f"{rng.randint(1, 99)}@gmail.com"
            persons.append(person)
    numbering.households = kk_serial
    numbering.persons += len(persons)
    return persons
