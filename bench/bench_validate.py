"""`validate` on a facilitator's file of 5,000 rows (generated, with the usual problems), median
of several runs, including the checked copy.

    python bench/bench_validate.py [--rows 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_merge import write_inputs  # noqa: E402
from common import timed_runs  # noqa: E402

from umkm_dedup.commands.validate import validate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_inputs(int(args.rows * 11), folder)   # one regency list of about `rows` rows
        path = max(folder.glob("umkm_*.xlsx"), key=lambda p: p.stat().st_size)
        times, result = timed_runs(lambda: validate(path, out=folder / "checked.xlsx"), args.repeat)
        print(f"validate {result.records:,} rows: median {statistics.median(times):.2f} s over {args.repeat} runs "
              f"(min {min(times):.2f}, max {max(times):.2f}); {result.errors} errors, {result.warnings} warnings")


if __name__ == "__main__":
    main()
