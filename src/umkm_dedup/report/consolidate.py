"""Survivorship: one consolidated record per person. Per field, in this order: a valid NIK over an
invalid or truncated one; Kemensos-verified values over self-reported ones (Prakerja next, then the
regency lists); then the value from the most complete record; then the most frequent value; then
the earliest source position. Also which regency a person is counted in, and per-record decisions.

Everything runs on integer codes (one packed sort key per choice) and Arrow-backed columns: at
1,000,000 records a Python object per cell costs more than the matching itself."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..core.memory import release
from ..matching import MatchResult
from ..normalize.names import DEGREES, TITLES, strip_titles
from .arrow_text import as_text, take_text, text_column
from .ordering import first_of_each, pack_keys, sort_order

ROLE_RANK = {"kemensos": 0, "prakerja": 1, "regency": 2}
CONSOLIDATED = ("nik", "kk", "name", "birth_date", "sex", "business_name", "sector", "address", "rt_rw",
                "village", "district", "phone", "email", "impact")
#: the ministry's fields (report/kemenkop.py): chosen by the same rule, but not counted in how
#: complete a record is, so a list that carries them does not change the other fields' choice
KEMENKOP = ("assets", "omzet_before", "omzet_after", "workers_before", "workers_after", "needs")
# names strip_titles could change; every other name is returned as it is
_MAY_HAVE_TITLES = (r"[.,\t\n\r]|^\s|\s$|\s\s|^(" + "|".join(sorted(TITLES)) + r")\s|\s("
                    + "|".join(sorted(DEGREES)) + r")$")


def nik_tier(feats: pd.DataFrame) -> np.ndarray:
    """0 trusted, 1 valid but contradicted, 2 truncated, 3 invalid, 4 missing."""
    tier = np.full(len(feats), 3, np.int8)
    tier[feats["nik_reason"].to_numpy() == "missing"] = 4
    tier[feats["nik_truncated"].to_numpy()] = 2
    tier[feats["nik_valid"].to_numpy()] = 1
    tier[feats["nik_trusted"].to_numpy()] = 0
    return tier


def prakerja_passed(status: pd.Series) -> np.ndarray:
    """Whether a person's Prakerja statuses say passed (Lolos, Lulus, Insentif cair...): report/prakerja.py."""
    from .prakerja import passed

    return passed(status)


def _nonempty(column: pd.Series) -> np.ndarray:
    return column.fillna("").astype(str).ne("").to_numpy(dtype=bool)


#: pairs per chunk where a column of every pair is read (the probability is derived per chunk)
PAIR_CHUNK = 1 << 20


def _max_at_ends(result: MatchResult, column: str, mask: np.ndarray, n: int) -> np.ndarray:
    """Per record, the largest value of `column` among the masked pairs it is an end of (0 for
    none), a chunk of pairs at a time: the column (the reported probability) is not held for
    every pair but derived for the masked ones of each chunk, and no array of twice the pairs is
    made (at 1M records, 14M pairs, the concatenated ends and their values were a top of the
    write stage). The largest is the same in any order."""
    out = np.zeros(n)
    left, right = result.pairs["left"].to_numpy(), result.pairs["right"].to_numpy()
    for start in range(0, len(mask), PAIR_CHUNK):
        rows = start + np.flatnonzero(mask[start:start + PAIR_CHUNK])
        chosen = result.pair_values(column, rows).astype(np.float64)
        for ends in (left, right):
            np.maximum.at(out, ends[rows], chosen)
    return out


def provenance_position(rec: pd.DataFrame) -> np.ndarray:
    """Each record's rank in (source file, sheet, row) order: the stable order of every output."""
    files = pd.factorize(rec["source_file"].astype(str), sort=True)[0]
    sheets = pd.factorize(rec["sheet"].astype(str), sort=True)[0]
    rows = rec["row"].astype(np.int64).to_numpy()
    order = sort_order(files, sheets, rows - rows.min(initial=0))
    position = np.empty(len(rec), np.int64)
    position[order] = np.arange(len(rec))
    return position


