"""Child process: match a canonical record frame with umkm-dedup's Spark engine on local[2];
print timing as JSON (the driver's own peak and the JVM's peak, which is a separate process)."""

import json
import sys
import time
from pathlib import Path

import pandas as pd

from umkm_dedup.matching import deduplicate
from umkm_dedup.matching.spark.engine import LAST_TIMINGS
from umkm_dedup.matching.spark.session import get_session

frame = pd.read_parquet(sys.argv[1])
master = sys.argv[3] if len(sys.argv) > 3 else "local[2]"
start = time.perf_counter()
spark = get_session(master, {"spark.driver.memory": "4g"})
session_s = time.perf_counter() - start
start = time.perf_counter()
result = deduplicate(frame, engine="spark", spark=spark)
seconds = time.perf_counter() - start
pd.DataFrame({"cluster": result.cluster_id.astype(str)}).to_parquet(sys.argv[2])


def peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


jvm = getattr(getattr(spark.sparkContext, "_gateway", None), "proc", None)
sys.path.insert(0, str(Path(__file__).parent))
from common import own_peak_kb  # noqa: E402

print(json.dumps({"seconds": seconds, "session_s": session_s, "pairs": len(result.pairs),
                  "vm_hwm_kb": own_peak_kb(), "jvm_hwm_kb": peak_kb(jvm.pid) if jvm else 0,
                  "phases": dict(LAST_TIMINGS)}))
