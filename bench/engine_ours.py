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
sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from common import own_peak_kb  # noqa: E402

print(json.dumps({"seconds": seconds, "pairs": len(result.pairs), "vm_hwm_kb": own_peak_kb()}))
