"""Survivorship: one consolidated record per person. Per field, in this order: a valid NIK over an
invalid or truncated one; Kemensos-verified values over self-reported ones (Prakerja next, then the
regency lists); then the value from the most complete record; then the most frequent value; then
the earliest source position. Also which regency a person is counted in, and per-record decisions."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..matching import MatchResult
from ..normalize.names import strip_titles

ROLE_RANK = {"kemensos": 0, "prakerja": 1, "regency": 2}
CONSOLIDATED = ("nik", "kk", "name", "birth_date", "sex", "business_name", "sector", "address", "rt_rw",
                "village", "district", "phone", "email", "impact")
_PASSED = re.compile(r"lulus|selesai|insentif|diterima|passed|completed", re.I)
_NOT = re.compile(r"belum|tidak|gagal|batal|not|failed", re.I)


def nik_tier(feats: pd.DataFrame) -> np.ndarray:
    """0 trusted, 1 valid but contradicted, 2 truncated, 3 invalid, 4 missing."""
    tier = np.full(len(feats), 3, np.int8)
    tier[feats["nik_reason"].to_numpy() == "missing"] = 4
    tier[feats["nik_truncated"].to_numpy()] = 2
    tier[feats["nik_valid"].to_numpy()] = 1
    tier[feats["nik_trusted"].to_numpy()] = 0
    return tier


def prakerja_passed(status: pd.Series) -> pd.Series:
    s = status.fillna("").astype(str)
    return s.str.contains(_PASSED) & ~s.str.contains(_NOT)


def consolidate(result: MatchResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-record table, per-person table). Both in a stable order (cluster id, provenance)."""
    rec = result.records
    feats = result.features
    n = len(rec)
    order = np.lexsort((rec["row"].astype(int).to_numpy(), rec["sheet"].astype(str).to_numpy(),
                        rec["source_file"].astype(str).to_numpy()))
    position = np.empty(n, np.int64)
    position[order] = np.arange(n)
    filled = np.zeros(n, np.int64)
    for f in CONSOLIDATED:
        filled += (rec[f].astype(str).to_numpy() != "")
    table = pd.DataFrame({
        "cluster_id": result.cluster_id, "role": rec["role"].to_numpy(),
        "role_rank": rec["role"].map(ROLE_RANK).fillna(2).astype(int).to_numpy(),
        "nik_tier": nik_tier(feats), "filled": filled, "position": position,
    })

    # per-record decision and confidence
    pairs = result.pairs
    prob = pairs["probability"].to_numpy()
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    same = result.cluster_id[left] == result.cluster_id[right]
    is_match = (pairs["decision"] == "match").to_numpy()
    best_link = np.zeros(n)
    best_other = np.zeros(n)
    for idx, values in ((left, prob), (right, prob)):
        np.maximum.at(best_link, idx[same & is_match], values[same & is_match])
        np.maximum.at(best_other, idx[~same], values[~same])
    review = result.review_pairs
    in_review = np.zeros(n, bool)
    in_review[review["left"].to_numpy()] = True
    in_review[review["right"].to_numpy()] = True

    # survivor: regency records first (the person is reported from a regency list), best NIK,
    # most complete, earliest
    regency_first = np.where(table["role"].to_numpy() == "regency", 0, 1)
    survivor_order = np.lexsort((position, -filled, table["nik_tier"].to_numpy(), regency_first,
                                 table["cluster_id"].to_numpy().astype(str)))
    first = pd.Series(table["cluster_id"].to_numpy()[survivor_order]).duplicated().to_numpy()
    survivor = np.zeros(n, bool)
    survivor[survivor_order[~first]] = True
    sizes = table.groupby("cluster_id")["role"].transform("size").to_numpy()
    decision = np.where(survivor, "unique", "duplicate").astype(object)
    decision[survivor & in_review] = "review"
    confidence = np.where(sizes > 1, best_link, 1.0 - best_other)
    table["survivor"] = survivor
    table["decision"] = decision
    table["confidence"] = np.round(confidence, 4)
    table["in_review"] = in_review

    persons = _persons(rec, feats, table, survivor)
    return table, persons


