"""`merge`: read every list, match, consolidate, and write the report a province submits.

    from umkm_dedup import merge
    result = merge(["kabupaten/"], kemensos=["kemensos.xlsx"], prakerja=["prakerja.csv"], out="laporan/")

Outputs in `out`: laporan_umkm_terdampak.xlsx, record_map.csv, data_unik.csv, summary.json, and
pairs.parquet + model.json (what `explain` needs; it never recomputes the match). All written
atomically; the same inputs and options give byte-identical files.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .matching import MatchResult, Settings, deduplicate
from .messages import t
from .records import RecordTable, Role
from .report.atomic import atomic_path, write_bytes
from .matching.diagnostics import diagnostics
from .report.consolidate import consolidate
from .report.diagnostics_block import write_diagnostics
from .report.ordering import sort_order
from .report.problems import find_problems, province_of
from .report.reasons import reason_texts
from .normalize.phones import national_phones
from .report.arrow_text import take_text
from .report.csvfile import fixed_decimals, write_csv
from .report.sheets import (masked_niks, write_duplicates, write_problems, write_review, write_sources, write_summary,
                            write_unique)
from .report.summary import regency_rows, summarise
from .report.workbook import ReportBook
from .sources import read_sources
from .sources.limits import Limits

WORKBOOK = "laporan_umkm_terdampak.xlsx"
WORKBOOK_EN = "impacted_umkm_report.xlsx"
#: the record values `explain` shows side by side
EXPLAIN_FIELDS = ["nik", "kk", "other_id", "name", "birth_date", "sex", "address", "village", "district",
                  "regency", "phone"]
RECORD_MAP_COLUMNS = ["source_file", "sheet", "row", "cluster_id", "role", "decision", "confidence"]

Progress = Callable[[str], None]


@dataclass
class MergeResult:
    out: Path
    summary: dict
    table: RecordTable
    match: MatchResult
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.table.ok


def merge(inputs: list[str | Path], *, out: str | Path, kemensos: list[str | Path] | None = None,
          prakerja: list[str | Path] | None = None, lang: str = "id", mask_nik: bool = False,
          settings: Settings | None = None, mapping: dict[str, str] | None = None,
          ledger: str | Path | None = None, stage: str | None = None,
          decisions: list[str | Path] | None = None, progress: Progress | None = None,
          limits: Limits | None = None, follow_symlinks: bool = False) -> MergeResult:
    """Read, match and write the report. Files that cannot be read are reported (in the result,
    the Ringkasan and Sumber sheets and summary.json) and the report is written from the rest.

    With a ledger, records are matched against everyone reported in earlier stages: those persons
    keep their person id and are marked as already reported; the stage is recorded in the ledger
    in one transaction after the report is written (re-running a stage replaces it).
    limits: the bounds on each input file (sources/limits.py); follow_symlinks: read links in an
    input folder that point out of it."""
    from .ledger import Ledger, locked

    if ledger is not None and not stage:
        from .errors import ConfigError

        raise ConfigError("a ledger needs a stage name", hint="add --stage NAME (e.g. tahap-2)", key="stage_needed")
    say = progress or (lambda s: None)
    decided = None
    if decisions:
        from .decisions import DecisionSet, load_decisions

        decided = DecisionSet([d for path in decisions for d in load_decisions(path).decisions])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    roles = {str(p): Role.KEMENSOS for p in kemensos or []}
    roles.update({str(p): Role.PRAKERJA for p in prakerja or []})
    with locked(out, "output folder"):
        say("read")
        table = read_sources(list(inputs), roles=roles, mapping=mapping, limits=limits or Limits(),
                             follow_symlinks=follow_symlinks)
        if ledger is None:
            say("match")
            result = deduplicate(table, settings, decided)
            say("write")
            files = write_outputs(out, table, result, lang=lang, mask_nik=mask_nik)
        else:
            with locked(Path(ledger), "ledger"):
                book = Ledger(ledger)
                try:
                    say("match")
                    from .decisions import DecisionSet

                    earlier = book.decisions(excluding=stage)
                    mine = decided or DecisionSet()
                    all_decisions = DecisionSet(earlier.decisions + mine.decisions)
                    result, reported = _match_with_ledger(table, book, stage, settings, all_decisions)
                    say("write")
                    files = write_outputs(out, table, result, lang=lang, mask_nik=mask_nik, reported=reported,
                                          stage=stage)
                    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
                    read_files = sorted({Path(s.path) for s in table.sheets if s.records})
                    book.record_stage(stage, read_files, summary.get("total", {}), table.frame,
                                      pd.Series(result.cluster_id), decisions=mine)
                finally:
                    book.close()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return MergeResult(out=out, summary=summary, table=table, match=result, files=files)


def _match_with_ledger(table: RecordTable, book, stage: str, settings: Settings | None, decided=None):
    """Match this stage's records together with every earlier stage's; return the result for
    this stage's records only, with ledger person ids, and {person id: stage first reported}."""
    from .matching.engine import subset

    previous = book.previous_records(excluding=stage)
    new = table.frame
    if previous.empty:
        return deduplicate(table, settings, decided), {}
    old = previous.drop(columns=["ledger_person", "ledger_stage"]).assign(source_path="")
    combined = pd.concat([new, old[new.columns.drop("record_id")]], ignore_index=True)
    combined["record_id"] = range(len(combined))
    result = deduplicate(combined, settings, decided)
    n_new = len(new)
    cid = pd.Series(result.cluster_id)
    order = {s["name"]: s["position"] for s in book.stages()}
    ledger_people = pd.DataFrame({"cluster": cid.iloc[n_new:].to_numpy(),
                                  "person": previous["ledger_person"].to_numpy(),
                                  "stage": previous["ledger_stage"].to_numpy()})
    ledger_people["position"] = ledger_people["stage"].map(order)
    first = ledger_people.sort_values(["position", "person"]).drop_duplicates("cluster")
    to_person = dict(zip(first["cluster"], first["person"]))
    reported = dict(zip(first["person"], first["stage"]))
    ids = cid.map(lambda c: to_person.get(c, c)).to_numpy(dtype=object)
    return subset(result, np.arange(n_new), ids[:n_new]), reported


