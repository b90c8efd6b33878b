"""`merge`: read every list, match, consolidate, and write the report a province submits.

    from umkm_dedup import merge
    result = merge(["kabupaten/"], kemensos=["kemensos.xlsx"], prakerja=["prakerja.csv"], out="laporan/")

Outputs in `out`: laporan_umkm_terdampak.xlsx, record_map.csv, data_unik.csv, summary.json, and
pairs.parquet + model.json (what `explain` needs; it never recomputes the match), and last
selesai.json, the completion marker. All built in a staging folder and moved in together; the
same inputs and options give byte-identical files.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .matching import REVIEW, MatchResult, Settings, deduplicate
from .matching.engine import CATEGORICAL, derived, frame_columns, pair_columns
from .i18n.messages import t
from .core.records import RecordTable, Role, compact
from .core.interrupts import FinishedInterrupt, checkpoint, deferred_interrupt
from .core.memory import collection_paused, release
from .report.atomic import atomic_path, write_bytes
from .report.outfolder import OutputFolder
from .matching.diagnostics import diagnostics
from .report.cluster_codes import cluster_ids_as_codes
from .report.consolidate import cluster_names, consolidate_persons, consolidate_records
from .report.diagnostics_block import write_diagnostics
from .report.ordering import pair_score, sort_order
from .report.problems import find_problems, province_of
from .report.reasons import reason_texts
from .normalize.phones import national_phones
from .report.arrow_text import take_text
from .report.csvfile import fixed_decimals, write_csv
from .report.sheets import (masked_niks, write_duplicates, write_problems, write_review, write_sources, write_summary,
                            write_unique)
from .report.explanation import write_explanation
from .report.keep import for_report, keep_linked_pairs
from .report.kemenkop import carried, write_kemenkop
from .report.not_helped import columns as not_helped_columns, not_helped, write_not_helped
from .report.summary import regency_rows, summarise
from .report.workbook import ReportBook
from .commands.input_checks import (check_hidden_sheets, check_identical_files, check_regencies, check_repeated_columns,
                                     check_roles, check_unnamed_regencies, warning_lines)
from .sources import read_sources
from .sources.limits import Limits

WORKBOOK = "laporan_umkm_terdampak.xlsx"
WORKBOOK_EN = "impacted_umkm_report.xlsx"
#: the record values `explain` shows side by side
EXPLAIN_FIELDS = ["nik", "kk", "other_id", "name", "birth_date", "sex", "address", "village", "district",
                  "regency", "phone"]
#: every file a run writes in the output folder; none of them may be one of the inputs
OUTPUT_NAMES = [WORKBOOK, WORKBOOK_EN, "record_map.csv", "data_unik.csv", "belum_dibantu.csv", "summary.json",
                "pairs.parquet", "records.parquet", "model.json"]
RECORD_MAP_COLUMNS = ["source_file", "sheet", "row", "cluster_id", "role", "decision", "confidence"]

#: progress(stage) as a stage starts ("read", "match", "write"); progress(stage, done=, total=,
#: unit=, ...) as it goes (files read and records, pairs scored); progress("preflight",
#: estimate=) once before matching (matching/preflight.py). A callable taking the stage alone
#: gets the stage starts only.
Progress = Callable[..., None]


@dataclass
class MergeResult:
    out: Path
    summary: dict
    table: RecordTable
    match: MatchResult             # its pairs: those linked or reviewed (every compared pair is in pairs.parquet)
    files: list[Path] = field(default_factory=list)
    previous_reports: list[Path] = field(default_factory=list)   # replaced workbooks that held decisions

    @property
    def ok(self) -> bool:
        return self.table.ok


def merge(inputs: list[str | Path], *, out: str | Path, kemensos: list[str | Path] | None = None,
          prakerja: list[str | Path] | None = None, lang: str = "id", mask_nik: bool = False,
          settings: Settings | None = None, mapping: dict[str, str] | None = None,
          ledger: str | Path | None = None, stage: str | None = None,
          decisions: list[str | Path] | None = None, progress: Progress | None = None,
          limits: Limits | None = None, follow_symlinks: bool = False, force: bool = False,
          model=None, refit: bool = False, max_memory: int | None = None, engine: str = "local",
          spark_master: str | None = None, spark_conf: dict[str, str] | None = None,
          report: dict | None = None, report_date=None, csv_sep: str | None = None) -> MergeResult:
    """Read, match and write the report. Files that cannot be read are reported (in the result,
    the Ringkasan and Sumber sheets and summary.json) and the report is written from the rest.

    With a ledger, records are matched against everyone reported in earlier stages: those persons
    keep their person id and are marked as already reported; the stage is recorded in the ledger
    in one transaction (re-running a stage replaces it), and the report, built in a staging folder,
    is moved into `out` right after that COMMIT (report/outfolder.py): the folder never shows a
    stage the ledger lacks. Nothing in `out` changes before that; an output that would replace an
    input is an OutputError before any work is written.
    limits: the bounds on each input file (sources/limits.py); follow_symlinks: read links in an
    input folder that point out of it.

    Officers' decisions last: those in force are written to keputusan_petugas.csv in `out` and
    shown in the new workbook, and read back from both on the next run into `out` (`decisions`
    adds files to apply on every run). `force`: go on where the run stops to protect work (a
    workbook in `out` that cannot be read, a regency list given as Kemensos/Prakerja).

    `model`: score with a frozen model (a model.json path, its dict, or a matching.model.Model):
    nothing is re-fitted, and its settings are used unless `settings` is given. With a ledger
    and no `model`, the model fitted in the first stage (stored in the ledger) scores every later
    stage; `refit` fits this stage's own (and stores it for the stages after).

    max_memory: bytes the run may use; None: what the machine has available when the run starts,
    0: no bound. Before matching, the pre-flight counts the candidate pairs and estimates the
    peak; a run that would not fit is refused (preflight.CapacityError, exit 4) before any pair
    is built, and nothing in `out` changes.
    engine: "local" (this machine) or "spark" (matching/spark/, on `spark_master` with `spark_conf`
    settings, local[2] when no master is given): the same clusters and ids either way; the
    pre-flight is this machine's and is not run for Spark.
    `report`: the [report] config section (cover, signatures: report/cover.py); `report_date`: the
    date printed and stored as the file's creation date (default: the newest input file's date);
    `csv_sep`: the CSVs' separator (default ';' for Indonesian, ',' for English)."""
    from .stages.decision_files import check_decision_file, other_workbooks
    from .stages.ledger import Ledger, ledger_file, locked

    if ledger is not None and not stage:
        from .core.errors import ConfigError

        raise ConfigError("a ledger needs a stage name", hint="add --stage NAME (e.g. tahap-2)", key="stage_needed")
    say = _teller(progress)
    engine_options = _engine_options(engine, spark_master, spark_conf)
    watch = engine_options or _watch(say, max_memory)
    if model is not None:
        from .matching.model import load_model

        model = load_model(model)
    explicit = [Path(p) for p in decisions or []]
    for path in explicit:   # before any work: a file that is not understood stops the run
        check_decision_file(path)
    if ledger is not None:
        ledger = ledger_file(ledger)    # one name for it, whichever link was given
    folder = OutputFolder(out)
    out = folder.path
    roles = {str(p): Role.KEMENSOS for p in kemensos or []}
    roles.update({str(p): Role.PRAKERJA for p in prakerja or []})
    staging = None
    options = {"report": report or {}, "report_date": report_date, "csv_sep": csv_sep, "stage": stage}
    try:
        with locked(out, "output folder"):
            folder.remove_leftovers()
            say("read")
            with collection_paused():
                table = read_sources(list(inputs), roles=roles, mapping=mapping, limits=limits or Limits(),
                                     follow_symlinks=follow_symlinks, progress=say, read_many=_reader(engine_options))
            release()   # the readers' cell buffers (and the one collection of the read)
            given = list(inputs) + list(kemensos or []) + list(prakerja or [])
            folder.refuse_inputs(OUTPUT_NAMES, _files_read(given, table) + ([ledger] if ledger is not None else []))
            regencies = check_regencies(table)
            checks = {"roles": check_roles(table, roles, force), "regencies": regencies,
                      "unnamed_regencies": check_unnamed_regencies(table, regencies),
                      "repeated_columns": check_repeated_columns(table),
                      "identical_files": check_identical_files(table),
                      "hidden_sheets": check_hidden_sheets(table),
                      "other_workbooks": other_workbooks(out, (WORKBOOK, WORKBOOK_EN),
                                                         {Path(s.path) for s in table.sheets if s.path})}
            book = _officer_decisions(out, table, explicit, force,
                                      _stage_decisions(Path(ledger), stage, out) if ledger is not None else [],
                                      _earlier_records(Path(ledger), stage) if ledger is not None else None)
            staging = folder.new_staging()
            if ledger is None:
                say("match")
                result = for_report(deduplicate(table, settings, book.in_force(), model=model, **watch))
                release()   # matching's features and temporary columns, before the write stage builds its own
                say("write")
                _write_all(staging, table, result, book, lang=lang, mask_nik=mask_nik, checks=checks,
                           options=options)
                with deferred_interrupt():
                    files = folder.publish(staging)
            else:
                with locked(Path(ledger), "ledger"):
                    ledger_book = Ledger(ledger)
                    try:
                        say("match")
                        from .stages.decisions import DecisionSet

                        earlier = ledger_book.decisions(excluding=stage)
                        mine = book.in_force()
                        all_decisions = DecisionSet(earlier.decisions + mine.decisions)
                        frozen = model if model is not None or refit else _ledger_model(ledger_book, stage)
                        result, reported, earlier_pairs = _match_with_ledger(
                            table, ledger_book, stage, settings, all_decisions, frozen, watch)
                        result = for_report(result)   # the features only matching needed are freed
                        release()
                        say("write")
                        _write_all(staging, table, result, book, lang=lang, mask_nik=mask_nik,
                                   reported=reported, stage=stage, checks=checks, options=options,
                                   earlier=earlier_pairs)
                        folder.check_staged(staging)
                        summary = json.loads((staging / "summary.json").read_text(encoding="utf-8"))
                        read_files = sorted({Path(s.path) for s in table.sheets if s.records})
                        published: list[Path] = []
                        # the report appears only once the ledger holds the stage: COMMIT, then the move,
                        # together (Ctrl-C deferred); a failed commit leaves both as they were
                        ledger_book.record_stage(stage, read_files, summary.get("total", {}), table.frame,
                                                 pd.Series(result.cluster_id), decisions=mine,
                                                 then=lambda: published.extend(folder.publish(staging)),
                                                 model=_model_to_store(result, ledger_book, stage, refit))
                        files = published
                    finally:
                        ledger_book.close()
            # no workbook of the other language left beside the new one
            (out / (WORKBOOK_EN if lang == "id" else WORKBOOK)).unlink(missing_ok=True)
    except BaseException as exc:
        if not isinstance(exc, FinishedInterrupt):
            folder.discard(staging)
        raise
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return MergeResult(out=out, summary=summary, table=table, match=result, files=files,
                       previous_reports=list(book.previous_reports))


