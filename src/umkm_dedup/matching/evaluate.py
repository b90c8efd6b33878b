"""How good was a run, against a truth an officer (or the generator) wrote down: which records are
one person. Pairwise precision/recall/F1 of the final clusters, unique persons per regency list,
how each decision band and each domain rule fared, what Perlu Ditinjau holds, and the missed and
false pairs with the evidence the engine had, so a province can measure the tool on a hand-labelled
sample of its own data.

    from umkm_dedup.matching.evaluate import evaluate_run
    ev = evaluate_run("laporan", "truth.csv")      # truth: source_file,sheet,row,person_id
    ev.pairwise["f1"], ev.review["true_share"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .comparisons import LEVELS

KEY = ["source_file", "sheet", "row"]
#: clusters (true or found) larger than this are counted but their pairs not listed one by one
LIST_LIMIT = 500


def _pairs_in(sizes: np.ndarray) -> int:
    sizes = sizes.astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_scores(truth: np.ndarray, predicted: np.ndarray) -> dict:
    """Pairwise precision/recall/F1 of a clustering against the truth, from the contingency table
    (no pair lists), plus the unique-person count against the truth."""
    df = pd.DataFrame({"t": truth, "p": predicted})
    tp = _pairs_in(df.groupby(["t", "p"]).size().to_numpy())
    true_pairs = _pairs_in(df.groupby("t").size().to_numpy())
    found_pairs = _pairs_in(df.groupby("p").size().to_numpy())
    precision = tp / found_pairs if found_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n_true, n_found = int(df["t"].nunique()), int(df["p"].nunique())
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": true_pairs,
            "found_pairs": found_pairs, "correct_pairs": tp, "unique_true": n_true, "unique_found": n_found,
            "unique_error_pct": 100.0 * (n_found - n_true) / n_true if n_true else 0.0}


@dataclass
class Evaluation:
    pairwise: dict
    per_regency: pd.DataFrame          # list regency, records, persons (truth), persons (found), error %
    bands: dict                        # decision -> pairs, truly_same, precision, recall
    rules: dict                        # rule -> pairs, truly_same, precision, decisions
    review: dict                       # Perlu Ditinjau: pairs, share of records, true share
    errors: pd.DataFrame = field(repr=False)   # missed and false pairs with evidence
    unmatched_truth: int = 0           # records of the run the truth does not know
    shares_known: bool = False         # the records carried birth dates / phones (errors["shares"])

    def _missed_not_compared(self) -> pd.Series:
        return (self.errors["kind"] == "missed") & ~self.errors["compared"].astype(bool)

    def to_dict(self) -> dict:
        regencies = {r["regency"]: {k: (float(v) if isinstance(v, float) else int(v)) for k, v in r.items()
                                    if k != "regency"} for r in self.per_regency.to_dict("records")}
        worst = float(self.per_regency["error_pct"].abs().max()) if len(self.per_regency) else 0.0
        return {"pairwise": self.pairwise, "per_regency": regencies, "worst_regency_error_pct": worst,
                "bands": self.bands, "rules": self.rules, "review": self.review,
                "missed_pairs": int((self.errors["kind"] == "missed").sum()),
                "missed_not_compared": int(self._missed_not_compared().sum()),
                # of those, the ones tied by nothing a key looks up (see _shares); None: not known
                "missed_not_compared_sharing_no_birth_date_or_phone": int(
                    (self._missed_not_compared() & (self.errors["shares"] == "")).sum()) if self.shares_known else None,
                "false_pairs": int((self.errors["kind"] == "false").sum()),
                "records_not_in_truth": self.unmatched_truth}


def evaluate(records: pd.DataFrame, pairs, truth: pd.Series) -> Evaluation:
    """The core: `records` positional with cluster_id, role, list_regency (and name for the error
    list); `pairs` with left/right positions, decision, rule, weight and <comparison>_level (or
    the Spark engine's SparkPairs: the same figures counted on the cluster, batch by batch);
    `truth` the true person id per record ('' = unknown: left out of every figure)."""
    truth = pd.Series(np.asarray(truth, dtype=object)).fillna("").astype(str)
    known = (truth != "").to_numpy()
    cluster = np.asarray(records["cluster_id"], dtype=object)
    scores = pairwise_scores(truth.to_numpy()[known], cluster[known])

    per_regency = _per_regency(records, truth, known)
    # the pairs the error list shows (from the records alone), then one pass over the pairs
    a, b, kind = _error_pairs(cluster, truth.to_numpy(), known)
    n = len(records)
    shared = (pd.factorize(truth.to_numpy())[0].astype(np.int64), pd.factorize(cluster)[0].astype(np.int64),
              known, np.unique(np.minimum(a, b) * n + np.maximum(a, b)))
    if hasattr(pairs, "partials"):
        got = pairs.partials(_pair_figures, _combine, shared)
        figures = got if got is not None else _pair_figures(pairs.template, *shared)
    else:
        figures = _pair_figures(pairs, *shared)
    total_true = scores["true_pairs"]
    bands = {}
    for d in ("match", "review", "non_match"):
        n_band, k = figures["bands"].get(d, (0, 0))
        bands[d] = {"pairs": n_band, "truly_same": k, "precision": k / n_band if n_band else None,
                    "recall": k / total_true if total_true else None}
    rules = {}
    for r in sorted(figures["rules"]):
        n_rule, k, decisions = figures["rules"][r]
        rules[r] = {"pairs": n_rule, "truly_same": k, "precision": k / n_rule if n_rule else None,
                    "recall": k / total_true if total_true else None,
                    "decisions": {str(x): int(y) for x, y in decisions.items()}}
    n_review, k_review = figures["review"]
    review = {"pairs": n_review, "truly_same": k_review, "true_share": k_review / n_review if n_review else None,
              "share_of_records_pct": 100.0 * n_review / max(int(known.sum()), 1)}
    errors = _errors(records, figures["evidence"], truth, a, b, kind)
    return Evaluation(pairwise=scores, per_regency=per_regency, bands=bands, rules=rules, review=review,
                      errors=errors, unmatched_truth=int((~known).sum()),
                      shares_known=bool({"birth_date", "phone"} & set(records.columns)))


def _pair_figures(pairs: pd.DataFrame, truth: np.ndarray, cluster: np.ndarray, known: np.ndarray,
                  wanted: np.ndarray) -> dict:
    """What evaluate reads of a batch of pairs (all of them, or one Arrow batch on a Spark
    executor; `_combine` adds two): pairs and truly-same pairs per decision band, per rule (with
    its decisions), of Perlu Ditinjau's open pairs, and the evidence of the pairs in `wanted`
    (left * records + right, sorted: the missed and false pairs). `truth`, `cluster`: integer
    codes per record, `known`: the truth knows the record."""
    same = _truly_same(pairs, truth, known)
    told = same.notna().to_numpy()
    decision = pairs["decision"].astype(str).to_numpy()
    bands = {}
    for d in ("match", "review", "non_match"):
        hit = (decision == d) & told
        bands[d] = (int(hit.sum()), int(same[hit].sum()))
    rules = {}
    rule_col = pairs["rule"].astype(str).to_numpy()
    for r in sorted(set(rule_col) - {""}):
        hit = (rule_col == r) & told
        decisions = pairs.loc[hit, "decision"].astype(str).value_counts().to_dict()
        rules[r] = (int(hit.sum()), int(same[hit].sum()), {str(a): int(b) for a, b in decisions.items()})
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    open_review = (decision == "review") & (cluster[left] != cluster[right]) & told
    keys = left.astype(np.int64) * len(known) + right.astype(np.int64)
    level_cols = [c for c in pairs.columns if c.endswith("_level")]
    hit = np.isin(keys, wanted)
    evidence = pairs.loc[hit, ["weight", "decision", "rule", *level_cols]].set_axis(pd.Index(keys[hit], name="_k"))
    return {"bands": bands, "rules": rules, "review": (int(open_review.sum()), int(same[open_review].sum())),
            "evidence": evidence}


def _combine(a: dict, b: dict) -> dict:
    """Two batches' _pair_figures as one."""
    rules = dict(a["rules"])
    for r, (n, k, decisions) in b["rules"].items():
        if r in rules:
            n0, k0, d0 = rules[r]
            merged = dict(d0)
            for key, count in decisions.items():
                merged[key] = merged.get(key, 0) + count
            rules[r] = (n0 + n, k0 + k, merged)
        else:
            rules[r] = (n, k, decisions)
    return {"bands": {d: tuple(x + y for x, y in zip(a["bands"][d], b["bands"][d])) for d in a["bands"]},
            "rules": rules, "review": tuple(x + y for x, y in zip(a["review"], b["review"])),
            "evidence": pd.concat([a["evidence"], b["evidence"]])}


def _per_regency(records: pd.DataFrame, truth: pd.Series, known: np.ndarray) -> pd.DataFrame:
    """Persons in each regency's list (records of the regency role, by the list's regency):
    the truth's count against the clusters found there."""
    role = records["role"].astype(str).to_numpy() if "role" in records else np.full(len(records), "regency")
    mask = known & (role == "regency")
    regency = records["list_regency"].astype(str).to_numpy() if "list_regency" in records \
        else records["source_file"].astype(str).to_numpy()
    frame = pd.DataFrame({"regency": regency[mask], "t": truth.to_numpy()[mask],
                          "p": np.asarray(records["cluster_id"], dtype=object)[mask]})
    if frame.empty:
        return pd.DataFrame(columns=["regency", "records", "persons_true", "persons_found", "error_pct"])
    g = frame.groupby("regency", sort=True)
    out = pd.DataFrame({"records": g.size(), "persons_true": g["t"].nunique(), "persons_found": g["p"].nunique()})
    out["error_pct"] = 100.0 * (out["persons_found"] - out["persons_true"]) / out["persons_true"]
    return out.reset_index()


def _truly_same(pairs: pd.DataFrame, truth: np.ndarray, known: np.ndarray) -> pd.Series:
    """Per compared pair: True/False when both records are in the truth, else NA (`truth`: the
    person per record, as ids or their codes)."""
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    t = np.asarray(truth)
    ok = known[left] & known[right]
    out = pd.Series(pd.array(np.where(ok, t[left] == t[right], False), dtype="boolean"))
    out[~ok] = pd.NA
    return out


def _within(groups: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (a, b), a < b, of positions sharing a group; groups over LIST_LIMIT are left out."""
    frame = pd.DataFrame({"g": groups, "pos": positions})
    sizes = frame.groupby("g")["pos"].transform("size").to_numpy()
    frame = frame[(sizes > 1) & (sizes <= LIST_LIMIT)]
    joined = frame.merge(frame, on="g")
    joined = joined[joined["pos_x"] < joined["pos_y"]]
    return joined["pos_x"].to_numpy(np.int64), joined["pos_y"].to_numpy(np.int64)


def _error_pairs(cluster: np.ndarray, t: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True pairs left in two clusters (missed) and pairs of different people in one cluster
    (false): both ends and the kind of each."""
    positions = np.flatnonzero(known)
    ta, tb = _within(t[positions], positions)
    missed = cluster[ta] != cluster[tb]
    pa, pb = _within(cluster[positions], positions)
    false = t[pa] != t[pb]
    a = np.concatenate([ta[missed], pa[false]])
    b = np.concatenate([tb[missed], pb[false]])
    kind = np.array(["missed"] * int(missed.sum()) + ["false"] * int(false.sum()), dtype=object)
    return a, b, kind


def _errors(records: pd.DataFrame, evidence: pd.DataFrame, truth: pd.Series, a: np.ndarray, b: np.ndarray,
            kind: np.ndarray) -> pd.DataFrame:
    """The missed and false pairs (_error_pairs), each with what the engine had on it (`evidence`:
    the compared ones' weight, decision, rule and levels by left * records + right): compared or
    not, weight, decision, rule, levels."""
    cluster = np.asarray(records["cluster_id"], dtype=object)
    t = truth.to_numpy()
    out = pd.DataFrame({"kind": kind})
    for side, idx in (("a", a), ("b", b)):
        for c in KEY:
            out[f"{side}_{c}"] = records[c].to_numpy()[idx] if c in records else ""
        if "name" in records:
            out[f"{side}_name"] = records["name"].astype(str).to_numpy()[idx]
        out[f"{side}_cluster"] = cluster[idx]
        out[f"{side}_person"] = t[idx]
    out["shares"] = _shares(records, a, b)
    level_cols = [c for c in evidence.columns if c.endswith("_level")]
    keys = np.minimum(a, b) * len(records) + np.maximum(a, b)
    found = evidence.reindex(keys)
    out["compared"] = found["weight"].notna().to_numpy()
    out["weight"] = found["weight"].round(2).to_numpy()
    out["decision"] = found["decision"].astype(object).fillna("not_compared").to_numpy()
    out["rule"] = found["rule"].astype(object).fillna("").to_numpy()
    for c in level_cols:
        comp = c[:-len("_level")]
        names = np.array(LEVELS.get(comp, []) + [""], dtype=object)
        lv = found[c].to_numpy()
        out[comp] = np.where(pd.isna(lv), "", names[np.where(pd.isna(lv), -1, lv).astype(int).clip(-1)])
        out.loc[(lv == -1) if len(lv) else [], comp] = "missing"
    return out.sort_values(["kind", "a_source_file", "a_sheet", "a_row", "b_source_file", "b_sheet", "b_row"],
                           kind="stable").reset_index(drop=True)


def _shares(records: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per error pair, what its two records share that a blocking key can find them by: the birth
    date (declared, or the one inside the NIK) and the phone, normalised as matching does:
    'birth_date', 'phone', 'birth_date+phone' or ''. A missed pair that was never compared and
    shares neither is tied by nothing but a name (or an address), which no key looks up alone and
    no rule should link on: the part of the recall that the lists themselves cap. Empty where the
    records carry neither column (an in-memory MatchResult)."""
    shares = np.full(len(a), "", dtype=object)
    if not len(a) or not ({"birth_date", "phone"} & set(records.columns)):
        return shares
    from ..normalize.dates import parse_dates
    from ..normalize.nik import analyse_niks
    from ..normalize.phones import normalise_phones

    at = np.unique(np.concatenate([a, b]))
    where = pd.Series(np.arange(len(at)), index=at)
    ia, ib = where.reindex(a).to_numpy(), where.reindex(b).to_numpy()
    pick = lambda c: records[c].iloc[at].fillna("").astype(str).reset_index(drop=True)  # noqa: E731
    found = []
    if "birth_date" in records:
        birth = parse_dates(pick("birth_date")).to_numpy(dtype=object)
        if "nik" in records:
            nik_birth = analyse_niks(pick("nik"))["nik_birth"].to_numpy(dtype=object)
            birth = np.where(birth == "", nik_birth, birth)
        found.append(("birth_date", birth))
    if "phone" in records:
        found.append(("phone", normalise_phones(pick("phone")).to_numpy(dtype=object)))
    for name, values in found:
        same = (values[ia] == values[ib]) & (values[ia] != "")
        shares = np.where(same, np.where(shares == "", name, shares + "+" + name), shares)
    return shares


def read_truth(path: str | Path) -> pd.DataFrame:
    """source_file,sheet,row,person_id (as the generator writes it; CSVs have an empty sheet)."""
    from ..core.errors import ConfigError

    try:
        truth = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ConfigError(f"cannot read the truth file ({type(exc).__name__})", key="truth_unreadable",
                          hint="truth columns: source_file,sheet,row,person_id",
                          params={"reason": type(exc).__name__}) from None
    missing = set(KEY + ["person_id"]) - set(truth.columns)
    if missing:
        raise ConfigError(f"truth file lacks column(s): {', '.join(sorted(missing))}", key="truth_columns",
                          hint="truth columns: source_file,sheet,row,person_id",
                          params={"names": ", ".join(sorted(missing))})
    truth["row"] = pd.to_numeric(truth["row"], errors="coerce").fillna(-1).astype(np.int64)
    return truth.drop_duplicates(KEY)


def evaluate_run(out: str | Path, truth_path: str | Path) -> Evaluation:
    """Evaluate a finished merge's output folder (records.parquet, pairs.parquet: the files
    `explain` reads) against a truth file."""
    out = Path(out)
    missing = [n for n in ("records.parquet", "pairs.parquet") if not (out / n).exists()]
    if missing:
        from ..core.errors import ConfigError

        raise ConfigError(f"the output folder is incomplete: {', '.join(missing)} missing", key="eval_missing",
                          hint="run merge with --out to this folder first", params={"names": ", ".join(missing)})
    records = pd.read_parquet(out / "records.parquet")
    records["row"] = records["row"].astype(np.int64)
    if "list_regency" not in records:
        records["list_regency"] = records["source_file"]
    truth = read_truth(truth_path)
    joined = records[KEY].merge(truth, on=KEY, how="left")
    pos = pd.Series(np.arange(len(records)), index=pd.MultiIndex.from_frame(records[KEY]))
    raw = pd.read_parquet(out / "pairs.parquet")
    left = pos.reindex(pd.MultiIndex.from_arrays([raw["left_file"].astype(str), raw["left_sheet"].astype(str),
                                                 raw["left_row"].astype(np.int64)])).to_numpy()
    right = pos.reindex(pd.MultiIndex.from_arrays([raw["right_file"].astype(str), raw["right_sheet"].astype(str),
                                                  raw["right_row"].astype(np.int64)])).to_numpy()
    ok = ~(np.isnan(left) | np.isnan(right))
    pairs = raw[ok].reset_index(drop=True)
    lo, hi = left[ok].astype(np.int64), right[ok].astype(np.int64)
    pairs["left"], pairs["right"] = np.minimum(lo, hi), np.maximum(lo, hi)
    return evaluate(records, pairs, joined["person_id"].fillna(""))


def evaluate_match(result, truth: pd.Series) -> Evaluation:
    """Evaluate a MatchResult in memory against the true person id of each of its records."""
    store = getattr(result, "all_pairs", None)   # the Spark engine's: every pair, kept on the cluster
    rec = result.records
    records = pd.DataFrame({c: rec[c].to_numpy() for c in (*KEY, "role", "list_regency", "name") if c in rec})
    records["cluster_id"] = result.cluster_id
    return evaluate(records, result.pairs if store is None else store, pd.Series(np.asarray(truth, dtype=object)))


def write_evaluation(ev: Evaluation, folder: str | Path) -> list[Path]:
    """evaluation.json and evaluation_pairs.csv (missed and false pairs) in `folder`, atomically."""
    import json

    from ..report.atomic import write_bytes
    from ..report.csvfile import write_csv

    folder = Path(folder)
    data = json.dumps(ev.to_dict(), indent=2, sort_keys=True, ensure_ascii=False, default=float).encode("utf-8")
    write_bytes(folder / "evaluation.json", data)
    errors = ev.errors
    path = write_csv(folder / "evaluation_pairs.csv", {c: errors[c].astype(str) if errors[c].dtype == object
                                                        else errors[c] for c in errors.columns},
                     numeric={c for c in errors.columns if errors[c].dtype.kind in "if"}, bom=True)
    return [folder / "evaluation.json", path]
