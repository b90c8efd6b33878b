"""The `umkm-dedup` command line: parses options, calls the library, prints. No logic here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from . import __version__
from .clihelp import ENV_LANG, UsageProblem, normal_lang
from .core.console import error_line, local_time, make_console, print_json, tolerate_legacy_encodings
from .i18n.messages import t
from .core.privacy import mask_text
from .core.records import FileProblem, Role

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Rekonsiliasi data UMKM terdampak: satu orang dihitung sekali. "
                       "(Reconcile impacted-UMKM lists so that no person is counted twice.)")

def _lang_option(value: Optional[str]) -> Optional[str]:
    """--lang (or UMKM_DEDUP_LANG): 'ID' is id; anything else but id/en is a usage error."""
    if value is None:
        return None
    lang = normal_lang(value)
    if lang is None:
        _check_lang(value)
    return lang


LangOpt = typer.Option("id", "--lang", envvar=ENV_LANG, callback=_lang_option,
                       help="Bahasa laporan / report language: id | en")
JsonOpt = typer.Option(False, "--json", help="Print a machine-readable summary (JSON) on stdout.")
MapOpt = typer.Option(None, "--map", help="Column mapping override 'Header=field', repeatable.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"umkm-dedup {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    pass


def parse_mapping(items: Optional[list[str]], lang: str = "id") -> dict[str, str]:
    from .sources.synonyms import known_fields

    mapping: dict[str, str] = {}
    for item in items or []:
        header, sep, field = item.rpartition("=")
        if not sep or not header.strip() or field.strip() not in known_fields():
            raise UsageProblem(t("use.mapping", lang, item=item, known=", ".join(sorted(known_fields()))),
                               param_hint="--map")
        mapping[header.strip()] = field.strip()
    return mapping


def _roles(kemensos: Optional[list[Path]], prakerja: Optional[list[Path]]) -> dict[str, Role]:
    roles: dict[str, Role] = {}
    for p in kemensos or []:
        roles[str(p)] = Role.KEMENSOS
    for p in prakerja or []:
        roles[str(p)] = Role.PRAKERJA
    return roles


@app.command()
def inspect(
    paths: list[Path] = typer.Argument(..., help="Files or folders to read."),
    kemensos: Optional[list[Path]] = typer.Option(None, "--kemensos", help="Kemensos (BPUM/DTKS) list."),
    prakerja: Optional[list[Path]] = typer.Option(None, "--prakerja", help="Kartu Prakerja roster."),
    mapping: Optional[list[str]] = MapOpt,
    lang: str = LangOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Show how every file and sheet is read: header row, column mapping, records, dropped rows."""
    from .commands.inspect_sources import inspect_paths

    _, summary = inspect_paths(list(paths), roles=_roles(kemensos, prakerja), mapping=parse_mapping(mapping, lang))
    if as_json:
        print_json(summary)
    else:
        _print_inspect(summary, lang)
    if summary["files_failed"]:
        raise typer.Exit(2)


def _print_inspect(summary: dict, lang: str) -> None:
    out = make_console()
    table = Table(title=t("inspect.title", lang), show_lines=False)
    for key in ("col.file", "col.sheet", "col.role", "col.regency", "col.header_row", "col.records",
                "col.dropped", "col.quality", "col.mapping", "col.unmapped"):
        table.add_column(t(key, lang), overflow="fold")
    for s in summary["sheets"]:
        if s["skipped_reason"]:
            table.add_row(mask_text(s["file"]), mask_text(s["sheet"]), "", "", "", "0", t(f"skip.{s['skipped_reason']}", lang),
                          "", "", "")
            continue
        dropped = ", ".join(f"{t('drop.' + k, lang)}: {v}" for k, v in s["dropped"].items())
        quality = ", ".join(f"{t('nik.' + k, lang)}: {v}" for k, v in s["nik_quality"].items() if v)
        mapping = ", ".join(f"{h}→{f}" for h, f in s["mapping"].items() if not f.startswith("_"))
        table.add_row(*(mask_text(x) for x in (s["file"], s["sheet"], t(f"role.{s['role']}", lang), s["regency"],
                                               str(s["header_row"]), str(s["records"]), dropped, quality, mapping,
                                               ", ".join(s["unmapped"]))))
    out.print(table)
    out.print(t("inspect.totals", lang, files=summary["files_read"], records=summary["records"],
                dropped=summary["rows_dropped"]))
    err = make_console(stderr=True)
    for p in summary["problems"]:
        error_line(err, f"{t('error.file', lang)}: {FileProblem(**p).describe(lang)}")
    if summary["problems"]:
        error_line(err, t("summary.files_failed", lang, n=summary["files_failed"]))