def _stage_decisions(ledger: Path, stage: str, out: Path) -> list:
    """A stage re-run into an output folder that holds no keputusan_petugas.csv (another --out, a
    dated folder): the decisions the ledger stored with that stage, so the re-run, which stores
    the stage's decisions anew, neither drops them nor leaves them unapplied. Where the folder
    has the file, it is the newer word (written with the ledger's COMMIT, edited since)."""
    from .stages.decisions import STORE
    from .stages.ledger import Ledger, locked

    if (out / STORE).is_file() or not ledger.is_file():
        return []
    with locked(ledger, "ledger"):
        book = Ledger(ledger)
        try:
            if stage not in {s["name"] for s in book.stages()}:
                return []
            return book.stage_decisions(stage)
        finally:
            book.close()


def _earlier_records(ledger: Path, stage: str) -> pd.DataFrame | None:
    """The earlier stages' records as an officer's decision names them (earlier_file: "tahap-1:
    kab.csv"), so a SAMA or BEDA on a pair between this run's record and an earlier stage's is read,
    checked and kept like any other (None: no ledger yet, or no earlier stage)."""
    from .stages.decisions import earlier_file
    from .stages.ledger import Ledger, locked

    if not ledger.is_file():
        return None
    with locked(ledger, "ledger"):
        book = Ledger(ledger)
        try:
            previous = book.previous_records(excluding=stage)
        finally:
            book.close()
    if previous.empty:
        return None
    files = [earlier_file(g, f) for g, f in zip(previous["ledger_record_stage"], previous["source_file"])]
    return previous[list(_BOOK_COLUMNS)].assign(source_file=files)


