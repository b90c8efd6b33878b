"""Both engines side by side on generated records: seconds, peak memory, pairs, clusters, F1, and
whether the Spark engine's clusters are the local engine's.

    python bench/bench_spark.py                      # 100,000 persons' records
    python bench/bench_spark.py --sizes 100000 666667   # ~150k and ~1M records (README's table)

Each engine runs in a child process (bench/engine_ours.py, bench/engine_spark.py): peak memory
is the child's own; for Spark also the JVM's (a separate process; its Python workers are not
counted in the first figure; the second sums the JVM and its workers). Spark runs on local[2], the same two cores as the local engine: it shows what the
Spark job costs, not what a cluster gains (see README, "Running on a cluster").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import run_engine  # noqa: E402

from umkm_dedup.matching.evaluate import pairwise_scores  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000],
                        help="persons generated (about 1.5 records each)")
    parser.add_argument("--province", default="bali")
    args = parser.parse_args()
    from umkm_dedup.synth.generate import generate_records

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for persons in args.sizes:
            frame, truth = generate_records(province=args.province, persons=persons, seed=7)
            data = work / f"records_{persons}.parquet"
            frame.to_parquet(data)
            truth = pd.Series(truth).astype(str).to_numpy()
            clusters = {}
            for engine in ("ours", "spark"):
                out = work / f"{engine}_{persons}.parquet"
                info = run_engine(engine, data, out, timeout=7200)
                clusters[engine] = pd.read_parquet(out)["cluster"].to_numpy()
                score = pairwise_scores(truth, clusters[engine])
                rows.append({"engine": "local" if engine == "ours" else "spark local[2]", "records": len(frame),
                             "seconds": round(info["seconds"], 1), "peak_gb": round(info["peak_gb"], 2),
                             "jvm_peak_gb": round(info.get("jvm_hwm_kb", 0) / 1024 / 1024, 2) or "",
                             # the JVM with its Python workers (their summed RSS, sampled)
                             "jvm_workers_peak_gb": round(info.get("jvm_tree_peak_kb", 0) / 1024 / 1024, 2) or "",
                             "pairs": info["pairs"], "clusters": len(set(clusters[engine])),
                             "f1": round(score["f1"], 4)})
                if engine == "spark":
                    print("spark phases (s):", info.get("phases"), "session start:", round(info["session_s"], 1),
                          file=sys.stderr)
                print(rows[-1], file=sys.stderr, flush=True)   # each row as soon as it is known
            rows[-1]["same_ids"] = bool((clusters["ours"] == clusters["spark"]).all())
    table = pd.DataFrame(rows).fillna("")
    print(table.to_markdown(index=False) if _has_tabulate() else table.to_string(index=False))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
