"""The generator made in parts (bench/bench_scale.py at 10 million records): people made by
separate calls must still be different people to the matcher — no NIK, KK or person id given
twice because a later part began its serials again."""

import random

from umkm_dedup.synth.generate import generate_records, generate_records_in_parts
from umkm_dedup.synth.persons import Numbering, make_persons


def test_persons_made_in_parts_never_share_a_nik_kk_or_id():
    # each part drawn from the same random state: the same districts, birthdays and households
    # again, so only the numbering carried on keeps them apart
    numbering = Numbering()
    people = [p for _ in range(3) for p in make_persons(1500, "bali", random.Random(5), numbering)]
    assert len(people) == 4500
    assert len({p.pid for p in people}) == 4500
    assert len({p.nik for p in people}) == 4500
    assert len({p.kk for p in people}) == len({p.household for p in people}) > 3000
    # without it the second part is the first one again
    again = make_persons(1500, "bali", random.Random(5)) + make_persons(1500, "bali", random.Random(5))
    assert len({p.nik for p in again}) == 1500


def test_a_province_in_parts_yields_each_part_with_its_own_people():
    parts = list(generate_records_in_parts(province="bali", persons=2500, seed=3, part=1000))
    assert len(parts) == 3
    ids = [set(truth) for _, truth in parts]
    assert not (ids[0] & ids[1]) and not (ids[1] & ids[2]) and not (ids[0] & ids[2])
    assert sum(len(i) for i in ids) == len(set().union(*ids))
    whole, _ = generate_records(province="bali", persons=1000, seed=3)
    assert list(parts[0][0].columns) == list(whole.columns)
