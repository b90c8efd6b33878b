"""What every comparison shares: the `Comparison` base (named levels, parameters, priors, message
keys), and the two ways of reaching pair values — `Encoded` (one global feature table, pairs as
positions into it: the local engine) and `PairView` over it. A batch of pairs that carries both
records' features (another engine) is turned into the same view by `levels_for_batch` (package
__init__), so both engines run exactly the same comparison code."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dataclasses import asdict, dataclass, fields
from typing import ClassVar

#: a person keeps the birth-order name they are known by; two different ones mean two people
_ORDER_NAMES = ["wayan", "putu", "gede", "luh", "made", "kadek", "nengah", "nyoman", "komang", "ketut"]
_ORDER_GROUP = {name: i for i, name in enumerate(_ORDER_NAMES, 1)}
#: birth order of each name above (index 0 unused): 1st, 2nd, 3rd, 4th child
_ORDER_OF = np.array([0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4])


class Encoded:
    """Whole-column integer codes (-1 = empty) and the distinct values behind them, built once.
    Equality on int32 codes is fast and compact; strings are materialised only for fuzzy scorers,
    one chunk of pairs at a time (1,000,000 records stay well under 2 GB)."""

    def __init__(self, feats: pd.DataFrame):
        self.feats = feats
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._arrays: dict[str, np.ndarray] = {}

    def codes(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        hit = self._codes.get(name)
        if hit is None:
            series = self.feats[name]
            if isinstance(series.dtype, pd.CategoricalDtype):
                codes = series.cat.codes.to_numpy().astype(np.int32)
                uniques = np.asarray(series.cat.categories, dtype=object)
            else:
                codes, uniques = pd.factorize(series, sort=False)
                uniques = np.asarray(uniques, dtype=object)
                codes = codes.astype(np.int32)
            empty = np.flatnonzero(uniques == "")
            if len(empty):
                codes[codes == empty[0]] = -1
            hit = (codes, uniques)
            self._codes[name] = hit
        return hit

    def array(self, name: str) -> np.ndarray:
        arr = self._arrays.get(name)
        if arr is None:
            if name.endswith("_int"):
                codes, uniques = self.codes(name[:-4])   # per distinct date, not per record
                per_date = np.append(_date_ints(pd.Series(uniques, dtype=object)), np.int32(0))
                arr = per_date[codes]   # code -1 (no date) picks the trailing 0
            elif name == "nik_digits":
                arr = nik_digit_matrix(self.feats["nik"])
            elif name == "nik_date_part":
                # the NIK's date digits (6..11) packed into one integer per record (0: no NIK), so
                # that two records' date parts compare as one number, not six digit columns
                wide = np.zeros((len(self.feats), 8), np.uint8)
                wide[:, :6] = self.array("nik_digits")[:, 6:12]
                arr = wide.view(np.uint64).ravel()
            elif name in ("name_order", "name_title", "name_bare"):
                codes, uniques = self.codes("name_norm")
                per_name = {"name_order": _name_order, "name_title": _name_title, "name_bare": _name_bare}[name](uniques)
                arr = np.where(codes >= 0, per_name[np.maximum(codes, 0)], 0).astype(np.int8)
            else:
                arr = self.feats[name].to_numpy()
            self._arrays[name] = arr
        return arr

    def value_counts(self, name: str) -> np.ndarray:
        """Records carrying each distinct value of `name` (codes() order): this table's count.
        A table holding only some records of a run (a distributed engine's batch of pairs)
        overrides it with the whole run's."""
        codes, uniques = self.codes(name)
        return np.bincount(codes[codes >= 0], minlength=len(uniques))


def _date_ints(dates: pd.Series) -> np.ndarray:
    """'1990-01-12' -> 19900112; '' -> 0."""
    digits = dates.str.replace("-", "", regex=False)
    return pd.to_numeric(digits.where(digits != "", "0"), errors="coerce").fillna(0).astype(np.int32).to_numpy()


class PairView:
    """Left/right values for a chunk of pairs."""

    def __init__(self, enc: Encoded, left: np.ndarray, right: np.ndarray):
        self.enc, self.left, self.right = enc, left, right

    def code(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        codes, _ = self.enc.codes(name)
        return codes[self.left], codes[self.right]

    def text(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = self.enc.codes(name)
        uniques = np.append(uniques, "")  # code -1 -> ""
        return uniques[codes[self.left]], uniques[codes[self.right]]

    def col(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        arr = self.enc.array(name)
        return arr[self.left], arr[self.right]


def nik_digit_matrix(nik: pd.Series) -> np.ndarray:
    present = nik.str.len().to_numpy() == 16
    digits = np.zeros((len(nik), 16), dtype=np.uint8)
    if present.any():
        digits[present] = np.frombuffer("".join(nik[present]).encode(), dtype=np.uint8).reshape(-1, 16)
    return digits


def _name_title(norms: np.ndarray) -> np.ndarray:
    """The family of a Balinese caste title at the start of each name (0: none)."""
    from ...normalize.names import CASTE_FAMILY

    return np.array([CASTE_FAMILY.get(n.split(" ", 1)[0], 0) for n in norms], dtype=np.int8)


def _name_bare(norms: np.ndarray) -> np.ndarray:
    """1 where a name is only I/Ni, a caste title and a birth-order name (normalize.names.is_bare_name)."""
    from ...normalize.names import is_bare_name

    return np.array([is_bare_name(n) for n in norms], dtype=np.int8)


def _name_order(norms: np.ndarray) -> np.ndarray:
    from ...normalize.names import BALI_PREFIX, CASTE_TITLES, birth_order_token

    out = np.zeros(len(norms), dtype=np.int8)
    for i, n in enumerate(norms):
        tokens = n.split()
        balinese = bool(tokens) and (tokens[0] in BALI_PREFIX or tokens[0] in CASTE_TITLES)
        rest = tokens[1:] if balinese else tokens
        for pos, tok in enumerate(rest[:2]):
            g = _ORDER_GROUP.get(birth_order_token(tok, pos, balinese or pos == 0))
            if g:
                out[i] = g
                break
    return out


#: the level code of a pair with no evidence (a value missing on either side)
MISSING = -1


@dataclass
class Comparison:
    """One comparison: its levels (strongest agreement first), the feature columns it reads, the
    record fields `explain` shows for it, its m/u priors, and its parameters (the dataclass fields
    of a subclass: thresholds, never constants in code). A subclass implements `compare`, which
    maps a batch of pairs to level codes and assigns them by level name (`put`), so reordering
    `levels` cannot silently change what a code means. Messages: `ev.<name>.<level>`."""

    name: ClassVar[str]
    levels: ClassVar[tuple[str, ...]]
    inputs: ClassVar[tuple[str, ...]]          # feature columns (matching/prepare.py) it reads
    fields: ClassVar[tuple[str, ...]]          # record fields shown beside it (explain)
    m_prior: ClassVar[tuple[float, ...]]       # weak pseudo-counts for m (model.PRIOR_WEIGHT)
    u_prior: ClassVar[tuple[float, ...]]       # weak pseudo-pairs for u (model.U_PRIOR_WEIGHT)
    neutral: ClassVar[tuple[str, ...]] = ()    # levels that carry no evidence of their own

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if "levels" in cls.__dict__:
            assert len(cls.levels) == len(cls.m_prior) == len(cls.u_prior), cls.name

    def level(self, name: str) -> int:
        """The code of a level by its name (ValueError for a name the comparison lacks)."""
        return self.levels.index(name)

    def put(self, out: np.ndarray, mask, level: str | None) -> None:
        """Set the pairs in `mask` to `level` (None: no evidence)."""
        out[mask] = MISSING if level is None else self.level(level)

    def start(self, n: int, level: str | None = None) -> np.ndarray:
        """n level codes, all `level` (None: all missing)."""
        return np.full(n, MISSING if level is None else self.level(level), dtype=np.int8)

    def message_key(self, level: str) -> str:
        return f"ev.{self.name}.{level}"

    def params(self) -> dict:
        return asdict(self)

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def compare(self, view: "PairView") -> np.ndarray:   # pragma: no cover - abstract
        raise NotImplementedError
