"""Shared by the benchmark scripts: running an engine in a child process so that its peak memory is
its own, and timing helpers. Scoring is the project's own (umkm_dedup.matching.evaluate)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def own_peak_kb() -> int:
    """VmHWM of this process (KiB): the peak resident memory of its own address space."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run_engine(engine: str, data: Path, out: Path, timeout: int = 3600) -> dict:
    """Run bench/engine_<engine>.py in a child; return its own timing plus its peak memory."""
    script = HERE / f"engine_{engine}.py"
    python = os.environ.get(f"BENCH_PYTHON_{engine.upper()}", sys.executable)
    start = time.perf_counter()
    proc = subprocess.Popen([python, str(script), str(data), str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stdout, stderr = proc.stdout.read(), proc.stderr.read()
    if status != 0:
        raise RuntimeError(f"{engine} failed on {data.name}:\n{stderr[-3000:]}")
    info = json.loads(stdout.strip().splitlines()[-1])
    # the child's own high-water mark (VmHWM of its address space after exec); ru_maxrss would
    # include the parent's memory copied at fork
    info["peak_gb"] = info.pop("vm_hwm_kb", usage.ru_maxrss) / 1024 / 1024
    info["wall_s"] = wall
    return info


def timed_runs(fn, repeat: int) -> tuple[list[float], object]:
    """Run fn `repeat` times: the seconds of each run and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def median_seconds(fn, repeat: int) -> tuple[float, object]:
    import statistics

    times, result = timed_runs(fn, repeat)
    return statistics.median(times), result

