"""Matching quality of the whole `merge`, as an officer runs it, measured by `evaluate` on the
generator's lists at the issue's sizes (about 3k, 77k and 1M records).

    python bench/bench_quality.py --seed 99                       # the hold-out seed (never tuned on)
    python bench/bench_quality.py --seed 21 --sets bali:50000     # the development seed
    python bench/bench_quality.py --work /tmp/q --keep            # keep the generated lists and reports

Each set is generated once (files, then truth.csv beside them), merged by the CLI in its own
process and scored with `umkm-dedup evaluate --json` (matching/evaluate.py, the same module the
other benches use). Printed per set: records, pairwise precision / recall / F1 on the final
clusters, unique persons against the truth (whole run and worst regency), Perlu Ditinjau's size
as a share of the records and the share of its pairs truly one person, and merge's seconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SETS = ["bali:2000", "babel:2000", "bali:50000", "bali:650000"]


def run_set(province: str, persons: int, seed: int, work: Path) -> dict:
    folder = work / f"{province}_{persons}_s{seed}"
    if not (folder / "truth.csv").exists():
        subprocess.run([sys.executable, "-m", "umkm_dedup.synth", "--province", province, "--persons", str(persons),
                        "--seed", str(seed), "--out", str(folder)], check=True, capture_output=True)
    out = folder / "out"
    start = time.perf_counter()
    merge = subprocess.run([sys.executable, "-m", "umkm_dedup", "merge", str(folder / "input"), "--out", str(out),
                            "--lang", "en"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if merge.returncode != 0:
        raise SystemExit(f"merge failed on {folder}: {merge.stderr[-2000:]}")
    done = subprocess.run([sys.executable, "-m", "umkm_dedup", "evaluate", "--out", str(out), "--truth",
                           str(folder / "truth.csv"), "--json"], capture_output=True, text=True, check=True)
    data = json.loads(done.stdout)
    pw, review = data["pairwise"], data["review"]
    return {"set": f"{province} {persons:,} persons, seed {seed}",
            "precision": pw["precision"], "recall": pw["recall"], "f1": pw["f1"],
            "persons_error_pct": pw["unique_error_pct"], "worst_regency_pct": data["worst_regency_error_pct"],
            "review_pairs": review["pairs"], "review_pct_of_records": review["share_of_records_pct"],
            "review_true_share": review["true_share"], "merge_seconds": round(seconds, 1),
            "records_read": _records(out)}


def _records(out: Path) -> int:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return int(summary["records_read"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=99, help="generator seed (99: hold-out, 21: tuned on)")
    parser.add_argument("--sets", nargs="+", default=DEFAULT_SETS, help="province:persons, e.g. bali:50000")
    parser.add_argument("--work", type=Path, help="folder for the generated lists (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep --work's lists and reports")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="umkm_quality_"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print("| set | records | P | R | F1 | persons vs truth | worst regency | Perlu Ditinjau: pairs, % of records, truly same | merge s |")
        print("|---|---|---|---|---|---|---|---|---|")
        for spec in args.sets:
            province, persons = spec.split(":")
            row = run_set(province, int(persons), args.seed, work)
            print(f"| {row['set']} | {row['records_read']:,} | {row['precision']:.4f} | {row['recall']:.4f} | "
                  f"{row['f1']:.4f} | {row['persons_error_pct']:+.2f} % | {row['worst_regency_pct']:.2f} % | "
                  f"{row['review_pairs']:,}, {row['review_pct_of_records']:.2f} %, {row['review_true_share'] * 100:.0f} % | "
                  f"{row['merge_seconds']} |", flush=True)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
