"""Help screens and usage errors in the user's language (issue 18): every command and option from the
catalogue, Indonesian by default, English by --lang en / UMKM_DEDUP_LANG=en / the config file;
readable metavars, defaults, examples; usage errors in the same language with exit 3."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer

from umkm_dedup import clihelp
from umkm_dedup.cli import app, main
from umkm_dedup.i18n.messages import _M

ROOT = typer.main.get_command(app)

#: words of English help text that never belong in an Indonesian screen
ENGLISH = {"the", "and", "of", "with", "which", "or", "to", "is", "are", "this", "every", "show", "shows", "write",
           "writes", "file", "files", "usage", "options", "arguments", "commands", "default", "required", "examples",
           "example", "report", "list", "lists", "records", "record", "help", "exit", "print", "from", "give", "in"}
#: words of Indonesian help text that never belong in an English screen
INDONESIAN = {"dan", "yang", "berkas", "atau", "untuk", "dengan", "tahap", "bawaan", "wajib", "perintah", "opsi",
              "pemakaian", "contoh", "laporan", "daftar", "bantuan", "tampilkan"}
#: how typer would show Python types as metavars
PYTHON_TYPE = re.compile(r"<\w+(\[[\w\[\], ]+\])?>|\b(list\[|Path\b|bool\b|float\b|int\b|str\b|NoneType)")


def _paths(command=ROOT, path=()):
    yield list(path)
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*path, name))


ALL_PATHS = list(_paths())


@pytest.fixture(autouse=True)
def _in_an_empty_folder(tmp_path, monkeypatch):
    """A command line that is a usage error must write nothing, and nothing lands in the checkout."""
    monkeypatch.chdir(tmp_path)


def _words(text: str, skip_first_line: bool = True) -> set[str]:
    """Prose words of a help screen: option names, example lines and file names left out."""
    lines = text.splitlines()[1 if skip_first_line else 0:]
    prose = []
    in_examples = False
    for line in lines:
        if line.rstrip(":") in ("Contoh", "Examples"):
            in_examples = True
        elif not line.strip():
            in_examples = False
        elif not in_examples:
            prose.append(line)
    tokens = re.findall(r"[\w'.\-/=:\\|]+", " ".join(prose))
    return {tok.lower().strip(".,;:()'\"") for tok in tokens
            if not tok.startswith("-") and not re.search(r"[./=\\|_:]", tok.strip(".,;:"))}


def run_main(argv: list[str], capsys, monkeypatch, env: dict | None = None) -> tuple[int, str, str]:
    monkeypatch.delenv(clihelp.ENV_LANG, raising=False)
    for k, v in (env or {}).items():
        monkeypatch.setenv(k, v)
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out, err = capsys.readouterr()
    return stop.value.code, out, err


def test_every_command_and_option_has_catalogue_help_in_both_languages():
    for path in ALL_PATHS:
        command = clihelp.command_at(ROOT, path)
        assert f"cmd.{clihelp._key(path)}" in _M, path
        if not hasattr(command, "commands"):
            assert f"ex.{clihelp._key(path)}" in _M, path
            assert 2 <= len(_M[f"ex.{clihelp._key(path)}"][0].splitlines()) <= 4, path
        for param in command.params:
            assert clihelp.param_help_key(path, param.name), (path, param.name)


@pytest.mark.parametrize("path", ALL_PATHS, ids=lambda p: " ".join(p) or "umkm-dedup")
def test_help_is_indonesian_by_default_and_english_on_request(path, capsys, monkeypatch):
    code, indonesian, _ = run_main([*path, "--help"], capsys, monkeypatch)
    assert code == 0
    assert indonesian.splitlines()[0].startswith("Bantuan dalam Bahasa Indonesia") and "--lang en" in indonesian
    assert "Pemakaian: umkm-dedup" in indonesian and "Opsi:" in indonesian
    command_names = set(getattr(clihelp.command_at(ROOT, path), "commands", {})) | set(path)
    leaked = _words(indonesian) & ENGLISH - command_names
    assert not leaked, (path, leaked)
    assert not PYTHON_TYPE.search(indonesian), (path, PYTHON_TYPE.search(indonesian))

    code, english, _ = run_main([*path, "--help", "--lang", "en"], capsys, monkeypatch)
    assert code == 0 and english.splitlines()[0].startswith("Help in English") and "Usage: umkm-dedup" in english
    assert not _words(english) & INDONESIAN - {"tahap"}, (path, _words(english) & INDONESIAN)
    assert not PYTHON_TYPE.search(english)
    if path and not hasattr(clihelp.command_at(ROOT, path), "commands"):
        assert "Contoh:" in indonesian and "Examples:" in english


def test_environment_and_config_choose_the_help_language(capsys, monkeypatch, tmp_path):
    _, out, _ = run_main(["merge", "--help"], capsys, monkeypatch, env={"UMKM_DEDUP_LANG": "en"})
    assert out.startswith("Help in English")
    _, out, _ = run_main(["merge", "--help", "--lang", "ID"], capsys, monkeypatch, env={"UMKM_DEDUP_LANG": "en"})
    assert out.startswith("Bantuan dalam Bahasa Indonesia")  # the command line wins, in any case
    config = tmp_path / "umkm-dedup.toml"
    config.write_text('[output]\nlanguage = "en"\n', encoding="utf-8")
    _, out, _ = run_main(["merge", "--config", str(config), "--help"], capsys, monkeypatch)
    assert out.startswith("Help in English")
    _, out, _ = run_main([], capsys, monkeypatch)  # no arguments: the program's help
    assert out.startswith("Bantuan") and "Perintah:" in out and "validate" in out


def test_merge_help_shows_metavars_defaults_and_the_ledger_section(capsys, monkeypatch):
    _, out, _ = run_main(["merge", "--help"], capsys, monkeypatch)
    assert "-o, --out FOLDER" in out and "--kemensos BERKAS" in out and "--match-weight ANGKA" in out
    assert "[bawaan: 6]" in out and "[bawaan: id]" in out and "[bawaan: --no-mask-nik]" in out
    assert "umkm-dedup merge kabupaten --out laporan" in out
    _, out, _ = run_main(["ledger", "stages", "--help"], capsys, monkeypatch)
    assert '"[ledger]"' in out  # not eaten as rich markup
    _, out, _ = run_main(["explain", "--help", "--lang", "en"], capsys, monkeypatch)
    assert "--limit NUMBER" in out and "[default: 10]" in out and "--record FILE:SHEET:ROW" in out


@pytest.mark.parametrize("argv, indonesian, english", [
    (["merge", "--bogus"], "opsi tidak dikenal: --bogus", "no such option: --bogus"),
    (["merge", "--out"], "opsi --out perlu nilai", "option --out needs a value"),
    (["explain", "--out", "x", "--limit", "banyak"], "--limit: 'banyak' bukan angka", "is not a number"),
    (["explain"], "opsi --out wajib diisi", "option --out is required"),
    (["ledger", "remove"], "TAHAP wajib diisi", "STAGE is required"),
    (["nope"], "perintah tidak dikenal: nope", "no such command: nope"),
    (["init", "a", "b"], "argumen berlebih: b", "unexpected extra argument(s): b"),
    (["merge", "--json=yes", "x"], "opsi --json tidak menerima nilai", "option --json does not take a value"),
    (["merge", "x", "--out", "o", "--lang", "jawa"], "'jawa': pilih id atau en", "'jawa': choose id or en"),
    (["explain", "--out", "o"], "berikan --cluster ID atau --record", "give either --cluster ID or --record"),
])
def test_usage_errors_are_in_the_users_language_with_exit_3(argv, indonesian, english, capsys, monkeypatch):
    code, out, err = run_main(argv, capsys, monkeypatch)
    assert code == 3 and indonesian in err and err.startswith("Salah pemakaian:"), err
    assert "umkm-dedup" in err and "--help" in err and "Traceback" not in err
    code, out, err = run_main(argv, capsys, monkeypatch, env={"UMKM_DEDUP_LANG": "en"})
    assert code == 3 and english in err and err.startswith("Usage error:"), err


def test_lang_on_the_command_line_chooses_the_usage_error_language(capsys, monkeypatch):
    code, _, err = run_main(["merge", "--lang", "en", "--bogus"], capsys, monkeypatch)
    assert code == 3 and err.startswith("Usage error: no such option: --bogus")


def test_usage_error_from_the_real_entry_point_exits_3_in_indonesian():
    proc = subprocess.run([sys.executable, "-m", "umkm_dedup", "merge", "--keluaran", "x"], capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 3 and "opsi tidak dikenal: --keluaran" in proc.stderr and not proc.stdout


def test_lang_is_accepted_in_any_case(tmp_path):
    """`--lang ID` used to be rejected; it is Indonesian."""
    proc = subprocess.run([sys.executable, "-m", "umkm_dedup", "init", str(tmp_path), "--lang", "EN"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "Configuration written" in proc.stdout


def test_the_parser_classes_this_cli_relies_on_exist_in_the_pinned_typer():
    """clihelp reaches typer's vendored click for its exception classes: pinned in pyproject."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(re.fullmatch(r"typer>=0\.29\.2,<0\.30", d) for d in pyproject["project"]["dependencies"])
    exc = clihelp.click_exceptions
    for name in ("UsageError", "NoSuchOption", "BadOptionUsage", "MissingParameter", "BadParameter"):
        assert issubclass(getattr(exc, name), exc.UsageError)
    assert issubclass(typer.BadParameter, exc.UsageError) and issubclass(clihelp.UsageProblem, exc.UsageError)
