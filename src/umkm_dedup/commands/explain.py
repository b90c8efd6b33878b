"""`explain`: why two records were joined, or kept apart, read from a finished run (pairs.parquet,
records.parquet, model.json in the output folder); the match is never recomputed. Each field's
comparison outcome and the evidence (bits) it added or took away, the total, the thresholds, the
decision and any domain rule."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import ConfigError, UmkmError
from ..matching.comparisons import LEVELS, REGISTRY
from ..i18n.messages import t

#: a comparison level in one plain word (catalogue xo.*): the officer reads "sama", not "prefix15"
OUTCOME_WORD = {"exact": "same", "same": "same", "exact_unverified": "same", "phone_and_address": "same", "kk": "same",
                "phone": "same", "address": "same", "different": "different", "different_unverified": "different",
                "none": "different", "missing": "missing"}
#: (lower bound in bits, catalogue xs.* key), strongest first: evidence on a scale a person can read
STRENGTH = ((6.0, "very_strong"), (3.0, "strong"), (0.005, "weak"), (-0.005, "none"), (-6.0, "against"),
            (float("-inf"), "strongly_against"))


def outcome_word(level: str) -> str:
    """same / similar / different / missing for a comparison level (anything partial is similar)."""
    return OUTCOME_WORD.get(level, "similar")


def strength(bits: float) -> str:
    """The plain-scale word for an amount of evidence (bits = log2 of the Bayes factor)."""
    return next(name for bound, name in STRENGTH if bits >= bound)


#: the record fields shown beside each comparison: the comparison's own `fields`
FIELDS_OF = {name: list(cls.fields) for name, cls in REGISTRY.items()}


@dataclass
class RecordRef:
    file: str
    sheet: str
    row: int

    @classmethod
    def parse(cls, text: str) -> "RecordRef":
        """'file.xlsx:Sheet1:12' or 'file.csv::12' (CSV has no sheet)."""
        parts = text.rsplit(":", 2)
        if len(parts) != 3 or not parts[2].isdigit():
            raise ConfigError(f"'{text}' is not FILE:SHEET:ROW", hint="e.g. umkm_badung.xlsx:Data UMKM:12 or list.csv::5",
                              key="bad_record_ref", params={"text": text})
        return cls(parts[0], parts[1], int(parts[2]))

    def key(self) -> tuple[str, str, int]:
        return (self.file, self.sheet, self.row)


class Run:
    """A finished merge, loaded from its output folder."""

    def __init__(self, out: str | Path):
        out = Path(out)
        missing = [n for n in ("pairs.parquet", "records.parquet", "model.json") if not (out / n).exists()]
        if missing:
            raise UmkmError(f"not a finished merge: {', '.join(missing)} missing", file=str(out),
                            hint="run `umkm-dedup merge ... --out DIR` first", key="not_finished",
                            params={"missing": ", ".join(missing)})
        from ..report.outfolder import completion_problem

        problem = completion_problem(out)
        if problem:   # killed while its files were moved into place, or files of two runs mixed
            raise UmkmError(f"this folder holds a merge that did not finish or files of two runs ({problem})",
                            file=str(out), hint="run the merge again with the same --out", key="incomplete_run",
                            params={"file": problem})
        self.pairs = pd.read_parquet(out / "pairs.parquet")
        self.records = pd.read_parquet(out / "records.parquet")
        self.model = json.loads((out / "model.json").read_text(encoding="utf-8"))
        self.comparisons = self.model["settings"]["comparisons"]

    def record(self, ref: RecordRef):
        # one vectorised look-up per record asked for: a dict of every record costs seconds at 1M
        file, sheet, row = ref.key()
        r = self.records
        hits = np.flatnonzero(((r["source_file"] == file) & (r["sheet"] == sheet) & (r["row"] == row)).to_numpy())
        rec = next(r.iloc[hits[:1]].itertuples(index=False), None)
        if rec is None:
            raise UmkmError(f"no record {ref.file} · {ref.sheet or '-'} · row {ref.row} in this run",
                            hint="use the file, sheet and row shown in record_map.csv", key="no_record",
                            params={"file": ref.file, "sheet": ref.sheet or "-", "row": ref.row})
        return rec

    def pairs_of(self, a: RecordRef, b: RecordRef | None = None) -> pd.DataFrame:
        p = self.pairs
        left = (p["left_file"] == a.file) & (p["left_sheet"] == a.sheet) & (p["left_row"] == a.row)
        right = (p["right_file"] == a.file) & (p["right_sheet"] == a.sheet) & (p["right_row"] == a.row)
        if b is None:
            return p[left | right].sort_values("weight", ascending=False)
        lb = (p["left_file"] == b.file) & (p["left_sheet"] == b.sheet) & (p["left_row"] == b.row)
        rb = (p["right_file"] == b.file) & (p["right_sheet"] == b.sheet) & (p["right_row"] == b.row)
        return p[(left & rb) | (right & lb)]

    def cluster_pairs(self, cluster_id: str) -> pd.DataFrame:
        p = self.pairs
        inside = p[(p["left_cluster"] == cluster_id) & (p["right_cluster"] == cluster_id)]
        if inside.empty and not (self.records["cluster_id"] == cluster_id).any():
            raise UmkmError(f"no cluster {cluster_id} in this run", hint="cluster ids are in record_map.csv",
                            key="no_cluster", params={"cluster": cluster_id})
        return inside.sort_values("weight", ascending=False)

    def explain_pair(self, row: pd.Series, lang: str = "id") -> dict:
        a = self.record(RecordRef(row["left_file"], row["left_sheet"], int(row["left_row"])))
        b = self.record(RecordRef(row["right_file"], row["right_sheet"], int(row["right_row"])))
        fields = []
        for c in self.comparisons:
            level = int(row[f"{c}_level"])
            fields.append({
                "comparison": c,
                "a": " | ".join(str(getattr(a, f)) for f in FIELDS_OF[c] if getattr(a, f)),
                "b": " | ".join(str(getattr(b, f)) for f in FIELDS_OF[c] if getattr(b, f)),
                "level": LEVELS[c][level] if level >= 0 else "missing",
                "outcome": t(REGISTRY[c]().message_key(LEVELS[c][level]), lang) if level >= 0 else "-",
                "result": outcome_word(LEVELS[c][level] if level >= 0 else "missing"),
                "bits": round(float(row[f"{c}_bits"]), 3),
                "strength": strength(float(row[f"{c}_bits"])),
            })
        settings = self.model["settings"]
        rule = str(row["rule"] or "")
        return {
            "a": {"file": a.source_file, "sheet": a.sheet, "row": int(a.row), "role": a.role, "cluster_id": a.cluster_id},
            "b": {"file": b.source_file, "sheet": b.sheet, "row": int(b.row), "role": b.role, "cluster_id": b.cluster_id},
            "fields": fields,
            "total_bits": round(float(row["weight"]), 3), "total_strength": strength(float(row["weight"])),
            "probability": round(float(row["probability"]), 4),
            "match_weight": settings["match_weight"], "review_weight": settings["review_weight"],
            "decision": str(row["decision"]),
            # the model's own, before any rule (older runs lack the columns)
            "model_decision": str(row.get("model_decision", row["decision"])),
            "model_probability": round(float(row.get("model_probability", row["probability"])), 4),
            "rule": rule, "rule_text": t(f"rule.{rule}", lang) if rule else "",
        }
