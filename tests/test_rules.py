"""Each domain rule by its code: a pair it changes (with the decision it gives) and a close pair
it leaves alone. Levels are set by name and records are real (prepare()), so each test pins the
rule's own condition, not the model's estimates. The clustering guard and officers' decisions
are pinned where they act (test_matching's chain test, test_decisions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from umkm_dedup.matching import Settings
from umkm_dedup.matching.comparisons import LEVELS, Encoded
from umkm_dedup.matching.prepare import prepare
from umkm_dedup.matching.rules import DECISIONS, RULE_CATALOGUE, RULES, SWITCHABLE, decide
from umkm_dedup.i18n.messages import _M
from umkm_dedup.core.records import COLUMNS

# NIKs built from parts (no NIK-shaped literal): region 510401, male, serials differ
NIK_A = "510401" + "120190" + "0001"
NIK_B = "510401" + "200385" + "0003"


def rec(**values) -> dict:
    base = {c: "" for c in COLUMNS}
    base.update({"source_file": "t.xlsx", "sheet": "S", "role": "regency", "row": 1, "name": "Budi Santoso"})
    base.update(values)
    return base


def decide_one(a: dict, b: dict, weight: float, rules_off=(), **levels: str) -> tuple[str, str]:
    """(decision, rule) for one pair of records with the given levels (by name; others missing);
    `population=` bits (the run's size) as the engine passes them, none by default."""
    population = levels.pop("population", None)
    frame = pd.DataFrame([rec(record_id=0, **a), rec(record_id=1, row=2, **b)])
    enc = Encoded(prepare(frame))
    lv = {c: np.array([LEVELS[c].index(levels[c]) if c in levels else -1], np.int8) for c in LEVELS}
    s = Settings(rules_off=list(rules_off))
    decision, rule = decide(lv, np.array([weight], np.float32), enc, np.array([0]), np.array([1]), -10.0,
                            s.match_weight, s.review_weight, off=set(s.rules_off), population_bits=population,
                            min_match_odds_bits=s.min_match_odds_bits)
    return DECISIONS[decision[0]], RULES[rule[0]]


MATCH_W, REVIEW_W = 10.0, 3.0
TWO_NIKS = (dict(nik=NIK_A), dict(nik=NIK_B))


def test_two_trusted_niks_different_birth():
    assert decide_one(*TWO_NIKS, MATCH_W, nik="different", name="exact", birth_date="different") == \
        ("non_match", "two_trusted_niks_different_birth")
    # the same birth date: not this rule
    assert decide_one(*TWO_NIKS, MATCH_W, nik="different", name="exact", birth_date="exact")[1] != \
        "two_trusted_niks_different_birth"


def test_two_niks_same_name_and_home():
    """Two valid NIKs, one name, one phone or address: a KK typed as NIK, or a namesake at home;
    a person looks. Where the declared birth dates differ in more than one part, a KK cannot
    explain them: a parent and child of one name, two people."""
    assert decide_one(*TWO_NIKS, MATCH_W, nik="different", name="exact", birth_date="one_part", contact="phone") == \
        ("review", "two_niks_same_name_and_home")
    assert decide_one(*TWO_NIKS, MATCH_W, nik="different", name="exact", contact="address") == \
        ("review", "two_niks_same_name_and_home")
    assert decide_one(*TWO_NIKS, MATCH_W, nik="different", name="exact", birth_date="different", contact="phone") == \
        ("non_match", "two_trusted_niks_different_birth")
    assert decide_one(*TWO_NIKS, MATCH_W, nik="different", name="exact", birth_date="different",
                      contact="district")[1] != "two_niks_same_name_and_home"


def test_needs_corroboration():
    assert decide_one({}, {}, MATCH_W, name="exact", birth_date="different") == ("review", "needs_corroboration")
    assert decide_one({}, {}, MATCH_W, name="exact", birth_date="exact") == ("match", "")


def test_only_name_and_area():
    assert decide_one({}, {}, REVIEW_W, name="exact", contact="village") == ("non_match", "only_name_and_area")
    assert decide_one({}, {}, REVIEW_W, name="exact", contact="village", birth_date="exact") == ("review", "")


def test_near_nik_needs_name_and_more():
    near = (dict(nik=NIK_A, other_id="X1"), dict(nik=NIK_A[:-1] + "2", other_id="X1"))
    assert decide_one(*near, MATCH_W, nik="one_edit", name="exact", other_id="exact", birth_date="different") == \
        ("review", "near_nik_needs_name_and_more")
    assert decide_one(*near, MATCH_W, nik="one_edit", name="exact", other_id="exact", birth_date="exact") == \
        ("match", "")


def test_near_nik_other_name():
    near = (dict(nik=NIK_A), dict(nik=NIK_A[:-1] + "2", name="Joko Widodo"))
    assert decide_one(*near, REVIEW_W, nik="one_edit", name="different") == ("non_match", "near_nik_other_name")
    assert decide_one(*near, REVIEW_W, nik="one_edit", name="different", contact="phone")[1] != "near_nik_other_name"


def test_other_name_weak_evidence_is_the_review_to_non_match_demotion():
    """Below the match threshold, names that differ: demoted from review with its own code."""
    assert decide_one({}, {"name": "Joko Widodo"}, REVIEW_W, name="different", birth_date="exact") == \
        ("non_match", "other_name_weak_evidence")
    assert decide_one({}, {}, REVIEW_W, name="similar", birth_date="exact") == ("review", "")


def test_two_valid_niks_nothing_shared():
    assert decide_one(*TWO_NIKS, REVIEW_W, nik="different", name="exact", birth_date="exact") == \
        ("non_match", "two_valid_niks_nothing_shared")
    assert decide_one(*TWO_NIKS, REVIEW_W, nik="different", name="exact", birth_date="exact", contact="phone") == \
        ("review", "")


def test_name_different():
    same = (dict(nik=NIK_A), dict(nik=NIK_A, name="Joko Widodo"))
    assert decide_one(*same, MATCH_W, nik="exact", name="different") == ("review", "name_different")
    # two independent identifiers outweigh a name change
    assert decide_one(*same, MATCH_W, nik="exact", name="different", contact="phone") == ("match", "")
    # a NIK Excel cut to 15 digits is the same NIK
    cut = (dict(nik=NIK_A), dict(nik=NIK_A[:15] + "0", name="Joko Widodo"))
    assert decide_one(*cut, MATCH_W, nik="prefix15", name="different", contact="address") == ("match", "")
    assert decide_one(*cut, MATCH_W, nik="prefix15", name="different")[0] != "match"


def test_household_other_person():
    a, b = {"name": "Budi Santoso", "sex": "L"}, {"name": "Siti Aminah", "sex": "P"}
    # only the birthday in common, no home: two people born the same day, whatever their sex
    for sex in ("different", "same"):
        assert decide_one(a, b, MATCH_W, name="different", birth_date="exact", sex=sex) == \
            ("non_match", "other_name_only_birth_date")
    # at one phone: another sex is a household; the same sex and a shared surname is for a person
    assert decide_one(a, b, MATCH_W, name="different", sex="different", contact="phone") == \
        ("non_match", "household_other_person")
    assert decide_one(a, {**b, "name": "Siti Santoso", "sex": "L"}, MATCH_W, name="different", sex="same",
                      contact="phone") == ("review", "name_different")


def test_birth_order_title_or_script_differs():
    assert decide_one({"name": "Ni Wayan Lestari"}, {"name": "Ni Made Lestari"}, MATCH_W, name="partial",
                      birth_date="exact") == ("non_match", "birth_order_title_or_script_differs")
    # Wayan and Putu are one birth order: not this rule
    assert decide_one({"name": "Ni Wayan Lestari"}, {"name": "Ni Putu Lestari"}, MATCH_W, name="partial",
                      birth_date="exact")[1] != "birth_order_title_or_script_differs"


def test_namesake_born_same_day_elsewhere():
    """Similar names born the same day with nothing of a place or NIK in common: two namesakes.
    The same name (a mover keeps it), or a shared village or phone, is not this rule."""
    a, b = {"name": "Ni Komang Sri", "birth_date": "1972-07-16"}, {"name": "Sri Mulyani", "birth_date": "1972-07-16"}
    assert decide_one(a, b, MATCH_W, name="partial", birth_date="exact", contact="none") == \
        ("non_match", "namesake_born_same_day_elsewhere")
    # a NIK one digit apart with a very similar name elsewhere: a neighbour in the NIK sequence
    near = (dict(nik=NIK_A, name="I Komang Wardana"), dict(nik=NIK_A[:-1] + "2", name="I Komang Ardana"))
    assert decide_one(*near, MATCH_W, nik="one_edit", name="very_similar", birth_date="exact", contact="none") == \
        ("non_match", "namesake_born_same_day_elsewhere")
    # near misses: the same name without a NIK (a mover), the same village, the same NIK
    assert decide_one(a, {**a}, MATCH_W, name="exact", birth_date="exact", contact="none") == ("match", "")
    assert decide_one(a, b, MATCH_W, name="very_similar", birth_date="exact", contact="none") == ("match", "")
    assert decide_one(a, b, MATCH_W, name="partial", birth_date="exact", contact="phone") == ("match", "")
    same = (dict(nik=NIK_A, **a), dict(nik=NIK_A, **b))
    assert decide_one(*same, MATCH_W, nik="exact", name="partial", birth_date="exact", contact="none")[1] != \
        "namesake_born_same_day_elsewhere"
    # spouses sharing an address are left to the household rules, not this one
    assert decide_one({"name": "Budi Santoso", "sex": "L"}, {"name": "Siti Santoso", "sex": "P"}, MATCH_W,
                      name="partial", birth_date="exact", sex="different", contact="address")[1] != \
        "namesake_born_same_day_elsewhere"


def test_birth_date_differs_nothing_shared():
    """Birth dates a part apart and nothing else in common: two people, not a review. With a shared
    address (a typo in one date of one person), or the same NIK, it does not act."""
    near = (dict(nik=NIK_A, name="I Made Wirawan"), dict(nik=NIK_A[:-1] + "2", name="I Made Wirawan Putra"))
    assert decide_one(*near, MATCH_W, nik="one_edit", name="very_similar", birth_date="one_part") == \
        ("non_match", "birth_date_differs_nothing_shared")
    assert decide_one(*near, MATCH_W, nik="one_edit", name="very_similar", birth_date="one_part",
                      contact="village") == ("non_match", "birth_date_differs_nothing_shared")
    assert decide_one({}, {}, MATCH_W, name="exact", birth_date="one_part", contact="address") == ("match", "")
    same = (dict(nik=NIK_A), dict(nik=NIK_A))
    assert decide_one(*same, MATCH_W, nik="exact", name="exact", birth_date="one_part")[1] != \
        "birth_date_differs_nothing_shared"
    # Ni Wayan vs Ni Made stay apart by their own rule
    assert decide_one({"name": "Ni Wayan Lestari"}, {"name": "Ni Made Lestari"}, MATCH_W, name="partial",
                      birth_date="one_part", contact="address") == ("non_match", "birth_order_title_or_script_differs")


def test_housemate_unrelated_name():
    """Spouses sharing an address and a phone, sex not written, no NIK: the model's match that
    name_different would send to review is two people. A name cut short to its titles
    (I.G.A. Wayan) or with a misspelt word (Sukasih / Skasih) stays a review."""
    home = dict(address="Jl. Hasanuddin No. 72", phone="08959380209")
    spouses = ({"name": "Marzuki Pratama", **home}, {"name": "Ni Putu Ariani", **home})
    assert decide_one(*spouses, MATCH_W, name="different", contact="phone_and_address") == \
        ("non_match", "housemate_unrelated_name")
    cut = ({"name": "I Gusti Ayu Wayan Purnami", **home}, {"name": "IGA Wayan", **home})
    assert decide_one(*cut, MATCH_W, name="different", contact="phone_and_address") == ("review", "name_different")
    typo = ({"name": "Ni Putu Skasih Utari", **home}, {"name": "Ni Putu Sukasih", **home})
    assert decide_one(*typo, MATCH_W, name="different", contact="phone_and_address") == ("review", "name_different")
    # a NIK or a birth date in common: not this rule
    assert decide_one(*spouses, MATCH_W, name="different", contact="address", birth_date="exact")[1] != \
        "housemate_unrelated_name"
    # namesakes in one banjar with nothing shared at home are not housemates
    assert decide_one({"name": "I Made Sudarta"}, {"name": "I Made Sudarta"}, MATCH_W, name="exact",
                      contact="village")[1] != "housemate_unrelated_name"


#: two people born the same day, each the first NIK of that day in neighbouring districts of Gianyar
#: two NIKs one region digit apart, the same birth date and serial: the first girl born on 12
#: January 1990 in Sukawati (510401) and the first in Blahbatuh (510402)
REGION_APART = (dict(nik=NIK_A, district="Kuta"), dict(nik="510402" + NIK_A[6:], district="Ubud"))


AT_HOME = (dict(nik=NIK_A, district="Sukawati", village="Batubulan"),
           dict(nik="510402" + NIK_A[6:], district="Kec. Blahbatuh", village="Bedulu"))


def test_nik_neighbours_each_at_home():
    assert decide_one(*AT_HOME, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="none") == \
        ("non_match", "nik_neighbours_each_at_home")
    # the copy with the typo lives where the first record does (Sukawati): not this rule
    typo = (AT_HOME[0], dict(AT_HOME[1], district="Sukawati"))
    assert decide_one(*typo, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="district")[1] != \
        "nik_neighbours_each_at_home"
    # a mover: the NIK names the district left behind, the record another one
    mover = (AT_HOME[0], dict(AT_HOME[1], district="Kuta"))
    assert decide_one(*mover, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="none")[1] != \
        "nik_neighbours_each_at_home"
    # one phone in common: a person looks, not this rule
    assert decide_one(*AT_HOME, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="phone")[1] != \
        "nik_neighbours_each_at_home"


def test_nik_neighbours_each_in_their_own_regency():
    """A Prakerja row carries a regency and no district or address: two NIKs a regency digit
    apart (5104... Gianyar, 5103... Badung) whose rows each live in their own NIK's regency are two
    neighbours in the NIK sequence, even with no place to compare. A typo in that digit leaves the
    copy in the first record's regency; a district digit apart says nothing at regency level."""
    gianyar = dict(nik=NIK_A, regency="Kabupaten Gianyar")
    badung = dict(nik="5103" + NIK_A[4:], regency="KABUPATEN BADUNG")
    assert decide_one(gianyar, badung, MATCH_W, nik="one_edit", name="exact", birth_date="exact") == \
        ("non_match", "nik_neighbours_each_at_home")
    # the typo's copy in Gianyar, where the first record lives
    assert decide_one(gianyar, dict(badung, regency="Kab. Gianyar"), MATCH_W, nik="one_edit", name="exact",
                      birth_date="exact")[1] != "nik_neighbours_each_at_home"
    # a district digit apart (510401 / 510402), both in Gianyar: the regency cannot tell them apart
    assert decide_one(gianyar, dict(nik="510402" + NIK_A[6:], regency="Gianyar"), MATCH_W, nik="one_edit",
                      name="exact", birth_date="exact")[1] != "nik_neighbours_each_at_home"
    # a phone in common: a person looks
    assert decide_one(gianyar, badung, MATCH_W, nik="one_edit", name="exact", birth_date="exact",
                      contact="phone")[1] != "nik_neighbours_each_at_home"


def test_nik_region_neighbours():
    """NIKs one region digit apart (date and serial equal) with a name only very similar, or with
    the homes in two districts, and nothing at home in common: a coin toss between a typo and two
    people born the same day in neighbouring districts, so a person looks. The same name with no
    place to compare, the same district, a shared phone, or the digit apart in the date: not this rule."""
    cut_short = (dict(REGION_APART[0], name="I Made Muliana"), dict(REGION_APART[1], name="I Made Muliana Arnawa"))
    assert decide_one(*cut_short, MATCH_W, nik="one_edit", name="very_similar", birth_date="exact") == \
        ("review", "nik_region_neighbours")
    assert decide_one(*REGION_APART, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="none") == \
        ("review", "nik_region_neighbours")
    assert decide_one(*REGION_APART, MATCH_W, nik="one_edit", name="exact", birth_date="exact") == ("match", "")
    assert decide_one(*REGION_APART, MATCH_W, nik="one_edit", name="exact", birth_date="exact",
                      contact="district") == ("match", "")
    assert decide_one(*cut_short, MATCH_W, nik="one_edit", name="very_similar", birth_date="exact",
                      contact="phone") == ("match", "")
    date = (cut_short[0], dict(cut_short[1], nik=NIK_A[:6] + "130190" + NIK_A[12:]))
    assert decide_one(*date, MATCH_W, nik="one_edit", name="very_similar", birth_date="exact") == ("match", "")
    # at a province's size the doubt is settled: two people (nik_region_neighbours_at_this_size)
    assert decide_one(*REGION_APART, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="none",
                      population=-20.0) == ("non_match", "nik_region_neighbours_at_this_size")


def test_other_birth_date_weak_evidence():
    """Below the match threshold, declared birth dates years apart and no NIK or id that agrees:
    two people, even with the village or address in common. One part apart (a typo), a NIK one
    typo apart, or a match-band weight: not this rule."""
    assert decide_one({}, {}, REVIEW_W, name="exact", birth_date="different", contact="village") == \
        ("non_match", "other_birth_date_weak_evidence")
    assert decide_one({}, {"name": "Budi Santosa"}, REVIEW_W, name="partial", birth_date="different",
                      contact="address") == ("non_match", "other_birth_date_weak_evidence")
    assert decide_one({}, {}, REVIEW_W, name="exact", birth_date="one_part", contact="village")[1] != \
        "other_birth_date_weak_evidence"
    assert decide_one(dict(nik=NIK_A), dict(nik=NIK_A[:-1] + "2"), REVIEW_W, nik="one_edit", name="exact",
                      birth_date="different", contact="village")[1] != "other_birth_date_weak_evidence"
    assert decide_one({}, {}, MATCH_W, name="exact", birth_date="different", contact="address")[1] != \
        "other_birth_date_weak_evidence"


def test_every_decide_rule_has_a_test_here():
    tested = {n[len("test_"):] for n in globals() if n.startswith("test_")}
    for r in SWITCHABLE:
        assert any(name.startswith(r) for name in tested), r


NEAR = (dict(nik=NIK_A, other_id="X1"), dict(nik=NIK_A[:-1] + "2", other_id="X1"))
#: one pair each rule acts on (the positive cases above), for the switch
POSITIVE = {
    "two_trusted_niks_different_birth": (*TWO_NIKS, MATCH_W, dict(nik="different", name="exact", birth_date="different")),
    "two_niks_same_name_and_home": (*TWO_NIKS, MATCH_W, dict(nik="different", name="exact", birth_date="one_part",
                                                              contact="phone")),
    "needs_corroboration": ({}, {}, MATCH_W, dict(name="exact", birth_date="different")),
    "only_name_and_area": ({}, {}, REVIEW_W, dict(name="exact", contact="village")),
    "near_nik_needs_name_and_more": (*NEAR, MATCH_W, dict(nik="one_edit", name="exact", other_id="exact",
                                                          birth_date="different")),
    "near_nik_other_name": (dict(nik=NIK_A), dict(nik=NIK_A[:-1] + "2", name="Joko Widodo"), REVIEW_W,
                            dict(nik="one_edit", name="different")),
    "other_birth_date_weak_evidence": ({}, {}, REVIEW_W, dict(name="exact", birth_date="different", contact="village")),
    "other_name_weak_evidence": ({}, {"name": "Joko Widodo"}, REVIEW_W, dict(name="different", birth_date="exact")),
    "two_valid_niks_nothing_shared": (*TWO_NIKS, REVIEW_W, dict(nik="different", name="exact", birth_date="exact")),
    "name_different": (dict(nik=NIK_A), dict(nik=NIK_A, name="Joko Widodo"), MATCH_W,
                       dict(nik="exact", name="different")),
    "household_other_person": ({"sex": "L"}, {"name": "Siti Aminah", "sex": "P"}, MATCH_W,
                               dict(name="different", sex="different", contact="phone")),
    "birth_order_title_or_script_differs": ({"name": "Ni Wayan Lestari"}, {"name": "Ni Made Lestari"}, MATCH_W,
                                            dict(name="partial", birth_date="exact")),
    "namesake_born_same_day_elsewhere": ({"name": "Ni Komang Sri"}, {"name": "Sri Mulyani"}, MATCH_W,
                                         dict(name="partial", birth_date="exact", contact="none")),
    "housemate_unrelated_name": ({"name": "Marzuki Pratama"}, {"name": "Ni Putu Ariani"}, MATCH_W,
                                 dict(name="different", contact="address")),
    "namesakes_likely_at_this_size": ({}, {}, MATCH_W, dict(name="exact", birth_date="exact", population=-20.0)),
    "namesakes_elsewhere_at_this_size": ({}, {}, MATCH_W, dict(name="exact", birth_date="exact", contact="none",
                                                               population=-20.0)),
    "nik_region_neighbours_at_this_size": (*REGION_APART, MATCH_W, dict(nik="one_edit", name="exact",
                                                                      birth_date="exact", contact="none",
                                                                      population=-20.0)),
    "near_nik_loose_name_at_this_size": (dict(nik=NIK_A), dict(nik=NIK_A[:6] + "130190" + NIK_A[12:]), 17.0,
                                         dict(nik="one_edit", name="very_similar", population=-20.0)),
    "nik_region_neighbours": (*REGION_APART, MATCH_W, dict(nik="one_edit", name="exact", birth_date="exact",
                                                          contact="none")),
    "same_nik_other_person": (dict(nik=NIK_A), dict(nik=NIK_A, name="Joko Widodo"), MATCH_W,
                              dict(nik="exact", name="different", birth_date="one_part")),
    "other_name_only_birth_date": ({"name": "I Made Sudarta"}, {"name": "Siti Aminah"}, MATCH_W,
                                   dict(name="different", birth_date="exact")),
    "nik_neighbours_each_at_home": (*AT_HOME, MATCH_W, dict(nik="one_edit", name="exact", birth_date="exact",
                                                            contact="none")),
    "birth_date_differs_nothing_shared": (dict(nik=NIK_A), dict(nik=NIK_A[:-1] + "2"), MATCH_W,
                                          dict(nik="one_edit", name="very_similar", birth_date="one_part")),
}


@pytest.mark.parametrize("code", SWITCHABLE)
def test_a_rule_switched_off_does_not_act(code):
    a, b, w, levels = POSITIVE[code]
    assert decide_one(a, b, w, **levels)[1] == code
    assert decide_one(a, b, w, rules_off=[code], **levels)[1] != code


def test_catalogue_has_a_code_a_switch_and_both_languages_for_every_rule():
    assert [r.code for r in RULE_CATALOGUE] == list(RULES[1:])
    for r in RULE_CATALOGUE:
        indonesian, english = _M[f"rule.{r.code}"]
        assert indonesian and english and indonesian != english
        assert r.decides in DECISIONS
    assert set(SWITCHABLE) < set(RULES)


def test_an_unknown_or_unswitchable_rule_is_refused():
    from umkm_dedup.core.errors import ConfigError

    with pytest.raises(ConfigError):
        Settings(rules_off=["no_such_rule"])
    with pytest.raises(ConfigError):
        Settings(rules_off=["decided_same"])


def test_pairs_keep_the_model_decision_and_confidence_follows_the_final_one():
    """On the sample: pairs a rule moved keep the model's decision beside the final one, and the
    reported probability (Keyakinan) lies in the band of the final decision."""
    from helpers import SAMPLE
    from umkm_dedup.matching import deduplicate
    from umkm_dedup.sources import read_sources

    result = deduplicate(read_sources([SAMPLE / "babel" / "input"]))
    p = result.scored_pairs()
    moved = p["decision"].astype(str) != p["model_decision"].astype(str)
    assert moved.any() and (p.loc[moved, "rule"].astype(str) != "").all()
    assert (p.loc[~moved, "probability"] == p.loc[~moved, "model_probability"]).all()
    prior_bits = np.log2(result.model.prior / (1 - result.model.prior))
    at = lambda w: np.float32(1 / (1 + 2 ** -(w + prior_bits)))  # noqa: E731
    s = result.settings
    d, prob = p["decision"].astype(str), p["probability"]
    assert (prob[d == "match"] >= at(s.match_weight) - 1e-6).all()
    assert (prob[d == "non_match"] < at(s.review_weight) + 1e-6).all()
    demoted = moved & (d == "non_match") & (p["model_probability"] >= at(s.review_weight))
    assert demoted.any() and (p.loc[demoted, "probability"] < p.loc[demoted, "model_probability"]).all()


def test_other_name_only_birth_date():
    """Two names without anything in common but one birthday (and the district): two people,
    not a review, however high the model's weight for the date. A shared NIK, address or other
    id keeps the pair for a person (name_different)."""
    a, b = {"name": "I Made Sudarta", "birth_date": "1972-07-16"}, {"name": "Siti Aminah", "birth_date": "1972-07-16"}
    # (in another district altogether, namesake_born_same_day_elsewhere says it first)
    for contact in ("district", "village"):
        assert decide_one(a, b, MATCH_W, name="different", birth_date="exact", sex="same", contact=contact) == \
            ("non_match", "other_name_only_birth_date")
    assert decide_one(a, b, MATCH_W, name="different", birth_date="exact") == ("non_match", "other_name_only_birth_date")
    # near misses: the same NIK, a shared address, the same other id, or a similar name
    same_nik = (dict(nik=NIK_A, **a), dict(nik=NIK_A, **b))
    assert decide_one(*same_nik, MATCH_W, nik="exact", name="different", birth_date="exact") == ("review", "name_different")
    assert decide_one(a, b, MATCH_W, name="different", birth_date="exact", contact="address")[1] != \
        "other_name_only_birth_date"
    assert decide_one(a, b, MATCH_W, name="different", birth_date="exact", other_id="exact")[1] != \
        "other_name_only_birth_date"
    assert decide_one(a, {**b, "name": "I Made Sudharta"}, MATCH_W, name="phonetic", birth_date="exact",
                      contact="district") == ("match", "")


def test_namesakes_likely_at_this_size():
    """The same evidence, weighed against the run's size: a model match one person in a regency's
    list (odds of 2^-16 that two random records are one person) is a person's call among a
    province's million records (2^-20) when its weight is near the threshold. A trusted NIK is
    the person whatever the size, and so is a NIK stem with the name."""
    from umkm_dedup.matching.rules import run_prior_bits

    small, large = run_prior_bits(75_000, 32_000), run_prior_bits(1_000_000, 420_000)
    assert -17 < small < -15 and -21 < large < -19
    a = {"name": "I Komang Ardana", "birth_date": "1972-07-16"}

    def at(bits, weight, **extra):
        frame = pd.DataFrame([rec(record_id=0, **a, **extra), rec(record_id=1, row=2, **a, **extra)])
        enc = Encoded(prepare(frame))
        levels = {c: np.array([-1], np.int8) for c in LEVELS}
        levels.update(name=np.array([0], np.int8), birth_date=np.array([0], np.int8))
        if extra:
            levels["nik"] = np.array([0], np.int8)
        d, r = decide(levels, np.array([weight], np.float32), enc, np.array([0]), np.array([1]), -10.0, 6.0, 0.0,
                      population_bits=bits, min_match_odds_bits=-4.0)
        return DECISIONS[d[0]], RULES[r[0]]

    assert at(small, 14.0) == ("match", "")
    assert at(large, 14.0) == ("review", "namesakes_likely_at_this_size")
    assert at(large, 18.0) == ("match", "")
    assert at(None, 14.0) == ("match", "")
    assert at(large, 14.0, nik="510401" + "160772" + "0001") == ("match", "")
    # NIKs with one stem (district and birth date), the serial apart, and the same name: drawn from
    # the few born that day in that district, not from the run, so the run's size does not count
    stem = (dict(nik="510401" + "160772" + "0001", name="I Komang Ardana"),
            dict(nik="510401" + "160772" + "0002", name="I Komang Ardana"))
    assert decide_one(*stem, 14.0, nik="same_stem", name="exact", birth_date="exact", population=large) == \
        ("match", "")
    assert decide_one(*stem, 14.0, nik="same_stem", name="exact", population=large) == ("match", "")
    # a name only similar, or the birth date against it: the size rule as for any pair
    assert decide_one(*stem, 14.0, nik="same_stem", name="similar", birth_date="exact", population=large)[0] != \
        "match"
    assert decide_one(*stem, 14.0, nik="same_stem", name="exact", birth_date="one_part", population=large)[0] != \
        "match"


def test_same_nik_other_person():
    """One NIK under two unrelated names whose birth dates differ, or whose places are known and
    differ: the NIK is wrong in one list, two people. Where nothing else is known, or a phone,
    address or the birth date agrees, a person looks (name_different) or they merge."""
    same = (dict(nik=NIK_A), dict(nik=NIK_A, name="Joko Widodo"))
    assert decide_one(*same, MATCH_W, nik="exact", name="different", birth_date="one_part") == \
        ("non_match", "same_nik_other_person")
    assert decide_one(*same, MATCH_W, nik="exact", name="different", contact="district") == \
        ("non_match", "same_nik_other_person")
    # the same birth date in two places apart: the one NIK carries it, it ties nothing more
    assert decide_one(*same, MATCH_W, nik="exact", name="different", birth_date="exact", contact="none") == \
        ("non_match", "same_nik_other_person")
    # ... and where the places are not known, a person looks
    assert decide_one(*same, MATCH_W, nik="exact", name="different", birth_date="exact") == \
        ("review", "name_different")
    # near misses: nothing known beside the NIK, the same birth date, a shared phone, a similar name
    assert decide_one(*same, MATCH_W, nik="exact", name="different") == ("review", "name_different")
    assert decide_one(*same, MATCH_W, nik="exact", name="different", birth_date="exact",
                      contact="district")[1] != "same_nik_other_person"
    assert decide_one(*same, MATCH_W, nik="exact", name="different", contact="phone") == ("match", "")
    # a NIK Excel cut to 15 digits is the same NIK
    cut = (dict(nik=NIK_A), dict(nik=NIK_A[:15] + "0", name="Joko Widodo"))
    assert decide_one(*cut, MATCH_W, nik="prefix15", name="different", contact="address") == ("match", "")
    assert decide_one(*cut, MATCH_W, nik="prefix15", name="different")[0] != "match"
    assert decide_one(*same, MATCH_W, nik="exact", name="partial", birth_date="one_part")[1] != \
        "same_nik_other_person"


def test_namesakes_at_this_size_with_two_numbers_are_two_people():
    """A weak match at a province's size between two different NIKs, nothing shared at home: two
    namesakes born the same day (two_valid_niks_nothing_shared), not a review; with the size rule
    switched off it stays the model's match."""
    two = (dict(nik=NIK_A), dict(nik=NIK_B))
    assert decide_one(*two, MATCH_W, nik="different_unverified", name="exact", birth_date="exact",
                      contact="none", population=-20.0) == ("non_match", "two_valid_niks_nothing_shared")
    assert decide_one(*two, MATCH_W, nik="different_unverified", name="exact", birth_date="exact", contact="none",
                      population=-20.0, rules_off=["namesakes_likely_at_this_size"]) == ("match", "")
    # below even odds, though not below the size rule's -4 bits: still two numbers apart
    assert decide_one(*two, MATCH_W, nik="different_unverified", name="exact", birth_date="exact",
                      contact="none", population=-12.0) == ("non_match", "two_valid_niks_nothing_shared")
    # better than even (a regency's list): the model's match
    assert decide_one(*two, MATCH_W, nik="different_unverified", name="exact", birth_date="exact",
                      contact="none", population=-9.0) == ("match", "")
    # and with a phone in common, a person looks at it, whatever the size
    assert decide_one(*two, MATCH_W, nik="different_unverified", name="exact", birth_date="exact",
                      contact="phone", population=-12.0)[0] != "non_match"


def test_near_nik_other_name_at_another_house_in_the_village():
    """A NIK one digit off, the same name and village but another written house, no birth date:
    the NIK's neighbour, born that day in that district; with one address missing it stays a
    person's call."""
    a = dict(nik=NIK_A, name="I Made Sudarta", address="Jl. Raya No. 7")
    b = dict(nik=NIK_A[:-1] + "2", name="I Made Sudarta", address="Jl. Pura No. 12")
    assert decide_one(a, b, MATCH_W, nik="one_edit", name="exact", contact="village") == \
        ("non_match", "near_nik_other_name")
    assert decide_one(a, {**b, "address": ""}, MATCH_W, nik="one_edit", name="exact", contact="village")[1] != \
        "near_nik_other_name"


def test_refused_links_from_elsewhere_are_two_people_the_rest_a_review():
    """A link the guard refused goes to a person (would_join_two_niks) unless no NIK agrees and
    the records share no place: a namesake of two people with their own NIKs."""
    from umkm_dedup.matching.rules import refused_links

    code = lambda c, lvl: LEVELS[c].index(lvl)  # noqa: E731
    levels = {"nik": np.array([-1, code("nik", "one_edit"), -1, code("nik", "different_unverified")], np.int8),
              "contact": np.array([code("contact", "none"), code("contact", "none"), code("contact", "village"),
                                   code("contact", "none")], np.int8)}
    decision, rule = refused_links(levels, np.arange(4))
    assert [DECISIONS[d] for d in decision] == ["non_match", "review", "review", "non_match"]
    assert [RULES[r] for r in rule] == ["would_join_two_niks_from_elsewhere", "would_join_two_niks",
                                        "would_join_two_niks", "would_join_two_niks_from_elsewhere"]
    # no place to compare on one side (no address, phone or region): nothing more for a person to
    # weigh, unless a NIK one typo apart ties them
    levels = {"nik": np.array([-1, code("nik", "one_edit")], np.int8), "contact": np.array([-1, -1], np.int8)}
    decision, rule = refused_links(levels, np.arange(2))
    assert [DECISIONS[d] for d in decision] == ["non_match", "review"]


def test_namesakes_elsewhere_at_this_size():
    """A match too weak for a million records whose only ties are the name and the birth date, the
    places known and apart and no NIK or other id that agrees: two namesakes, not a review (an
    officer sees one name in two places). Anything else in common keeps it a person's call; in a
    regency's list the same pair is the model's match."""
    bpum, moved = dict(nik=NIK_A, district="Kuta"), dict(nik="", district="Ubud")
    assert decide_one(bpum, moved, MATCH_W, name="very_similar", birth_date="exact", contact="none",
                      population=-20.0) == ("non_match", "namesakes_elsewhere_at_this_size")
    # near misses: the same village, a NIK one typo apart, another id in common, a regency's size
    assert decide_one(bpum, moved, MATCH_W, name="very_similar", birth_date="exact", contact="village",
                      population=-20.0) == ("review", "namesakes_likely_at_this_size")
    assert decide_one(dict(nik=NIK_A), dict(nik=NIK_A[:-1] + "2"), MATCH_W, nik="one_edit", name="exact",
                      birth_date="exact", contact="none", population=-20.0)[1] != "namesakes_elsewhere_at_this_size"
    assert decide_one(bpum, moved, MATCH_W, name="very_similar", birth_date="exact", contact="none",
                      other_id="exact", population=-20.0)[1] != "namesakes_elsewhere_at_this_size"
    assert decide_one(bpum, moved, MATCH_W, name="very_similar", birth_date="exact", contact="none",
                      population=-12.0) == ("match", "")
    # one district and no address or phone in common is no more: a name cut short (or lost to
    # the file's encoding) and a birth date
    assert decide_one(bpum, moved, MATCH_W, name="partial", birth_date="exact", contact="district",
                      population=-20.0) == ("non_match", "namesakes_elsewhere_at_this_size")
    assert decide_one(bpum, dict(moved, name="???"), MATCH_W, birth_date="exact", contact="district",
                      population=-20.0) == ("non_match", "namesakes_elsewhere_at_this_size")
    # with the places unknown, a name in part and no NIK on one side: the same two namesakes
    # (namesake_elsewhere), from below even odds on; a very similar name stays a person's call,
    # and a regency's list keeps the model's match
    assert decide_one(bpum, moved, MATCH_W, name="partial", birth_date="exact",
                      population=-12.0) == ("non_match", "namesake_born_same_day_elsewhere")
    assert decide_one(bpum, moved, MATCH_W, name="very_similar", birth_date="exact",
                      population=-20.0) == ("review", "namesakes_likely_at_this_size")
    assert decide_one(bpum, moved, MATCH_W, name="partial", birth_date="exact",
                      population=-9.0) == ("match", "")


def test_near_nik_loose_name_at_this_size():
    """A NIK one date digit from another (two people born a day apart in one district, serial
    0001 each, or one typo) with a name only very similar and nothing else to compare: a person
    looks at a regency's size, two people at a province's, where its odds fall below even. An
    exact name, a shared phone, or odds still better than even: not this rule."""
    day_apart = (dict(nik=NIK_A, name="Ni Made Sri Artini"),
                 dict(nik=NIK_A[:6] + "130190" + NIK_A[12:], name="Ni Made Sri Artini Dewi"))
    loose = dict(nik="one_edit", name="very_similar")
    assert decide_one(*day_apart, MATCH_W, **loose) == ("review", "needs_corroboration")
    assert decide_one(*day_apart, 17.0, **loose, population=-20.0) == \
        ("non_match", "near_nik_loose_name_at_this_size")
    assert decide_one(*day_apart, 17.0, **loose, population=-16.0) == ("review", "needs_corroboration")
    assert decide_one(*day_apart, 17.0, nik="one_edit", name="exact", population=-20.0)[1] != \
        "near_nik_loose_name_at_this_size"
    assert decide_one(*day_apart, 17.0, **loose, contact="phone", population=-20.0)[1] != \
        "near_nik_loose_name_at_this_size"
    # the region-digit doubt, settled the same way at this size
    cut_short = (dict(REGION_APART[0], name="I Made Muliana"), dict(REGION_APART[1], name="I Made Muliana Arnawa"))
    assert decide_one(*cut_short, 17.0, **loose, birth_date="exact", population=-20.0) == \
        ("non_match", "near_nik_loose_name_at_this_size")


def test_nik_region_neighbours_at_this_size():
    """A match too weak for a million records that rests on NIKs one region digit apart (date and
    serial equal), living apart with no address, phone or id in common: two people born the same
    day in neighbouring districts, not a review. A digit apart in the serial or the date, a
    shared address, or a regency-sized list: not this rule."""
    assert decide_one(*REGION_APART, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="none",
                      population=-20.0) == ("non_match", "nik_region_neighbours_at_this_size")
    serial = (REGION_APART[0], dict(REGION_APART[1], nik=NIK_A[:-1] + "2"))
    assert decide_one(*serial, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="none",
                      population=-20.0)[1] != "nik_region_neighbours_at_this_size"
    date = (REGION_APART[0], dict(REGION_APART[1], nik=NIK_A[:6] + "130190" + NIK_A[12:]))
    assert decide_one(*date, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="none",
                      population=-20.0)[1] != "nik_region_neighbours_at_this_size"
    assert decide_one(*REGION_APART, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="address",
                      population=-20.0)[1] != "nik_region_neighbours_at_this_size"
    assert decide_one(*REGION_APART, MATCH_W, nik="one_edit", name="exact", birth_date="exact", contact="none",
                      population=-12.0)[1] != "nik_region_neighbours_at_this_size"
