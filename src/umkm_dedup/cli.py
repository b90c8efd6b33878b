"""The `umkm-dedup` command line: parses options, calls the library, prints. No logic here."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from . import __version__
from .console import error_line, make_console, print_json
from .messages import t
from .records import Role

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Rekonsiliasi data UMKM terdampak: satu orang dihitung sekali. "
                       "(Reconcile impacted-UMKM lists so that no person is counted twice.)")

LangOpt = typer.Option("id", "--lang", help="Bahasa laporan / report language: id | en")
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


def parse_mapping(items: Optional[list[str]]) -> dict[str, str]:
    from .sources.synonyms import known_fields

    mapping: dict[str, str] = {}
    for item in items or []:
        header, sep, field = item.rpartition("=")
        if not sep or not header.strip() or field.strip() not in known_fields():
            raise typer.BadParameter(f"'{item}': expected 'Header=field' with field one of "
                                     f"{', '.join(sorted(known_fields()))}", param_hint="--map")
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
    from .inspect_sources import inspect_paths

    _, summary = inspect_paths(list(paths), roles=_roles(kemensos, prakerja), mapping=parse_mapping(mapping))
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
            table.add_row(s["file"], s["sheet"], "", "", "", "0", t(f"skip.{s['skipped_reason']}", lang),
                          "", "", "")
            continue
        dropped = ", ".join(f"{t('drop.' + k, lang)}: {v}" for k, v in s["dropped"].items())
        quality = ", ".join(f"{t('nik.' + k, lang)}: {v}" for k, v in s["nik_quality"].items() if v)
        mapping = ", ".join(f"{h}→{f}" for h, f in s["mapping"].items() if not f.startswith("_"))
        table.add_row(s["file"], s["sheet"], t(f"role.{s['role']}", lang), s["regency"], str(s["header_row"]),
                      str(s["records"]), dropped, quality, mapping, ", ".join(s["unmapped"]))
    out.print(table)
    out.print(f"{summary['files_read']} files, {summary['records']} records, "
              f"{summary['rows_dropped']} rows dropped (not records)")
    err = make_console(stderr=True)
    for p in summary["problems"]:
        where = " ".join(x for x in (p["file"], f"[{p['sheet']}]" if p["sheet"] else "") if x)
        error_line(err, f"{t('error.file', lang)}: {where}: {p['message']}" + (f" — {p['hint']}" if p["hint"] else ""))
    if summary["problems"]:
        error_line(err, t("summary.files_failed", lang, n=summary["files_failed"]))


def main() -> None:
    app()
