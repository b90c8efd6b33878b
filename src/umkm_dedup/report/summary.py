"""The numbers of the Ringkasan sheet and summary.json: per regency and in total, and the overlap
between the regency lists, the Kemensos list and the Prakerja roster. Each person is counted in
one regency (the list holding their best record), so regency rows add up to the total."""

from __future__ import annotations

import numpy as np
import pandas as pd

COUNTS = ("records", "persons_in_list", "duplicates_within", "duplicates_across", "unique_persons",
          "already_reported", "new_persons", "in_kemensos", "in_prakerja", "prakerja_passed", "no_assistance",
          "nik_suspect", "nik_missing")


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(a code per value, -1 for a missing one; the distinct texts in sorted order, as objects): a
    coded column's own codes and categories (sorted, core/records.py), any other column sorted
    and factorised."""
    if isinstance(column.dtype, pd.CategoricalDtype) and column.cat.categories.is_monotonic_increasing:
        return column.cat.codes.to_numpy(), np.asarray(column.cat.categories, dtype=object)
    codes, uniques = pd.factorize(column, sort=True)
    return codes, np.asarray(uniques, dtype=object)


def regency_rows(rec: pd.DataFrame, table: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    is_reg = (table["role"] == "regency").to_numpy()
    tier = table["nik_tier"].to_numpy()[is_reg]
    # the cluster's code, not its id: the same count of distinct clusters, and no Python string
    # made per record (to_numpy of an Arrow text column: a top of the write stage at 2.8M records)
    # and the list's regency as codes too (to_numpy of a coded column spells its text out once
    # per record, as a Python string each: ~70 MiB at 930,930 records); grouped by the codes of
    # its sorted texts the groups come in the order of their names, which are put back after
    regency, names = _codes(rec["list_regency"])
    regs = pd.DataFrame({"regency": regency[is_reg],
                         "cluster": table["cluster_code"].to_numpy()[is_reg],
                         "suspect": (tier >= 1) & (tier <= 3), "missing": tier == 4})
    regs = regs[regs["regency"].to_numpy() >= 0]   # (-1: none, left out as a missing key was)
    grouped = regs.groupby("regency", sort=True)
    out = pd.DataFrame({"records": grouped.size(), "persons_in_list": grouped["cluster"].nunique(),
                        "nik_suspect": grouped["suspect"].sum(), "nik_missing": grouped["missing"].sum()})
    out.index = pd.Index(names[out.index.to_numpy()], dtype=object, name="regency")
    # the regency persons' columns read here, not a copy of their rows (every field of every person)
    keep = persons["n_regency"].to_numpy() > 0

    def p(column: str) -> np.ndarray:
        return persons[column].to_numpy()[keep]

    reported = (p("reported_stage") != "") if "reported_stage" in persons else np.zeros(int(keep.sum()), bool)
    kemensos, prakerja = p("n_kemensos") > 0, p("n_prakerja") > 0
    # the home regency as codes of its distinct texts (its names put back on the sums): a Python
    # string per person was made only to be grouped
    home, homes = pd.factorize(persons["home_regency"][keep])
    flags = pd.DataFrame({"home": home, "unique_persons": 1, "already_reported": reported,
                          "new_persons": ~reported, "in_kemensos": kemensos, "in_prakerja": prakerja,
                          "prakerja_passed": p("prakerja_passed").astype(bool),
                          "no_assistance": ~kemensos & ~prakerja})
    per_home = flags.groupby("home").sum()
    per_home = per_home[per_home.index >= 0]   # (-1: no home, left out as a missing key was)
    per_home.index = pd.Index(np.asarray(homes, dtype=object)[per_home.index.to_numpy()], dtype=object)
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
