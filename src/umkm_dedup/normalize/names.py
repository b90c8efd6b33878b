"""Indonesian names -> comparable forms. Titles and degrees go (kept for display elsewhere), old
spellings (oe, dj, tj, nj, sj, ch; j->y only in names that carry other old spellings) become
modern, the forms of Muhammad become one, and a phonetic key after Priyadi (2005) absorbs the
rest. Balinese birth-order names and I/Ni stay: they are real name parts, weighted by frequency;
their abbreviations (Kt., Nym., Kmg.) are written out, and a Balinese caste title in any of its
forms (I Gusti Ngurah, I.G.N., IGN, Ngurah) becomes one title word that the phonetic and core
forms leave out (a person drops it as easily as I/Ni). Names in other scripts are transliterated
(anyascii), so two different Chinese or Arabic names stay two different names."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

TITLES = frozenset("""bapak bpk bp pak ibu bu sdr sdri saudara saudari tn tuan ny nyonya nn nona h hj haji
hajjah hajah drs dra dr drg ir prof kh ustadz ustad ust""".split())
DEGREES = frozenset("""se sh spd skom st amd amdkep amdkeb mm mpd msi ssos sag sip ssi sked skm sfarm mkes
ak sp sth ssn sik spdi sei shi mh mt mag mkom mba ma bsc ba phd sarj sptk spt sth skep""".split())
MUHAMMAD = frozenset("""muhammad mohammad mohamad muhamad mochammad mochamad mokhamad muchammad
muhamad moch moh muh mhd mhmd""".split())
BALI_PREFIX = frozenset({"i", "ni"})
BALI_ORDER = frozenset({"wayan", "putu", "gede", "luh", "made", "kadek", "nengah", "nyoman", "komang", "ketut"})

_TITLE_DOT = re.compile(r"\b(h|hj|drs|dra|dr|ir|bpk|bp|sdr|sdri|ny|tn|moch|moh|muh|m)\.(?=[a-z])", re.I)
_NON_LETTER = re.compile(r"[^a-z ]+")
_APOSTROPHE = re.compile(r"['’`´‘]")
_OLD_MARKERS = ("oe", "dj", "tj", "nj", "sj")


#: birth-order names as offices abbreviate them ('Md.' is Made in Indonesian lists, not Muhammad)
ORDER_ABBREVIATIONS = {"kt": "ketut", "ktt": "ketut", "nym": "nyoman", "nyo": "nyoman", "kmg": "komang",
                       "kdk": "kadek", "md": "made", "wyn": "wayan", "ngh": "nengah", "pt": "putu"}
#: Balinese caste titles: every written form (as lower-case tokens, dots gone) -> one title word
_CASTE_FORMS = {
    "ngurah": ["i gusti ngurah", "i gst ngurah", "i g ngurah", "i g n", "ign", "gusti ngurah", "gst ngurah", "ngurah"],
    "gustibagus": ["i gusti bagus", "i gst bagus", "i g b", "igb", "gusti bagus", "gst bagus"],
    "gustiayu": ["i gusti ayu", "i gst ayu", "i g a", "iga", "gusti ayu", "gst ayu"],
    "idabagus": ["ida bagus", "ida bgs", "i b", "ib", "gus"],
    "idaayu": ["ida ayu", "i a", "ia", "dayu"],
    "cokorda": ["cokorda", "cokorde", "tjokorda", "tjokorde", "cok"],
    "agungayu": ["anak agung ayu", "a a a", "aaa", "aa ayu", "a a ayu", "a agung ayu"],
    "agung": ["anak agung", "a agung", "a a", "aa", "gung"],
    "dewa": ["dewa", "dw"],
    "desak": ["desak", "ds"],
    "gusti": ["i gusti", "i gst", "gusti", "gst"],
}
_CASTE_PATTERNS = sorted(((tuple(form.split()), title) for title, forms in _CASTE_FORMS.items() for form in forms),
                         key=lambda x: -len(x[0]))
#: the same patterns by their first word, longest first as above: a name is tried only against
#: the forms that can start it (every pattern on every name was a tenth of matching at 300k records)
_CASTE_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _pattern, _title in _CASTE_PATTERNS:
    _CASTE_BY_FIRST.setdefault(_pattern[0], []).append((_pattern, _title))
#: ... and as lookups: first word -> the pattern lengths it starts (longest first) and the title of
#: each pattern (the first listed where two titles share a form, as the loop over the list found)
_CASTE_LENGTHS = {first: sorted({len(p) for p, _ in forms}, reverse=True) for first, forms in _CASTE_BY_FIRST.items()}
_CASTE_TITLE_OF: dict[tuple[str, ...], str] = {}
for _pattern, _title in _CASTE_PATTERNS:
    _CASTE_TITLE_OF.setdefault(_pattern, _title)
CASTE_TITLES = frozenset(_CASTE_FORMS)
#: titles of one family are compatible (Gusti is the generic form of Gusti Ngurah/Bagus/Ayu; Anak
#: Agung is written for women too); two families are two different people
_CASTE_SEX = {"ngurah": "L", "gustibagus": "L", "idabagus": "L", "dewa": "L", "gustiayu": "P", "idaayu": "P",
              "agungayu": "P", "desak": "P"}
CASTE_FAMILY = {"ngurah": 1, "gustibagus": 1, "gustiayu": 1, "gusti": 1, "idabagus": 2, "idaayu": 2,
                "cokorda": 3, "agungayu": 4, "agung": 4, "dewa": 5, "desak": 5}


def _ascii(text: str) -> str:
    """Any script to ASCII letters: accents dropped, Chinese and Arabic transliterated (anyascii
    writes Chinese syllables capitalised and joined: 'WangXiaoMing' -> 'Wang Xiao Ming')."""
    from anyascii import anyascii

    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", anyascii(text))


def _caste_title(tokens: list[str]) -> list[str]:
    """A caste title at the start of the name, in any written form, as its one title word."""
    if not tokens:
        return tokens
    for n in _CASTE_LENGTHS.get(tokens[0], ()):   # one dict lookup per length, not one per form
        if len(tokens) > n:
            title = _CASTE_TITLE_OF.get(tuple(tokens[:n]))
            if title is not None:
                return [title] + tokens[n:]
    return tokens


@lru_cache(maxsize=200_000)
def _modern(token: str) -> str:
    if any(m in token for m in _OLD_MARKERS):
        token = re.sub(r"(?<![dts])j", "y", token)  # Jusuf -> Yusuf, but keep the j of dj/tj/sj
        token = token.replace("oe", "u").replace("dj", "j").replace("tj", "c").replace("nj", "ny").replace("sj", "sy")
    return token.replace("ch", "kh")


def strip_titles(name: str) -> str:
    """'Bpk. H. Ahmad Fauzi, S.E., M.M.' -> 'Ahmad Fauzi' (display case kept)."""
    name = str(name or "").strip()
    if "." in name:
        name = _TITLE_DOT.sub(lambda m: m.group(0) + " ", name)
    if "," in name:
        head, *tails = name.split(",")
        if not all(_is_degree(t) for t in tails):
            head = name.replace(",", " ")
    else:
        head = name
    tokens = head.split()
    while tokens and _key(tokens[0]) in TITLES and len(tokens) > 1:
        tokens.pop(0)
    while tokens and _key(tokens[-1]) in DEGREES and len(tokens) > 1:
        tokens.pop()
    return " ".join(tokens)


def _key(token: str) -> str:
    return token.lower().replace(".", "").strip(",")


def _is_degree(piece: str) -> bool:
    key = re.sub(r"[\s.]", "", piece.lower())
    return key == "" or key in DEGREES or bool(re.fullmatch(r"[smad][a-z]{0,5}", key))


def normalise_name(name: str) -> str:
    """Comparable form: 'Drs. H. MOCH. DJOKO Soesilo' -> 'muhammad joko susilo'."""
    stripped = strip_titles(name)
    text = _APOSTROPHE.sub("", (stripped if stripped.isascii() else _ascii(stripped)).lower())
    tokens = _caste_title(_NON_LETTER.sub(" ", text).split())
    out = []
    for i, tok in enumerate(tokens):
        if tok in MUHAMMAD or (tok == "m" and i == 0 and len(tokens) > 1):
            out.append("muhammad")
        elif tok == "w" and out and out[-1] in BALI_PREFIX:
            out.append("wayan")   # 'Ni W. Lestari'
        else:
            out.append(ORDER_ABBREVIATIONS.get(tok) or _modern(tok))
    # 'Ni Luh Kadek' is 'Ni Kadek': Luh before a birth-order name is an honorific, not the order;
    # so before a misspelt one ('Ni Luh Kaedk', 'Ni Luh Komnag'), which would otherwise leave Luh
    # to stand as the order and clash with the Kadek of the same person's other record
    out = [t for i, t in enumerate(out)
           if not (t == "luh" and i + 1 < len(out) and (out[i + 1] in BALI_ORDER or out[i + 1] in BALI_ORDER_TYPOS))]
    return " ".join(out)


_PHON_RULES = [(re.compile(p), r) for p, r in (
    (r"kh", "k"), (r"q", "k"), (r"x", "ks"), (r"sy", "s"), (r"v", "f"), (r"ph", "f"), (r"z", "j"),
    (r"dh", "d"), (r"th", "t"), (r"dz", "j"), (r"y", "j"), (r"d", "t"), (r"b", "p"),
    (r"(?<=.)h", ""), (r"(.)\1+", r"\1"),
)]


@lru_cache(maxsize=200_000)
def phonetic_token(token: str) -> str:
    """Priyadi-style key: spelling variants collapse, vowels after the first letter dropped."""
    if not token:
        return ""
    key = token
    for pattern, repl in _PHON_RULES:
        key = pattern.sub(repl, key)
    head, tail = key[0], re.sub(r"[aiueo]", "", key[1:])
    head = "a" if head in "aiueo" else head
    return head + tail


def phonetic_name(norm: str) -> str:
    """Phonetic key of a normalised name, without the Balinese I/Ni (often dropped in typing), its
    tokens sorted so that 'Rickett Oliver' meets 'Oliver Rickett'."""
    tokens = norm.split()
    if len(tokens) > 1 and (tokens[0] in BALI_PREFIX or tokens[0] in CASTE_TITLES):
        tokens = tokens[1:]
    return " ".join(sorted(phonetic_token(t) for t in tokens))


def _one_edit_variants(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    return {v for v in out if len(v) >= 4}


#: misspelt birth-order names ('komag', 'waan', 'ktut') -> the name; only names of 4+ letters
BALI_ORDER_TYPOS: dict[str, str] = {}
for _name in sorted(BALI_ORDER):
    if len(_name) >= 4:
        for _v in _one_edit_variants(_name):
            BALI_ORDER_TYPOS.setdefault(_v, _name)


def birth_order_token(token: str, position: int, balinese: bool) -> str:
    """The birth-order name a token stands for ('' if none). Misspellings count only in the
    birth-order position of a Balinese name (right after I/Ni, or first)."""
    if token in BALI_ORDER:
        return token
    if balinese and position <= 1:
        return BALI_ORDER_TYPOS.get(token, "")
    return ""


def _core_tokens(norm: str) -> list[str]:
    tokens = norm.split()
    balinese = bool(tokens) and (tokens[0] in BALI_PREFIX or tokens[0] in CASTE_TITLES)
    rest = tokens[1:] if balinese else tokens
    return [t for i, t in enumerate(rest) if not birth_order_token(t, i, balinese or i == 0)]


def core_name(norm: str) -> str:
    """The distinctive part: without I/Ni and birth-order names ('i made sudarta' -> 'sudarta',
    'i komag sukerta' -> 'sukerta'); a name with no distinctive word keeps all of it."""
    return " ".join(_core_tokens(norm)) or norm


def is_bare_name(norm: str) -> bool:
    """True for a name cut down to its I/Ni, caste title and birth-order name ('I W.', 'IA Nym.',
    'GST. AYU WAYAN'): it says nothing about which Wayan, so it does not disagree with
    'I Wayan Suastika' either; it only must not clash with the other's order or title."""
    return bool(norm) and not _core_tokens(norm)


