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
    "unique_id": range(len(f)), "nik": f["nik"], "name": f["name_norm"], "name_phon": f["name_phon"],
    "birth": f["birth"], "sex": f["sex"], "phone": f["phone"], "address": f["address"],
    "village": f["village"], "district": f["district"],
})
df = df.replace("", None)
settings = SettingsCreator(
    link_type="dedupe_only",
    comparisons=[
        cl.DamerauLevenshteinAtThresholds("nik", [1, 2]),
        cl.NameComparison("name").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("birth", input_is_string=True),
        cl.ExactMatch("sex"),
        cl.ExactMatch("phone"),
        cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
        cl.ExactMatch("village"),
        cl.ExactMatch("district"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("nik"), block_on("substr(nik, 1, 15)"), block_on("substr(nik, 1, 12)", "name_phon"),
        block_on("phone"), block_on("name_phon", "district"), block_on("name_phon", "village"),
        block_on("name_phon", "birth"), block_on("birth", "village"), block_on("address", "village"),
    ],
    retain_intermediate_calculation_columns=False,
)
db = DuckDBAPI()
linker = Linker(db.register(df), settings)
linker.training.estimate_probability_two_random_records_match(
    [block_on("nik"), block_on("name", "birth", "village")], recall=0.7)
linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_phon", "birth"))
pred = linker.inference.predict(threshold_match_probability=0.5)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold_match_probability=0.9)
out = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]].sort_values("unique_id")
seconds = time.perf_counter() - start
pd.DataFrame({"cluster": out["cluster_id"].astype(str).to_numpy()}).to_parquet(sys.argv[2])
print(json.dumps({"seconds": seconds, "pairs": int(pred.as_duckdbpyrelation().count("*").fetchall()[0][0])}))