def consolidate(result: MatchResult, review: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-record table, per-person table). Both in a stable order (cluster id, provenance)."""
    table = consolidate_records(result, review)
    return table, consolidate_persons(result, table)


def consolidate_records(result: MatchResult, review: pd.DataFrame | None = None) -> pd.DataFrame:
    """The per-record table: cluster, provenance position, survivor, decision and confidence.
    The last step that reads every compared pair (the confidence is the best link's probability):
    `merge` writes pairs.parquet and lets the unlinked pairs go between this and the persons
    table, the write stage's memory peak at a province's size."""
    rec = result.records
    feats = result.features
    n = len(rec)
    position = provenance_position(rec)
    filled = np.zeros(n, np.int64)
    for f in CONSOLIDATED:
        filled += _nonempty(rec[f])
    cluster_ids = text_column(np.asarray(result.cluster_id, dtype=object))
    cluster, _ = pd.factorize(cluster_ids, sort=True)
    # the role as the records hold it, codes (core/records.py CODED): as Arrow text it was ~15 bytes
    # per record held through the write stage, for three values; its rank is one byte
    role = rec["role"] if isinstance(rec["role"].dtype, pd.CategoricalDtype) else rec["role"].astype(str)
    table = pd.DataFrame({
        "cluster_id": cluster_ids, "cluster_code": cluster,
        "role": role.array, "role_rank": _role_rank(role),
        "nik_tier": nik_tier(feats), "filled": filled, "position": position,
    })

    # per-record decision and confidence
    pairs = result.pairs
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    narrow = cluster.astype(np.int32) if n < 2**31 else cluster   # half the temporaries over every pair
    same = narrow[left] == narrow[right]
    del narrow
    link = same & (pairs["decision"] == "match").to_numpy()
    best_link = _max_at_ends(result, "probability", link, n)
    np.logical_not(same, out=same)
    best_other = _max_at_ends(result, "probability", same, n)
    del same, link
    review = result.review_pairs if review is None else review
    in_review = np.zeros(n, bool)
    in_review[review["left"].to_numpy()] = True
    in_review[review["right"].to_numpy()] = True

    # survivor: regency records first (the person is reported from a regency list), best NIK,
    # most complete, earliest
    regency_first = (table["role"] != "regency").to_numpy(dtype=bool).astype(np.int64)
    order = sort_order(cluster, regency_first, table["nik_tier"].to_numpy(), filled.max(initial=0) - filled, position)
    survivor = np.zeros(n, bool)
    survivor[order[first_of_each(cluster[order])]] = True
    sizes = np.bincount(cluster)[cluster]
    decision = np.where(survivor, "unique", "duplicate").astype(object)
    decision[survivor & in_review] = "review"
    confidence = np.where(sizes > 1, best_link, 1.0 - best_other)
    table["survivor"] = survivor
    table["decision"] = decision
    table["confidence"] = np.round(confidence, 4)
    table["in_review"] = in_review
    table["cluster_size"] = sizes
    return table


def consolidate_persons(result: MatchResult, table: pd.DataFrame) -> pd.DataFrame:
    """The per-person table (one row per cluster, in cluster-code order) from the per-record table."""
    return _persons(result.records, result.features, table, table["survivor"].to_numpy())


def cluster_names(table: pd.DataFrame) -> pa.Array:
    """The cluster id of each cluster code, in code order (the persons table's order)."""
    codes = table["cluster_code"].to_numpy()
    n = int(codes.max(initial=-1)) + 1
    return pa.array(table["cluster_id"]).take(pa.array(_first_record_of_each(codes, n)))


def _persons(rec: pd.DataFrame, feats: pd.DataFrame, table: pd.DataFrame, survivor: np.ndarray) -> pd.DataFrame:
    codes = table["cluster_code"].to_numpy()
    n = int(codes.max(initial=-1)) + 1
    names = cluster_names(table)
    rank = _static_rank(table)
    shared = _Shared(codes, n, table["position"].to_numpy())
    fl, pos = table["filled"].to_numpy(), table["position"].to_numpy()
    tier = table["nik_tier"].to_numpy()
    # one mask per role, compared in Arrow: an object array of a million role texts is not needed
    is_role = {r: (table["role"] == r).to_numpy(dtype=bool) for r in ROLE_RANK}
    out: dict[str, object] = {"cluster_id": names}
    multi = pa.array(shared.multi)
    for field in CONSOLIDATED + tuple(f for f in KEMENKOP if f in rec):
        values = _Column(rec[field])
        normal = _Column(feats["nik"]) if field == "nik" else None
        chosen = _survivors(_nik_first(values, normal, multi), codes, n, rank, pos,
                            tier if field == "nik" else None, shared)
        out[field] = _nik_first(values, normal, pa.array(chosen))
        del values, normal, chosen
        release(collect=False)   # the field's codes and texts over every record, before the next field's
    out["name"] = _strip_titles(out["name"])
    for col, source in (("birth_iso", "birth"), ("phone_e164", "phone"), ("sex", "sex"), ("_rt_rw", "rt_rw")):
        values = _Column(feats[source])
        out[col] = values.take(pa.array(_survivors(values.take(multi), codes, n, rank, pos, None, shared)))
        del values
        release(collect=False)
    del multi
    rt_rw = out.pop("_rt_rw")
    out["rt_rw"] = pc.if_else(pc.not_equal(out["rt_rw"], ""), out["rt_rw"], rt_rw)
    best_tier = np.full(n, 99, np.int64)
    np.minimum.at(best_tier, codes, tier)
    out["nik_tier"] = best_tier
    for r in ("regency", "kemensos", "prakerja"):
        out[f"n_{r}"] = np.bincount(codes[is_role[r]], minlength=n)
    out["records"] = np.bincount(codes, minlength=n)

    # the regency a person is counted in: their best record among the regency lists
    is_reg = np.flatnonzero(is_role["regency"])
    order = is_reg[sort_order(codes[is_reg], tier[is_reg], fl.max(initial=0) - fl[is_reg], pos[is_reg])]
    best = order[first_of_each(codes[order])]
    del order
    home = np.full(n, -1, np.int64)   # a person in no regency list has no home: '' (a null taken)
    home[codes[best]] = best
    out["home_regency"] = _Column(rec["list_regency"]).take(pa.array(home, mask=home < 0))
    del home, best

    kem = np.flatnonzero(is_role["kemensos"])
    out["kemensos_programme"] = _join_per_person(codes[kem], take_text(rec["programme"], kem), n, ", ", distinct=True)
    pk = np.flatnonzero(is_role["prakerja"])
    out["prakerja_status"] = _join_per_person(codes[pk], take_text(rec["status"], pk), n, "; ", distinct=True)
    out["prakerja_passed"] = prakerja_passed(pd.Series(text_column(out["prakerja_status"])))
    review = np.zeros(n, bool)
    review[codes[table["in_review"].to_numpy()]] = True
    out["needs_review"] = review
    release(collect=False)
    out["sources"] = _sources(rec, codes, n, pos)
    surv = np.zeros(n, np.int64)
    surv[codes[survivor]] = pos[survivor]
    out["survivor_position"] = surv
    # copy=False: a copy of every column (the default for a dict) doubled the persons table for a moment
    return pd.DataFrame({k: _column(v) for k, v in out.items()}, copy=False)


def _sources(rec: pd.DataFrame, codes: np.ndarray, n: int, position: np.ndarray) -> pa.Array:
    """Per person, their records' provenance ("file · sheet · row", or "file · row" without a sheet)
    joined in source order: the texts are built once, already in (person, position) order, not
    built in record order and then copied into that order (at 2.8M records each copy of them all
    is ~0.2 GB on top of the persons table). Every record has one, so none is left out."""
    idx = sort_order(codes, position)
    counts = np.bincount(codes, minlength=n)
    at = pa.array(idx)
    sheet = _Column(rec["sheet"]).take(at)
    source_file = _Column(rec["source_file"]).take(at)
    row = pc.cast(pa.array(rec["row"].astype(np.int64).to_numpy()[idx]), pa.string())
    del at, idx
    # one join, the empty sheet left out of it as a null ("file · row"): the two joins of every
    # record and the choice between them were three copies of the provenance texts at once, the
    # top of survivorship (none of the three columns holds a null of its own: as_text fills them)
    sheet = pc.if_else(pc.equal(sheet, ""), pa.scalar(None, pa.string()), sheet)
    prov = pc.binary_join_element_wise(source_file, sheet, row, " · ", null_handling="skip")
    del sheet, source_file, row
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), prov), "; ")