def write_outputs(out: Path, table: RecordTable, result: MatchResult, *, lang: str, mask_nik: bool,
                  reported: dict[str, str] | None = None, stage: str | None = None) -> list[Path]:
    rec = result.records
    feats = result.features
    reported = reported or {}
    review = result.review_pairs
    per_record, persons = consolidate(result, review)
    persons["reported_stage"] = persons["cluster_id"].map(reported).fillna("") if reported else ""
    if reported:
        already = per_record["cluster_id"].isin(list(reported)).to_numpy()
        per_record.loc[already, "decision"] = "already_reported"
    pairs = result.pairs
    comps = result.settings.comparisons
    review = review.iloc[_pair_order(review, per_record["position"].to_numpy())]
    review = review.assign(evidence=reason_texts(review, comps, lang))
    problems = [{**asdict(p), **dict(zip(("message", "hint"), p.texts(lang)))} for p in table.problems]
    counts = regency_rows(rec, per_record, persons)
    summary = summarise(rec, per_record, persons, pairs, len(review), counts)
    summary["decisions"] = result.stats.get("decisions", {})
    summary["diagnostics"] = diagnostics(result)
    summary.update({"tool": "umkm-dedup", "version": __version__, "language": lang, "nik_masked": mask_nik,
                    "files_failed": problems, "settings": result.settings.to_dict(),
                    "blocking": asdict(result.blocking), "match_stats": result.stats})

    summary["stage"] = stage
    summary["already_reported"] = int((persons["reported_stage"] != "").sum())
    regency_persons = persons[(persons["n_regency"] > 0) & (persons["reported_stage"] == "")] \
        .sort_values(["home_regency", "survivor_position"])
    members = _duplicate_members(rec, per_record, result, comps, lang)
    province = province_of(feats, rec["role"])
    problem_rows = find_problems(rec, feats, province)
    problem_rows = problem_rows.assign(order=per_record["position"].to_numpy()[problem_rows["position"]]) \
        .sort_values(["order", "problem"]).drop(columns="order")
    summary["province_code"] = province
    summary["problem_records"] = int(problem_rows["position"].nunique()) if len(problem_rows) else 0

    # what `explain` reads is written beside the workbook, on the second core (Arrow and Parquet
    # release the GIL); its errors surface here through result()
    with ThreadPoolExecutor(max_workers=1) as pool:
        explain_files = pool.submit(_write_explain_files, out, pairs, per_record, persons["cluster_id"], rec,
                                    mask_nik)
        files = _write_report(out, table, rec, per_record, persons, regency_persons, review, members, problem_rows,
                              summary, counts, problems, reported, lang, mask_nik)
        files.extend(explain_files.result())
    model = {"model": result.model.to_dict(), "settings": result.settings.to_dict(), "version": __version__}
    write_bytes(out / "model.json", json.dumps(model, indent=2, sort_keys=True).encode())
    files.append(out / "model.json")
    write_bytes(out / "summary.json", json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False,
                                                 default=_json_default).encode("utf-8"))
    files.append(out / "summary.json")
    return files


