"""Fuzz the readers and a small whole merge with >= 10,000 hypothesis examples and print a table
of outcomes (issue 12). The same generators and checks as tests/test_fuzz.py (tests/fuzzing.py),
many more examples. A broken property (an exception escaping, a good record lost, an output that
does not reopen, a formula, a full NIK on the console) is counted as "BROKEN: ..." and its input
saved under --keep for a regression test; the run goes on.

    python bench/fuzz.py                       # 10,200 examples
    python bench/fuzz.py --scale 0.1           # a quick look
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzzing import (check_bytes, check_csv, check_merge, check_validate, check_workbook, csv_files,  # noqa: E402
                     workbooks)

TARGETS = {   # name: (examples at scale 1, strategy, check)
    "random bytes (csv/xlsx/xls/ods/txt)": (3000, st.tuples(st.binary(max_size=3000),
                                                            st.sampled_from([".csv", ".xlsx", ".xls", ".ods",
                                                                             ".txt"])),
                                            lambda folder, ex: check_bytes(folder, *ex)),
    "CSV dialects, quoting, encodings, Unicode": (3500, csv_files(), check_csv),
    "workbooks: cell types, positions, sheet names": (3400, workbooks(), check_workbook),
    "small whole merge beside a hostile file": (150, st.one_of(st.tuples(st.just("csv"), csv_files()),
                                                               st.tuples(st.just("bytes"), st.binary(max_size=500)),
                                                               st.tuples(st.just("workbook"), workbooks())),
                                                check_merge),
    "validate --fix on a hostile file": (150, st.one_of(st.tuples(st.just("csv"), csv_files()),
                                                        st.tuples(st.just("workbook"), workbooks())),
                                         check_validate),
}


def run(name: str, examples: int, strategy, check, work: Path, keep: Path) -> tuple[Counter, float]:
    outcomes: Counter = Counter()

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(example=strategy)
    def one(example):
        try:
            outcomes[check(work, example)] += 1
        except Exception as exc:   # a broken property: count it, keep the input, go on
            kind = f"BROKEN: {type(exc).__name__}"
            outcomes[kind] += 1
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{name[:12].replace(' ', '_')}_{sum(outcomes.values())}.txt").write_text(
                repr(example)[:100_000] + "\n\n" + traceback.format_exc(), encoding="utf-8")

    start = time.perf_counter()
    one()
    return outcomes, time.perf_counter() - start


def _target(name: str, scale: float, keep: Path):
    examples, strategy, check = TARGETS[name]
    with tempfile.TemporaryDirectory() as tmp:
        outcomes, seconds = run(name, max(1, round(examples * scale)), strategy, check, Path(tmp) / "w", keep)
    print(f"... {name}: {sum(outcomes.values())} examples, {seconds:.0f} s", file=sys.stderr, flush=True)
    return name, sum(outcomes.values()), outcomes, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every target's examples")
    parser.add_argument("--keep", type=Path, default=Path("fuzz-broken"), help="where broken inputs are saved")
    parser.add_argument("--jobs", type=int, default=1, help="targets run in this many processes at once")
    args = parser.parse_args()
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(_target, name, args.scale, args.keep) for name in TARGETS]
        rows = [f.result() for f in futures]
    print("| target | examples | outcome | count |")
    print("|---|---|---|---|")
    for name, total, outcomes, seconds in rows:
        for i, (what, count) in enumerate(sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0]))):
            print(f"| {name if i == 0 else ''} | {f'{total:,} ({seconds:.0f} s)' if i == 0 else ''} | {what} | "
                  f"{count:,} |")
    total = sum(r[1] for r in rows)
    broken = sum(c for r in rows for what, c in r[2].items() if what.startswith("BROKEN"))
    print(f"\n{total:,} examples, {broken} broken properties")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
