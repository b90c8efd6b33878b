"""The numbers of the Ringkasan sheet and summary.json: per regency and in total, and the overlap
between the regency lists, the Kemensos list and the Prakerja roster. Each person is counted in
one regency (the list holding their best record), so regency rows add up to the total."""

from __future__ import annotations

import numpy as np
import pandas as pd

COUNTS = ("records", "persons_in_list", "duplicates_within", "duplicates_across", "unique_persons",
          "already_reported", "new_persons", "in_kemensos", "in_prakerja", "prakerja_passed", "no_assistance",
          "nik_suspect", "nik_missing")


def regency_rows(rec: pd.DataFrame, table: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    is_reg = (table["role"] == "regency").to_numpy()
    regs = pd.DataFrame({"regency": rec["list_regency"].to_numpy()[is_reg],
                         "cluster_id": table["cluster_id"].to_numpy()[is_reg],
                         "tier": table["nik_tier"].to_numpy()[is_reg]})
    grouped = regs.groupby("regency", sort=True)
    out = pd.DataFrame({
        "records": grouped.size(),
        "persons_in_list": grouped["cluster_id"].nunique(),
        "nik_suspect": grouped["tier"].agg(lambda t: int(((t >= 1) & (t <= 3)).sum())),
        "nik_missing": grouped["tier"].agg(lambda t: int((t == 4).sum())),
    })
    p = persons[persons["n_regency"] > 0]
    home = p.groupby("home_regency")
    out["unique_persons"] = home.size()
    reported = p["reported_stage"] != "" if "reported_stage" in p else pd.Series(False, index=p.index)
    out["already_reported"] = reported.groupby(p["home_regency"]).sum()
    out["new_persons"] = (~reported).groupby(p["home_regency"]).sum()
    out["in_kemensos"] = home["n_kemensos"].agg(lambda s: int((s > 0).sum()))
    out["in_prakerja"] = home["n_prakerja"].agg(lambda s: int((s > 0).sum()))
    out["prakerja_passed"] = home["prakerja_passed"].agg(lambda s: int(s.sum()))
    out["no_assistance"] = home.apply(lambda g: int(((g["n_kemensos"] == 0) & (g["n_prakerja"] == 0)).sum()),
                                      include_groups=False)
    out = out.fillna(0).astype(int)
    out["duplicates_within"] = out["records"] - out["persons_in_list"]
    out["duplicates_across"] = out["persons_in_list"] - out["unique_persons"]
    out = out[list(COUNTS)]
    total = out.sum()
    total.name = "__total__"
    return pd.concat([out, total.to_frame().T])


def overlap(persons: pd.DataFrame) -> dict[str, int]:
    r, k, p = (persons["n_regency"] > 0), (persons["n_kemensos"] > 0), (persons["n_prakerja"] > 0)
    return {
        "regency_only": int((r & ~k & ~p).sum()),
        "regency_and_kemensos": int((r & k & ~p).sum()),
        "regency_and_prakerja": int((r & ~k & p).sum()),
        "all_three": int((r & k & p).sum()),
        "kemensos_only": int((~r & k & ~p).sum()),
        "prakerja_only": int((~r & ~k & p).sum()),
        "kemensos_and_prakerja": int((~r & k & p).sum()),
    }


def summarise(rec: pd.DataFrame, table: pd.DataFrame, persons: pd.DataFrame, pairs: pd.DataFrame,
              review_pairs: int) -> dict:
    rows = regency_rows(rec, table, persons)
    per_regency = {idx: {k: int(v) for k, v in row.items()} for idx, row in rows.iterrows() if idx != "__total__"}
    total = {k: int(v) for k, v in rows.loc["__total__"].items()} if len(rows) else {}
    roles = table["role"].value_counts().to_dict()
    return {
        "records_read": int(len(rec)),
        "records_by_role": {k: int(roles.get(k, 0)) for k in ("regency", "kemensos", "prakerja")},
        "persons": int(len(persons)),
        "unique_persons_in_regency_lists": int((persons["n_regency"] > 0).sum()),
        "total": total,
        "per_regency": per_regency,
        "overlap": overlap(persons),
        "pairs_compared": int(len(pairs)),
        "pairs_for_review": int(review_pairs),
        "clusters_with_duplicates": int((persons["records"] > 1).sum()),
        "records_with_nik_problems": int(np.sum(table["nik_tier"].to_numpy() >= 1)),
    }
