"""A shared name is worth what the number of people who could carry it allows: an exact name by its
own frequency, a very similar one (a name cut short, a typo) by the share of records whose
distinctive name begins with it (model.TF_PREFIX)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from umkm_dedup.matching.comparisons import REGISTRY, Encoded
from umkm_dedup.matching.model import M_PRIOR, U_PRIOR, Model, TermStats, evidence

VERY_SIMILAR = REGISTRY["name"].levels.index("very_similar")


def test_prefix_share_counts_the_longer_names_that_begin_with_it():
    stats = TermStats({"name_core": {"suarniti": 2, "suarniti rasmini": 3, "suarniti ariani": 2, "suarnitiana": 5,
                                     "suarniti sari": 1, "wati": 4}}, {"name_core": 17})
    shares = stats.prefix_per_code("name_core", np.array(["suarniti", "suarniti rasmini", "wati", "sukerti"]))
    # 'suarnitiana' is another word, not 'suarniti' and more; a name never seen counts as one
    # record; one carried by a single record is left out, as a saved model leaves it out
    assert shares.tolist() == pytest.approx([7 / 17, 3 / 17, 4 / 17, 1 / 17])
    saved = TermStats.from_dict(stats.to_dict())
    assert saved.prefix_per_code("name_core", np.array(["suarniti"])).tolist() == pytest.approx([7 / 17])


def _bits(core_counts: dict[str, int], a: str, b: str, total: int = 1_000_000) -> tuple[float, float]:
    model = Model(m={"name": np.array(M_PRIOR["name"])}, u={"name": np.array(U_PRIOR["name"])}, prior=0.1)
    model.term_stats = TermStats({"name_norm": {}, "name_phon": {}, "name_core": core_counts},
                                 {"name_norm": total, "name_phon": total, "name_core": total})
    enc = Encoded(pd.DataFrame({"name_norm": [f"ni putu {a}", f"ni putu {b}"], "name_phon": ["x", "y"],
                                "name_core": [a, b]}))
    bits = evidence(model, enc, np.array([0]), np.array([1]), {"name": np.array([VERY_SIMILAR], np.int8)},
                    n_records=total)
    return float(bits["name"][0]), float(model.bits("name")[VERY_SIMILAR])


def test_a_name_cut_short_to_a_common_name_is_worth_less():
    # 4,000 of a million records begin with 'suarniti': far more than the model's u for very similar
    common, plain = _bits({"suarniti": 1500, "suarniti rasmini": 2000, "suarniti ariani": 500},
                          "suarniti", "suarniti rasmini")
    assert common == pytest.approx(np.log2(M_PRIOR["name"][VERY_SIMILAR] / 0.004), abs=1e-3)
    assert common < plain - 2


def test_a_rare_name_keeps_the_models_bits():
    # a handful of records: the model's u is the larger, so the bits are the model's own
    rare, plain = _bits({"kusumadewi": 2, "kusumadewi anggreni": 1}, "kusumadewi", "kusumadewi anggreni")
    assert rare == pytest.approx(plain, abs=1e-5)