@app.command()
def init(folder: Path = typer.Argument(Path("."), help="Folder for umkm-dedup.toml."),
         lang: str = LangOpt) -> None:
    """Write a commented configuration file (umkm-dedup.toml) for scheduled runs."""
    from .core.config import write_template

    path = write_template(folder, lang=lang)
    make_console().print(t("init.done", lang, path=str(path)))


def _spark_conf(items: list[str] | None) -> dict[str, str] | None:
    """--spark-conf KEY=VALUE items as a dict (parsed without importing pyspark)."""
    if not items:
        return None
    from .matching.spark.session import parse_conf

    return parse_conf(items)


ConfigOpt = typer.Option(None, "--config", "-c", help="Configuration file (umkm-dedup.toml); options override it.")


@app.command()
def merge(
    inputs: Optional[list[Path]] = typer.Argument(None, help="Regency lists: files or folders (read recursively)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for the report (created if missing)."),
    kemensos: Optional[list[Path]] = typer.Option(None, "--kemensos", help="Kemensos (BPUM/DTKS) list."),
    prakerja: Optional[list[Path]] = typer.Option(None, "--prakerja", help="Kartu Prakerja roster."),
    mapping: Optional[list[str]] = MapOpt,
    lang: Optional[str] = typer.Option(None, "--lang", envvar=ENV_LANG, callback=_lang_option,
                                       help="Bahasa laporan / report language: id | en"),
    mask_nik: Optional[bool] = typer.Option(None, "--mask-nik/--no-mask-nik",
                                            help="Mask NIKs in every output (for sharing)."),
    match_weight: Optional[float] = typer.Option(None, "--match-weight",
                                                 help="Evidence (bits) at or above which a pair is one person."),
    review_weight: Optional[float] = typer.Option(None, "--review-weight",
                                                  help="Evidence (bits) at or above which a pair goes to review."),
    ledger: Optional[Path] = typer.Option(None, "--ledger", help="Ledger of earlier stages (SQLite)."),
    stage: Optional[str] = typer.Option(None, "--stage", help="Name of this stage in the ledger, e.g. tahap-2."),
    decisions: Optional[list[Path]] = typer.Option(None, "--decisions", help="An edited report workbook (Keputusan "
                                                   "SAMA/BEDA) or a CSV of decided pairs; repeatable."),
    model: Optional[Path] = typer.Option(None, "--model", help="Score with a frozen model (an earlier merge's "
                                         "model.json)."),
    refit: bool = typer.Option(False, "--refit", help="With --ledger: fit the model again instead of reusing "
                               "the first stage's."),
    config: Optional[Path] = ConfigOpt,
    log_file: Optional[Path] = typer.Option(None, "--log-file", help="Write structured logs (JSON lines) here."),
    as_json: bool = JsonOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    force: bool = typer.Option(False, "--force", help="Go on where the run would stop to protect work (an "
                               "unreadable report in --out)."),
    engine: str = typer.Option("local", "--engine", help="Matching engine: local or spark."),
    spark_master: Optional[str] = typer.Option(None, "--spark-master", help="Spark master URL (local[2] if not given)."),
    spark_conf: Optional[list[str]] = typer.Option(None, "--spark-conf", help="Spark setting KEY=VALUE, repeatable."),
    report_date: Optional[str] = typer.Option(None, "--report-date", help="Date printed on the report and stored "
                                              "as its creation date, YYYY-MM-DD (default: newest input file)."),
    csv_sep: Optional[str] = typer.Option(None, "--csv-sep", help="CSV separator: ';' (default in Indonesian) "
                                          "or ','."),
    max_memory: Optional[str] = typer.Option(None, "--max-memory", help="Memory the run may use (e.g. 8G); "
                                             "default: what the machine has available; 0: no bound."),
) -> None:
    """Merge the regency lists, cross them with Kemensos and Prakerja, and write the report."""
    from .core.config import Config, load_config
    from .core.logs import JsonLog
    from .matching import Settings
    from .pipeline import merge as run_merge

    cfg = load_config(config) if config else Config()
    pick = lambda cli, conf, default=None: cli if cli not in (None, []) else (conf if conf not in (None, []) else default)  # noqa: E731
    inputs = pick(inputs, cfg.regencies)
    out = pick(out, cfg.out)
    lang = pick(lang, cfg.lang, "id")
    if not inputs:
        raise UsageProblem(t("use.need_inputs", lang))
    if out is None:
        raise UsageProblem(t("use.need_out", lang), param_hint="--out")
    from .core.config import check_options

    check_options("matching", {"match_weight": match_weight, "review_weight": review_weight},
                  {"match_weight": "--match-weight", "review_weight": "--review-weight"})
    matching = dict(cfg.matching)
    matching.update({k: v for k, v in (("match_weight", match_weight), ("review_weight", review_weight))
                     if v is not None})
    frozen = None
    if model is not None:   # the model's own settings, with what the config or options change
        from .matching.model import load_model

        frozen = load_model(model)
        if matching and frozen.settings is not None:
            matching = {**frozen.settings.to_dict(), **matching}
    settings = Settings.from_dict(matching) if matching else None
    report_cfg = dict(cfg.sections.get("report", {}))
    check_options("report", {"date": report_date, "csv_separator": csv_sep},
                  {"date": "--report-date", "csv_separator": "--csv-sep"})
    from .report.cover import parse_date

    date = parse_date(report_date) if report_date else None
    log = JsonLog(pick(log_file, cfg.log_file))
    _LOG["path"] = log.path
    mask = pick(mask_nik, cfg.mask_nik, False)
    map_overrides = {**cfg.mapping, **parse_mapping(mapping, lang)}
    memory = _memory_option(max_memory, lang)
    log.event("merge.start", inputs=[str(p) for p in inputs], out=str(out), stage=pick(stage, cfg.stage))
    console = make_console(stderr=True, quiet=quiet or as_json)
    with _stages(console, lang, log) as progress:
        result = run_merge(list(inputs), out=out, kemensos=pick(kemensos, cfg.kemensos),
                           prakerja=pick(prakerja, cfg.prakerja), lang=lang, mask_nik=mask, settings=settings,
                           mapping=map_overrides, ledger=pick(ledger, cfg.ledger), stage=pick(stage, cfg.stage),
                           decisions=decisions, progress=progress, force=force, model=frozen, refit=refit,
                           report=report_cfg, report_date=date,
                           csv_sep=pick(csv_sep, report_cfg.get("csv_separator")), max_memory=memory,
                           engine=engine, spark_master=spark_master, spark_conf=_spark_conf(spark_conf))
    summary = result.summary
    for p in result.table.problems:
        log.event("input.failed", file=p.file, sheet=p.sheet, message=p.message, hint=p.hint)
    log.event("merge.done", records=summary["records_read"], persons=summary["persons"],
              unique_in_regency_lists=summary["unique_persons_in_regency_lists"],
              already_reported=summary.get("already_reported", 0), files_failed=len(result.table.problems))
    if as_json:
        print_json(summary)
    elif not quiet and summary["records_read"]:
        by_role = summary.get("records_by_role", {})
        make_console().print(t("merge.done", lang, persons=summary["unique_persons_in_regency_lists"],
                                records=summary["records_read"], regency=by_role.get("regency", 0),
                                kemensos=by_role.get("kemensos", 0), prakerja=by_role.get("prakerja", 0),
                                out=str(out)))
        _print_decisions(make_console(), summary["decisions"], lang)
    err = make_console(stderr=True)
    if not quiet:
        for line in summary.get("warnings", []):
            err.print(f"{t('sum.warnings', lang)}: {line}", markup=False, highlight=False)
        for report in _backups(result):
            err.print(f"{t('note.backup', lang)}: {report}", markup=False, highlight=False)
        from .sources.cells import clean_text
        from .sources.discover import FILE_SKIPS

        for sheet in result.table.sheets:
            if sheet.skipped_reason in FILE_SKIPS:
                err.print(f"{t('note.skipped', lang)}: {clean_text(sheet.path)} — {t('skip.' + sheet.skipped_reason, lang)}",
                          markup=False, highlight=False)
    for p in result.table.problems:
        error_line(err, f"{t('error.file', lang)}: {p.describe(lang)}")
    if not summary["records_read"]:   # an empty folder or a wrong path is not a result
        error_line(err, f"{t('error.file', lang)}: {t('err.nothing_read', lang, inputs=', '.join(map(str, inputs)))}"
                   f" — {t('hint.nothing_read', lang)}")
        raise typer.Exit(2)
    if result.table.problems:
        error_line(err, t("summary.files_failed", lang, n=len(result.table.problems)) + ". "
                   + t("merge.partial", lang) + f": {out}")
        raise typer.Exit(2)


