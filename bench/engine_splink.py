"""Child process: match the same records with Splink 5 (DuckDB), a competent unsupervised setup
on the same fields, given the records as umkm-dedup parsed them (names folded, NIKs as digits,
phones +62, dates ISO): the comparison is of matching, not of parsing."""

import json
import logging
import sys
import time

import pandas as pd

logging.disable(logging.WARNING)

import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402

from umkm_dedup.matching.prepare import prepare  # noqa: E402

frame = pd.read_parquet(sys.argv[1])
start = time.perf_counter()
f = prepare(frame)
df = pd.DataFrame({
    "unique_id": range(len(f)), "nik": f["nik"], "other_id": f["other_id"], "name": f["name_norm"],
    "name_phon": f["name_phon"], "birth": f["birth"], "sex": f["sex"], "phone": f["phone"],
    "address": f["address"], "village": f["village"], "district": f["district"],
})
df = df.replace("", None)
present = {c for c in df.columns if df[c].notna().any()}
candidates = [
    ("nik", cl.DamerauLevenshteinAtThresholds("nik", [1, 2])),
    ("other_id", cl.DamerauLevenshteinAtThresholds("other_id", [1, 2])),
    ("name", cl.NameComparison("name").configure(term_frequency_adjustments=True)),
    ("birth", cl.DateOfBirthComparison("birth", input_is_string=True)),
    ("sex", cl.ExactMatch("sex")),
    ("phone", cl.ExactMatch("phone")),
    ("address", cl.JaroWinklerAtThresholds("address", [0.95, 0.85])),
    ("village", cl.ExactMatch("village")),
    ("district", cl.ExactMatch("district")),
]
blocking = [
    (("nik",), block_on("nik")), (("nik",), block_on("substr(nik, 1, 15)")),
    (("nik", "name_phon"), block_on("substr(nik, 1, 12)", "name_phon")),
    (("other_id",), block_on("other_id")), (("phone",), block_on("phone")),
    (("name_phon", "district"), block_on("name_phon", "district")),
    (("name_phon", "village"), block_on("name_phon", "village")),
    (("name_phon", "birth"), block_on("name_phon", "birth")),
    (("birth", "village"), block_on("birth", "village")), (("address", "village"), block_on("address", "village")),
]
settings = SettingsCreator(
    link_type="dedupe_only",
    comparisons=[c for col, c in candidates if col in present],
    blocking_rules_to_generate_predictions=[b for cols, b in blocking if set(cols) <= present],
    retain_intermediate_calculation_columns=False,
)
db = DuckDBAPI()
linker = Linker(db.register(df), settings)
identifier = "nik" if "nik" in present else "other_id" if "other_id" in present else None
deterministic = [block_on("name", "birth", "village")] + ([block_on(identifier)] if identifier else [])
linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
if identifier:
    linker.training.estimate_parameters_using_expectation_maximisation(block_on(identifier))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_phon", "birth"))
pred = linker.inference.predict(threshold_match_probability=0.5)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold_match_probability=0.9)
out = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]].sort_values("unique_id")
seconds = time.perf_counter() - start
pd.DataFrame({"cluster": out["cluster_id"].astype(str).to_numpy()}).to_parquet(sys.argv[2])
sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from common import own_peak_kb  # noqa: E402

print(json.dumps({"seconds": seconds, "pairs": int(pred.as_duckdbpyrelation().count("*").fetchall()[0][0]),
                  "vm_hwm_kb": own_peak_kb()}))
