"""A whole province on one machine (issue 16): `merge` from input files to finished report at
100,000 ... 10,000,000 generated records, each run in its own process, with the table the issue
asks for: records, seconds to read / match / write, peak memory (the child's own VmHWM), the
pre-flight's estimate of that peak, the floor for reading (python-calamine alone reading every cell
of the same workbooks; for CSV/Parquet inputs pyarrow reading the same files), and the ratio of
the whole run to that floor. Figures are medians of --repeat runs where one run takes under a
minute (one run otherwise).

    python bench/bench_scale.py                                  # the issue's table: 100k, 1M (workbooks), 3M, 10M (Parquet)
    python bench/bench_scale.py --sizes 100000 1000000           # workbooks only
    python bench/bench_scale.py --sizes 3000000 --format parquet # 3M (not while others share the machine)
    python bench/bench_scale.py --sizes 100000 --ledger          # with --ledger measured too

The machine these figures come from is shared (2 cores, 24 GB, other jobs running): read them
as an upper bound. The pre-flight's constants (matching/preflight.py) are fitted from these runs:
--fit prints the per-record and per-pair bytes and seconds that reproduce them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = r'''
import json, sys, time
sys.path.insert(0, sys.argv[3])
from common import own_peak_kb
from umkm_dedup.pipeline import merge
marks, estimate = {}, {}
def progress(stage, **info):
    if stage == "preflight":
        e = info["estimate"]
        estimate.update(pairs=e.pairs, peak_bytes=e.peak_bytes, seconds=e.seconds, records=e.records)
    elif not info:
        marks[stage] = time.perf_counter()
kwargs = {"ledger": sys.argv[4], "stage": "tahap-1"} if sys.argv[4] != "-" else {}
start = time.perf_counter()
try:   # bounded by what this machine has now: a size that does not fit is refused, not run
    result = merge([sys.argv[1]], out=sys.argv[2], progress=progress, max_memory=None, **kwargs)
except Exception as exc:
    if type(exc).__name__ != "CapacityError":
        raise
    print(json.dumps({"refused": True, "records": estimate.get("records", 0), "counted_pairs": estimate["pairs"],
                      "estimate_gb": estimate["peak_bytes"] / 2**30, "seconds": time.perf_counter() - start}))
    sys.exit(0)
end = time.perf_counter()
print(json.dumps({"read": marks["match"] - marks["read"], "match": marks["write"] - marks["match"],
                  "write": end - marks["write"], "total": end - start,
                  "records": result.summary["records_read"], "pairs": result.match.stats["candidate_pairs"],
                  "counted_pairs": estimate["pairs"], "estimate_gb": estimate["peak_bytes"] / 2**30,
                  "estimate_s": estimate["seconds"], "peak_gb": own_peak_kb() / 1048576}))
'''

FLOOR = r'''
import json, sys, time
from pathlib import Path
files = sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_file())
start = time.perf_counter()
cells = 0
for path in files:
    if path.suffix == ".xlsx":
        from python_calamine import CalamineWorkbook
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python()
            cells += sum(map(len, rows))
            del rows
    elif path.suffix == ".parquet":
        import pyarrow.parquet as pq
        table = pq.read_table(path)
        cells += table.num_rows * table.num_columns
        del table
    else:
        import pyarrow.csv as pc
        table = pc.read_csv(path, parse_options=pc.ParseOptions(delimiter="|"))
        cells += table.num_rows * table.num_columns
        del table
print(json.dumps({"seconds": time.perf_counter() - start, "cells": cells}))
'''


def write_inputs(n_records: int, folder: Path, fmt: str) -> int:
    """Generated records, one file per source of the plan (regency lists, Kemensos, Prakerja):
    workbooks as bench_merge writes them, or `|`-delimited CSVs / Parquet files (a DTKS export's
    shape) where a workbook cannot hold the rows."""
    if fmt == "xlsx":
        from bench_merge import write_inputs as workbooks

        return workbooks(n_records, folder)
    import pyarrow as pa
    import pyarrow.csv as pc
    import pyarrow.parquet as pq
    from bench_match import speed_records
    from bench_merge import COLUMNS, HEADERS, file_name

    if n_records <= IN_ONE_PIECE:
        frames = [speed_records(n_records)[0]]
    else:   # as Python objects 10M records took more than this machine's 24 GB at once
        from umkm_dedup.synth.generate import generate_records_in_parts

        frames = (frame for frame, _ in generate_records_in_parts(
            province="bali", persons=int(n_records / 1.54), seed=3, part=GENERATED_PART))
    written = 0
    for k, frame in enumerate(frames):
        suffix = "" if n_records <= IN_ONE_PIECE else f"_part{k + 1:02d}"
        for source, part in frame.groupby("source_file", sort=True):
            name = Path(file_name(source)).stem + f"{suffix}.{fmt}"
            cols = [c for c in COLUMNS if (part[c] != "").any()]
            table = pa.table({HEADERS[c]: pa.array(part[c].astype(str).tolist(), pa.string()) for c in cols})
            if fmt == "parquet":
                pq.write_table(table, folder / name)
            else:
                pc.write_csv(table, folder / name, pc.WriteOptions(delimiter="|", quoting_style="needed"))
        written += len(frame)
        del frame
    return written


#: records generated in one piece (speed_records, the same records as every other bench) up to
#: here; above it the province is made GENERATED_PART persons at a time (synth's
#: generate_records_in_parts: other records, NIKs numbered on across parts), one set of files each
IN_ONE_PIECE, GENERATED_PART = 3_000_000, 1_000_000


def _child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if out.returncode not in (0, 2):
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(n: int, fmt: str, repeat: int, ledger: bool, work: Path, inputs: Path | None = None) -> dict:
    """`inputs`: a folder where the generated files are kept and reused by the next run (a marker
    beside them says they were written to the end)."""
    folder = (inputs or work) / f"in{n}_{fmt}"
    done = folder.with_name(folder.name + ".done")
    if not done.exists():
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        t0 = time.perf_counter()
        records = write_inputs(n, folder, fmt)
        print(f"# {records:,} records written as {len(list(folder.iterdir()))} {fmt} files in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
        done.touch()
    runs, floors = [], []
    for k in range(repeat):
        ledger_path = str(work / f"ledger{n}_{k}.sqlite") if ledger else "-"
        runs.append(_child(CHILD, str(folder), str(work / f"out{n}_{k}"), str(HERE), ledger_path))
        if runs[-1].get("refused"):   # the pre-flight said it does not fit on this machine
            return {**runs[-1], "format": fmt, "ledger": ledger, "runs": 1}
        floors.append(_child(FLOOR, str(folder))["seconds"])
        if runs[-1]["total"] > 60:   # medians only where a run is short
            break
    info = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    info["floor"] = statistics.median(floors)
    info["runs"] = len(runs)
    info["format"] = fmt
    info["ledger"] = ledger
    return info


HEADER = ("| records | input | read s | match s | write s | total s | peak GB | pre-flight estimate GB | "
          "floor read s | total / floor | candidate pairs | runs |")


def row(info: dict) -> str:
    floor = "calamine" if info["format"] == "xlsx" else "pyarrow"
    if info.get("refused"):
        return (f"| {info['records']:,.0f} | {info['format']} | refused by the pre-flight before matching "
                f"(estimate {info['estimate_gb']:.1f} GB, more than this machine has) | | | | | "
                f"{info['estimate_gb']:.2f} | | | {info['counted_pairs']:,.0f} counted | 1 |")
    return (f"| {info['records']:,.0f} | {info['format']}{' + ledger' if info['ledger'] else ''} | {info['read']:.1f} | "
            f"{info['match']:.1f} | {info['write']:.1f} | {info['total']:.1f} | {info['peak_gb']:.2f} | "
            f"{info['estimate_gb']:.2f} ({(info['estimate_gb'] / info['peak_gb'] - 1) * 100:+.0f} %) | "
            f"{info['floor']:.1f} ({floor}) | {info['total'] / info['floor']:.1f}x | {info['pairs']:,.0f} | "
            f"{info['runs']} |")


def fit(results: list[dict]) -> None:
    """Least squares for peak = base + a*records + b*counted pairs, and seconds likewise."""
    import numpy as np

    x = np.array([[1.0, r["records"], r["counted_pairs"]] for r in results])
    peak = np.array([r["peak_gb"] * 2**30 for r in results])
    secs = np.array([r["match"] + r["write"] for r in results])
    coef, *_ = np.linalg.lstsq(x, peak, rcond=None)
    tcoef, *_ = np.linalg.lstsq(x[:, 1:], secs, rcond=None)
    print(f"# fit: peak = {coef[0] / 2**20:.0f} MiB + {coef[1]:.0f} B/record + {coef[2]:.0f} B/pair; "
          f"match+write s = {tcoef[0] * 1e6:.1f} us/record + {tcoef[1] * 1e6:.2f} us/pair")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000, 1_000_000, 3_000_000, 10_000_000],
                        help="records per run (the issue's table: 100k, 1M, 3M, 10M; 3M and 10M take long)")
    parser.add_argument("--format", choices=["xlsx", "csv", "parquet"], default=None,
                        help="input files; default: workbooks up to 1M records, Parquet above")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (medians) where a run is under a minute")
    parser.add_argument("--ledger", action="store_true", help="merge with --ledger (the ledger written in bulk)")
    parser.add_argument("--inputs", type=Path, default=None,
                        help="keep the generated input files here and reuse them (default: a temporary folder)")
    parser.add_argument("--fit", action="store_true", help="fit the pre-flight's constants to these runs")
    args = parser.parse_args()
    results = []
    print("# shared machine (2 cores, 24 GB, other jobs running): figures are upper bounds", flush=True)
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            fmt = args.format or ("xlsx" if n <= 1_000_000 else "parquet")
            info = measure(n, fmt, args.repeat, args.ledger, Path(tmp), args.inputs)
            results.append(info)
            print(row(info), flush=True)
    ran = [r for r in results if not r.get("refused")]
    if args.fit and len(ran) >= 2:
        fit(ran)


if __name__ == "__main__":
    main()
