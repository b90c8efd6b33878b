"""Domain rules on top of the Fellegi–Sunter score, each recorded on the pair it changed so that
every decision can be explained: what a provincial data officer expects, written down.

Every rule has a code (the `rule` column of the pairs), the decision it gives, a switch
(Settings.rules_off) where switching it off is safe, and its explanation in both languages in
the catalogue (`rule.<code>` in messages.py). The pair keeps the model's own decision beside
the final one (`model_decision`). Adding a rule: its code in RULE_CATALOGUE, its condition in
`decide`, its `rule.<code>` message and a test by its code in tests/test_rules.py."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .comparisons import _ORDER_OF, LEVELS, Encoded

MATCH, REVIEW, NON_MATCH = "match", "review", "non_match"
DECISIONS = (MATCH, REVIEW, NON_MATCH)

RULE_TWO_PEOPLE = "two_trusted_niks_different_birth"   # spouses, siblings: never the same person
RULE_NAME_DIFFERENT = "name_different"                  # never joined without a person looking
RULE_CHAIN = "would_join_two_niks"                     # refused by the clustering guard
RULE_UNCORROBORATED = "needs_corroboration"            # a name alone is never enough
RULE_NEAR_NIK = "near_nik_needs_name_and_more"          # a NIK one typo apart: same name AND birth/phone/address
RULE_DECIDED_SAME = "decided_same"                      # a person said: same (Keputusan SAMA)
RULE_DECIDED_DIFFERENT = "decided_different"            # a person said: different (BEDA)
# review calibration: pairs a person could not decide better than the rules, kept out of Perlu Ditinjau
RULE_TWO_NIKS = "two_valid_niks_nothing_shared"         # two valid NIKs, no shared address/phone/KK
RULE_NAME_ONLY = "only_name_and_area"                   # a common name in one area, nothing else
RULE_NEAR_NIK_OTHER_NAME = "near_nik_other_name"        # a NIK neighbour born the same day, another name
RULE_WEAK_OTHER_NAME = "other_name_weak_evidence"       # names differ and the evidence is weak
RULE_HOUSEHOLD = "household_other_person"               # another name and sex/birth order at one address
RULE_NAME_KEPT = "birth_order_title_or_script_differs"  # Ni Wayan / Ni Made; two names in another script
RULE_TWO_NIKS_ONE_HOME = "two_niks_same_name_and_home"  # two NIKs/birth dates, same name and address: ask
RULE_NAMESAKE_ELSEWHERE = "namesake_born_same_day_elsewhere"  # similar name, one birthday, no place or NIK shared
RULE_BIRTH_APART = "birth_date_differs_nothing_shared"   # birth dates differ in a part, nothing else ties them
RULE_HOUSEMATE = "housemate_unrelated_name"              # one home, names without a word in common, no id
RULE_OTHER_NAME_BIRTH_ONLY = "other_name_only_birth_date"  # names differ; only the birth date (and area) agree
RULE_NAMESAKES_AT_SIZE = "namesakes_likely_at_this_size"   # a model match too weak for a list this large
RULE_NIK_OTHER_PERSON = "same_nik_other_person"           # one NIK, names without likeness, nothing else agrees
RULE_CHAIN_ELSEWHERE = "would_join_two_niks_from_elsewhere"  # refused by the guard, nothing but name/birth ties it
RULE_NIK_NEIGHBOURS_AT_HOME = "nik_neighbours_each_at_home"  # NIKs one digit apart, each lives in its own NIK's district
RULE_NAMESAKES_ELSEWHERE_AT_SIZE = "namesakes_elsewhere_at_this_size"  # the size rule's pair, nothing but name and birth
RULE_NIK_REGION_NEIGHBOURS_AT_SIZE = "nik_region_neighbours_at_this_size"  # the size rule's pair, NIKs apart in a region digit
RULE_NIK_REGION_NEIGHBOURS = "nik_region_neighbours"      # NIKs apart in a region digit, the name not quite one or the homes apart
RULE_NEAR_NIK_LOOSE_NAME_AT_SIZE = "near_nik_loose_name_at_this_size"  # a doubted near NIK, name only very similar, at this size
RULE_WEAK_OTHER_BIRTH = "other_birth_date_weak_evidence"  # declared birth dates years apart and the evidence is weak


@dataclass(frozen=True)
class Rule:
    code: str
    decides: str             # the decision it gives the pair
    switchable: bool = True  # False: a guard or a person's decision, never switched off


#: every rule, in the order of the codes stored in the pairs' `rule` column (do not reorder: a
#: new rule goes at the end)
RULE_CATALOGUE = (
    Rule(RULE_TWO_PEOPLE, NON_MATCH), Rule(RULE_NAME_DIFFERENT, REVIEW), Rule(RULE_CHAIN, REVIEW, False),
    Rule(RULE_UNCORROBORATED, REVIEW), Rule(RULE_NEAR_NIK, REVIEW), Rule(RULE_DECIDED_SAME, MATCH, False),
    Rule(RULE_DECIDED_DIFFERENT, NON_MATCH, False), Rule(RULE_TWO_NIKS, NON_MATCH), Rule(RULE_NAME_ONLY, NON_MATCH),
    Rule(RULE_NEAR_NIK_OTHER_NAME, NON_MATCH), Rule(RULE_WEAK_OTHER_NAME, NON_MATCH), Rule(RULE_HOUSEHOLD, NON_MATCH),
    Rule(RULE_NAME_KEPT, NON_MATCH), Rule(RULE_TWO_NIKS_ONE_HOME, REVIEW), Rule(RULE_NAMESAKE_ELSEWHERE, NON_MATCH),
    Rule(RULE_BIRTH_APART, NON_MATCH), Rule(RULE_HOUSEMATE, NON_MATCH), Rule(RULE_OTHER_NAME_BIRTH_ONLY, NON_MATCH),
    Rule(RULE_NAMESAKES_AT_SIZE, REVIEW), Rule(RULE_NIK_OTHER_PERSON, NON_MATCH),
    Rule(RULE_CHAIN_ELSEWHERE, NON_MATCH, False), Rule(RULE_NIK_NEIGHBOURS_AT_HOME, NON_MATCH),
    Rule(RULE_NAMESAKES_ELSEWHERE_AT_SIZE, NON_MATCH), Rule(RULE_NIK_REGION_NEIGHBOURS_AT_SIZE, NON_MATCH),
    Rule(RULE_NIK_REGION_NEIGHBOURS, REVIEW), Rule(RULE_NEAR_NIK_LOOSE_NAME_AT_SIZE, NON_MATCH),
    Rule(RULE_WEAK_OTHER_BIRTH, NON_MATCH))
RULES = ("",) + tuple(r.code for r in RULE_CATALOGUE)
#: the rules Settings.rules_off may switch off (those `decide` applies)
SWITCHABLE = tuple(r.code for r in RULE_CATALOGUE if r.switchable)

#: a different name counts as strong evidence against (and needs a person) below this many bits
NAME_STABLE_BITS = -6.0


def lv(comparison: str, level: str) -> int:
    return LEVELS[comparison].index(level)


#: an exact name carried by at most this many records counts as rare (about one person's records)
RARE_NAME_RECORDS = 3


def _nik_dates_equal(enc: Encoded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    dates = enc.array("nik_date_part")   # all six digits equal, and present (an ASCII digit is never 0)
    return (dates[left] == dates[right]) & (dates[left] > 0)


def _nik_region_digit_only(enc: Encoded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Two 16-digit NIKs whose date and serial digits (6..15) are all equal: whatever differs is
    in the region code, where two neighbouring districts' codes differ by one digit."""
    digits = enc.array("nik_digits")   # ASCII digits; 0 where there is no 16-digit NIK
    a, b = digits[left], digits[right]
    return (a[:, 6:] == b[:, 6:]).all(axis=1) & (a[:, 6] > 0) & (a[:, :6] != b[:, :6]).any(axis=1)


