"""How one person becomes one record in one list: the typing habits of each office (titles, old
spellings, capitals, typos, NIKs missing or mistyped, phones and addresses written every way)."""

from __future__ import annotations

import datetime as dt
import random

from . import names as N
from .persons import Person

_MODERN = [("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh")]
_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"]


def _case(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.5:
        return text.upper()
    if roll < 0.95:
        return text
    return text.lower()


def _typo(rng: random.Random, name: str) -> str:
    words = name.split()
    idx = [i for i, w in enumerate(words) if len(w) >= 5]
    if not idx:
        return name
    i = rng.choice(idx)
    w = words[i]
    j = rng.randint(1, len(w) - 2)
    kind = rng.random()
    if kind < 0.4:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif kind < 0.7:
        w = w[:j] + w[j + 1:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def noisy_name(rng: random.Random, p: Person, typo_rate: float = 0.06) -> str:
    name = p.name
    if any(old in name.lower() for old, _ in _MODERN) and rng.random() < 0.5:
        low = name
        for old, new in _MODERN:
            low = low.replace(old, new).replace(old.capitalize(), new.capitalize())
        name = low
    if name.startswith("Muhammad ") and rng.random() < 0.6:
        name = rng.choice(N.MUHAMMAD) + name[len("Muhammad"):]
    if name.startswith(("I ", "Ni ")) and rng.random() < 0.08:
        name = name.split(" ", 1)[1]
    if rng.random() < typo_rate:
        name = _typo(rng, name)
    if rng.random() < 0.15:
        name = f"{rng.choice(N.TITLES_BEFORE_L if p.sex == 'L' else N.TITLES_BEFORE_P)} {name}"
    if rng.random() < 0.06:
        name = f"{name}, {rng.choice(N.TITLES_AFTER)}"
    return _case(rng, name)


def noisy_nik(rng: random.Random, p: Person, missing: float) -> tuple[str, str]:
    """(nik text, kind): kind is '', 'missing', 'typo', 'swap' or 'kk'."""
    roll = rng.random()
    if roll < missing:
        return "", "missing"
    roll = rng.random()
    nik = p.nik
    if roll < 0.03:
        pos = rng.randint(0, 15)
        digit = rng.choice([d for d in "0123456789" if d != nik[pos]])
        return nik[:pos] + digit + nik[pos + 1:], "typo"
    if roll < 0.045:
        pos = rng.randint(0, 14)
        if nik[pos] != nik[pos + 1]:
            return nik[:pos] + nik[pos + 1] + nik[pos] + nik[pos + 2:], "swap"
    if roll < 0.05:
        return p.kk, "kk"
    return nik, ""


def nik_text_style(rng: random.Random, nik: str) -> str:
    roll = rng.random()
    if not nik or roll < 0.9:
        return nik
    if roll < 0.95:
        return f"{nik[:6]} {nik[6:12]} {nik[12:]}"
    return f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}.{nik[6:12]}.{nik[12:]}"


def phone_style(rng: random.Random, phone: str, missing: float = 0.25) -> str:
    if rng.random() < missing:
        return ""
    roll = rng.random()
    rest = phone[1:]
    if roll < 0.45:
        return phone
    if roll < 0.65:
        return "+62" + rest
    if roll < 0.8:
        return "62" + rest
    if roll < 0.9:
        return f"{phone[:4]}-{phone[4:8]}-{phone[8:]}"
    return f"+62 {rest[:3]} {rest[3:7]} {rest[7:]}"


def street_style(rng: random.Random, street: str) -> str:
    prefix = rng.choice(["Jl.", "Jalan", "JL", "Jln.", "Jl"])
    text = f"{prefix} {street}"
    if rng.random() < 0.3:
        text = text.replace("No. ", "No ")
    return _case(rng, text)


def rt_rw_style(rng: random.Random, rt: int, rw: int) -> str:
    return rng.choice([f"RT {rt:03d}/RW {rw:03d}", f"RT.{rt} RW.{rw}", f"rt {rt}/{rw}", f"{rt:03d}/{rw:03d}"])


def date_text(rng: random.Random, d: dt.date, style: str) -> str:
    if style == "dmy":
        return rng.choice([d.strftime("%d/%m/%Y"), d.strftime("%d-%m-%Y")])
    if style == "iso":
        return d.isoformat()
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def village_style(rng: random.Random, village: str) -> str:
    roll = rng.random()
    if roll < 0.1:
        village = "Desa " + village
    return _case(rng, village)