_FEMALE = frozenset({"ibu", "bu", "ny", "nyonya", "nn", "nona", "hj", "hjh", "hajjah", "hajah", "dra", "sdri",
                     "saudari", "ni"})
_MALE = frozenset({"bapak", "bpk", "bp", "pak", "tn", "tuan", "drs", "sdr", "saudara", "i"})


def sex_from_name(name: str) -> str:
    """'L'/'P' when the name itself says so (Balinese I/Ni or a caste title, Bapak/Ibu, Drs./Dra.,
    H./Hj.), else ''."""
    words = str(name or "").lower().replace(".", " ").split()
    caste = _caste_title([w for w in words if w not in TITLES])[:1]
    if caste and caste[0] in _CASTE_SEX:
        return _CASTE_SEX[caste[0]]
    for tok in words[:3]:
        if tok in _FEMALE:
            return "P"
        if tok in _MALE:
            return "L"
        if tok not in TITLES:
            return ""
    return ""


def all_forms(name: str) -> tuple[str, str, str, str]:
    """(normalised, phonetic, core, sex from the name) of one name."""
    norm = normalise_name(name)
    return norm, phonetic_name(norm), core_name(norm), sex_from_name(name)


def normalise_names(names: pd.Series) -> pd.DataFrame:
    """norm / phonetic / core / sex-from-name columns, computed once per distinct name."""
    from .distinct import per_distinct_frame

    return per_distinct_frame(names, all_forms, ["name_norm", "name_phon", "name_core", "name_sex"])