def _persons(rec: pd.DataFrame, feats: pd.DataFrame, table: pd.DataFrame, survivor: np.ndarray) -> pd.DataFrame:
    cid = table["cluster_id"].to_numpy(dtype=object)
    codes, names = pd.factorize(cid, sort=True)          # persons in cluster-id order
    names = np.asarray(names, dtype=object)
    n = len(names)
    rr = table["role_rank"].to_numpy()
    fl = table["filled"].to_numpy()
    pos = table["position"].to_numpy()
    tier = table["nik_tier"].to_numpy()
    role = table["role"].to_numpy(dtype=object)
    out: dict[str, np.ndarray] = {"cluster_id": names}
    for field in CONSOLIDATED:
        values = rec[field].astype(str).to_numpy(dtype=object)
        if field == "nik":
            fn = feats["nik"].to_numpy(dtype=object)
            values = np.where(fn != "", fn, values)
        out[field] = _survivor_values(values, codes, rr, fl, pos, tier if field == "nik" else None)
    out["name"] = np.array([strip_titles(x) for x in out["name"]], dtype=object)
    for col, source in (("birth_iso", "birth"), ("phone_e164", "phone"), ("sex", "sex"), ("_rt_rw", "rt_rw")):
        out[col] = _survivor_values(feats[source].to_numpy(dtype=object), codes, rr, fl, pos, None)
    out["rt_rw"] = np.where(out["rt_rw"] != "", out["rt_rw"], out.pop("_rt_rw"))
    best_tier = np.full(n, 99, np.int64)
    np.minimum.at(best_tier, codes, tier)
    out["nik_tier"] = best_tier
    for r in ("regency", "kemensos", "prakerja"):
        out[f"n_{r}"] = np.bincount(codes[role == r], minlength=n)
    out["records"] = np.bincount(codes, minlength=n)

    # the regency a person is counted in: their best record among the regency lists
    is_reg = role == "regency"
    reg = rec["list_regency"].fillna("").astype(str).to_numpy(dtype=object)
    order = np.lexsort((pos[is_reg], -fl[is_reg], tier[is_reg], codes[is_reg]))
    rc, rv = codes[is_reg][order], reg[is_reg][order]
    first = np.r_[True, rc[1:] != rc[:-1]] if len(rc) else np.zeros(0, bool)
    home = np.full(n, "", dtype=object)
    home[rc[first]] = rv[first]
    out["home_regency"] = home

    kem = role == "kemensos"
    out["kemensos_programme"] = _join_per_person(codes[kem], rec["programme"].astype(str).to_numpy(dtype=object)[kem],
                                                 n, ", ", distinct=True)
    pk = role == "prakerja"
    out["prakerja_status"] = _join_per_person(codes[pk], rec["status"].astype(str).to_numpy(dtype=object)[pk],
                                              n, "; ", distinct=True)
    out["prakerja_passed"] = prakerja_passed(pd.Series(out["prakerja_status"], dtype=object)).to_numpy()
    review = np.zeros(n, bool)
    review[codes[table["in_review"].to_numpy()]] = True
    out["needs_review"] = review
    prov = (rec["source_file"].astype(str) + " · " + rec["sheet"].astype(str) + " · " + rec["row"].astype(str))
    prov = prov.str.replace(" ·  · ", " · ", regex=False).to_numpy(dtype=object)
    out["sources"] = _join_per_person(codes, prov, n, "; ", order=pos)
    surv = np.zeros(n, np.int64)
    surv[codes[survivor]] = pos[survivor]
    out["survivor_position"] = surv
    return pd.DataFrame({k: pd.Series(v, dtype=object) if v.dtype == object else v for k, v in out.items()})


def _join_per_person(codes: np.ndarray, values: np.ndarray, n: int, sep: str, *, distinct: bool = False,
                     order: np.ndarray | None = None) -> np.ndarray:
    """Per person, the non-empty values joined (sorted and distinct, or in `order`); persons with
    one value take it as is, so only the few with several go through a Python join."""
    out = np.full(n, "", dtype=object)
    keep = values != ""
    codes, values = codes[keep], values[keep]
    if order is not None:
        order = order[keep]
        idx = np.lexsort((order, codes))
    else:
        idx = np.lexsort((values.astype(str), codes))
    codes, values = codes[idx], values[idx]
    counts = np.bincount(codes, minlength=n)
    single = counts[codes] == 1
    out[codes[single]] = values[single]
    multi = ~single
    if multi.any():
        mc, mv = codes[multi], values[multi]
        if distinct:  # already sorted by (code, value): drop repeats next to each other
            keep = np.r_[True, (mc[1:] != mc[:-1]) | (mv[1:] != mv[:-1])]
            mc, mv = mc[keep], mv[keep]
        starts = np.flatnonzero(np.r_[True, mc[1:] != mc[:-1]])
        ends = np.r_[starts[1:], len(mc)]
        items = mv.tolist()
        out[mc[starts]] = [sep.join(items[a:b]) for a, b in zip(starts.tolist(), ends.tolist())]
    return out


def _survivor_values(values: np.ndarray, clusters: np.ndarray, role_rank: np.ndarray, filled: np.ndarray,
                     position: np.ndarray, nik_tier: np.ndarray | None) -> np.ndarray:
    """Per cluster (by code), the value that survives: non-empty first, then the best NIK tier
    (for the NIK), Kemensos over Prakerja over regency lists, the most complete record, the most
    frequent value in the cluster, the earliest source position. One lexsort, no Python loop."""
    codes, _ = pd.factorize(values, sort=False)
    key = clusters.astype(np.int64) * (int(codes.max(initial=0)) + 2) + codes
    inverse, _ = pd.factorize(key, sort=False)   # hash-based: much faster than np.unique here
    freq = np.bincount(inverse)[inverse]
    empty = values == ""
    sort_keys = [position, -freq, -filled, role_rank] + ([nik_tier] if nik_tier is not None else []) + [empty, clusters]
    order = np.lexsort(sort_keys)
    first = np.r_[True, clusters[order][1:] != clusters[order][:-1]]
    chosen = np.empty(clusters.max(initial=-1) + 1, dtype=object)
    chosen[clusters[order][first]] = values[order][first]
    return chosen


def _pick_by(frame: pd.DataFrame, index: pd.Index) -> pd.Series:
    frame = frame.assign(empty=frame["value"] == "")
    best = frame.sort_values(["cluster_id", "empty", "role_rank", "filled", "position"],
                             ascending=[True, True, True, False, True], kind="stable").drop_duplicates("cluster_id")
    return best.set_index("cluster_id")["value"].reindex(index).fillna("")
