"""python -m umkm_dedup.synth --province babel --persons 300 --seed 7 --out sample_data/"""

import argparse
from pathlib import Path

from .generate import generate

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--province", choices=["babel", "bali"], default="babel")
parser.add_argument("--persons", type=int, default=300)
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--out", type=Path, required=True)
args = parser.parse_args()
print(generate(args.out, province=args.province, persons=args.persons, seed=args.seed))