#: the columns a DecisionBook reads of a record (its place, name and identity)
_BOOK_COLUMNS = ("source_file", "sheet", "row", "name", "nik", "birth_date", "address")


def _officer_decisions(out: Path, table: RecordTable, explicit: list[Path], force: bool, stored=(),
                       earlier: pd.DataFrame | None = None):
    """Every decision carried into this run (see stages/decisions.py): `stored` (the ledger's for
    this stage, see _stage_decisions), the output folder's keputusan_petugas.csv and the officer's
    edits in its workbooks, then the --decisions files. A workbook there that cannot be read may
    hold decisions: the run stops unless `force`."""
    from .stages.decision_files import load_output_folder, unreadable
    from .stages.decisions import DecisionBook
    from .core.errors import ConfigError

    frame = table.frame
    if earlier is not None:   # this run's records first: their positions are the report's
        frame = pd.concat([frame[list(_BOOK_COLUMNS)].astype(object), earlier.astype(object)], ignore_index=True)
    book = DecisionBook(frame)
    for decision in stored:
        book.put(decision)
    readable = []
    for report in (out / name for name in (WORKBOOK, WORKBOOK_EN)):
        if not report.is_file():
            continue
        reason = unreadable(report)
        if reason is None:
            readable.append(report)
        elif not force:
            raise ConfigError("the report in the output folder cannot be read; it may hold officers' decisions",
                              file=str(report), key="report_unreadable", params={"reason": reason})
        else:   # replaced as asked, but kept: it may hold decisions nobody could read
            book.previous_reports.append(report)
    load_output_folder(out, book, readable, explicit)
    return book


def _write_all(staging: Path, table: RecordTable, result: MatchResult, book, *, lang: str, mask_nik: bool,
               reported=None, stage=None, checks=None, options=None, earlier=None) -> list[Path]:
    """Into the staging folder: the report, the officers' decisions carried into
    keputusan_petugas.csv, and a copy of the replaced workbook when it held decisions
    (…_sebelumnya.xlsx); publishing moves them into the output folder together."""
    import shutil

    from .stages.decision_files import write_store

    for report in book.previous_reports:
        backup = staging / (report.stem + ("_sebelumnya" if report.name == WORKBOOK else "_previous")
                            + report.suffix)
        with atomic_path(backup) as tmp:
            shutil.copyfile(report, tmp)
    files = write_outputs(staging, table, result, lang=lang, mask_nik=mask_nik, reported=reported, stage=stage,
                          book=book, checks=checks, options=options, earlier=earlier)
    files.append(write_store(staging, book))
    return files


def _files_read(inputs: list[str | Path], table: RecordTable) -> list[Path]:
    """The input files, by full path: every file given, and every file in a folder given that the
    readers read or failed to read (a failed one is known to its FileProblem by name). A report of
    our own, skipped, is not an input; nor are files the readers never look at (our .json/.parquet)."""
    ours = {Path(s.path).resolve() for s in table.sheets if s.skipped_reason == "own_output"}
    read = {Path(s.path).resolve() for s in table.sheets} - ours
    failed = {Path(p.file).name for p in table.problems}
    files: list[Path] = []
    for given in map(Path, inputs):
        if given.is_dir():
            files.extend(p for p in sorted(given.rglob("*"))
                         if p.is_file() and (p.resolve() in read or p.name in failed))
        elif given.resolve() not in ours:
            files.append(given)
    return files


def _engine_options(engine: str, master: str | None, conf: dict[str, str] | None) -> dict:
    """deduplicate()'s engine arguments: nothing for the local engine (which never sees Spark)."""
    if engine == "local" and not master and not conf:
        return {}
    if engine != "spark":
        from .core.errors import ConfigError

        if engine != "local":
            raise ConfigError(f"unknown engine: {engine}", key="unknown_engine", hint="choose local or spark",
                              params={"name": engine})
        raise ConfigError("--spark-master and --spark-conf need --engine spark", key="spark_options_need_engine")
    return {"engine": "spark", "master": master, "conf": dict(conf or {})}


def _reader(engine_options: dict):
    """read_sources' read_many: None (every file read here) for the local engine; on Spark its
    CSV and Parquet files are read on the cluster (matching/spark/reading.py)."""
    if not engine_options:
        return None
    from .matching.spark.reading import spark_reader
    from .matching.spark.session import get_session

    return spark_reader(lambda: get_session(engine_options["master"], engine_options["conf"]))


def _teller(progress: Progress | None) -> Progress:
    """The progress callable merge calls: one that takes the stage alone gets the stage starts."""
    if progress is None:
        return lambda stage, **info: None
    import inspect

    try:
        inspect.signature(progress).bind("read", done=0)
    except (TypeError, ValueError):
        return lambda stage, **info: None if info else progress(stage)
    return progress


def _watch(say: Progress, max_memory: int | None) -> dict:
    """deduplicate's pre-flight and progress hooks: count the candidate pairs, say the estimate,
    refuse a run that would not fit in `max_memory` (None: the memory available now)."""
    from .matching import preflight

    if max_memory is None:
        available = preflight.available_memory()
        limit = available + preflight.BASE_BYTES if available else None
    else:
        limit = max_memory or None

    def check(enc, settings) -> None:
        estimate = preflight.count(enc, settings, limit)
        say("preflight", estimate=estimate)
        preflight.refuse_if_too_big(estimate)

    return {"preflight": check, "progress": say}


def _ledger_model(book, stage: str):
    """The model an earlier stage fitted and stored in the ledger (None: none yet, or it is this
    stage's own, fitted again when the stage is re-run, or a later stage's --refit: an earlier
    stage re-run fits its own again, as it did the first time, and gives the same report)."""
    from .matching.model import Model

    stored = book.model()
    if stored is None or stored[0] == stage:
        return None
    position = {s["name"]: s["position"] for s in book.stages()}
    if stage in position and position.get(stored[0], 0) > position[stage]:
        return None
    return Model.from_dict(stored[1])


def _model_to_store(result: MatchResult, book, stage: str, refit: bool) -> dict | None:
    """What goes into the ledger: a model this run fitted, when the ledger has none from another
    stage (the first stage, or a re-run of the stage that fitted it) or `refit` asked for a new one."""
    if result.model.origin != "fitted":
        return None
    stored = book.model()
    if stored is not None and stored[0] != stage and not refit:
        return None
    return _model_document(result)


def _model_document(result: MatchResult) -> dict:
    """model.json's content: the model, the settings it was fitted under, the tool's version."""
    return {"model": result.model.to_dict(), "settings": result.settings.to_dict(), "version": __version__}


