"""What each comparison's bits count, where two comparisons see one fact: a birth date that two
NIKs one typo apart already carry in their date digits is not counted a second time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from umkm_dedup.matching.comparisons import REGISTRY, Encoded
from umkm_dedup.matching.model import M_PRIOR, U_PRIOR, Model, evidence

NIK = "510401" + "120190" + "0001"


def _birth_bits(nik_b: str, nik_level: str) -> tuple[float, float]:
    comps = ("nik", "birth_date")
    model = Model(m={c: np.array(M_PRIOR[c]) for c in comps}, u={c: np.array(U_PRIOR[c]) for c in comps}, prior=0.1)
    enc = Encoded(pd.DataFrame({"nik": [NIK, nik_b]}))
    levels = {"nik": np.array([REGISTRY["nik"].levels.index(nik_level)], np.int8),
              "birth_date": np.array([REGISTRY["birth_date"].levels.index("exact")], np.int8)}
    bits = evidence(model, enc, np.array([0]), np.array([1]), levels)
    return float(bits["birth_date"][0]), float(model.bits("birth_date")[0])


def test_a_birth_date_the_near_niks_carry_counts_once():
    # the next serial of the same day and district: the date digits agree, the date is the NIK's
    carried, full = _birth_bits(NIK[:-1] + "2", "one_edit")
    assert carried == 0.0 and full > 10


def test_a_birth_date_beside_a_date_typo_or_the_same_nik_keeps_its_bits():
    # a typo in the date digits: the declared date agreeing is evidence of its own
    typo, full = _birth_bits(NIK[:6] + "120199" + NIK[12:], "one_edit")
    assert typo == pytest.approx(full)
    # the same NIK: its own bits were learnt beside the birth date, nothing changes there
    same, full = _birth_bits(NIK, "exact")
    assert same == pytest.approx(full)


def test_evidence_worth_nothing_is_listed_with_what_agrees_not_after_but():
    """A birth date two near NIKs already carry scores 0 bits; the reason text still lists it as a
    fact that agrees, never after "tetapi" (which would read as if the dates disagreed)."""
    from umkm_dedup.report.reasons import reason_texts

    levels = {"nik": "one_edit", "name": "exact", "birth_date": "exact", "contact": "none"}
    bits = {"nik": 11.0, "name": 7.0, "birth_date": 0.0, "contact": -5.0}
    pair = pd.DataFrame({**{f"{c}_level": [REGISTRY[c].levels.index(v)] for c, v in levels.items()},
                         **{f"{c}_bits": [b] for c, b in bits.items()}, "rule": [""]})
    text = reason_texts(pair, list(levels), "id")[0]
    agree, against = text.split("tetapi")
    assert "tanggal lahir sama" in agree and "tanggal lahir" not in against
    assert "alamat, HP dan desa berbeda" in against