def _print_decisions(out, decided: dict, lang: str, limit: int = 20) -> None:
    """The one line every merge prints about officers' decisions, then each one not applied."""
    from .stages.decisions import item_words

    out.print(t("merge.decisions", lang, applied=decided.get("applied", 0), same=decided.get("same", 0),
                different=decided.get("different", 0), withdrawn=decided.get("withdrawn", 0),
                stale=decided.get("stale_count", 0), unknown=decided.get("not_understood_count", 0),
                waiting=decided.get("waiting", 0)), markup=False, highlight=False)
    for key, items, count in (("sum.stale", decided.get("stale", []), decided.get("stale_count", 0)),
                              ("sum.not_understood", decided.get("not_understood", []),
                               decided.get("not_understood_count", 0))):
        for item in items[:limit]:
            out.print(f"  {t(key, lang)}: {item_words(item, lang)}", markup=False, highlight=False)
        if count > min(len(items), limit):
            out.print("  " + t("merge.more", lang, n=count - min(len(items), limit)), markup=False, highlight=False)


def _backups(result) -> list:
    from .pipeline import WORKBOOK

    return [r.with_name(r.stem + ("_sebelumnya" if r.name == WORKBOOK else "_previous") + r.suffix)
            for r in result.previous_reports]


@app.command()
def explain(
    out: Path = typer.Option(..., "--out", "-o", help="The output folder of a finished merge."),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="Explain every link inside this cluster."),
    record: Optional[str] = typer.Option(None, "--record", help="FILE:SHEET:ROW (CSV: FILE::ROW)."),
    with_: Optional[str] = typer.Option(None, "--with", help="The other record, FILE:SHEET:ROW."),
    limit: int = typer.Option(10, "--limit", help="At most this many pairs."),
    lang: str = LangOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Why records were joined or kept apart: each field's evidence, the total and the decision."""
    from .commands.explain import RecordRef, Run

    if bool(cluster) == bool(record):
        raise UsageProblem(t("use.cluster_or_record", lang))
    run = Run(out)
    if cluster:
        pairs = run.cluster_pairs(cluster)
    else:
        a = RecordRef.parse(record)
        run.record(a)
        b = RecordRef.parse(with_) if with_ else None
        if b:
            run.record(b)
        pairs = run.pairs_of(a, b)
    explained = [run.explain_pair(row, lang) for _, row in pairs.head(limit).iterrows()]
    if as_json:
        print_json({"pairs": explained, "shown": len(explained), "total": len(pairs)})
        return
    console = make_console()
    if not explained:
        console.print(t("x.never_compared", lang))
        return
    for e in explained:
        _print_explained(console, e, lang)
    console.print(t("x.scale", lang), markup=False)