def _match_with_ledger(table: RecordTable, book, stage: str, settings: Settings | None, decided=None,
                       model=None, watch: dict | None = None):
    """Match this stage's records together with every earlier stage's; return the result for
    this stage's records only, with ledger person ids, and {person id: stage first reported}.
    `model`: a frozen model (an earlier stage's) to score with instead of fitting one."""
    from .matching.engine import subset
    from .stages.decisions import DecisionSet

    previous = book.previous_records(excluding=stage)
    new = table.frame
    watch = watch or {}
    if previous.empty:
        return deduplicate(table, settings, decided, model=model, **watch), {}, None
    old = previous.drop(columns=["ledger_person", "ledger_stage", "ledger_record_stage"]).assign(source_path="")
    # (the coded columns again: a categorical beside the ledger's text would concatenate as objects)
    combined = compact(pd.concat([new, old[new.columns.drop("record_id")]], ignore_index=True))
    combined["record_id"] = range(len(combined))
    n_new = len(new)
    if decided is not None:   # each decision names the records of its own stage (see DecisionSet)
        decided = DecisionSet(decided.decisions, [""] * n_new + previous["ledger_record_stage"].tolist())
    result = deduplicate(combined, settings, decided, model=model, **watch)
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
    earlier = _earlier_pairs(result, previous, n_new)
    return subset(result, np.arange(n_new), ids[:n_new]), reported, earlier


def _earlier_pairs(result: MatchResult, previous: pd.DataFrame, n_new: int):
    """The pairs between this stage's record and an earlier stage's that an officer must see in
    Perlu Ditinjau: those waiting for review (left apart), and those an officer decided (shown with
    the verdict, so it can be changed or withdrawn). `subset` keeps only this stage's pairs; without
    these, a doubtful pair with an earlier stage was silently left apart. (pairs with `left` this
    stage's position and `right` a row of the records returned, `book` the earlier record's
    position in the DecisionBook's frame; those records, their file named with their stage.)"""
    from .matching.rules import RULE_DECIDED_DIFFERENT, RULE_DECIDED_SAME
    from .stages.decisions import earlier_file

    if getattr(result, "all_pairs", None) is not None:   # the Spark engine's pairs stay there
        return None
    p = result.pairs
    left, right = p["left"].to_numpy(), p["right"].to_numpy()
    cross = (left < n_new) != (right < n_new)
    ids = np.asarray(result.cluster_id)
    waiting = (p["decision"] == REVIEW).to_numpy(dtype=bool) & (ids[left] != ids[right])
    decided = p["rule"].isin([RULE_DECIDED_SAME, RULE_DECIDED_DIFFERENT]).to_numpy(dtype=bool)
    pick = p[cross & (waiting | decided)]
    if not len(pick):
        return None
    a, b = pick["left"].to_numpy(), pick["right"].to_numpy()
    new, old = np.minimum(a, b), np.maximum(a, b) - n_new
    rows, at = np.unique(old, return_inverse=True)
    records = previous.iloc[rows].reset_index(drop=True)
    records = records.assign(source_file=[earlier_file(g, f) for g, f in
                                          zip(records["ledger_record_stage"], records["source_file"])])
    pairs = pick.assign(left=new, right=at, book=old + n_new).reset_index(drop=True)
    return pairs, records