def _write_report(out, table, rec, per_record, persons, regency_persons, review, members, problem_rows, summary,
                  counts, problems, reported, lang, mask_nik) -> list[Path]:
    """The workbook and the two CSVs."""
    files = []
    name = WORKBOOK if lang == "id" else WORKBOOK_EN
    with atomic_path(out / name) as tmp:
        book = ReportBook(tmp, lang)
        below = write_summary(book, summary, counts, problems)
        write_diagnostics(book, summary.get("diagnostics", {}), first_row=below)
        write_unique(book, regency_persons, mask_nik)
        if reported:
            already_persons = persons[(persons["n_regency"] > 0) & (persons["reported_stage"] != "")] \
                .sort_values(["home_regency", "survivor_position"])
            write_unique(book, already_persons, mask_nik, sheet_key="sheet.reported")
        write_duplicates(book, members, mask_nik)
        write_review(book, review, rec, mask_nik)
        write_problems(book, problem_rows, rec, mask_nik)
        write_sources(book, table.sheets, table.problems)
        book.close()
    files.append(out / name)

    by_position = np.argsort(per_record["position"].to_numpy(), kind="stable")
    files.append(write_csv(out / "record_map.csv", {
        "source_file": take_text(rec["source_file"], by_position), "sheet": take_text(rec["sheet"], by_position),
        "row": rec["row"].astype(np.int64).to_numpy()[by_position],
        "cluster_id": take_text(per_record["cluster_id"], by_position), "role": take_text(rec["role"], by_position),
        "decision": take_text(per_record["decision"], by_position),
        "confidence": fixed_decimals(per_record["confidence"].to_numpy()[by_position], 4)}, numeric={"row"}))

    p = regency_persons
    yes, no = t("yes", lang), t("no", lang)
    files.append(write_csv(out / "data_unik.csv", {
        "cluster_id": p["cluster_id"], "nik": masked_niks(p["nik"], mask_nik), "nama": p["name"],
        "tanggal_lahir": p["birth_iso"], "jenis_kelamin": p["sex"], "alamat": p["address"], "rt_rw": p["rt_rw"],
        "desa_kelurahan": p["village"], "kecamatan": p["district"], "kab_kota": p["home_regency"],
        "no_hp": national_phones(p["phone_e164"], p["phone"]), "nama_usaha": p["business_name"],
        "sektor": p["sector"], "dampak": p["impact"],
        "penerima_kemensos": pd.Series(np.where(p["n_kemensos"].to_numpy() > 0, yes, no)),
        "status_prakerja": p["prakerja_status"],
        "perlu_ditinjau": pd.Series(np.where(p["needs_review"].to_numpy(dtype=bool), yes, "")),
        "jumlah_sumber": p["records"].to_numpy(), "sumber": p["sources"]}, numeric={"jumlah_sumber"}, bom=True))

    return files


def _write_explain_files(out: Path, pairs: pd.DataFrame, per_record: pd.DataFrame, cluster_names,
                         rec: pd.DataFrame, mask_nik: bool) -> list[Path]:
    """pairs.parquet and records.parquet: what `explain` reads instead of recomputing the match."""
    files = [_write_pairs(out / "pairs.parquet", pairs, per_record, cluster_names, rec)]
    by_position = np.argsort(per_record["position"].to_numpy(), kind="stable")
    columns = {c: take_text(rec[c], by_position) for c in ["source_file", "sheet"]}
    columns["row"] = pa.array(rec["row"].astype(np.int64).to_numpy()[by_position])
    for c in ["role", "list_regency"] + EXPLAIN_FIELDS:
        columns[c] = take_text(rec[c], by_position)
        if c in ("nik", "kk"):
            columns[c] = masked_niks(columns[c], mask_nik)
    columns["cluster_id"] = take_text(per_record["cluster_id"], by_position)
    with atomic_path(out / "records.parquet") as tmp:
        pq.write_table(pa.table(columns), tmp)
    files.append(out / "records.parquet")
    return files


