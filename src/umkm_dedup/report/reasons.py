"""Evidence in words: the readable reason column of Duplikat and Perlu Ditinjau, built from the
same levels and bits the engine summed, e.g. "NIK sama; nama sangat mirip; tanggal lahir sama"."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..matching.comparisons import LEVELS, REGISTRY
from ..i18n.messages import t


def reason_texts(pairs: pd.DataFrame, comparisons: list[str], lang: str = "id") -> np.ndarray:
    """One text per pair: agreeing evidence first, then what speaks against, then the rule.
    Built once per distinct combination of levels, signs and rule (a few hundred), then broadcast.
    `pairs` with every comparison's bits (MatchResult.scored_pairs of the pairs shown)."""
    if len(pairs) == 0:
        return np.empty(0, dtype=object)
    phrases = {c: [t(REGISTRY[c]().message_key(lvl), lang) for lvl in LEVELS[c]] for c in comparisons}
    key = np.zeros(len(pairs), np.int64)
    for c in comparisons:
        lv = pairs[f"{c}_level"].to_numpy().astype(np.int64) + 1
        sign = (pairs[f"{c}_bits"].to_numpy() > 0).astype(np.int64)
        key = key * (2 * (len(LEVELS[c]) + 1)) + lv * 2 + sign
    rules = pairs["rule"].astype(str).to_numpy()
    rule_codes, rule_names = pd.factorize(rules)
    key = key * (len(rule_names) + 1) + rule_codes
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    level_cols = {c: pairs[f"{c}_level"].to_numpy() for c in comparisons}
    bit_cols = {c: pairs[f"{c}_bits"].to_numpy() for c in comparisons}
    texts = []
    for i in first:
        pro, con = [], []
        for c in comparisons:
            level = int(level_cols[c][i])
            bits = bit_cols[c][i]
            if level < 0 or (c == "sex" and bits >= 0):
                continue
            # evidence worth nothing here (a birth date that two near NIKs already carry, a NIK
            # stem) is still a fact that agrees: listed with the rest, never after "but"
            (pro if bits >= 0 else con).append(phrases[c][level])
        text = "; ".join(pro)
        if con:
            text += (" " if text else "") + ("tetapi " if lang == "id" else "but ") + ", ".join(con)
        if rules[i]:
            text += f" [{t(f'rule.{rules[i]}', lang)}]"
        texts.append(text)
    return np.array(texts, dtype=object)[inverse.ravel()]