class _Column:
    """A record column whose texts are taken at some positions (the survivors', the records of
    clusters of several) before they are made Arrow strings: a coded column stays codes and a
    text column stays where pandas holds it until the few values wanted are copied. as_text over
    every record first, then a take, made a copy of each column of all records (and, for the
    coded ones, every code spelt out). as_text is value by value, so take-then-convert gives the
    same texts; a column Arrow cannot read as it is (mixed Python objects) is converted whole."""

    def __init__(self, column):
        try:
            self.values = pa.array(column, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            self.values = as_text(column)

    def take(self, positions: pa.Array) -> pa.Array:
        return as_text(self.values.take(positions))


def _nik_first(values: _Column, normal: _Column | None, positions: pa.Array) -> pa.Array:
    """The values at positions; for the NIK, its normalised form where there is one (feats['nik'])."""
    raw = values.take(positions)
    if normal is None:
        return raw
    norm = normal.take(positions)
    return pc.if_else(pc.not_equal(norm, ""), norm, raw)


def _join_per_person(codes: np.ndarray, values, n: int, sep: str, *, distinct: bool = False,
                     order: np.ndarray | None = None) -> pa.Array:
    """Per person, the non-empty values joined (sorted and distinct, or in `order`), by one Arrow
    list join: no Python string per person."""
    values = as_text(values)
    filled = np.asarray(pc.not_equal(values, "").to_numpy(zero_copy_only=False), dtype=bool)
    if not filled.all():   # (every record's provenance is: no copy of them all)
        keep = np.flatnonzero(filled)
        codes = codes[keep]
        values = values.take(pa.array(keep))
        if order is not None:
            order = order[keep]
    del filled
    if order is not None:
        idx = sort_order(codes, order)
    else:
        ranks = np.asarray(pc.rank(values, sort_keys="ascending", tiebreaker="dense").to_numpy(zero_copy_only=False))
        idx = sort_order(codes, ranks)
        if distinct:  # sorted by (code, value): drop repeats next to each other
            c, r = codes[idx], ranks[idx]
            idx = idx[np.r_[True, (c[1:] != c[:-1]) | (r[1:] != r[:-1])]] if len(idx) else idx
    counts = np.bincount(codes[idx], minlength=n)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), values.take(pa.array(idx))), sep)