def _print_explained(console, e: dict, lang: str) -> None:
    """One pair as a person reads it: field names and outcomes in words, evidence on a plain
    scale with the bits second; the two records' places in the title (ASCII, any console)."""
    from rich.text import Text

    title = (f"A: {e['a']['file']} · {e['a']['sheet'] or '-'} · {t('where.row', lang)} {e['a']['row']}   "
             f"B: {e['b']['file']} · {e['b']['sheet'] or '-'} · {t('where.row', lang)} {e['b']['row']}")
    table = Table(title=Text(mask_text(title)))
    for h in ("x.col.field", "x.col.a", "x.col.b", "x.col.result", "x.col.detail", "x.col.evidence"):
        table.add_column(t(h, lang), overflow="fold")
    for f in e["fields"]:
        a_val, b_val = mask_text(f["a"]), mask_text(f["b"])     # any NIK-like run, whatever the field
        style = "green" if f["bits"] > 0 else "red" if f["bits"] < 0 else ""
        detail = f["outcome"] if f["result"] != "missing" else ""
        table.add_row(t(f"xf.{f['comparison']}", lang), Text(a_val), Text(b_val), t(f"xo.{f['result']}", lang),
                      Text(detail), Text(f"{t('xs.' + f['strength'], lang)} ({f['bits']:+.2f})", style=style))
    table.add_row(t("x.total", lang), "", "", "",
                  t("x.thresholds", lang, match=e["match_weight"], review=e["review_weight"]),
                  f"{t('xs.' + e['total_strength'], lang)} ({e['total_bits']:+.2f})")
    console.print(table)
    decision = t("x.decision", lang, decision=t(f"xd.{e['decision']}", lang))
    console.print(decision + (f" ({e['rule_text']})" if e["rule_text"] else ""), markup=False)