def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    return str(value)


def _duplicate_members(rec, per_record, result, comps, lang) -> pd.DataFrame:
    """Members of clusters with more than one record, with the strongest evidence joining each."""
    code = per_record["cluster_code"].to_numpy()
    multi = np.flatnonzero(per_record["cluster_size"].to_numpy() > 1)
    pairs = result.pairs
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    inside = (pairs["decision"] == "match").to_numpy() & (code[left] == code[right])
    links = pairs[inside]
    texts = reason_texts(links, comps, lang) if len(links) else np.empty(0, dtype=object)
    best_text = np.full(len(rec), "", dtype=object)
    if len(links):
        # the strongest link of each record: both ends, sorted by weight, first per record wins
        ends = pd.DataFrame({"rec": np.concatenate([links["left"].to_numpy(), links["right"].to_numpy()]),
                             "w": np.tile(links["weight"].to_numpy(), 2),
                             "i": np.tile(np.arange(len(links)), 2)})
        ends = ends.sort_values(["rec", "w", "i"], ascending=[True, False, True], kind="stable")
        best = ends.drop_duplicates("rec")
        best_text[best["rec"].to_numpy()] = texts[best["i"].to_numpy()]
    members = rec.iloc[multi][["source_file", "sheet", "row", "nik", "name", "birth_date", "address", "village",
                               "phone", "role"]].copy()
    members.insert(0, "cluster_id", per_record["cluster_id"].to_numpy()[multi])
    members["decision"] = per_record["decision"].to_numpy()[multi]
    members["confidence"] = per_record["confidence"].to_numpy()[multi]
    members["evidence"] = best_text[multi]
    order = sort_order(code[multi], per_record["position"].to_numpy()[multi])   # codes follow cluster-id order
    return members.iloc[order]


def _write_pairs(path: Path, pairs: pd.DataFrame, per_record: pd.DataFrame, cluster_names,
                 rec: pd.DataFrame) -> Path:
    """Scored pairs for `explain`, keyed by provenance (file, sheet, row), in a stable order. Files,
    sheets, clusters and decisions are dictionary-encoded: millions of pairs, few distinct values.
    `cluster_names`: the cluster id of each cluster code (the persons table's order)."""
    order = _pair_order(pairs, per_record["position"].to_numpy())
    columns: dict[str, pa.Array] = {}
    for name in pairs.columns.drop(["left", "right"]):
        values = pairs[name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            columns[name] = _dictionary(values.cat.codes.to_numpy()[order], values.cat.categories.astype(str))
        else:
            columns[name] = pa.array(values.to_numpy()[order])
    files, file_names = pd.factorize(rec["source_file"].astype(str), sort=True)
    sheets, sheet_names = pd.factorize(rec["sheet"].astype(str), sort=True)
    rows = rec["row"].astype(np.int64).to_numpy()
    clusters = per_record["cluster_code"].to_numpy()
    for side in ("left", "right"):
        idx = pairs[side].to_numpy()[order]
        columns[f"{side}_file"] = _dictionary(files[idx], file_names)
        columns[f"{side}_sheet"] = _dictionary(sheets[idx], sheet_names)
        columns[f"{side}_row"] = pa.array(rows[idx])
        columns[f"{side}_cluster"] = _dictionary(clusters[idx], cluster_names)
    with atomic_path(path) as tmp:
        pq.write_table(pa.table(columns), tmp)
    return path


def _dictionary(codes: np.ndarray, names) -> "pa.DictionaryArray":
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(np.asarray(names, dtype=object),
                                                                                     type=pa.string()))


def _pair_order(pairs: pd.DataFrame, position: np.ndarray) -> np.ndarray:
    """Pairs by content (score to 4 decimals, then the provenance order of both records), not by
    row index: one packed integer sort."""
    a, b = position[pairs["left"].to_numpy()], position[pairs["right"].to_numpy()]
    score = np.rint(pairs["weight"].to_numpy().round(4).astype(np.float64) * 10_000).astype(np.int64)
    return sort_order(score.max(initial=0) - score, np.minimum(a, b), np.maximum(a, b))
