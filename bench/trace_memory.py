"""Where a `merge` spends its memory and time: the whole run in this process, with a thread reading
this process's resident memory (VmRSS) every 0.1 s and labelling each reading with the step that
was running (the stage merge announces, then the write stage's helpers, wrapped by name). It prints,
per step, its seconds and the RSS it started at and reached, and which step held the run's peak:
the figures say what to cut, a profiler's CPU view does not (Linux: /proc/self/status).

    python bench/trace_memory.py INPUT_FOLDER OUT_FOLDER [--lang en --mask-nik] [--timeline rss.csv]
"""

from __future__ import annotations

import argparse
import functools
import importlib
import threading
import time
from pathlib import Path

#: module: functions looked up and called through that module (wrapped there, where they are called)
WRAPPED = {
    "umkm_dedup.pipeline": ["write_outputs", "consolidate_records", "_write_pairs", "_pair_order", "_write_records_file",
                            "_review_rows", "diagnostics", "keep_linked_pairs", "consolidate_persons",
                            "reason_texts", "regency_rows", "summarise", "_shown_persons", "province_of",
                            "find_problems", "_write_report", "_duplicate_members", "write_csv",
                            "write_summary", "write_unique", "write_not_helped", "write_kemenkop",
                            "write_duplicates", "write_review", "write_problems", "write_sources",
                            "write_explanation", "not_helped", "release"],
    "umkm_dedup.report.bulk": ["_copy_with_rows"],
    # inside the match stage: where a province's pairs are built, scored and decided
    "umkm_dedup.matching.prepare": ["prepare"],
    "umkm_dedup.matching.engine": ["candidate_pairs", "compute_levels", "fit", "finish", "pair_weight",
                                   "decide_in_chunks", "confidence", "stable_ids", "model_decisions"],
    "umkm_dedup.report.consolidate": ["_survivors", "_join_per_person", "_strip_titles", "prakerja_passed",
                                      "_column", "cluster_names"],
}
METHODS = {"umkm_dedup.report.workbook": {"ReportBook": ["close"]},
           "umkm_dedup.report.bulk": {"BulkRows": ["spill"]},
           "xlsxwriter.workbook": {"Workbook": ["close"]}}


def _rss_kb(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Tracer:
    def __init__(self, interval: float = 0.1):
        self.stack: list[str] = ["start"]
        self.steps: dict[str, dict] = {}
        self.timeline: list[tuple[float, int, str]] = []
        self.interval = interval
        self.start = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def label(self) -> str:
        return " > ".join(self.stack)

    def _sample(self) -> None:
        while not self._stop.is_set():
            rss = _rss_kb()
            stack = list(self.stack)
            self.timeline.append((time.perf_counter() - self.start, rss, " > ".join(stack)))
            for depth in range(1, len(stack) + 1):   # a step's top includes the steps it calls
                step = self.steps.get(" > ".join(stack[:depth]))
                if step is not None:
                    step["top"] = max(step["top"], rss)
            self._stop.wait(self.interval)

    def enter(self, name: str) -> None:
        self.stack.append(name)
        step = self.steps.setdefault(self.label(), {"calls": 0, "seconds": 0.0, "enter": _rss_kb(), "top": 0})
        step["calls"] += 1
        step["_t"] = time.perf_counter()

    def leave(self) -> None:
        step = self.steps[self.label()]
        step["seconds"] += time.perf_counter() - step.pop("_t")
        step["top"] = max(step["top"], _rss_kb())
        step["leave"] = _rss_kb()
        self.stack.pop()

    def stage(self, name: str) -> None:
        """merge's own stage starts (read, match, write) replace the bottom label."""
        while len(self.stack) > 1:
            self.leave()
        before = self.steps.get(self.stack[0])
        if before is not None and "_since" in before:
            before["seconds"] = time.perf_counter() - before.pop("_since")
            before["leave"] = _rss_kb()
        self.stack[0] = name
        self.steps.setdefault(name, {"calls": 1, "seconds": 0.0, "enter": _rss_kb(), "top": 0,
                                     "_since": time.perf_counter()})

    def wrap(self, fn, name: str):
        @functools.wraps(fn)
        def traced(*args, **kwargs):
            self.enter(name)
            try:
                return fn(*args, **kwargs)
            finally:
                self.leave()
        return traced

    def install(self) -> None:
        for module_name, names in WRAPPED.items():
            module = importlib.import_module(module_name)
            for name in names:
                if hasattr(module, name):
                    setattr(module, name, self.wrap(getattr(module, name), name))
        for module_name, classes in METHODS.items():
            module = importlib.import_module(module_name)
            for cls_name, names in classes.items():
                cls = getattr(module, cls_name)
                for name in names:
                    setattr(cls, name, self.wrap(getattr(cls, name), f"{cls_name}.{name}"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="id")
    parser.add_argument("--mask-nik", action="store_true")
    parser.add_argument("--report-date", default="2026-12-01")
    parser.add_argument("--timeline", type=Path, default=None, help="every reading as CSV: seconds, RSS MiB, step")
    args = parser.parse_args()
    import datetime as dt

    tracer = Tracer()
    tracer.install()
    from umkm_dedup.pipeline import merge

    def progress(stage, **info):
        if not info and stage in ("read", "match", "write"):
            tracer.stage(stage)
        elif stage == "preflight":   # what the pre-flight said before matching, to set beside the VmHWM
            e = info["estimate"]
            print(f"# pre-flight: {e.records:,} records, {e.pairs:,} counted pairs, estimate "
                  f"{e.peak_bytes / 2**30:.2f} GB", flush=True)

    tracer._thread.start()
    result = merge([args.input], out=args.out, lang=args.lang, mask_nik=args.mask_nik, progress=progress,
                   report_date=dt.date.fromisoformat(args.report_date), max_memory=0)
    total = time.perf_counter() - tracer.start
    tracer.stage("end")
    tracer._stop.set()
    tracer._thread.join()
    peak_t, peak_rss, peak_label = max(tracer.timeline, key=lambda x: x[1])
    print(f"# candidate pairs {result.match.stats['candidate_pairs']:,}")
    print(f"# total {total:.1f} s, VmHWM {_rss_kb('VmHWM') / 1024:,.0f} MiB; sampled top {peak_rss / 1024:,.0f} MiB "
          f"at {peak_t:.1f} s in: {peak_label}")
    print(f"{'step (top: the highest reading inside it)':<72} {'calls':>5} {'s':>7} {'enter':>6} {'top':>6} "
          f"{'leave':>6} MiB")
    for label, step in tracer.steps.items():
        depth = label.count(" > ")
        name = "  " * depth + label.rsplit(" > ", 1)[-1]
        print(f"{name[:72]:<72} {step['calls']:>5} {step['seconds']:>7.2f} {step['enter'] / 1024:>6,.0f} "
              f"{step['top'] / 1024:>6,.0f} {step.get('leave', 0) / 1024:>6,.0f}")
    if args.timeline:
        with open(args.timeline, "w") as out:
            out.write("seconds,rss_mib,step\n")
            for t, rss, label in tracer.timeline:
                out.write(f"{t:.2f},{rss / 1024:.0f},{label}\n")


if __name__ == "__main__":
    main()
