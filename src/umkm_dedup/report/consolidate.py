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
    cid = table["cluster_id"].to_numpy()
    base = pd.DataFrame({"cluster_id": cid, "role_rank": table["role_rank"].to_numpy(),
                         "filled": table["filled"].to_numpy(), "position": table["position"].to_numpy(),
                         "nik_tier": table["nik_tier"].to_numpy()})
    persons = pd.DataFrame(index=pd.Index(sorted(set(cid)), name="cluster_id"))
    multi = pd.Series(cid).duplicated(keep=False).to_numpy()   # survivorship only where there is a choice
    single_ids = cid[~multi]
    for field in CONSOLIDATED:
        values = rec[field].astype(str).to_numpy(dtype=object)
        if field == "nik":
            fn = feats["nik"].to_numpy(dtype=object)
            values = np.where(fn != "", fn, values)
        frame = base[multi].assign(value=values[multi], empty=(values[multi] == ""))
        frame["freq"] = frame.groupby(["cluster_id", "value"])["value"].transform("size")
        keys = ["cluster_id", "empty"] + (["nik_tier"] if field == "nik" else []) + ["role_rank", "filled", "freq", "position"]
        asc = [True, True] + ([True] if field == "nik" else []) + [True, False, False, True]
        best = frame.sort_values(keys, ascending=asc, kind="stable").drop_duplicates("cluster_id")
        chosen = pd.concat([pd.Series(values[~multi], index=single_ids), best.set_index("cluster_id")["value"]])
        persons[field] = chosen.reindex(persons.index).fillna("")
    persons["name"] = persons["name"].map(strip_titles)
    birth = feats["birth"].to_numpy()
    persons["birth_iso"] = _pick_by(base.assign(value=birth), persons.index)
    persons["phone_e164"] = _pick_by(base.assign(value=feats["phone"].to_numpy()), persons.index)
    persons["sex"] = _pick_by(base.assign(value=feats["sex"].to_numpy(dtype=object)), persons.index)
    rt_rw = _pick_by(base.assign(value=feats["rt_rw"].to_numpy(dtype=object)), persons.index)
    persons["rt_rw"] = persons["rt_rw"].where(persons["rt_rw"] != "", rt_rw)
    persons["nik_tier"] = base.groupby("cluster_id")["nik_tier"].min().reindex(persons.index)

    roles = pd.DataFrame({"cluster_id": cid, "role": table["role"].to_numpy()})
    member = roles.assign(one=1).pivot_table(index="cluster_id", columns="role", values="one", aggfunc="sum",
                                             fill_value=0)
    for role in ("regency", "kemensos", "prakerja"):
        persons[f"n_{role}"] = member[role].reindex(persons.index).fillna(0).astype(int) if role in member else 0
    persons["records"] = roles.groupby("cluster_id").size().reindex(persons.index)

    reg = rec["list_regency"].fillna("").astype(str).to_numpy()
    home = base.assign(value=reg, regency=(table["role"].to_numpy() == "regency"))
    home = home[home["regency"]].sort_values(["cluster_id", "nik_tier", "filled", "position"],
                                             ascending=[True, True, False, True], kind="stable")
    persons["home_regency"] = home.drop_duplicates("cluster_id").set_index("cluster_id")["value"] \
        .reindex(persons.index).fillna("")

    kem = rec["role"].to_numpy() == "kemensos"
    programme = pd.Series(rec["programme"].astype(str).to_numpy()[kem], index=cid[kem])
    persons["kemensos_programme"] = programme[programme != ""].groupby(level=0).agg(
        lambda s: ", ".join(sorted(set(s)))).reindex(persons.index).fillna("")
    pk = rec["role"].to_numpy() == "prakerja"
    status = pd.Series(rec["status"].astype(str).to_numpy()[pk], index=cid[pk])
    persons["prakerja_status"] = status.groupby(level=0).agg(lambda s: "; ".join(sorted(set(x for x in s if x)))) \
        .reindex(persons.index).fillna("")
    persons["prakerja_passed"] = prakerja_passed(persons["prakerja_status"])
    persons["needs_review"] = table.groupby("cluster_id")["in_review"].any().reindex(persons.index)

    prov = (rec["source_file"].astype(str) + " · " + rec["sheet"].astype(str) + " · " + rec["row"].astype(str))
    prov = prov.str.replace(" ·  · ", " · ", regex=False).to_numpy()
    src = pd.DataFrame({"cluster_id": cid, "p": prov, "position": table["position"].to_numpy()}) \
        .sort_values(["cluster_id", "position"])
    single = ~src["cluster_id"].duplicated(keep=False)   # most persons come from one record: no join
    sources = pd.concat([src.loc[single].set_index("cluster_id")["p"],
                         src.loc[~single].groupby("cluster_id")["p"].agg("; ".join)])
    persons["sources"] = sources.reindex(persons.index)
    persons["survivor_position"] = pd.Series(table["position"].to_numpy()[survivor], index=cid[survivor]) \
        .reindex(persons.index)
    return persons.reset_index()


def _pick_by(frame: pd.DataFrame, index: pd.Index) -> pd.Series:
    frame = frame.assign(empty=frame["value"] == "")
    best = frame.sort_values(["cluster_id", "empty", "role_rank", "filled", "position"],
                             ascending=[True, True, True, False, True], kind="stable").drop_duplicates("cluster_id")
    return best.set_index("cluster_id")["value"].reindex(index).fillna("")