@app.command()
def evaluate(
    out: Path = typer.Option(..., "--out", "-o", help="The output folder of a finished merge."),
    truth: Path = typer.Option(..., "--truth", help="TRUTH.csv: source_file,sheet,row,person_id."),
    lang: str = LangOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Measure a finished run against a hand-labelled truth: pairwise precision/recall/F1, persons per
    regency, each decision band and rule, Perlu Ditinjau; writes evaluation.json and evaluation_pairs.csv."""
    from .matching.evaluate import evaluate_run, write_evaluation

    _check_lang(lang)
    ev = evaluate_run(out, truth)
    write_evaluation(ev, out)
    data = ev.to_dict()
    if as_json:
        print_json(data)
        return
    console = make_console()
    console.print(t("eval.title", lang), style="bold")
    console.print(t("eval.pairwise", lang, **ev.pairwise))
    console.print(t("eval.persons", lang, found=ev.pairwise["unique_found"], true=ev.pairwise["unique_true"],
                    pct=ev.pairwise["unique_error_pct"]))
    console.print(t("eval.review", lang, pairs=ev.review["pairs"], share=ev.review["share_of_records_pct"],
                    true=ev.review["truly_same"]))
    table = Table()
    for key in ("eval.col.band", "eval.col.pairs", "eval.col.same", "eval.col.precision", "eval.col.recall"):
        table.add_column(t(key, lang), overflow="fold")
    from .i18n.messages import number

    fmt = lambda v: "" if v is None else number(v, lang, ".4f")  # noqa: E731
    for name, row in [*ev.bands.items(), *((f"  {r}", v) for r, v in ev.rules.items())]:
        table.add_row(name, number(row["pairs"], lang), number(row["truly_same"], lang), fmt(row["precision"]),
                      fmt(row["recall"]))
    console.print(table)
    regions = Table()
    for key in ("col.regency", "col.records", "eval.col.persons_true", "eval.col.persons_found", "eval.col.error"):
        regions.add_column(t(key, lang), overflow="fold")
    for r in ev.per_regency.to_dict("records"):
        regions.add_row(str(r["regency"]), number(r["records"], lang), number(r["persons_true"], lang),
                        number(r["persons_found"], lang), number(r["error_pct"], lang, "+.2f"))
    console.print(regions)
    if ev.unmatched_truth:
        console.print(t("eval.not_in_truth", lang, n=ev.unmatched_truth))
    console.print(t("eval.errors", lang, missed=data["missed_pairs"], false=data["false_pairs"],
                    path=str(Path(out) / "evaluation_pairs.csv")), markup=False)
    if data["missed_not_compared"]:
        console.print(t("eval.not_compared", lang, n=data["missed_not_compared"],
                        bare=data["missed_not_compared_sharing_no_birth_date_or_phone"]), markup=False)


ledger_app = typer.Typer(help="What was reported in earlier stages (tahap).", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")
LedgerOpt = typer.Option(None, "--ledger", help="The ledger file (or [ledger] path in --config).")


def _ledger_path(ledger: Optional[Path], config: Optional[Path], lang: str = "id") -> Path:
    from .core.config import load_config

    path = ledger or (load_config(config).ledger if config else None)
    if path is None:
        raise UsageProblem(t("use.need_ledger", lang), param_hint="--ledger")
    if not Path(path).exists():
        from .core.errors import LedgerError

        raise LedgerError("the ledger does not exist yet", file=str(path), hint="a merge with --ledger creates it",
                          key="ledger_missing")
    from .stages.ledger import ledger_file

    return ledger_file(path)


@ledger_app.command("stages")
def ledger_stages(ledger: Optional[Path] = LedgerOpt, config: Optional[Path] = ConfigOpt,
                  as_json: bool = JsonOpt, lang: str = LangOpt) -> None:
    """List the stages recorded in the ledger."""
    from .stages.ledger import Ledger

    book = Ledger(_ledger_path(ledger, config, lang))
    stages = book.stages()
    book.close()
    if as_json:
        print_json(stages)
        return
    table = Table(title=str(ledger or config))
    for h in ("sum.stage", "h.records", "sum.unique_persons", "sum.new_persons"):
        table.add_column(t(h, lang))
    table.add_column(t("col.created", lang))
    table.add_column(t("col.tool_version", lang))
    for s in stages:
        c = s["counts"]
        table.add_row(s["name"], str(c.get("records", "")), str(c.get("unique_persons", "")),
                      str(c.get("new_persons", "")), local_time(s["created"]), s["tool_version"])
    make_console().print(table)


@ledger_app.command("show")
def ledger_show(stage: str = typer.Argument(...), ledger: Optional[Path] = LedgerOpt,
                config: Optional[Path] = ConfigOpt, lang: str = LangOpt) -> None:
    """Show one stage: when, which inputs (with checksums), the counts."""
    from .stages.ledger import Ledger

    book = Ledger(_ledger_path(ledger, config, lang))
    try:
        print_json(book.stage(stage))
    finally:
        book.close()


@ledger_app.command("remove")
def ledger_remove(stage: str = typer.Argument(...), ledger: Optional[Path] = LedgerOpt,
                  config: Optional[Path] = ConfigOpt, yes: bool = typer.Option(False, "--yes", "-y"),
                  lang: str = LangOpt) -> None:
    """Undo a stage submitted by mistake (asks first, unless --yes)."""
    import sys

    from .stages.ledger import Ledger, locked

    path = _ledger_path(ledger, config, lang)
    with locked(path, "ledger"):
        book = Ledger(path)
        try:
            info = book.stage(stage)
            if not yes:
                if not sys.stdin.isatty():
                    raise UsageProblem(t("ledger.no_prompt", lang), param_hint="--yes")
                typer.confirm(t("ledger.confirm", lang, stage=stage, n=info["new_persons"]), abort=True)
            book.remove_stage(stage)
        finally:
            book.close()
    make_console().print(t("ledger.removed", lang, stage=stage))


@app.command()
def validate(
    file: Path = typer.Argument(..., help="The spreadsheet to check (xlsx, xls, ods, csv)."),
    regency: Optional[str] = typer.Option(None, "--regency", help="Your regency, by name or code (e.g. Gianyar, 5104)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write the checked copy "
                                       "(default: FILE_diperiksa.xlsx beside the file)."),
    fix: bool = typer.Option(False, "--fix", help="Also write a copy with safe, mechanical fixes applied."),
    mapping: Optional[list[str]] = MapOpt,
    lang: str = LangOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Check a facilitator's spreadsheet row by row before it is sent. Exit 0: no errors; 1: errors; 2: unreadable."""
    from .core.errors import SourceError
    from .commands.validate import validate as run_validate

    if file.is_dir():
        _validate_folder(file, regency=regency, out=out, lang=lang, fix=fix, mapping=parse_mapping(mapping, lang),
                         as_json=as_json)
    if not as_json:
        make_console(stderr=True).print(t("val.checking", lang, file=file.name), markup=False)
    try:
        result = run_validate(file, regency=regency, out=out, lang=lang, fix=fix, mapping=parse_mapping(mapping, lang))
    except SourceError as exc:
        error_line(make_console(stderr=True), f"{t('error.file', lang)}: {exc.describe(lang)}")
        raise typer.Exit(2) from None
    if as_json:
        print_json(result.to_dict(lang))
    else:
        _print_validation(result, lang)
    raise typer.Exit(result.exit_code)


def _validate_folder(folder: Path, *, regency, out, lang: str, fix: bool, mapping: dict, as_json: bool) -> None:
    """validate FOLDER: a progress line per file on stderr, then one summary grouped by problem."""
    from .commands.validate_folder import validate_folder

    err = make_console(stderr=True, quiet=as_json)

    def progress(number, total, path, checked, problem):
        where = f"[{number}/{total}] {path.relative_to(folder)}"
        if problem is not None:
            error_line(err, f"{where}: {t('error.file', lang)}: {problem.describe(lang)}")
        else:
            err.print(f"{where}: " + t("val.summary", lang, errors=checked.errors, warnings=checked.warnings,
                                        records=checked.records), markup=False)

    result = validate_folder(folder, regency=regency, out=out, lang=lang, fix=fix, mapping=mapping,
                             progress=progress)
    if not result.files:
        from .core.errors import SourceError

        raise SourceError("no spreadsheet (xlsx, xls, ods, csv) in this folder", file=str(folder),
                          key="no_spreadsheets")
    if as_json:
        print_json(result.to_dict(lang))
        raise typer.Exit(result.exit_code)
    out_console = make_console()
    groups = result.groups()
    if groups:
        from .checks import title

        table = Table(title=t("val.folder_title", lang, files=result.files))
        for key in ("h.severity", "val.col.problem", "val.col.rows", "val.col.files"):
            table.add_column(t(key, lang), overflow="fold")
        for g in groups:
            style = "red" if g.severity == "error" else "yellow"
            names = ", ".join(g.files[:3]) + (f" (+{len(g.files) - 3})" if len(g.files) > 3 else "")
            table.add_row(f"[{style}]{t('sev.' + g.severity, lang)}[/]", title(g.problem, lang),
                          str(g.rows), f"{len(g.files)}: {names}")
        out_console.print(table)
    for _path, problem in result.unreadable:
        error_line(make_console(stderr=True), f"{t('error.file', lang)}: {problem.describe(lang)}")
    out_console.print(t("val.folder_summary", lang, files=result.files, errors=result.errors,
                        warnings=result.warnings, records=result.records), markup=False)
    if result.unreadable:
        error_line(make_console(stderr=True), t("summary.files_failed", lang, n=len(result.unreadable)))
    elif not result.errors:
        out_console.print(t("val.folder_ok", lang))
    out_console.print(t("val.folder_copies", lang), markup=False)
    raise typer.Exit(result.exit_code)


def _print_validation(result, lang: str, limit: int = 20) -> None:
    out = make_console()
    counts: dict[str, tuple[str, int]] = {}
    for f in result.findings:
        sev, n = counts.get(f.problem, (f.severity, 0))
        counts[f.problem] = (sev, n + 1)
    if counts:
        from .checks import title

        table = Table(title=t("val.sheet", lang))
        for key in ("h.severity", "val.col.problem", "col.records"):
            table.add_column(t(key, lang))
        for problem, (sev, n) in sorted(counts.items(), key=lambda kv: (kv[1][0] != "error", -kv[1][1])):
            style = "red" if sev == "error" else "yellow"
            table.add_row(f"[{style}]{t('sev.' + sev, lang)}[/]", title(problem, lang), str(n))
        out.print(table)
        detail = Table(show_header=True)
        for key in ("h.sheet", "val.col.cell", "val.col.column", "val.col.value", "val.col.problem", "val.col.fix"):
            detail.add_column(t(key, lang), overflow="fold")
        for f in result.findings[:limit]:
            detail.add_row(*(mask_text(x) for x in (f.sheet, f.cell, f.header, f.value, f.message(lang), f.fix(lang))))
        out.print(detail)
        if len(result.findings) > limit:
            out.print(t("val.more", lang, n=len(result.findings) - limit))
    out.print(t("val.summary", lang, errors=result.errors, warnings=result.warnings, records=result.records))
    if not result.errors:
        out.print(t("val.ok", lang))
    if result.checked_copy:
        out.print(t("val.copy", lang, path=str(result.checked_copy)))
    if result.fixed_copy:
        out.print(t("val.fixed", lang, n=len(result.changes), path=str(result.fixed_copy)))


def _check_lang(lang: str) -> None:
    if normal_lang(lang) is None:
        raise UsageProblem(t("use.lang", normal_lang(os.environ.get(ENV_LANG)) or "id", value=lang),
                           param_hint="--lang")


def _memory_option(text: Optional[str], lang: str) -> Optional[int]:
    """--max-memory: bytes, 0 for no bound, None for the machine's available memory."""
    if text is None:
        return None
    from .matching.preflight import parse_size

    try:
        return parse_size(text) or 0
    except ValueError:
        raise UsageProblem(t("use.max_memory", lang, value=text), param_hint="--max-memory") from None


class _stages:
    """What a long run says as it goes. On a terminal, a rich display per stage with its counts
    (files read and records, pairs scored) and, where the stage knows its total, a bar and the
    time left; the pre-flight estimate as a line. In the log (--log-file), one JSON line per
    stage as it ends (`merge.stage`: seconds and counts) and one for the estimate
    (`merge.preflight`), terminal or not."""

    def __init__(self, console, lang: str, log=None):
        self.console, self.lang, self.log = console, lang, log
        self.progress = None
        self.task = None
        self.stage = None
        self.started = 0.0
        self.counts: dict = {}

    def __enter__(self):
        if self.console.is_terminal and not self.console.quiet:
            from rich.progress import (BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=24),
                                     TimeElapsedColumn(), TimeRemainingColumn(), console=self.console, transient=True)
            self.progress.start()
        return self.update

    def update(self, stage: str, **info) -> None:
        import time

        if stage == "preflight":
            self._preflight(info["estimate"])
            return
        if info:   # counts of the stage running
            self.counts = {k: v for k, v in info.items() if k != "unit"}
            if self.progress is not None and self.task is not None:
                key = f"progress.{stage}"
                text = t(key, self.lang, **info) if stage in ("read", "match") else t(f"stage.{stage}", self.lang)
                self.progress.update(self.task, description=text, completed=info.get("done", 0),
                                     total=info.get("total") or None)
            return
        self._ended(time.monotonic())
        self.stage, self.started, self.counts = stage, time.monotonic(), {}
        if self.progress is not None:
            if self.task is not None:
                self.progress.update(self.task, completed=1, total=1)
            self.task = self.progress.add_task(t(f"stage.{stage}", self.lang), total=None)

    def _ended(self, now: float) -> None:
        if self.stage is not None and self.log is not None:
            self.log.event("merge.stage", stage=self.stage, seconds=round(now - self.started, 2), **self.counts)
        self.stage = None

    def _preflight(self, estimate) -> None:
        from .matching.preflight import size_text

        if self.log is not None:
            self.log.event("merge.preflight", **{k: v for k, v in estimate.to_dict().items() if k != "keys"},
                           keys={k.key: k.pairs for k in estimate.keys},
                           large_blocks={k.key: k.large for k in estimate.keys if k.large})
        if self.console.quiet:
            return
        limit = size_text(estimate.max_memory) if estimate.max_memory else t("preflight.no_limit", self.lang)
        lines = [t("preflight.line", self.lang, records=estimate.records, pairs=estimate.pairs,
                   need=size_text(estimate.peak_bytes), limit=limit, seconds=estimate.seconds)]
        for key in estimate.keys:   # the blocks that cost the most: past the guard, or near it
            for block in key.large[:1]:
                if block["size"] >= 20:
                    skipped = "" if block["compared"] else t("preflight.skipped", self.lang)
                    lines.append(t("preflight.block", self.lang, key=key.key, size=block["size"],
                                   value=block["value"], skipped=skipped))
        for line in lines:
            self.console.print(line, markup=False, highlight=False)

    def __exit__(self, *exc):
        import time

        if exc[0] is None:
            self._ended(time.monotonic())
        if self.progress is not None:
            self.progress.stop()
        return False


