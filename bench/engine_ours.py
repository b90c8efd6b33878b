"""Child process: match a canonical record frame with umkm-dedup; print timing as JSON."""

import json
import sys
import time

import pandas as pd

from umkm_dedup.matching import deduplicate

frame = pd.read_parquet(sys.argv[1])
start = time.perf_counter()
result = deduplicate(frame)
seconds = time.perf_counter() - start
pd.DataFrame({"cluster": result.cluster_id.astype(str)}).to_parquet(sys.argv[2])
# the scored pairs too, so the bench can report decision bands, rules and Perlu Ditinjau
keep = [c for c in result.pairs.columns if c in ("left", "right", "weight", "decision", "rule") or c.endswith("_level")]
result.pairs[keep].to_parquet(sys.argv[2] + ".pairs.parquet")
sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from common import own_peak_kb  # noqa: E402

print(json.dumps({"seconds": seconds, "pairs": len(result.pairs), "vm_hwm_kb": own_peak_kb()}))