def write_outputs(out: Path, table: RecordTable, result: MatchResult, *, lang: str, mask_nik: bool,
                  reported: dict[str, str] | None = None, stage: str | None = None, book=None,
                  checks: dict | None = None, options: dict | None = None, earlier=None) -> list[Path]:
    """`earlier`: the pairs with earlier stages' records for Perlu Ditinjau (_earlier_pairs)."""
    from .report.cover import build_meta

    options = options or {}
    given = result   # the caller's: its unlinked pairs are let go below as well
    input_paths = sorted({s.path for s in table.sheets if s.records and s.path})
    files_read = len({s.file for s in table.sheets if s.records})
    if mask_nik:
        from .report.masked import masked_provenance

        table, result = masked_provenance(table, result)
    rec = result.records
    feats = result.features
    reported = reported or {}
    review = result.review_pairs
    per_record = consolidate_records(result, review)
    # everything that reads every compared pair, before the persons table exists: pairs.parquet
    # (every pair by row group), the diagnostics, the officers' decided pairs; then the unlinked
    # pairs go. With all pairs still held, the persons table was the top of the run's memory, and
    # so was records.parquet's Arrow copy of the records: it is written once they are gone
    pairs = result.pairs
    release()
    pair_diagnostics = diagnostics(result)   # before the cluster ids are let go
    # the records' cluster ids as codes while the report is written: every output reads them from
    # per_record (report/cluster_codes.py), and the Python strings were under pairs.parquet's peak
    with cluster_ids_as_codes(per_record, result, given):
        release()
        explain_files = [_write_pairs(out / "pairs.parquet", _all_pairs(result), per_record, cluster_names(per_record),
                                      rec, result)]
        release()
        comps = result.settings.comparisons
        applied = book.applied_pairs() if book is not None else {}
        n_rec = len(rec)
        earlier_verdicts = {k: v for k, v in applied.items() if k[1] >= n_rec}   # with an earlier stage's record
        applied = {k: v for k, v in applied.items() if k[1] < n_rec}
        waiting = len(review)
        review = _review_rows(pairs, review, applied, per_record["position"].to_numpy())
        pairs_compared = len(_all_pairs(result))
        keep_linked_pairs(result, given)   # every pair is in pairs.parquet and counted; the rest reads links only
        del pairs, given
        release()
        explain_files.append(_write_records_file(out / "records.parquet", per_record, rec, mask_nik))
        release()
        # Data Bermasalah's rows, before the persons table exists (the checks' temporaries on top of it
        # were a top of the run)
        province = province_of(feats, rec["role"])
        problem_rows = find_problems(rec, feats, province)
        problem_rows = problem_rows.assign(order=per_record["position"].to_numpy()[problem_rows["position"]]) \
            .sort_values(["order", "problem"]).drop(columns="order")
        release()
        persons = consolidate_persons(result, per_record)
        release()   # survivorship's per-field temporaries, before the persons' copies are made
        persons["reported_stage"] = persons["cluster_id"].map(reported).fillna("") if reported else ""
        if reported:
            already = per_record["cluster_id"].isin(list(reported)).to_numpy()
            per_record.loc[already, "decision"] = "already_reported"
        unread = book.unread_pairs() if book is not None else {}
        review = _keep_unread(review, {k: v for k, v in unread.items() if k[1] < n_rec})
        review_rec = rec
        if earlier is not None:
            review, review_rec, waiting = _with_earlier(review, rec, earlier, earlier_verdicts, unread, waiting,
                                                        mask_nik)
        review = review.assign(evidence=reason_texts(result.scored_pairs(review), comps, lang))
        problems = [{**asdict(p), **dict(zip(("message", "hint"), p.texts(lang)))} for p in table.problems]
        counts = regency_rows(rec, per_record, persons)
        summary = summarise(rec, per_record, persons, pairs_compared, waiting, counts)
        summary["decisions"] = _decision_summary(result.stats.get("decisions", {}), book, waiting)
        _without_lists(summary)
        summary["input_checks"] = checks or {}
        summary["warnings"] = warning_lines(checks or {}, lang)
        if mask_nik:   # the checks name files and sheets, and a file may be named by its NIK
            from .core.privacy import mask_texts

            summary["input_checks"] = mask_texts(summary["input_checks"])
            summary["warnings"] = mask_texts(summary["warnings"])
        summary["diagnostics"] = pair_diagnostics
        summary.update({"tool": "umkm-dedup", "version": __version__, "language": lang, "nik_masked": mask_nik,
                        "files_failed": problems, "settings": result.settings.to_dict(),
                        "blocking": asdict(result.blocking), "match_stats": result.stats})

        summary["stage"] = stage
        summary["files_read"] = files_read
        meta = build_meta(options.get("report"), lang=lang, stage=stage or options.get("stage"),
                          province_from_data=(checks or {}).get("regencies", {}).get("province_name", ""),
                          report_date=options.get("report_date"), input_paths=input_paths, version=__version__,
                          records=summary["records_by_role"])
        summary["report"] = {"date": meta.date.isoformat(), "province": meta.province, "dinas": meta.dinas,
                             "period": meta.period}
        summary["already_reported"] = int((persons["reported_stage"] != "").sum())
        in_lists = persons["n_regency"] > 0
        regency_persons, already_persons = _shown_persons(
            persons, in_lists & (persons["reported_stage"] == ""),
            in_lists & (persons["reported_stage"] != "") if reported else None)
        del persons, in_lists   # emptied: the shown rows (sorted copies) were built a column at a time
        shown = {"regency": regency_persons, "already": already_persons}
        del regency_persons, already_persons   # _write_report lets them go once their sheets are written

        def members() -> pd.DataFrame:   # built for Duplikat alone, and freed once it is written
            return _duplicate_members(rec, per_record, result, comps, lang, applied,
                                      book.unread_records() if book is not None else None)
        summary["province_code"] = province
        summary["problem_records"] = int(problem_rows["position"].nunique()) if len(problem_rows) else 0

        release()
        files = _write_report(out, table, rec, per_record, shown, review, members, problem_rows, summary, counts,
                              problems, lang, mask_nik, meta, options, review_rec) + explain_files
        model = _model_document(result)
        write_bytes(out / "model.json", json.dumps(model, indent=2, sort_keys=True).encode())
        files.append(out / "model.json")
        write_bytes(out / "summary.json", json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False,
                                                     default=_json_default).encode("utf-8"))
        files.append(out / "summary.json")
        return files


def _all_pairs(result: MatchResult):
    """Every scored pair: result.pairs, except on the Spark engine, whose result.pairs holds the
    pairs the report reads here and whose `all_pairs` streams the rest from the cluster
    (matching/spark/pairs.py: its len() and the pairs file's rows)."""
    store = getattr(result, "all_pairs", None)
    return result.pairs if store is None else store


def _shown_persons(persons: pd.DataFrame, *selections: pd.Series | None) -> list[pd.DataFrame | None]:
    """persons[rows].sort_values(["home_regency", "survivor_position"]) for each selection (None:
    none), index included, built a column at a time while `persons` gives its columns up (it is
    left empty): at 1,000,000 records the persons table and its sorted copy side by side were a
    top of the write stage."""
    orders = []
    # the order from codes: the home regency's sorted distinct texts (Arrow's, no Python string per
    # person) and the survivor's position, which is one per person, so the order has no ties and is
    # sort_values' own; sorting the two columns themselves was a top of the write stage at 2.8M
    home = pd.factorize(persons["home_regency"], sort=True, use_na_sentinel=True)[0]
    home = np.where(home < 0, int(home.max(initial=0)) + 1, home)   # (a missing one last, as sort_values puts it)
    survivor = persons["survivor_position"].to_numpy()
    for rows in selections:
        if rows is None:
            orders.append(None)
            continue
        at = np.flatnonzero(np.asarray(rows, dtype=bool))
        orders.append(at[np.lexsort((survivor[at], home[at]))])
    del home, survivor
    columns: list[dict] = [{} for _ in orders]
    for name in list(persons.columns):
        values = persons.pop(name)
        for order, shown in zip(orders, columns):
            if order is not None:
                shown[name] = values.take(order)
        del values
        release(collect=False)   # the column given up, before the next is copied
    return [None if order is None else pd.DataFrame(shown, index=persons.index[order], copy=False)
            for order, shown in zip(orders, columns)]