#: the log this command writes to, where the last-resort handler puts an unexpected error's traceback
_LOG: dict = {"path": None}


def _interrupted(exc: KeyboardInterrupt, lang: str) -> None:
    """Ctrl-C: say whether anything was changed (only a Ctrl-C during the final save lets it finish)."""
    import sys

    from .core.interrupts import FinishedInterrupt, finished_save

    done = isinstance(exc, FinishedInterrupt) or finished_save()
    key = "merge.interrupted_done" if done else "merge.interrupted"
    error_line(make_console(stderr=True), t(key, lang))
    sys.exit(130)


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point: usage and configuration errors exit 3, unreadable input 2, data problems 1.
    Help and usage errors are ours (clihelp), in the language chosen before options are parsed."""
    import sys

    from . import clihelp
    from .core.errors import UmkmError
    from .core.interrupts import forget

    tolerate_legacy_encodings()
    forget()
    _LOG["path"] = None
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = clihelp.help_language(argv)
    root = typer.main.get_command(app)
    wanted = clihelp.help_path(root, argv)
    if wanted is not None:
        make_console().print(clihelp.render_help(root, wanted, lang), markup=False, highlight=False)
        sys.exit(0)
    try:
        code = root.main(argv, prog_name=clihelp.PROG, standalone_mode=False)
    except clihelp.UsageError as exc:
        error_line(make_console(stderr=True), clihelp.usage_message(exc, root, argv, lang))
        sys.exit(3)
    except typer.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):   # older typer/click: Ctrl-C becomes Abort
            _interrupted(exc.__cause__, lang)
        error_line(make_console(stderr=True), t("use.aborted", lang))
        sys.exit(130)
    except typer.Exit as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            _interrupted(exc.__cause__, lang)
        sys.exit(exc.exit_code)
    except UmkmError as exc:
        error_line(make_console(stderr=True), f"{t('error.file', lang)}: {exc.describe(lang)}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:
        _interrupted(exc, lang)
    except Exception as exc:   # the last resort: the traceback goes to the log, masked, never to the screen
        from .core.logs import log_crash

        try:
            where = str(log_crash(exc, _LOG["path"]))
        except OSError:
            where = "-"
        if isinstance(exc, OSError) and exc.filename is not None:
            # a place the command must create or write refused (--out under a file, a folder without
            # write permission, a full disk): the user's to fix, not the tool broken
            error_line(make_console(stderr=True), f"{t('error.file', lang)}: {exc.filename}: "
                       f"{t('err.cannot_write', lang, reason=exc.strerror or type(exc).__name__)} — "
                       f"{t('hint.cannot_write', lang)}")
            sys.exit(3)
        error_line(make_console(stderr=True), f"{t('error.file', lang)}: "
                   f"{t('err.internal', lang, kind=type(exc).__name__, log=where)} — {t('hint.internal', lang)}")
        sys.exit(1)
    if code == 130:    # typer swallows a Ctrl-C and returns 130
        _interrupted(KeyboardInterrupt(), lang)
    sys.exit(code if isinstance(code, int) else 0)
