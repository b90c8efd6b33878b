"""Decisions made by people, fed back into the next run: an officer writes SAMA (same person) or
BEDA (different) in the Keputusan column of Perlu Ditinjau (a pair) or of Duplikat (a member that
does not belong to its cluster), or lists pairs in a CSV. Records are referred to by provenance
(file, sheet, row) and checked against their content (the name shown), so a decision that no longer
fits the data is reported as stale instead of being applied to the wrong person."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from .errors import ConfigError
from .normalize.names import normalise_name

SAME, DIFFERENT = "SAMA", "BEDA"
_ALIASES = {"SAMA": SAME, "SAME": SAME, "YA": SAME, "BEDA": DIFFERENT, "BERBEDA": DIFFERENT, "DIFFERENT": DIFFERENT}
REVIEW_SHEETS = ("Perlu Ditinjau", "Needs Review")
DUPLICATE_SHEETS = ("Duplikat", "Duplicates")


@dataclass(frozen=True)
class Ref:
    file: str
    sheet: str
    row: int
    name: str = ""          # as shown when the decision was made: the content check


@dataclass
class Decision:
    a: Ref
    b: Ref
    verdict: str            # SAMA | BEDA
    origin: str             # where the decision was written (file · sheet · row)


@dataclass
class DecisionSet:
    decisions: list[Decision] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.decisions)


def _verdict(value) -> str | None:
    text = str(value or "").strip().upper()
    return _ALIASES.get(text)


def _ref(file, sheet, row, name="") -> Ref | None:
    try:
        return Ref(str(file or ""), str(sheet or ""), int(row), str(name or ""))
    except (TypeError, ValueError):
        return None


def load_decisions(path: str | Path) -> DecisionSet:
    path = Path(path)
    if not path.exists():
        raise ConfigError("decisions file does not exist", file=str(path), key="decisions_missing",
                          hint="give the report workbook an officer filled in, or a CSV of decisions")
    if path.suffix.lower() == ".csv":
        return _from_csv(path)
    return _from_workbook(path)


def _from_csv(path: Path) -> DecisionSet:
    out = DecisionSet()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            verdict = _verdict(row.get("decision") or row.get("keputusan"))
            a = _ref(row.get("a_file"), row.get("a_sheet"), row.get("a_row"), row.get("a_name"))
            b = _ref(row.get("b_file"), row.get("b_sheet"), row.get("b_row"), row.get("b_name"))
            if verdict and a and b:
                out.decisions.append(Decision(a, b, verdict, f"{path.name} · {n}"))
    return out


def _header_index(header: list) -> dict[str, int]:
    return {str(h or "").strip(): i for i, h in enumerate(header)}


def _from_workbook(path: Path) -> DecisionSet:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = DecisionSet()
    # a cluster's members, gathered over Duplikat and its continuation sheets ('Duplikat (2)', ...)
    members: dict[str, list[tuple[Ref, str | None, str]]] = {}
    for name in wb.sheetnames:
        ws = wb[name]
        rows = list(ws.iter_rows(values_only=True))
        if not rows:
            continue
        idx = _header_index(list(rows[0]))
        decision_col = next((i for h, i in idx.items() if h in ("Keputusan", "Decision")), None)
        if decision_col is None:
            continue
        base = re.sub(r" \(\d+\)$", "", name)   # rows beyond Excel's limit continue on 'Name (2)'
        if base in REVIEW_SHEETS:
            cols = [c for c in idx if c.startswith("A: ")]
            a_cols = [idx[c] for c in cols][:3] + [idx[c] for c in cols if c.endswith(("Nama", "Name"))][:1]
            b_cols = [idx["B: " + c[3:]] for c in cols][:3] + [idx["B: " + c[3:]] for c in cols
                                                               if c.endswith(("Nama", "Name"))][:1]
            for n, row in enumerate(rows[1:], 2):
                verdict = _verdict(row[decision_col] if decision_col < len(row) else None)
                if not verdict:
                    continue
                a = _ref(*(row[i] for i in a_cols))
                b = _ref(*(row[i] for i in b_cols))
                if a and b:
                    out.decisions.append(Decision(a, b, verdict, f"{path.name} · {name} · {n}"))
        elif base in DUPLICATE_SHEETS:
            # columns: cluster, role, file, sheet, row, nik, name, ...; BEDA on a member splits it off
            for n, row in enumerate(rows[1:], 2):
                ref = _ref(row[2], row[3], row[4], row[6])
                if ref:
                    verdict = _verdict(row[decision_col]) if decision_col < len(row) else None
                    members.setdefault(str(row[0]), []).append((ref, verdict, f"{path.name} · {name} · {n}"))
    wb.close()
    for group in members.values():
        for ref, verdict, origin in group:
            if verdict != DIFFERENT:
                continue
            for other, _, _ in group:
                if other != ref:
                    out.decisions.append(Decision(ref, other, DIFFERENT, origin))
    return out


def resolve(decisions: DecisionSet, frame) -> tuple[list[tuple[int, int, str, str]], list[dict]]:
    """(position a, position b, verdict, origin) for decisions that fit the records, and the stale
    ones with the reason, so none is silently dropped."""
    index = {(str(f), str(s), int(r)): i for i, (f, s, r) in
             enumerate(zip(frame["source_file"], frame["sheet"], frame["row"]))}
    names = frame["name"].astype(str).to_numpy()
    applied, stale = [], []
    for d in decisions.decisions:
        positions = []
        for ref in (d.a, d.b):
            pos = index.get((ref.file, ref.sheet, ref.row))
            if pos is None:
                stale.append({"origin": d.origin, "verdict": d.verdict, "reason": "record_missing",
                              "record": f"{ref.file} · {ref.sheet} · {ref.row}"})
                break
            if ref.name and normalise_name(ref.name) != normalise_name(names[pos]):
                stale.append({"origin": d.origin, "verdict": d.verdict, "reason": "record_changed",
                              "record": f"{ref.file} · {ref.sheet} · {ref.row}"})
                break
            positions.append(pos)
        else:
            a, b = sorted(positions)
            if a != b:
                applied.append((a, b, d.verdict, d.origin))
    return applied, stale
