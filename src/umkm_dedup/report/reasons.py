"""Evidence in words: the readable reason column of Duplikat and Perlu Ditinjau, built from the
same levels and bits the engine summed, e.g. "NIK sama; nama sangat mirip; tanggal lahir sama"."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..matching.comparisons import LEVELS
from ..messages import t


def reason_texts(pairs: pd.DataFrame, comparisons: list[str], lang: str = "id") -> np.ndarray:
    """One text per pair: agreeing evidence first, then what speaks against, then the rule."""
    phrases = {c: [t(f"ev.{c}.{lvl}", lang) for lvl in LEVELS[c]] for c in comparisons}
    level_cols = [pairs[f"{c}_level"].to_numpy() for c in comparisons]
    bit_cols = [pairs[f"{c}_bits"].to_numpy() for c in comparisons]
    rules = pairs["rule"].astype(str).to_numpy()
    rule_text = {r: t(f"rule.{r}", lang) for r in set(rules) if r}
    out = np.empty(len(pairs), dtype=object)
    # unique combinations are few: build each text once
    combos: dict[tuple, str] = {}
    for i in range(len(pairs)):
        key = tuple(int(lv[i]) for lv in level_cols) + (rules[i],)
        text = combos.get(key)
        if text is None:
            pro, con = [], []
            for c, lv, bits in zip(comparisons, level_cols, bit_cols):
                level = int(lv[i])
                if level < 0 or (c == "sex" and bits[i] >= 0):
                    continue
                (pro if bits[i] > 0 else con).append(phrases[c][level])
            text = "; ".join(pro)
            if con:
                text += ("; " if text else "") + (" tetapi " if lang == "id" else " but ") + ", ".join(con)
            text = text.replace(";  tetapi", " tetapi").replace(";  but", " but")
            if rules[i]:
                text += f" [{rule_text[rules[i]]}]"
            combos[key] = text
        out[i] = text
    return out
