"""Child process: match a canonical record frame with umkm-dedup's Spark engine on local[2];
print timing as JSON: the driver's own peak, and the peak of the JVM with its Python workers
(separate processes: the sum of their resident memory, sampled every 0.2 s, and the JVM's own
high-water mark)."""

import json
import os
import sys
import threading
import time
from pathlib import Path

import pandas as pd

from umkm_dedup.matching import deduplicate
from umkm_dedup.matching.spark.engine import LAST_TIMINGS
from umkm_dedup.matching.spark.session import get_session

frame = pd.read_parquet(sys.argv[1])
master = sys.argv[3] if len(sys.argv) > 3 else "local[2]"
start = time.perf_counter()
spark = get_session(master, {"spark.driver.memory": os.environ.get("BENCH_SPARK_DRIVER_MEMORY", "4g")})
session_s = time.perf_counter() - start


def peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    """Resident memory of `root` and all its descendants (the JVM, its pyspark daemon, workers)."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total, wanted = 0, {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    for pid in wanted:
        total += rss.get(pid, 0)
    return total


jvm = getattr(getattr(spark.sparkContext, "_gateway", None), "proc", None)
tree_peak = [0]
done = threading.Event()


def sample() -> None:
    while jvm and not done.wait(0.2):
        tree_peak[0] = max(tree_peak[0], tree_rss_kb(jvm.pid))


sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
start = time.perf_counter()
result = deduplicate(frame, engine="spark", spark=spark)
seconds = time.perf_counter() - start
done.set()
pd.DataFrame({"cluster": result.cluster_id.astype(str)}).to_parquet(sys.argv[2])
sys.path.insert(0, str(Path(__file__).parent))
from common import own_peak_kb  # noqa: E402

print(json.dumps({"seconds": seconds, "session_s": session_s, "pairs": result.stats["candidate_pairs"],
                  "vm_hwm_kb": own_peak_kb(), "jvm_hwm_kb": peak_kb(jvm.pid) if jvm else 0,
                  "jvm_tree_peak_kb": tree_peak[0], "phases": dict(LAST_TIMINGS)}))
