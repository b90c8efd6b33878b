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


def _caste_and_order_forms(rng: random.Random, name: str) -> str:
    """Balinese caste titles and birth-order names as offices abbreviate them: 'I Gusti Ngurah
    Ketut Wijaya' -> 'I.G.N. Kt. Wijaya', 'Ngurah Ketut Wijaya'; 'Ni Luh Kadek Sari' -> 'Ni Kadek Sari'."""
    for titles in N.BALI_CASTE.values():
        for title, forms in titles:
            if name.startswith(title + " ") and rng.random() < 0.5:
                name = rng.choice(forms) + name[len(title):]
                break
        else:
            continue
        break
    words = name.split()
    if len(words) > 3 and words[0] == "Ni" and words[1] == "Luh" and rng.random() < 0.35:
        words.pop(1)
    if rng.random() < 0.08:
        words = [rng.choice(N.BALI_ORDER_ABBREV[w]) if w in N.BALI_ORDER_ABBREV else w for w in words]
    return " ".join(words)


_NOT_GIVEN = frozenset({"I", "Ni", "Luh", *(w for ws in N.BALI_ORDER.values() for w in ws),
                        *(w for ts in N.BALI_CASTE.values() for t, _ in ts for w in t.split())})


def _order_and_length(rng: random.Random, name: str, balinese: bool) -> str:
    """Given and family name swapped ('Adi Saputra' / 'Saputra Adi'), a name cut short ('Made
    Wirawan Putra' / 'Made Wirawan')."""
    words = name.split()
    if not balinese and len(words) >= 2 and rng.random() < 0.03:
        words = words[1:] + words[:1]
    # a name is cut after its first given name, never down to I/Ni, a title or a birth order
    given = [w for w in words if w not in _NOT_GIVEN]
    if len(given) >= 2 and rng.random() < 0.05:
        words = words[:-1]
    return " ".join(words)


def noisy_name(rng: random.Random, p: Person, typo_rate: float = 0.06) -> str:
    name = p.name
    if not name.isascii():
        return name  # a name in its own script is copied, not retyped
    if any(old in name.lower() for old, _ in _MODERN) and rng.random() < 0.5:
        low = name
        for old, new in _MODERN:
            low = low.replace(old, new).replace(old.capitalize(), new.capitalize())
        name = low
    if name.startswith("Muhammad ") and rng.random() < 0.6:
        name = rng.choice(N.MUHAMMAD) + name[len("Muhammad"):]
    balinese = name.startswith(("I ", "Ni ", "Ida ", "Anak Agung", "Cokorda", "Dewa ", "Desak ", "Gusti "))
    if balinese:
        name = _caste_and_order_forms(rng, name)
    if name.startswith(("I ", "Ni ")) and not name.startswith("I Gusti") and rng.random() < 0.08:
        name = name.split(" ", 1)[1]
    name = _order_and_length(rng, name, balinese)
    if rng.random() < typo_rate:
        name = _typo(rng, name)
    if rng.random() < 0.15:
        pool = (N.TITLES_BEFORE_L if p.sex == "L" else N.TITLES_BEFORE_P) + N.TITLES_FRONT_SHORT[p.sex]
        name = f"{rng.choice(pool)} {name}"
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
    prefix = rng.choice(["Jl.", "Jalan", "JL", "Jln.", "Jl", "JLN.", "JL."])
    text = f"{prefix} {street}"
    roll = rng.random()
    if roll < 0.2:
        text = text.replace("No. ", "No ")
    elif roll < 0.35:
        text = text.replace("No. ", "NO.")
    elif roll < 0.45:
        text = text.replace("No. ", "")     # 'Jl Gatot Subroto 21'
    return _case(rng, text)


def address_style(rng: random.Random, rec: dict, with_rt_rw: bool = True) -> str:
    """One address cell as offices write it, with more or less detail: the street and number always;
    RT/RW often (dropped by some); the banjar/dusun, desa and kecamatan appended by others."""
    parts = [street_style(rng, rec["street"])]
    if with_rt_rw and rng.random() < 0.8:
        parts.append(rt_rw_style(rng, rec["rt"], rec["rw"]))
    tail = []
    if rec.get("hamlet") and rng.random() < 0.25:
        tail.append(rec["hamlet"])
    if rng.random() < 0.15:
        tail.append(f"Desa {rec['village']}")
    if rng.random() < 0.1:
        tail.append(f"Kec. {rec['district']}")
    text = " ".join(parts)
    return _case(rng, f"{text}, {', '.join(tail)}") if tail else text


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
