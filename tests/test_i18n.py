"""The catalogue (umkm_dedup/i18n/messages.py) has every key in every language with the same
{placeholders}: a text missing in English, or an Indonesian text that drops `{file}`, would show a user
a blank or a KeyError-shaped hole only on the path that uses it."""

from __future__ import annotations

import string

from umkm_dedup.i18n.messages import _M, LANGS, t


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


def test_plain_counts_group_their_thousands_but_positions_do_not():
    """'Selesai: 42.649 orang unik dari 74.981 data' — a count placed plainly ({persons}, also as a
    numpy integer) reads like every other number in the report; a row number stays as the file shows it."""
    import numpy as np

    done = t("merge.done", "id", persons=np.int64(42649), records=74981, regency=47993, kemensos=19451,
             prakerja=7537, out="x")
    assert "42.649 orang unik dari 74.981 data" in done and "Prakerja 7.537" in done
    assert "42,649 unique persons from 74,981 records" in t("merge.done", "en", persons=42649, records=74981,
                                                               regency=1, kemensos=1, prakerja=1, out="x")
    assert "baris 12345" in t("err.no_record", "id", file="a.xlsx", sheet="S", row=12345)
    assert "0,17 %" in t("eval.review", "id", pairs=1234, share=np.float64(0.171), true=1000)


def test_a_number_in_a_table_cell_is_written_as_its_reader_writes_it():
    from umkm_dedup.i18n.messages import number

    assert number(69490, "id") == "69.490" and number(69490, "en") == "69,490"
    assert number(0.99953, "id", ".4f") == "0,9995" and number(-0.0912, "id", "+.2f") == "-0,09"
