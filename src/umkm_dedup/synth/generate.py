"""Deterministic synthetic province: persons -> appearances in lists -> files + truth.csv.

    python -m umkm_dedup.synth --province bali --persons 300 --seed 7 --out sample_data/
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

from . import layouts
from .names import KEMENSOS_PROGRAMMES, PRAKERJA_STATUS
from .noise import noisy_name, noisy_nik
from .persons import PROVINCES, Numbering, Person, make_persons, region_tree


@dataclass
class Plan:
    """Who appears in which list (before the lists are written)."""

    regency_lists: dict[str, list[dict]]   # regency name -> records
    kemensos: list[dict]
    bpum: list[dict]                       # a BPUM recipient list: no birth date, no phone
    prakerja: list[dict]
    persons: list[Person]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def appearance(rng: random.Random, p: Person, *, nik_missing: float, birth_known: float,
               district_of: str | None = None) -> dict:
    nik, nik_kind = noisy_nik(rng, p, nik_missing)
    return {
        "pid": p.pid, "nik": nik, "nik_kind": nik_kind, "kk": p.kk, "name": noisy_name(rng, p),
        "sex": p.sex, "birth_date": p.birth_date if rng.random() < birth_known else None,
        "birth_place": p.birth_place, "street": p.street, "hamlet": p.hamlet, "rt": p.rt, "rw": p.rw,
        "village": p.village, "district": district_of or p.district, "regency": p.regency,
        "phone": p.phone, "email": p.email, "business_name": p.business_name, "sector": p.sector,
        "impact": p.impact, "programme": "", "stage": "", "status": "",
    }


def moved(rng: random.Random, p: Person, rec: dict, tree, regency: str) -> dict:
    """The record of a person who moved to `regency`: a new address there, the same name and birth
    date, the phone kept by most, the NIK often left out by the new office."""
    _, _, districts = next(t for t in tree if t[1] == regency)
    _, district, villages = rng.choice(districts)
    from .names import STREETS
    rec.update(regency=regency, district=district, village=rng.choice(villages),
               street=f"{rng.choice(STREETS)} No. {rng.randint(1, 150)}", rt=rng.randint(1, 15),
               rw=rng.randint(1, 8), hamlet="")
    if rng.random() < 0.6:
        rec["nik"], rec["nik_kind"] = "", "missing"
    if rng.random() < 0.35:
        rec["phone"] = ""
    return rec


def plan(persons: list[Person], province_code: str, rng: random.Random) -> Plan:
    tree = region_tree(province_code)
    regencies = [name for _, name, _ in tree]
    lists: dict[str, list[dict]] = {name: [] for name in regencies}
    kemensos: list[dict] = []
    bpum: list[dict] = []
    prakerja: list[dict] = []
    for p in persons:
        in_regency = rng.random() < 0.85
        if in_regency:
            lists[p.regency].append(appearance(rng, p, nik_missing=0.08, birth_known=0.9))
            if rng.random() < 0.05:  # entered twice by the same office
                lists[p.regency].append(appearance(rng, p, nik_missing=0.1, birth_known=0.9))
            if rng.random() < 0.06:  # also proposed by a neighbouring regency (moved, or double proposal)
                other = rng.choice([r for r in regencies if r != p.regency])
                lists[other].append(appearance(rng, p, nik_missing=0.15, birth_known=0.8))
            if rng.random() < 0.025:  # moved: listed again where they live now
                other = rng.choice([r for r in regencies if r != p.regency])
                lists[other].append(moved(rng, p, appearance(rng, p, nik_missing=0.1, birth_known=0.85), tree, other))
        if rng.random() < (0.35 if in_regency else 0.6):
            rec = appearance(rng, p, nik_missing=0.01, birth_known=0.97)
            rec["programme"] = rng.choice(KEMENSOS_PROGRAMMES)
            rec["stage"] = f"Tahap {rng.randint(1, 3)}"
            if rec["programme"] == "BPUM" and rng.random() < 0.7:  # the published BPUM list
                rec["birth_date"], rec["phone"] = None, ""
                bpum.append(rec)
            else:
                kemensos.append(rec)
        if rng.random() < 0.15:
            rec = appearance(rng, p, nik_missing=0.0, birth_known=1.0)
            rec["status"] = rng.choice(PRAKERJA_STATUS)
            prakerja.append(rec)
    for recs in [*lists.values(), kemensos, bpum, prakerja]:
        rng.shuffle(recs)
    return Plan(lists, kemensos, bpum, prakerja, persons)


def generate(out: Path, *, province: str = "babel", persons: int = 300, seed: int = 7) -> dict:
    """Write the lists under `out/input/` (regency lists in `kabupaten/`, the Kemensos list, the
    Prakerja roster) and `out/truth.csv` beside them (not among the inputs). Returns counts."""
    rng = random.Random(f"{province}:{persons}:{seed}")
    code, _ = PROVINCES[province]
    people = make_persons(persons, province, rng)
    p = plan(people, code, rng)
    inputs = out / "input"
    (inputs / "kabupaten").mkdir(parents=True, exist_ok=True)
    truth_rows: list[tuple[str, str, int, str]] = []
    for i, (regency, recs) in enumerate(sorted(p.regency_lists.items())):
        if not recs:
            continue
        writer = layouts.REGENCY_LAYOUTS[i % len(layouts.REGENCY_LAYOUTS)]
        ext = ".csv" if writer is layouts.write_csv_cp1252 else ".xlsx"
        path = inputs / "kabupaten" / f"umkm_terdampak_{_slug(regency)}{ext}"
        for sheet, row, pid in writer(path, regency, recs, rng):
            truth_rows.append((path.name, sheet, row, pid))
    kem_path = inputs / "kemensos_bpum_dtks.xlsx"
    for sheet, row, pid in layouts.write_kemensos(kem_path, "", p.kemensos, rng):
        truth_rows.append((kem_path.name, sheet, row, pid))
    if p.bpum:
        bpum_path = inputs / "bpum_penerima.xlsx"
        for sheet, row, pid in layouts.write_bpum(bpum_path, "", p.bpum, rng):
            truth_rows.append((bpum_path.name, sheet, row, pid))
    pk_path = inputs / "prakerja_peserta.csv"
    for sheet, row, pid in layouts.write_prakerja(pk_path, "", p.prakerja, rng):
        truth_rows.append((pk_path.name, sheet, row, pid))
    truth_rows.sort()
    with (out / "truth.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["source_file", "sheet", "row", "person_id"])
        w.writerows(truth_rows)
    return {"records": len(truth_rows), "persons": len({r[3] for r in truth_rows})}


def generate_records(*, province: str = "babel", persons: int = 1000, seed: int = 7):
    """The same plan as `generate`, returned as a canonical record frame (what read_sources would
    give) plus the true person id per record, without writing files: for speed benchmarks."""
    rng = random.Random(f"{province}:{persons}:{seed}")
    code, _ = PROVINCES[province]
    return _record_frame(plan(make_persons(persons, province, rng), code, rng), rng)


def generate_records_in_parts(*, province: str = "babel", persons: int = 1000, seed: int = 7,
                              part: int = 500_000):
    """generate_records for a province too large to hold as Python objects (10 million records
    took more than 24 GB at once): yields (frame, truth) for `part` persons at a time, NIKs, KKs
    and person ids numbered on across parts (persons.Numbering), each part its own lists (its
    rows numbered from 2 again: write each part as its own files). Not the same records as
    generate_records with the same arguments."""
    rng = random.Random(f"{province}:{persons}:{seed}:parts")
    code, _ = PROVINCES[province]
    numbering = Numbering()
    for start in range(0, persons, part):
        people = make_persons(min(part, persons - start), province, rng, numbering)
        yield _record_frame(plan(people, code, rng), rng)


def _record_frame(p: "Plan", rng: random.Random):
    """A plan's lists as the canonical record frame and the true person id per record."""
    import pandas as pd

    rows = []
    from .noise import address_style

    for role, groups in (("regency", p.regency_lists.items()), ("kemensos", [("k", p.kemensos), ("bpum", p.bpum)]),
                         ("prakerja", [("p", p.prakerja)])):
        for regency, recs in groups:
            for i, rec in enumerate(recs):
                nik, flag = rec["nik"], ""
                if nik and role == "regency" and rng.random() < 0.1:
                    nik, flag = nik[:15] + "0", "truncated"
                rows.append({
                    "source_file": f"{role}_{_slug(regency)}.xlsx", "sheet": "Sheet1", "row": i + 2,
                    "role": role, "nik": nik, "nik_flag": flag, "kk": rec["kk"] if role == "kemensos" and regency != "bpum" else "",
                    "name": rec["name"], "birth_date": rec["birth_date"].isoformat() if rec["birth_date"] else "",
                    "sex": rec["sex"] if regency != "bpum" else "", "address": address_style(rng, rec),
                    "village": rec["village"], "district": rec["district"],
                    "regency": rec["regency"] if role != "regency" else regency,
                    "phone": rec["phone"] if rng.random() < 0.75 else "", "business_name": rec["business_name"],
                    "sector": rec["sector"], "person_id": rec["pid"],
                    "list_regency": regency if role == "regency" else "",
                })
    frame = pd.DataFrame(rows)
    truth = frame.pop("person_id")
    from ..core.records import COLUMNS
    for col in COLUMNS:
        if col not in frame:
            frame[col] = ""
    frame["record_id"] = range(len(frame))
    frame["source_path"] = frame["source_file"]
    return frame[list(COLUMNS)], truth
