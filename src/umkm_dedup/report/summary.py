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
    tier = table["nik_tier"].to_numpy()[is_reg]
    regs = pd.DataFrame({"regency": rec["list_regency"].to_numpy()[is_reg],
                         "cluster": table["cluster_id"].to_numpy()[is_reg],
                         "suspect": (tier >= 1) & (tier <= 3), "missing": tier == 4})
    grouped = regs.groupby("regency", sort=True)
    out = pd.DataFrame({"records": grouped.size(), "persons_in_list": grouped["cluster"].nunique(),
                        "nik_suspect": grouped["suspect"].sum(), "nik_missing": grouped["missing"].sum()})
    # the regency persons' columns read here, not a copy of their rows (every field of every person)
    keep = persons["n_regency"].to_numpy() > 0

    def p(column: str) -> np.ndarray:
        return persons[column].to_numpy()[keep]

    reported = (p("reported_stage") != "") if "reported_stage" in persons else np.zeros(int(keep.sum()), bool)
    kemensos, prakerja = p("n_kemensos") > 0, p("n_prakerja") > 0
    flags = pd.DataFrame({"home": p("home_regency"), "unique_persons": 1, "already_reported": reported,
                          "new_persons": ~reported, "in_kemensos": kemensos, "in_prakerja": prakerja,
                          "prakerja_passed": p("prakerja_passed").astype(bool),
                          "no_assistance": ~kemensos & ~prakerja})
    per_home = flags.groupby("home").sum()
    for column in per_home.columns:
        out[column] = per_home[column]
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


def summarise(rec: pd.DataFrame, table: pd.DataFrame, persons: pd.DataFrame, pairs_compared: int,
              review_pairs: int, rows: pd.DataFrame | None = None) -> dict:
    rows = regency_rows(rec, table, persons) if rows is None else rows
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
        "pairs_compared": int(pairs_compared),
        "pairs_for_review": int(review_pairs),
        "clusters_with_duplicates": int((persons["records"] > 1).sum()),
        "records_with_nik_problems": int(np.sum(table["nik_tier"].to_numpy() >= 1)),
    }
