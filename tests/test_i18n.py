"""The catalogue (umkm_dedup/i18n/messages.py) has every key in every language with the same
{placeholders}: a text missing in English, or an Indonesian text that drops `{file}`, would show a user
a blank or a KeyError-shaped hole only on the path that uses it."""

from __future__ import annotations

import string

from umkm_dedup.i18n.messages import _M, LANGS


def _fields(text: str, lang: str) -> set[str]:
    """The placeholder names in `text`; a name ending in `_<lang>` (a value given per language,
    e.g. `{expected_id}` / `{expected_en}`) counts as its stem."""
    names = {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}
    return {n.removesuffix(f"_{lang}") for n in names}


def _disagreements(catalogue: dict[str, tuple[str, ...]]) -> list[str]:
    out = []
    for key, texts in catalogue.items():
        if len(texts) != len(LANGS) or any(not isinstance(x, str) or not x.strip() for x in texts):
            out.append(f"{key}: not one non-empty text per language {LANGS}")
            continue
        fields = [_fields(x, lang) for x, lang in zip(texts, LANGS)]
        if any(f != fields[0] for f in fields):
            out.append(f"{key}: placeholders differ {dict(zip(LANGS, map(sorted, fields)))}")
    return out


def test_every_key_has_every_language_with_the_same_placeholders():
    assert _disagreements(_M) == []


def test_the_check_finds_a_missing_language_and_a_dropped_placeholder():
    bad = {"a": ("berkas {file}", "file"), "b": ("hanya satu",), "c": ("", "empty Indonesian"),
           "ok": ("{n} baris, diharapkan {expected_id}", "{n} rows, expected {expected_en}")}
    found = _disagreements(bad)
    assert [line.split(":")[0] for line in found] == ["a", "b", "c"]


def test_every_text_formats_in_each_language_given_its_placeholders():
    """Every placeholder a text names can be filled (a format spec such as `{n:,}` gets a number)."""
    for texts in _M.values():
        for text in texts:
            params = {name: 1234 for _, name, _, _ in string.Formatter().parse(text) if name}
            text.format(**params)   # what t() does; raises on a malformed or unfillable placeholder