def _nik_regency_apart(enc: Encoded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Two 16-digit NIKs that differ in their province or regency digits (0..3)."""
    digits = enc.array("nik_digits")
    a, b = digits[left], digits[right]
    return (a[:, :4] != b[:, :4]).any(axis=1) & (a[:, 0] > 0) & (b[:, 0] > 0)


def _nik_date_typo_corrected(enc: Encoded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Two NIKs whose date digits differ, where one record's declared birth date is the other's
    NIK date: the typo sits in the date digits, and the record's own birth date says which digit
    is right (BPUM's NIK ...020777... against a Prakerja row's ...020772... born 02-07-1977).
    A neighbour in the NIK sequence differs in the serial digits, never like this."""
    nik_birth, declared = enc.array("nik_birth_int"), enc.array("birth_declared_int")
    crossed = (((nik_birth[left] > 0) & (nik_birth[left] == declared[right]))
               | ((nik_birth[right] > 0) & (nik_birth[right] == declared[left])))
    dates = enc.array("nik_date_part")
    return crossed & (dates[left] > 0) & (dates[right] > 0) & (dates[left] != dates[right])


def _rare_name(enc: Encoded, idx: np.ndarray) -> np.ndarray:
    codes, _ = enc.codes("name_norm")
    counts = enc.value_counts("name_norm")   # the whole table's, also for a batch of pairs
    # a name with one distinctive word is never rare enough ("Sumarni", "I Made Sudarta": thousands
    # in a province, whatever a small list's count says)
    core, core_uniques = enc.codes("name_core")
    words = np.array([u.count(" ") + 1 for u in core_uniques], dtype=np.int8)
    c, k = codes[idx], core[idx]
    return (c >= 0) & (k >= 0) & (counts[np.maximum(c, 0)] <= RARE_NAME_RECORDS) & (words[np.maximum(k, 0)] >= 2)


#: two name words this close (Jaro–Winkler) are one word written twice (Sukasih / Skasih)
WORD_CLOSE = 0.85


def _names_unrelated(enc: Encoded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """True where two names share no word, not even a misspelt one, and neither holds all the
    other's words (a name cut short to its titles, 'I.G.A. Wayan', keeps them all): the names of
    two people, not two spellings of one. For the few pairs a rule asks about, not every pair."""
    from rapidfuzz.distance import JaroWinkler

    norm_codes, norm = enc.codes("name_norm")
    core_codes, core = enc.codes("name_core")
    out = np.zeros(len(left), bool)
    for k, (i, j) in enumerate(zip(left, right)):
        na, nb, ca, cb = norm_codes[i], norm_codes[j], core_codes[i], core_codes[j]
        if na < 0 or nb < 0 or ca < 0 or cb < 0:
            continue
        wa, wb = set(str(norm[na]).split()), set(str(norm[nb]).split())
        if wa <= wb or wb <= wa:
            continue
        xa, xb = str(core[ca]).split(), str(core[cb]).split()
        out[k] = not any(JaroWinkler.normalized_similarity(x, y) >= WORD_CLOSE for x in xa for y in xb)
    return out


def run_prior_bits(n_records: int, links: int) -> float:
    """log2 of the chance that two records picked at random are one person, estimated from the
    pairs the model links (`links`) among all n(n-1)/2 pairs of the run."""
    if n_records < 2:
        return 0.0
    return float(np.log2(max(links, 1) / (n_records * (n_records - 1) / 2)))


def refused_links(levels: dict[str, np.ndarray], at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(decision, rule) for the links at positions `at` that the clustering guard refused because
    they would join two different trustworthy NIKs. A person looks at them (would_join_two_niks),
    except where no NIK agrees and the two records share no address, phone, village or district
    (the places known and apart, or none to compare): a record that a name and a birthday tie to
    two people with their own NIKs is a namesake of both (at a million development records, 1 in
    500 of these was one of them with the places apart, 3 in 120 with no place to compare: the
    rows give an officer nothing more to weigh)."""
    missing = np.full(len(at), -1, np.int8)
    nik_lv = levels["nik"][at] if "nik" in levels else missing
    contact_lv = levels["contact"][at] if "contact" in levels else missing
    nik_no_tie = (nik_lv < 0) | (nik_lv >= lv("nik", "different_unverified"))
    elsewhere = nik_no_tie & ((contact_lv == lv("contact", "none")) | (contact_lv < 0))
    decision = np.where(elsewhere, 2, 1).astype(np.int8)
    rule = np.where(elsewhere, RULES.index(RULE_CHAIN_ELSEWHERE), RULES.index(RULE_CHAIN)).astype(np.int8)
    return decision, rule


def model_decisions(weight: np.ndarray, match_weight: float, review_weight: float) -> np.ndarray:
    """The model's own decision per pair (int8 index into DECISIONS), before any rule."""
    return np.where(weight >= match_weight, 0, np.where(weight >= review_weight, 1, 2)).astype(np.int8)


def decide(levels: dict[str, np.ndarray], weight: np.ndarray, enc: Encoded, left: np.ndarray,
           right: np.ndarray, name_different_bits: float, match_weight: float,
           review_weight: float, off: set[str] | frozenset = frozenset(), population_bits: float | None = None,
           min_match_odds_bits: float = -4.0) -> tuple[np.ndarray, np.ndarray]:
    """(decision code, rule code) per pair, as int8 indices into DECISIONS and RULES. `off`: rule
    codes switched off (Settings.rules_off): they change nothing. `population_bits`: log2 of the
    chance that two records of this run picked at random are one person (run_prior_bits() above);
    None leaves the size rule out.
    In two steps so that a distributed engine can run the first on each batch of pairs before the
    run's number of model links (which population_bits needs) is known: decide_pairs, then
    decide_at_size on its result."""
    decision, rule, late = decide_pairs(levels, weight, enc, left, right, name_different_bits, match_weight,
                                        review_weight, off)
    return decide_at_size(decision, rule, weight, late, off, population_bits, min_match_odds_bits)


#: decide_pairs' per-pair facts that decide_at_size reads, as bits of one int16 (LATE_*)
(LATE_SAME_NIK, LATE_TWO_NUMBERS_APART, LATE_KEPT_APART, LATE_ONLY_NAME_AND_BIRTH, LATE_NIK_REGION_APART,
 LATE_STEM_AND_NAME, LATE_NEAR_NIK_LOOSE_NAME, LATE_LOOSE_NAME_NOTHING_ELSE) = 1, 2, 4, 8, 16, 32, 64, 128


def _setter(decision: np.ndarray, rule: np.ndarray, off):
    def set_(mask, d, r):
        if r in off:
            return
        decision[mask] = d
        rule[mask] = RULES.index(r)

    return set_


def decide_at_size(decision: np.ndarray, rule: np.ndarray, weight: np.ndarray, late: np.ndarray,
                   off: set[str] | frozenset = frozenset(), population_bits: float | None = None,
                   min_match_odds_bits: float = -4.0) -> tuple[np.ndarray, np.ndarray]:
    """The rules that follow the size rule in `decide`, on decide_pairs' (decision, rule, late):
    they read only these arrays and the weight, so they run wherever the pairs are."""
    set_ = _setter(decision, rule, off)
    same_nik = (late & LATE_SAME_NIK) != 0
    if population_bits is not None and RULE_NAMESAKES_AT_SIZE not in off:
        # Fellegi–Sunter with the prior of the whole run: a pair's weight set against the chance
        # that two of its records picked at random are one person (about 1 in 2^16 at 75,000
        # records, 1 in 2^20 at a million). The same evidence that is one person in a regency's
        # list is a coin toss among a province's namesakes born the same day, so a model match
        # whose odds stay below min_match_odds_bits goes to a person; a trusted NIK is exempt, and
        # so is a NIK stem (district and birth date) with the name: it draws the pair from the
        # few people born that day in that district, not from the whole run, so the run's size
        # does not make namesakes of them (at 976k development records 603 such pairs, 96 % one
        # person: the serial's typo)
        exempt = (late & (LATE_SAME_NIK | LATE_STEM_AND_NAME)) != 0
        odds = weight + population_bits
        below_model_even = (decision == 0) & (rule == 0) & ~exempt & (odds < 0.0)
        weak = (decision == 0) & (rule == 0) & ~exempt & (odds < min_match_odds_bits)
        set_(weak, 1, RULE_NAMESAKES_AT_SIZE)
        # of those, a name and a birth date and nothing else: no NIK or other id that agrees, no
        # address or phone in common, the places known and apart (at most one district). The
        # rows show an officer one name (or part of one) in two homes; what would tell two
        # namesakes from a mover is not in the lists
        set_(weak & ((late & LATE_ONLY_NAME_AND_BIRTH) != 0), 2, RULE_NAMESAKES_ELSEWHERE_AT_SIZE)
        # and two NIKs one region digit apart with the same date and serial, living apart: the
        # NIKs of two people born the same day in two neighbouring districts (serial 0001 is the
        # usual one), so the NIK adds nothing to the name and birth date (decide_pairs sent those
        # it doubted to a person, nik_region_neighbours; at this size the doubt is settled)
        region_doubt_weak = (rule == RULES.index(RULE_NIK_REGION_NEIGHBOURS)) & ~same_nik & (odds < min_match_odds_bits)
        set_((weak | region_doubt_weak) & ((late & LATE_NIK_REGION_APART) != 0), 2,
             RULE_NIK_REGION_NEIGHBOURS_AT_SIZE)
        # a near NIK that decide_pairs left to a person (nothing corroborates it, or a region digit
        # apart) with a name only very similar and no address, phone or id in common, whose odds
        # at this size are below even: among a province's dense NIKs, those of two people born
        # close together in one district (or the same day next door) meet names that begin alike
        # more often than one typo does, and the rows hold nothing more to weigh (at 976k
        # development records 361 such pairs, 19 % one person; at 75k their odds are better than
        # even and they stay with a person)
        doubted_near = np.isin(rule, [RULES.index(RULE_UNCORROBORATED), RULES.index(RULE_NIK_REGION_NEIGHBOURS)])
        below_even = doubted_near & ~same_nik & (odds < 0.0)
        set_(below_even & ((late & LATE_NEAR_NIK_LOOSE_NAME) != 0), 2, RULE_NEAR_NIK_LOOSE_NAME_AT_SIZE)
        # and two NIKs that differ by more than a typo with no address, phone or KK in common
        # (one of them not checkable): two namesakes born the same day, not a doubt
        # (below even odds, not only below min_match_odds_bits: the model has counted the two
        # numbers' disagreement as one that a typo often makes, but a typo leaves one digit
        # apart, and these differ in more; at 976k development records 33 such model links with
        # an exact name and birth date and the homes apart, 1 one person)
        set_((weak | below_model_even) & ((late & LATE_TWO_NUMBERS_APART) != 0), 2, RULE_TWO_NIKS)
        # a name only similar or in part (Ni Putu Sutarmi / Ni Luh Sutarmi), the same birth date,
        # no NIK on one side and no address, phone or place on one side to compare, at odds below
        # even: the namesake_elsewhere pair whose places are not written (a Prakerja row has no
        # address). At 976k development records 53 such model links, 4 one person; at 75k their
        # odds are better than even and they stay linked
        set_(below_model_even & ((late & LATE_LOOSE_NAME_NOTHING_ELSE) != 0), 2, RULE_NAMESAKE_ELSEWHERE)
    # another birth order or caste title, or two different names both written in another script
    # (decide_pairs' kept_apart): without the same valid NIK, two people
    set_((decision <= 1) & ((late & LATE_KEPT_APART) != 0), 2, RULE_NAME_KEPT)
    return decision, rule


def decide_pairs(levels: dict[str, np.ndarray], weight: np.ndarray, enc: Encoded, left: np.ndarray,
                 right: np.ndarray, name_different_bits: float, match_weight: float,
                 review_weight: float, off: set[str] | frozenset = frozenset()
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """decide's rules up to the size rule: (decision, rule, late), `late` the LATE_* facts per
    pair that decide_at_size needs. Reads only these pairs' records (and the whole table's count
    of each name, Encoded.value_counts)."""
    n = len(weight)
    missing = np.full(n, -1, np.int8)
    decision = model_decisions(weight, match_weight, review_weight)
    rule = np.zeros(n, np.int8)
    nik_lv = levels.get("nik", missing)
    name_lv = levels.get("name", missing)
    birth_lv = levels.get("birth_date", missing)
    contact_lv = levels.get("contact", missing)
    birth_same = birth_lv == 0
    contact_agrees = (contact_lv >= 0) & (contact_lv <= lv("contact", "address"))
    other_same = levels.get("other_id", missing) == 0
    trusted = enc.array("nik_trusted")
    trusted_both = trusted[left] & trusted[right]
    same_nik = (nik_lv == lv("nik", "exact")) & trusted_both
    # another birth order (Ni Wayan / Ni Made) or caste title (Ida Bagus / I Gusti Ngurah): people
    # keep these, so the names are two people's
    oa, ob = enc.array("name_order")[left], enc.array("name_order")[right]
    ta, tb = enc.array("name_title")[left], enc.array("name_title")[right]
    order_clash = ((oa > 0) & (ob > 0) & (_ORDER_OF[oa] != _ORDER_OF[ob])) | ((ta > 0) & (tb > 0) & (ta != tb))

    set_ = _setter(decision, rule, off)

    if "nik" in levels and "birth_date" in levels:
        nb, _ = enc.codes("nik_birth")
        nik_birth_differs = (nb[left] >= 0) & (nb[right] >= 0) & (nb[left] != nb[right])
        birth_differs = np.where(birth_lv >= 0, birth_lv >= 1, nik_birth_differs)
        two_people = (nik_lv == lv("nik", "different")) & birth_differs & trusted_both
        set_(two_people, 2, RULE_TWO_PEOPLE)
        # same name and same phone or address despite two NIKs: a KK typed as NIK is likelier
        # than a namesake at the same address, but only a person can tell. Not where both declared
        # birth dates are written and differ in more than one part: a KK explains a NIK's date
        # digits, not two declared dates years apart — a parent and child of one name at one home
        # (at 976k development records none of 43 such pairs was one person)
        doubtful = (two_people & (name_lv >= 0) & (name_lv <= lv("name", "phonetic")) & contact_agrees
                    & (birth_lv != lv("birth_date", "different")))
        set_(doubtful, 1, RULE_TWO_NIKS_ONE_HOME)

    near = (nik_lv == lv("nik", "one_edit")) | (nik_lv == lv("nik", "same_stem"))
    name_close = (name_lv >= 0) & (name_lv <= lv("name", "very_similar"))
    name_same = (name_lv >= 0) & (name_lv <= lv("name", "phonetic"))
    # a list without birth dates (BPUM) still has one inside the NIK: two NIKs one typo apart
    # whose date digits agree share a birth date, which the birth comparison cannot see
    nik_birth = near & (birth_lv < 0) & _nik_dates_equal(enc, left, right)
    # a NIK typo in its date digits that one record's own birth date corrects: a shared birth date
    date_typo = near & _nik_date_typo_corrected(enc, left, right)
    # the same rare name (few records carry it) in the same village is strong evidence of its own
    village_or_better = (contact_lv >= 0) & (contact_lv <= lv("contact", "village"))
    # (not when both addresses are written and differ: that is a namesake at another house)
    ac, _ = enc.codes("address")
    one_address = (ac[left] < 0) | (ac[right] < 0)
    rare_here = (name_lv == lv("name", "exact")) & _rare_name(enc, left) & (contact_agrees | village_or_better
                                                                          & one_address)
    corroborated = ((nik_lv == lv("nik", "exact")) | (nik_lv == lv("nik", "prefix15")) | birth_same
                    | contact_agrees | other_same | ((nik_birth | date_typo) & name_same) | rare_here)
    set_((decision == 0) & ~corroborated, 1, RULE_UNCORROBORATED)
    # a common name in one village or district and nothing else (no NIK on one side, no birth date
    # or phone to compare, addresses that differ or are missing): namesakes, mostly; a person
    # looking at the two rows sees no more than the rules did
    nik_no_help = (nik_lv < 0) | (nik_lv >= lv("nik", "different_unverified"))
    nothing_else = (birth_lv < 0) & nik_no_help & ~contact_agrees & ~other_same
    set_((decision == 1) & nothing_else & (name_lv <= lv("name", "phonetic")), 2, RULE_NAME_ONLY)

    # the same name and the NIK's date digits agreeing: enough unless the contacts disagree
    near_ok = (name_close & (birth_same | date_typo | contact_agrees) | name_same & nik_birth & (village_or_better | (contact_lv < 0))
               # (a partial name at one address passes with no birth date to compare; all the more
               # with the same one)
               | (name_lv >= 0) & (name_lv <= lv("name", "partial")) & contact_agrees
               & ((birth_lv < 0) | birth_same | date_typo))
    set_((decision == 0) & near & ~near_ok, 1, RULE_NEAR_NIK)

    # a NIK one digit from another (or truncated by Excel: it meets every serial 000x of its
    # birthday and district) with another name, or with the same name in another place and no
    # birth date, address or phone in common: a neighbour in the dense NIK sequence, not a typo
    neighbour = near | (nik_lv == lv("nik", "prefix15"))
    other_name = name_lv >= lv("name", "similar")
    # (a truncated NIK with the same name elsewhere is a mover more often than a neighbour)
    # (and in the same village at another written house: the NIK's neighbour, born the same day
    # in that district, with that name)
    ac_left, ac_right = ac[left] >= 0, ac[right] >= 0
    other_house = (contact_lv == lv("contact", "village")) & ac_left & ac_right
    other_place = ((contact_lv >= lv("contact", "district")) | other_house) & ~birth_same & ~date_typo & near
    set_((decision <= 1) & neighbour & (other_name | other_place) & ~contact_agrees & ~other_same, 2,
         RULE_NEAR_NIK_OTHER_NAME)
    # NIKs one digit apart whose records each live in the district their own NIK was issued in,
    # with no address, phone, KK or other id in common: two people born the same day, the first
    # of that day in two neighbouring districts (510401... / 510402...) or the next serial in one.
    # A typo would have left the copy at the first record's address; a mover's NIK names the
    # district they left. The shared birth date is no evidence here, the NIK's digits carry it.
    # (At a million generated records none of 451 such model links was one person.)
    home = enc.array("nik_home")
    # (and two NIKs a regency digit apart, 5103... / 5104..., whose records each live in their own
    # NIK's regency: lists without a district, such as Prakerja's, still say that much. At 976k
    # development records 31 such model links with no place to compare, none one person; a typo
    # in the regency digit leaves the copy in the first record's regency)
    home_regency = enc.array("nik_home_regency")
    each_home = home[left] & home[right]
    by_regency = near & home_regency[left] & home_regency[right] & ~each_home
    if by_regency.any():
        at = np.flatnonzero(by_regency)
        by_regency[at] = _nik_regency_apart(enc, left[at], right[at])
    at_home = near & (each_home | by_regency) & ~contact_agrees & ~other_same
    set_((decision <= 1) & at_home, 2, RULE_NIK_NEIGHBOURS_AT_HOME)
    # NIKs one digit apart in the region code alone (the date and serial equal) are as often two
    # people born the same day in neighbouring districts (serial 0001 in each) as one typo. With
    # an exact or phonetic name and no place to compare, a typo it mostly is; with a name only
    # very similar (one cut short: I Made Muliana / I Made Muliana Arnawa) or the homes in two
    # districts, and no address, phone or id in common, it is a coin toss a person can settle from the
    # rows (at 976k development records 314 such model links, 46 % one person)
    region_only = (nik_lv == lv("nik", "one_edit"))
    if region_only.any():
        at = np.flatnonzero(region_only)
        region_only[at] = _nik_region_digit_only(enc, left[at], right[at])
    region_doubt = (region_only & ~contact_agrees & ~other_same
                    & ((name_lv == lv("name", "very_similar")) | (contact_lv == lv("contact", "none"))))
    set_((decision == 0) & region_doubt, 1, RULE_NIK_REGION_NEIGHBOURS)
    # below the match threshold, a pair whose names differ is not worth a person's time: such pairs
    # come from near NIKs of neighbours born the same day, and would flood Perlu Ditinjau
    set_((decision == 1) & (rule == 0) & (name_lv == lv("name", "different")), 2, RULE_WEAK_OTHER_NAME)
    # and one whose declared birth dates differ in more than one part (not a typo) with no NIK or
    # other id that agrees: a namesake in the village or a relative at home, whatever else the
    # names or the address share (at 976k development records 115 such pairs, 5 % one person)
    set_((decision == 1) & (rule == 0) & (birth_lv == lv("birth_date", "different")) & nik_no_help & ~other_same,
         2, RULE_WEAK_OTHER_BIRTH)
    # two valid NIKs that differ by more than a typo, with no address, phone or KK in common: two
    # people (namesakes born the same day in another district); with one in common, a person looks
    nik_two = (nik_lv == lv("nik", "different")) & trusted_both & ~contact_agrees & ~other_same
    set_((decision <= 1) & nik_two & (rule == 0), 2, RULE_TWO_NIKS)
    # a name that is only similar (or very similar beside a NIK that is not this one) and the same
    # birth date, but no address, phone, village or district in common and no NIK or other id that
    # agrees: two people born the same day in another place. In a province of millions such
    # namesakes are common (Ni Komang Sri / Sri Mulyani, both 16-07-1972); a person moving between
    # lists keeps the name itself, and the rows hold nothing an officer could weigh. Only where the
    # data says one person's names rarely differ (as name_different below): on lists where every
    # field is noisy (FEBRL) a similar name with nothing else in common is often one person.
    born_same = birth_same | (birth_lv < 0) & _nik_dates_equal(enc, left, right)
    nik_said_same = np.isin(nik_lv, [lv("nik", "exact"), lv("nik", "prefix15"), lv("nik", "exact_unverified")])
    nik_present = (nik_lv >= 0) & ~nik_said_same
    loose_name = (name_lv >= lv("name", "similar")) | (name_lv == lv("name", "very_similar")) & nik_present
    elsewhere = (contact_lv == lv("contact", "none")) & ~other_same & ~nik_said_same
    names_stable = "name" in levels and name_different_bits <= NAME_STABLE_BITS
    set_((decision <= 1) & born_same & elsewhere & loose_name & (name_lv >= 0) & names_stable, 2,
         RULE_NAMESAKE_ELSEWHERE)
    # birth dates that differ in a day, month or year, and no address, phone, KK, other id or NIK
    # that agrees: the rule above's other half. On the development lists none of these pairs was
    # one person, and the two rows give an officer nothing to check the name against.
    birth_apart = (birth_lv == lv("birth_date", "one_part")) & ~contact_agrees & ~other_same & ~nik_said_same
    set_((decision <= 1) & birth_apart, 2, RULE_BIRTH_APART)

    if "name" in levels and name_different_bits <= NAME_STABLE_BITS:
        # names that differ never merge on one identifier alone; two independent ones (a trusted
        # NIK, another id, a declared birth date, a shared address or phone) outweigh a name
        # change (two names are common among Chinese-Indonesians). Only where the data says one
        # person's names rarely differ (Indonesian lists: about -10 bits; FEBRL: -2 to -3).
        nik_agrees = (nik_lv >= 0) & (nik_lv <= lv("nik", "same_stem"))  # its date digits are the birth date
        # (a NIK Excel cut to 15 digits that equals the other's first 15 is that NIK: at 976k
        # development records 86 such pairs with an address or phone in common, all one person)
        nik_tie = same_nik | (nik_lv == lv("nik", "prefix15"))
        strong = nik_tie.astype(np.int8) + other_same + (birth_same & ~nik_agrees) + contact_agrees
        set_((name_lv == lv("name", "different")) & (decision == 0) & (strong < 2), 1, RULE_NAME_DIFFERENT)
        # the same NIK under names with no likeness, and no address, phone, KK, other id or birth
        # date that agrees (the dates differ, or one is missing where the places are known and
        # differ): a relative's NIK, a KK or a typo that landed on another person's number. At a
        # million records, where NIKs are dense, these are hundreds; none was one person when the
        # dates differed, and two in a hundred otherwise. The officer sees a wrong NIK, not a doubt.
        places_known = (contact_lv >= 0) & ~contact_agrees
        birth_apart_or_unknown = (birth_lv >= lv("birth_date", "one_part")) | (birth_lv < 0) & places_known
        # (or the same birth date where the places are apart: one NIK carries one birth date, so
        # the dates agree because the numbers do; at 976k development records 245 of 252 such
        # pairs, names with no likeness in two places, were two people)
        birth_apart_or_unknown |= birth_same & (contact_lv == lv("contact", "none"))
        nik_other_person = ((nik_lv == lv("nik", "exact")) & (name_lv == lv("name", "different")) & ~contact_agrees
                            & ~other_same & birth_apart_or_unknown)
        set_((decision <= 1) & nik_other_person, 2, RULE_NIK_OTHER_PERSON)
        # names that differ, and only the birth date agrees (with at most the village or district):
        # no NIK, other id, address, phone or KK ties them. At a million records thousands of
        # people in one district share a birthday; the model's weight for a birth date alone can
        # reach the match band there, and name_different would send them all to Perlu Ditinjau,
        # where an officer sees two people's names and one date and can add nothing.
        nik_no_tie = (nik_lv < 0) | (nik_lv >= lv("nik", "different_unverified"))
        birth_only = ((name_lv == lv("name", "different")) & birth_same & nik_no_tie & ~contact_agrees
                      & ~other_same)
        set_((decision <= 1) & birth_only, 2, RULE_OTHER_NAME_BIRTH_ONLY)
        # another name and another sex or birth order at one address or phone, with no NIK to say
        # otherwise: two members of one household (a spouse, a child), not a doubtful pair
        sex_differs = levels.get("sex", missing) == lv("sex", "different")
        household = ((decision == 1) & (name_lv == lv("name", "different")) & (sex_differs | order_clash)
                     & ~same_nik & ~other_same)
        set_(household, 2, RULE_HOUSEHOLD)
        # the same, where neither sex nor birth order is written: another name with not one word in
        # common at one address or phone, no NIK, id or birth date that agrees. A spouse, a
        # child, a tenant; a person cut short to a title or a misspelt word keeps a word in common
        nik_ties = (nik_lv >= 0) & (nik_lv <= lv("nik", "exact_unverified"))
        housemate = ((decision == 1) & (name_lv == lv("name", "different")) & contact_agrees & ~nik_ties
                     & ~other_same & ~birth_same)
        if housemate.any():
            at = np.flatnonzero(housemate)
            housemate[at] = _names_unrelated(enc, left[at], right[at])
        set_(housemate, 2, RULE_HOUSEMATE)
    # the size rule's inputs (decide_at_size): two NIKs that differ by more than a typo with no
    # address, phone or KK in common; another birth order or caste title, or two different names
    # both written in another script (Chinese characters, Arabic: compared through their
    # transliteration), without the same valid NIK
    two_numbers = np.isin(nik_lv, [lv("nik", "different"), lv("nik", "different_unverified")])
    script = enc.array("name_script")
    kept_apart = order_clash | script[left] & script[right] & (name_lv >= lv("name", "similar"))
    places_known_no_home = (contact_lv >= lv("contact", "district")) & ~other_same
    only_name_and_birth = places_known_no_home & nik_no_help
    # the same NIK stem (region and date digits; the serial differs) under names alike, the birth
    # date not against it: the size rule's exemption
    stem_and_name = ((nik_lv == lv("nik", "same_stem")) & name_close & ((birth_lv < 0) | birth_same)
                     & ~order_clash)
    region_apart = region_only & places_known_no_home
    # a name only similar or in part, no NIK on one side, and no place to compare on one side
    loose_nothing_else = ((name_lv >= lv("name", "similar")) & (name_lv <= lv("name", "partial")) & (nik_lv < 0)
                          & (contact_lv < 0) & born_same & ~other_same & names_stable)
    late = (same_nik * LATE_SAME_NIK + (two_numbers & ~contact_agrees & ~other_same) * LATE_TWO_NUMBERS_APART
            + (kept_apart & ~same_nik) * LATE_KEPT_APART + only_name_and_birth * LATE_ONLY_NAME_AND_BIRTH
            + region_apart * LATE_NIK_REGION_APART + stem_and_name * LATE_STEM_AND_NAME
            + (near & (name_lv == lv("name", "very_similar")) & ~contact_agrees & ~other_same) * LATE_NEAR_NIK_LOOSE_NAME
            + loose_nothing_else * LATE_LOOSE_NAME_NOTHING_ELSE).astype(np.int16)
    return decision, rule, late