def _write_report(out, table, rec, per_record, persons: dict, review, members, problem_rows,
                  summary, counts, problems, lang, mask_nik, meta=None, options=None,
                  review_rec=None) -> list[Path]:
    """The workbook and the CSVs. `persons`: {"regency": the regency persons in Data Unik's order,
    "already": those reported in an earlier stage (None without a ledger)}, emptied here once their
    sheets and CSVs are written: the caller keeps no other reference, so Duplikat and what follows
    are built without a copy of every person beside them (at 1,000,000 records that was the top
    of the run). `members()`: Duplikat's rows, built when that sheet is written."""
    sep = (options or {}).get("csv_sep") or (";" if lang == "id" else ",")   # Indonesian Excel expects ';'
    sep = "\t" if sep == "\\t" else sep
    name = WORKBOOK if lang == "id" else WORKBOOK_EN
    with atomic_path(out / name) as tmp:
        book = ReportBook(tmp, lang, meta)
        below = write_summary(book, summary, counts, problems)
        write_diagnostics(book, summary.get("diagnostics", {}), first_row=below)
        regency_persons = persons.pop("regency")
        write_unique(book, regency_persons, mask_nik)
        release()
        unique_csv = _write_unique_csv(out, regency_persons, lang, mask_nik, sep)
        release()
        helped_not = not_helped(regency_persons, set(summary.get("no_data_columns", [])))
        write_not_helped(book, helped_not, mask_nik)
        helped = {t(f"h.{key}", lang): values for key, _, values in not_helped_columns(helped_not, mask_nik, lang)}
        del helped_not
        helped_csv = write_csv(out / "belum_dibantu.csv", helped, bom=True, sep=sep,
                               identifiers={t("h.nik", lang), t("h.kk", lang), t("h.phone", lang)})
        del helped
        if carried(regency_persons):   # only where some list carries the ministry's fields (report/kemenkop.py)
            write_kemenkop(book, regency_persons, mask_nik)
        del regency_persons
        already_persons = persons.pop("already", None)
        if already_persons is not None:
            write_unique(book, already_persons, mask_nik, sheet_key="sheet.reported")
        del already_persons
        release()
        write_duplicates(book, members(), mask_nik)
        release()
        write_review(book, review, rec if review_rec is None else review_rec, mask_nik)
        write_problems(book, problem_rows, rec, mask_nik)
        write_sources(book, table.sheets, table.problems, _unknown_statuses(rec))
        write_explanation(book)
        release()
        book.close()
    checkpoint("write")
    release()

    by_position = np.argsort(per_record["position"].to_numpy(), kind="stable")
    record_map = write_csv(out / "record_map.csv", {
        "source_file": take_text(rec["source_file"], by_position), "sheet": take_text(rec["sheet"], by_position),
        "row": rec["row"].astype(np.int64).to_numpy()[by_position],
        "cluster_id": take_text(per_record["cluster_id"], by_position), "role": take_text(rec["role"], by_position),
        "decision": take_text(per_record["decision"], by_position),
        "confidence": fixed_decimals(per_record["confidence"].to_numpy()[by_position], 4)}, numeric={"row"})
    return [out / name, record_map, unique_csv, helped_csv]


def _write_unique_csv(out: Path, p: pd.DataFrame, lang: str, mask_nik: bool, sep: str) -> Path:
    """data_unik.csv: Data Unik's persons, with machine-style headers in the report's language
    (csv.<field>): it is read by scripts too."""
    yes, no = t("yes", lang), t("no", lang)
    unique = {
        "cluster_id": p["cluster_id"], "nik": masked_niks(p["nik"], mask_nik), "name": p["name"],
        "birth_date": p["birth_iso"], "sex": p["sex"], "address": p["address"], "rt_rw": p["rt_rw"],
        "village": p["village"], "district": p["district"], "regency": p["home_regency"],
        "phone": national_phones(p["phone_e164"], p["phone"]), "business_name": p["business_name"],
        "sector": p["sector"], "impact": p["impact"],
        "kemensos": pd.Series(np.where(p["n_kemensos"].to_numpy() > 0, yes, no)),
        "prakerja": p["prakerja_status"],
        "needs_review": pd.Series(np.where(p["needs_review"].to_numpy(dtype=bool), yes, "")),
        "records": p["records"].to_numpy(), "sources": p["sources"]}
    return write_csv(out / "data_unik.csv", {t(f"csv.{k}", lang): v for k, v in unique.items()},
                     numeric={t("csv.records", lang)}, bom=True, sep=sep,
                     identifiers={t("csv.nik", lang), t("csv.phone", lang)})


def _unknown_statuses(rec: pd.DataFrame) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """Per Prakerja sheet, the status texts the vocabulary does not know (report/prakerja.py)."""
    from .report.prakerja import unknown_values

    pk = rec[rec["role"].astype(str) == "prakerja"]
    out = {}
    for (file, sheet), group in pk.groupby([pk["source_file"].astype(str), pk["sheet"].astype(str)], sort=True):
        values = unknown_values(group["status"])
        if values:
            out[(file, sheet)] = values
    return out


PARQUET_ROW_GROUP = 1024 * 1024   # pq.write_table's own row-group length (pyarrow >= 15)


def _write_records_file(path: Path, per_record: pd.DataFrame, rec: pd.DataFrame, mask_nik: bool) -> Path:
    """records.parquet: the record values `explain` shows (pairs.parquet holds the pairs), in
    provenance order, so `explain` reads them instead of recomputing the match."""
    by_position = np.argsort(per_record["position"].to_numpy(), kind="stable")
    columns = {c: take_text(rec[c], by_position) for c in ["source_file", "sheet"]}
    columns["row"] = pa.array(rec["row"].astype(np.int64).to_numpy()[by_position])
    for c in ["role", "list_regency"] + EXPLAIN_FIELDS:
        columns[c] = take_text(rec[c], by_position)
        if c in ("nik", "kk"):
            columns[c] = masked_niks(columns[c], mask_nik)
    columns["cluster_id"] = take_text(per_record["cluster_id"], by_position)
    with atomic_path(path) as tmp:
        pq.write_table(pa.table(columns), tmp)
    return path


def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    return str(value)


def _review_rows(pairs: pd.DataFrame, review: pd.DataFrame, applied: dict, position: np.ndarray) -> pd.DataFrame:
    """Perlu Ditinjau: the pairs still waiting (strongest first), then every pair an officer
    decided, with its verdict in Keputusan, so a decision stays visible and can be withdrawn."""
    review = review.iloc[_pair_order(review, position)].assign(verdict="")
    if not applied:
        return review
    left, right = pairs["left"].to_numpy().astype(np.int64), pairs["right"].to_numpy().astype(np.int64)
    n = int(max(left.max(initial=0), right.max(initial=0))) + 1
    keys = np.minimum(left, right) * n + np.maximum(left, right)
    wanted = {a * n + b: v for (a, b), v in applied.items()}
    hit = np.isin(keys, np.fromiter(wanted, np.int64, len(wanted)))
    hit[np.isin(pairs.index.to_numpy(), review.index.to_numpy())] = False
    decided = pairs[hit]
    decided = decided.iloc[_pair_order(decided, position)]
    verdicts = [wanted[k] for k in keys[hit][_pair_order(pairs[hit], position)]]
    return pd.concat([review, decided.assign(verdict=verdicts)])