def _role_rank(role: pd.Series) -> np.ndarray:
    codes, names = pd.factorize(role)
    return np.array([ROLE_RANK.get(r, 2) for r in names], dtype=np.int8)[codes] if len(codes) else codes


def _column(values) -> object:
    if isinstance(values, (pa.Array, pa.ChunkedArray)) or values.dtype == object:
        return text_column(values)
    return values


def _first_record_of_each(codes: np.ndarray, n: int) -> np.ndarray:
    first = np.full(n, len(codes), np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return first


def _static_rank(table: pd.DataFrame) -> np.ndarray:
    """Kemensos over Prakerja over regency lists, then the most complete record: the same for
    every field, so ranked once."""
    fl = table["filled"].to_numpy()
    return table["role_rank"].to_numpy().astype(np.int64) * (int(fl.max(initial=0)) + 1) + (fl.max(initial=0) - fl)


def _survivors(values: pa.Array, clusters: np.ndarray, n: int, rank: np.ndarray, position: np.ndarray,
               nik_tier: np.ndarray | None, shared: "_Shared") -> np.ndarray:
    """`values`: the texts of the records in clusters of several (shared.multi), the only ones a
    choice is made among: the others' texts are never encoded.
    Per cluster, the record whose value survives: non-empty first, then the best NIK tier (for
    the NIK), the source rank and completeness, the most frequent value in the cluster, the
    earliest source position (which is unique, so the choice never depends on input order).
    Only clusters of several records need a choice; there it is a minimum of one packed key."""
    multi = shared.multi
    chosen = shared.first.copy()
    if not len(multi):
        return chosen
    encoded = pc.dictionary_encode(values)   # the values of the records in `multi`, in its order
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    empty_code = np.asarray(pc.equal(encoded.dictionary, "").to_numpy(zero_copy_only=False), dtype=bool)
    empty = empty_code[codes].astype(np.int64)
    groups = clusters[multi]
    inverse, _ = pd.factorize(groups.astype(np.int64) * (len(encoded.dictionary) + 1) + codes, sort=False)
    freq = np.bincount(inverse)[inverse]
    keys = [empty] + ([nik_tier[multi]] if nik_tier is not None else []) + [rank[multi], freq.max() - freq,
                                                                            position[multi]]
    packed = pack_keys(*keys)
    if packed is None:   # too wide for one word (never at realistic sizes): sort instead
        order = sort_order(groups, *keys)
        first = order[first_of_each(groups[order])]
        chosen[groups[first]] = multi[first]
        return chosen
    best = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(best, groups, packed)
    decided = best != np.iinfo(np.int64).max
    position_mask = (1 << max(int(keys[-1].max()).bit_length(), 1)) - 1   # the last key's bits, as packed
    chosen[decided] = shared.record_at[best[decided] & position_mask]
    return chosen


class _Shared:
    """What every field's survivor choice shares: the records in clusters of several, each
    cluster's first record (the answer for single-record clusters), position -> record."""

    def __init__(self, clusters: np.ndarray, n: int, position: np.ndarray):
        sizes = np.bincount(clusters, minlength=n)
        self.multi = np.flatnonzero(sizes[clusters] > 1)
        self.first = _first_record_of_each(clusters, n)
        self.record_at = np.empty(len(position), np.int64)
        self.record_at[position] = np.arange(len(position))


def _strip_titles(names: pa.Array) -> pa.Array:
    """strip_titles on the names that may carry a title, a degree or odd spacing; the rest as is."""
    maybe = np.asarray(pc.match_substring_regex(names, _MAY_HAVE_TITLES, ignore_case=True)
                       .to_numpy(zero_copy_only=False), dtype=bool)
    if not maybe.any():
        return names
    stripped = [strip_titles(x) for x in names.filter(pa.array(maybe)).to_pylist()]
    return pc.replace_with_mask(names, pa.array(maybe), pa.array(stripped, type=pa.string()))
