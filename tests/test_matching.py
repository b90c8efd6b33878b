"""What a data officer expects of the matcher, each pinned on a few records placed inside a
realistic synthetic population (so m and u are estimated as they would be on real lists)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from umkm_dedup.core.errors import ConfigError
from umkm_dedup.matching import Settings, deduplicate
from umkm_dedup.matching.comparisons import LEVELS
from umkm_dedup.core.records import COLUMNS
from umkm_dedup.synth import generate_records

_BACKGROUND: dict[str, pd.DataFrame] = {}


def background(province: str = "bali") -> pd.DataFrame:
    if province not in _BACKGROUND:
        _BACKGROUND[province] = generate_records(province=province, persons=400, seed=5)[0]
    return _BACKGROUND[province]


def record(**values) -> dict:
    base = {c: "" for c in COLUMNS if c != "record_id"}
    base.update({"source_file": "test.xlsx", "sheet": "S", "role": "regency"})
    base.update(values)
    return base


def run(records: list[dict], province: str = "bali", settings: Settings | None = None):
    bg = background(province)
    tests = pd.DataFrame([record(row=1000 + i, **r) for i, r in enumerate(records)])
    frame = pd.concat([bg, tests], ignore_index=True)
    frame["record_id"] = range(len(frame))
    result = deduplicate(frame, settings)
    ids = result.cluster_id[len(bg):]
    return result, list(ids), len(bg)


def pair_row(result, offset: int, i: int, j: int) -> pd.Series:
    p = result.pairs
    a, b = offset + i, offset + j
    hit = p[(p["left"] == min(a, b)) & (p["right"] == max(a, b))]
    assert len(hit) == 1, "the pair was never compared"
    return hit.iloc[0]


def test_same_valid_nik_and_compatible_name_is_one_person():
    _, ids, _ = run([
        dict(nik="5104011201900001", name="I Made Sudarta", village="Batubulan", role="regency"),
        dict(nik="5104011201900001", name="MADE SUDARTA, S.E.", role="kemensos", source_file="kemensos.xlsx"),
    ])
    assert ids[0] == ids[1]


def test_nik_one_typo_apart_with_same_name_and_birth_date_is_one_person():
    _, ids, _ = run([
        dict(nik="5104011201900001", name="Ni Kadek Sukerti Ariani", birth_date="1990-01-12",
             address="Jl. Raya Batubulan No. 7"),
        dict(nik="5104011201900071", name="NI KADEK SUKERTI ARIANI", birth_date="12/01/1990"),
        dict(nik="5104011210900001", name="Ni Kadek Sukerti Ariani", phone="081234567777"),   # transposed
        dict(nik="", name="Ni Kadek Sukerti Ariani", phone="+6281234567777"),
    ])
    assert ids[0] == ids[1]
    assert ids[2] == ids[3]


def test_excel_truncated_nik_joins_its_full_form():
    result, ids, off = run([
        dict(nik="5104011201900013", name="I Wayan Santika Jaya", village="Ketewel"),
        dict(nik="5104011201900010", nik_flag="truncated", name="I WAYAN SANTIKA JAYA", village="KETEWEL"),
    ])
    assert ids[0] == ids[1]
    assert LEVELS["nik"][pair_row(result, off, 0, 1)["nik_level"]] == "prefix15"


def test_no_nik_but_same_name_birth_date_and_village_is_one_person():
    _, ids, _ = run([
        dict(nik="", name="Bpk. Djoko Soesilo", birth_date="4 September 1961", village="Desa Ketewel",
             district="Sukawati"),
        dict(nik="", name="JOKO SUSILO", birth_date="04-09-1961", village="KETEWEL", district="SUKAWATI"),
    ])
    assert ids[0] == ids[1]


def test_spouses_sharing_address_phone_and_kk_stay_two_people():
    address = "Jl. Cempaka No. 12 RT 003/RW 002"
    _, ids, _ = run([
        dict(nik="5104011201800001", kk="5104010101100004", name="I Nyoman Wirawan", address=address,
             phone="081337001122", village="Batubulan"),
        dict(nik="5104015505830002", kk="5104010101100004", name="Ni Nyoman Sukerti", address=address,
             phone="081337001122", village="Batubulan"),
    ])
    assert ids[0] != ids[1]


def test_common_balinese_namesakes_stay_apart():
    _, ids, _ = run([
        dict(nik="5104011201800001", name="I Made Sudarta", village="Batubulan", district="Sukawati"),
        dict(nik="5104012307750003", name="I Made Sudarta", village="Batubulan", district="Sukawati"),
        dict(nik="5104010303690002", name="I MADE SUDARTA", birth_date="1969-03-03", district="Sukawati"),
    ])
    assert len(set(ids)) == 3


def test_a_shared_kk_is_a_household_not_a_person():
    kk = "5104010101100004"
    _, ids, _ = run([
        dict(nik=kk, kk="", name="I Ketut Arnawa", village="Guwang", address="Jl. Pura 5"),  # KK as NIK
        dict(nik=kk, kk="", name="Ni Ketut Suasti", village="Guwang", address="Jl. Pura 5"),
        dict(nik="5104015505830002", kk=kk, name="Ni Ketut Suasti", village="Guwang", address="Jalan Pura No 5",
             role="kemensos"),
    ])
    assert ids[0] != ids[1]
    assert ids[1] == ids[2]


def test_no_chaining_through_a_record_without_nik():
    """B looks like both A and C; A and C have different trustworthy NIKs: never one cluster."""
    result, ids, off = run([
        dict(nik="5104011201800001", name="I Gede Suweta", phone="081999000111", address="Jl. Pura No. 3",
             village="Guwang", birth_date="1980-01-12"),
        dict(nik="", name="I Gede Suweta", phone="081999000111", address="Jl. Pura No. 3", village="Guwang"),
        dict(nik="5104010505660009", name="I GEDE SUWETA", phone="081999000111", address="Jalan Pura 3",
             village="GUWANG", birth_date="1966-05-05"),
    ])
    assert ids[0] != ids[2]
    assert ids[1] in (ids[0], ids[2])


def test_cluster_ids_are_stable_when_the_input_is_shuffled():
    frame = background("babel").copy()
    first = pd.Series(deduplicate(frame).cluster_id, index=frame["record_id"])
    shuffled = frame.sample(frac=1.0, random_state=3).reset_index(drop=True)
    second = pd.Series(deduplicate(shuffled).cluster_id, index=shuffled["record_id"])
    assert (first.sort_index() == second.sort_index()).all()


def test_every_decision_is_explained_by_its_evidence():
    result, _, _ = run([dict(nik="5104011201900001", name="I Made Sudarta")])
    p = result.scored_pairs()
    bits = sum(p[f"{c}_bits"] for c in result.settings.comparisons)
    assert np.allclose(bits, p["weight"], atol=1e-4)
    assert set(p["decision"]) <= {"match", "review", "non_match"}


def test_rare_names_count_for_more_than_common_ones():
    result, _, off = run([
        dict(nik="", name="I Made Sudarta", village="Guwang"),
        dict(nik="", name="I Made Sudarta", village="Guwang"),
        dict(nik="", name="Thomas Kriswanto Purba", village="Guwang"),
        dict(nik="", name="Thomas Kriswanto Purba", village="Guwang"),
    ] + [dict(nik="", name="I Made Sudarta", village=f"V{i}") for i in range(12)])
    common = pair_row(result, off, 0, 1)["name_bits"]
    rare = pair_row(result, off, 2, 3)["name_bits"]
    assert rare > common + 2


def test_block_guard_skips_oversized_blocks_but_keeps_other_keys():
    result, ids, _ = run([dict(nik="", name="I Made Sudarta", village="Guwang", phone=f"0812000000{i:02d}")
                          for i in range(30)], settings=Settings(max_block_size=10))
    assert result.blocking.skipped_blocks["name_village"] >= 1
    assert len(set(ids)) == 30  # thirty different phones: thirty people


def test_settings_are_declarative_and_validated():
    s = Settings.from_dict({"match_weight": 8, "review_weight": 1})
    assert Settings.from_dict(s.to_dict()) == s
    with pytest.raises(ConfigError):
        Settings.from_dict({"blocking": ["nik", "star_sign"]})
    with pytest.raises(ConfigError):
        Settings.from_dict({"match_wieght": 3})


def test_nik_neighbourhood_blocking_meets_typos_and_transpositions_only():
    from umkm_dedup.matching.blocking import candidate_pairs
    from umkm_dedup.matching.comparisons import Encoded

    feats = pd.DataFrame({
        "nik": ["5104011201900001", "5104011210900001", "5104011201900071", "5104021201900001",
                "5104011201900001", "", "5104011051900001"],
        "name_initial": ["s", "s", "s", "s", "t", "s", "s"]})
    pairs, _ = candidate_pairs(Encoded(feats), ["nik_one_edit"], 60)
    found = set(map(tuple, pairs.to_numpy().tolist()))
    assert (0, 1) in found          # month digits transposed
    assert (0, 3) in found          # district digit mistyped
    assert (0, 2) not in found      # serial differs: another key's job (same stem + name)
    assert (0, 4) not in found      # same NIK, another name initial: the exact-NIK key's job
    # 1201 90 -> 1051 90: two digits changed, neither a typo nor a swap (once met: the NIK with one
    # digit deleted shared a space with the NIK with the next digit deleted)
    assert (0, 6) not in found


def test_nik_region_typos_meet_by_the_first_distinctive_name_word_not_the_first_word_written():
    """nik_tail_name (the NIK's date and serial digits with a name word): a NIK with two region
    digits wrong (5104 -> 5171, past any one-edit key) meets its owner written with his title
    abbreviated; two other men born that day with serial 0001 share only the 'I' they are
    written with, and must not meet (a province's same-day serials were 98M pairs at 10M)."""
    from umkm_dedup.matching.blocking import candidate_pairs
    from umkm_dedup.matching.comparisons import Encoded
    from umkm_dedup.matching.prepare import prepare

    frame = pd.DataFrame([record(row=i + 2, **r) for i, r in enumerate([
        dict(nik="5104011201900001", name="I Gusti Ngurah Rai Suta"),
        dict(nik="5171011201900001", name="I.G.N. Rai Suta"),
        dict(nik="5108011201900001", name="I Made Sudarta"),
        dict(nik="5102011201900001", name="I Wayan Widana")])])
    frame["record_id"] = range(len(frame))
    pairs, _ = candidate_pairs(Encoded(prepare(frame)), ["nik_tail_name"], 60)
    assert set(map(tuple, pairs.to_numpy().tolist())) == {(0, 1)}


def test_other_ids_one_substitution_apart_meet_in_one_blocking_column():
    """The other_id_one_edit key must bring together two identifiers one typed character apart,
    wherever the typo is; the column a variant lands in once depended on set order."""
    import pandas as pd

    from umkm_dedup.matching.blocking import _deletion_codes

    base = "KK7310024"
    values = [base] + [base[:i] + ("X" if base[i] != "X" else "Y") + base[i + 1:] for i in range(len(base))]
    columns = _deletion_codes(pd.Series(values + ["UNRELATED1"]))
    for k in range(1, len(values)):
        assert any(col[0] == col[k] for col in columns), values[k]
    assert not any(col[0] == col[len(values)] for col in columns)


def test_pairs_scored_and_decided_in_chunks_give_the_same_answer():
    """Levels and rules run a chunk of pairs at a time (bounded memory), u's random pairs too;
    chunks of 13 pairs, none aligned with anything, must give the model and every pair the
    decision and rule of one whole pass."""
    from dataclasses import replace

    frame = background("bali").copy()
    whole = deduplicate(frame, Settings())
    chunked = deduplicate(frame, replace(Settings(), chunk_pairs=13))
    assert len(whole.pairs) > 20 * 13
    for name, u in whole.model.u.items():
        assert u.tolist() == chunked.model.u[name].tolist(), name
    for column in ("left", "right", "weight", "decision", "rule"):
        assert whole.pairs[column].tolist() == chunked.pairs[column].tolist(), column
    assert list(whole.cluster_id) == list(chunked.cluster_id)


def test_a_birth_date_two_near_niks_carry_shows_no_bits_and_the_weight_still_adds_up():
    """model._birth_carried_by_nik as an officer reads it in pairs.parquet and explain: the
    scored pair's birth-date bits are 0 (rebuilt by engine.derived), and the bits add up to the
    weight; a date typo that the birth date corrects keeps them."""
    nik = "510401" + "120190" + "0001"
    result, _, off = run([dict(nik=nik, name="I Made Sudarta", birth_date="1990-01-12"),
                          dict(nik=nik[:-1] + "2", name="I Made Sudarta", birth_date="1990-01-12"),
                          dict(nik="510401" + "120199" + "0001", name="I Made Sudarta", birth_date="1990-01-12")])
    p = result.scored_pairs()
    at = lambda i, j: p[(p["left"] == off + i) & (p["right"] == off + j)].iloc[0]   # noqa: E731
    assert at(0, 1)["birth_date_level"] == 0 and at(0, 1)["birth_date_bits"] == 0.0
    assert at(0, 2)["birth_date_bits"] > 5
    bits = sum(p[f"{c}_bits"] for c in result.settings.comparisons)
    assert np.allclose(bits, p["weight"], atol=1e-4)


def test_nik_deletion_keys_parsed_per_distinct_nik_are_each_records_own():
    """The NIK one-edit keys are parsed once per distinct NIK (a categorical's categories): each
    record must get its own NIK's keys, a record without a 16-digit NIK none, and a category no
    record holds must not matter."""
    from umkm_dedup.matching.blocking import NIK_EDIT_POSITIONS, _nik_numbers, _nik_one_edit_codes

    a, b = "5171" + "04" + "1207" + "850001", "5103" + "01" + "6601" + "900012"
    values = [a, "", b, a, None, "51710412", b]
    nik = pd.Series(pd.Categorical(values, categories=[b, "", a, "51710412", "x" * 16]))
    keys = _nik_one_edit_codes(*_nik_numbers(nik))
    assert len(keys) == NIK_EDIT_POSITIONS
    for pos, got in enumerate(keys):
        want = [int(v[:pos] + v[pos + 1:]) if isinstance(v, str) and len(v) == 16 else -1 for v in values]
        assert got.tolist() == want