def _with_earlier(review: pd.DataFrame, rec: pd.DataFrame, earlier, verdicts: dict, unread: dict, waiting: int,
                  mask_nik: bool = False):
    """Perlu Ditinjau with the pairs between this stage's records and earlier stages' after this
    stage's own: (rows, the records they point at: this stage's then the earlier ones, pairs
    still waiting). The earlier record is row B, its Berkas cell naming its stage ("tahap-1:
    kab.csv"), so the officer's SAMA/BEDA there is read back as any pair's and holds in later stages."""
    pairs, records = earlier
    if mask_nik:   # their files and sheets as masked_provenance masks this stage's
        from .report.masked import _texts

        records = records.assign(source_file=_texts(records["source_file"]), sheet=_texts(records["sheet"]))
    n = len(rec)
    keys = list(zip(pairs["left"].tolist(), pairs["book"].tolist()))
    verdict = [verdicts.get(k, unread.get(k, "")) for k in keys]
    waiting_here = (pairs["decision"] == REVIEW).to_numpy(dtype=bool) & np.array([k not in verdicts for k in keys])
    order = np.lexsort((pairs["right"].to_numpy(), pairs["left"].to_numpy(), -pairs["weight"].to_numpy()))
    rows = pairs.assign(right=pairs["right"] + n, verdict=verdict).drop(columns="book").iloc[order]
    rows = rows[np.asarray(waiting_here)[order] | (rows["verdict"] != "").to_numpy()]
    both = pd.concat([rec, records[[c for c in rec.columns if c in records.columns]]], ignore_index=True)
    return pd.concat([review, rows], ignore_index=True), both, waiting + int(waiting_here.sum())


def _keep_unread(review: pd.DataFrame, unread: dict) -> pd.DataFrame:
    """Keputusan shows what an officer wrote that was not understood ('SAMA.', 'tidak'), where
    it was written: it is reported again on the next run instead of vanishing with the old workbook."""
    if not unread or not len(review):
        return review
    left, right = review["left"].to_numpy().astype(np.int64), review["right"].to_numpy().astype(np.int64)
    texts = [unread.get((int(a), int(b))) for a, b in zip(np.minimum(left, right), np.maximum(left, right))]
    return review.assign(verdict=[text if text is not None else v for text, v in zip(texts, review["verdict"])])


def _without_lists(summary: dict) -> None:
    """Without a Kemensos (Prakerja) list, its columns say 'no data' (null), not 0, and nobody is
    counted as not yet helped: that would be computed from nothing."""
    roles = summary["records_by_role"]
    none = set()
    if not roles.get("kemensos"):
        none |= {"in_kemensos", "no_assistance"}
    if not roles.get("prakerja"):
        none |= {"in_prakerja", "prakerja_passed", "no_assistance"}
    summary["no_data_columns"] = sorted(none)
    for counts in [summary["total"], *summary["per_regency"].values()]:
        for column in none & set(counts):
            counts[column] = None


def _decision_summary(engine: dict, book, waiting: int) -> dict:
    """What happened to officers' decisions this run: applied (SAMA/BEDA), withdrawn, stale,
    not understood, and the pairs still waiting."""
    out = {"applied": 0, "same": 0, "different": 0, "stale": [], **engine}
    if book is not None:
        mine = book.summary()
        out["stale"] = mine["stale"] + list(engine.get("stale", []))
        out["stale_count"] = mine["stale_count"] + len(engine.get("stale", []))
        out.update({k: mine[k] for k in ("not_understood", "not_understood_count", "withdrawn")})
    else:
        out["stale_count"] = len(out["stale"])
        out.update({"not_understood": [], "not_understood_count": 0, "withdrawn": 0})
    out["waiting"] = int(waiting)
    return out


def _duplicate_members(rec, per_record, result, comps, lang, applied=None, unread=None) -> pd.DataFrame:
    """Members of clusters with more than one record, with the strongest evidence joining each,
    and SAMA in Keputusan where an officer's SAMA joined the member to its cluster (`unread`:
    position -> what an officer wrote there that was not understood, shown again)."""
    code = per_record["cluster_code"].to_numpy()
    multi = np.flatnonzero(per_record["cluster_size"].to_numpy() > 1)
    # in the sheet's order from the start (codes follow cluster-id order): one copy of the rows
    multi = multi[sort_order(code[multi], per_record["position"].to_numpy()[multi])]
    pairs = result.pairs
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    inside = np.flatnonzero((pairs["decision"] == "match").to_numpy() & (code[left] == code[right]))
    best_text = np.full(len(rec), "", dtype=object)
    if len(inside):
        # the strongest link of each record: both ends, sorted by weight, first per record wins;
        # evidence is put in words for those links only (a text depends on its pair alone)
        weight = pairs["weight"].to_numpy()[inside]
        ends = pd.DataFrame({"rec": np.concatenate([left[inside], right[inside]]), "w": np.tile(weight, 2),
                             "i": np.tile(np.arange(len(inside)), 2)})
        ends = ends.sort_values(["rec", "w", "i"], ascending=[True, False, True], kind="stable")
        best = ends.drop_duplicates("rec")
        chosen, which = np.unique(best["i"].to_numpy(), return_inverse=True)
        texts = reason_texts(result.scored_pairs(pairs.iloc[inside[chosen]]), comps, lang)
        best_text[best["rec"].to_numpy()] = texts[which.ravel()]
    shown = ["source_file", "sheet", "row", "nik", "name", "birth_date", "address", "village", "phone", "role"]
    members = rec.iloc[multi, rec.columns.get_indexer(shown)]   # one copy of those rows and columns only
    # (the members' texts alone made Python strings, not every record's)
    members.insert(0, "cluster_id", per_record["cluster_id"].iloc[multi].to_numpy())
    members["decision"] = per_record["decision"].iloc[multi].to_numpy()
    members["confidence"] = per_record["confidence"].to_numpy()[multi]
    members["evidence"] = best_text[multi]
    verdict = np.full(len(rec), "", dtype=object)
    for (a, b), v in (applied or {}).items():
        if v == "SAMA" and code[a] == code[b]:
            verdict[[a, b]] = "SAMA"
    for position, text in (unread or {}).items():
        verdict[position] = text
    members["verdict"] = verdict[multi]
    return members


def _write_pairs(path: Path, pairs: pd.DataFrame, per_record: pd.DataFrame, cluster_names,
                 rec: pd.DataFrame, result: MatchResult | None = None) -> Path:
    """Scored pairs for `explain`, keyed by provenance (file, sheet, row), in a stable order. Files,
    sheets, clusters and decisions are dictionary-encoded: millions of pairs, few distinct values.
    `cluster_names`: the cluster id of each cluster code (the persons table's order).
    Built and written one row group at a time (the row groups pq.write_table makes, so the file's
    bytes are the same): a whole Arrow copy of millions of pairs never exists beside the frame.
    Every column of a scored pair is written (matching.pair_columns): those the pairs do not hold
    (matching.derived: each comparison's bits but the name's, the probabilities, the model's own
    decision) are made for each row group's pairs from `result`'s model (without `result`: the
    frame's own columns)."""
    position = per_record["position"].to_numpy()
    if hasattr(pairs, "ordered_chunks"):
        # the Spark engine's pairs (matching/spark/pairs.py): held on the cluster, streamed to
        # this process already in this order, a row group at a time
        total = len(pairs)
        chunks = pairs.ordered_chunks(position, PARQUET_ROW_GROUP)
        pairs = pairs.template
    else:
        order = _pair_order(pairs, position)
        if len(order) < 2**31:   # held while every row group is written: half of it
            order = order.astype(np.int32)
        # the sort's temporaries (tens of MB each, below glibc's raised mmap threshold, so on the
        # heap) handed back before the row groups are built on top: ~0.2 GB of the 1M peak
        release(collect=False)
        total = len(order)
        chunks = ((pairs, order[start:start + PARQUET_ROW_GROUP])
                  for start in range(0, max(total, 1), PARQUET_ROW_GROUP))
    every = list(pairs.columns)   # every column held (the Spark engine's): in the frame's order
    if result is not None and not set(pair_columns(result.settings.comparisons)) <= set(every):
        every = pair_columns(result.settings.comparisons)
    names = [n for n in every if n not in ("left", "right")]
    categories = {n: pa.array(np.asarray(pairs[n].cat.categories.astype(str), dtype=object), type=pa.string())
                  for n in names if n in pairs and isinstance(pairs[n].dtype, pd.CategoricalDtype)}
    categories.update({n: pa.array(CATEGORICAL[n], type=pa.string())
                       for n in names if n not in pairs and n in CATEGORICAL})
    files, file_names = pd.factorize(rec["source_file"].astype(str), sort=True)
    sheets, sheet_names = pd.factorize(rec["sheet"].astype(str), sort=True)
    lookups = {"file": (files, pa.array(np.asarray(file_names, dtype=object), type=pa.string())),
               "sheet": (sheets, pa.array(np.asarray(sheet_names, dtype=object), type=pa.string())),
               "cluster": (per_record["cluster_code"].to_numpy(),
                           pa.array(np.asarray(cluster_names, dtype=object), type=pa.string()))}
    rows = rec["row"].astype(np.int64).to_numpy()

    def group(pairs: pd.DataFrame, take: np.ndarray) -> pa.Table:
        columns: dict[str, pa.Array] = {}
        get = frame_columns(pairs)
        for name in names:
            if name not in pairs:
                assert result is not None
                values = derived(name, lambda column: get(column)[take], result.model, result.settings)
                columns[name] = _dictionary(values, categories[name]) if name in categories else pa.array(values)
            elif name in categories:
                columns[name] = _dictionary(pairs[name].cat.codes.to_numpy()[take], categories[name])
            else:
                columns[name] = pa.array(pairs[name].to_numpy()[take])
        for side in ("left", "right"):
            idx = pairs[side].to_numpy()[take]
            columns[f"{side}_file"] = _dictionary(lookups["file"][0][idx], lookups["file"][1])
            columns[f"{side}_sheet"] = _dictionary(lookups["sheet"][0][idx], lookups["sheet"][1])
            columns[f"{side}_row"] = pa.array(rows[idx])
            columns[f"{side}_cluster"] = _dictionary(lookups["cluster"][0][idx], lookups["cluster"][1])
        return pa.table(columns)

    with atomic_path(path) as tmp:
        if total <= PARQUET_ROW_GROUP:
            pq.write_table(group(*next(chunks)), tmp)
        else:
            first = group(*next(chunks))
            with pq.ParquetWriter(tmp, first.schema) as writer:
                writer.write_table(first, row_group_size=PARQUET_ROW_GROUP)
                del first
                release(collect=False)
                for chunk in chunks:
                    writer.write_table(group(*chunk), row_group_size=PARQUET_ROW_GROUP)
                    release(collect=False)   # the group's columns and pages, before the next
    return path


def _dictionary(codes: np.ndarray, names) -> "pa.DictionaryArray":
    if not isinstance(names, pa.Array):
        names = pa.array(np.asarray(names, dtype=object), type=pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), names)


def _pair_order(pairs: pd.DataFrame, position: np.ndarray) -> np.ndarray:
    """Pairs by content (score to 4 decimals, then the provenance order of both records), not by
    row index: one packed integer sort, the key packed in place in the score's own array (at 14M
    pairs each temporary array over every pair is 56-112 MB, and these were the write stage's peak)."""
    narrow = position.astype(np.int32) if len(position) < 2**31 else position
    a, b = narrow[pairs["left"].to_numpy()], narrow[pairs["right"].to_numpy()]
    low = np.minimum(a, b)
    np.maximum(a, b, out=b)
    high = b
    del a
    score = pair_score(pairs["weight"].to_numpy())
    np.subtract(score.max(initial=0), score, out=score)
    _dense_rank(score)
    bits = [max(int(k.max(initial=0)).bit_length(), 1) for k in (score, low, high)]
    if sum(bits) > 62:   # too wide for one word (not met at 2.8M records: 16 + 22 + 22 bits)
        return sort_order(score, low, high)
    for key, width in ((low, bits[1]), (high, bits[2])):
        score <<= width
        score |= key
    del low, high, b
    return np.argsort(score, kind="stable")


def _dense_rank(score: np.ndarray) -> None:
    """In place, each non-negative score replaced by its rank among the distinct scores: the same
    order in fewer bits, so that score and both records' positions fit one word at a province's
    size (at 2.8M records 58,505 distinct scores, 16 bits instead of 21; the two-word lexsort the
    22-bit positions forced held ~2 GB of temporaries, the run's top). A table over the scores'
    range (a few MB); left as is where that range is implausibly wide."""
    top = int(score.max(initial=0))
    if top >= 2**27:
        return
    present = np.zeros(top + 1, bool)
    present[score] = True
    rank = np.cumsum(present, dtype=np.int64) - 1
    for start in range(0, len(score), PARQUET_ROW_GROUP):
        part = score[start:start + PARQUET_ROW_GROUP]
        part[:] = rank[part]
