"""Help screens and usage errors in the user's language, from the message catalogue.

typer's own help is English, shows Python types as metavars and reads "[ledger]" as rich markup;
it is also printed while options are parsed, before `--lang` could be read. So the CLI asks this
module first: the language comes from the command line, the environment or the config file
(`help_language`), and when help is asked for (`help_path`) it is rendered here from the command
tree typer builds (names, flags, defaults), with every text from messages.py. Usage errors that
the command-line parser raises are turned into a catalogue sentence the same way (`usage_message`).

typer carries its own copy of click (typer._click) and exports only BadParameter of its
exceptions; pyproject pins typer to the tested range and tests/test_cli_help.py pins the
exception classes and attributes used here.
"""

from __future__ import annotations

import os
import re
from typing import Mapping, Sequence

import typer
from typer._click import exceptions as click_exceptions  # pinned: typer>=0.29.2,<0.30 (see module doc)

from .i18n.messages import LANGS, has_text, t

UsageError = click_exceptions.UsageError
PROG = "umkm-dedup"
ENV_LANG = "UMKM_DEDUP_LANG"

#: the metavar kind (catalogue key mv.*) of each parameter, by "command.param" or by param name
METAVARS = {
    "inputs": "mv.path", "paths": "mv.path", "kemensos": "mv.file", "prakerja": "mv.file", "decisions": "mv.file",
    "mapping": "mv.mapping", "lang": "mv.lang", "out": "mv.folder", "folder": "mv.folder", "config": "mv.file",
    "ledger": "mv.file", "log_file": "mv.file", "file": "mv.path", "match_weight": "mv.number",
    "review_weight": "mv.number", "limit": "mv.number", "stage": "mv.stage", "cluster": "mv.cluster",
    "record": "mv.ref", "with_": "mv.ref", "truth": "mv.file", "regency": "mv.regency", "validate.out": "mv.path",
}


class UsageProblem(typer.BadParameter):
    """A usage error whose text the CLI already wrote in the user's language (exit 3)."""


# choosing the language ---------------------------------------------------------------------------
def _value_after(argv: Sequence[str], names: tuple[str, ...]) -> str | None:
    """The value given to an option named `names` in argv (`--x V` or `--x=V`); the last one wins."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg in names and i + 1 < len(argv):
            found = argv[i + 1]
        for name in names:
            if name.startswith("--") and arg.startswith(name + "="):
                found = arg[len(name) + 1:]
    return found


def normal_lang(value: str | None) -> str | None:
    """'ID', ' en ' -> 'id', 'en'; None when the value is not a known language."""
    value = (value or "").strip().lower()
    return value if value in LANGS else None


def help_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language for help and usage errors, known before any option is parsed: --lang on the
    command line, else UMKM_DEDUP_LANG, else the config file's [output] language, else Indonesian."""
    environ = os.environ if environ is None else environ
    lang = normal_lang(_value_after(argv, ("--lang",))) or normal_lang(environ.get(ENV_LANG))
    if lang:
        return lang
    config = _value_after(argv, ("--config", "-c"))
    if config:
        try:
            from .core.config import load_config

            lang = normal_lang(load_config(config).lang)
        except Exception:  # a broken config is reported by the command itself, in the default language
            lang = None
    return lang or "id"


# finding what help is asked for --------------------------------------------------------------------
def _is_group(command) -> bool:
    return hasattr(command, "commands")


def command_path(root, argv: Sequence[str]) -> list[str]:
    """The names of the (sub)commands argv runs: `[]` for the program, `["ledger", "show"]`."""
    path: list[str] = []
    command = root
    for arg in argv:
        if arg == "--":
            break
        if _is_group(command) and not arg.startswith("-") and arg in command.commands:
            path.append(arg)
            command = command.commands[arg]
    return path


def help_path(root, argv: Sequence[str]) -> list[str] | None:
    """The command path whose help is wanted, or None when argv asks for no help: `--help`/`-h`
    anywhere before `--`, or a group given no command."""
    path = command_path(root, argv)
    command = command_at(root, path)
    before_dashes = list(argv[:argv.index("--")] if "--" in argv else argv)
    if "--help" in before_dashes or "-h" in before_dashes:
        return path
    if _is_group(command) and "--version" not in argv and not [a for a in _positional(argv) if a not in path]:
        return path  # a group given no command shows its help, like typer's no_args_is_help
    return None


def _positional(argv: Sequence[str]) -> list[str]:
    """The words of argv that are neither options nor the values of --lang / --config."""
    words, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--lang", "--config", "-c"):
            skip = True
        elif not arg.startswith("-"):
            words.append(arg)
    return words


def command_at(root, path: Sequence[str]):
    command = root
    for name in path:
        command = command.commands[name]
    return command


# rendering help ------------------------------------------------------------------------------------
def _key(path: Sequence[str]) -> str:
    return ".".join(path) if path else "root"


def _text(key: str, fallback: str | None, lang: str) -> str:
    return t(key, lang) if has_text(key) else (fallback or "")


def param_help_key(path: Sequence[str], name: str) -> str | None:
    """The catalogue key of a parameter's help: command-specific first, then shared."""
    for key in (f"opt.{_key(path)}.{name}", f"opt.{name}"):
        if has_text(key):
            return key
    return None


def metavar(path: Sequence[str], param, lang: str) -> str:
    kind = METAVARS.get(f"{_key(path)}.{param.name}") or METAVARS.get(param.name) or "mv.text"
    return t(kind, lang)


def _default(path: Sequence[str], param) -> str | None:
    """The value a parameter takes when not given, as a user would type it."""
    name = f"{_key(path)}.{param.name}"
    if name in ("merge.match_weight", "merge.review_weight"):
        from .matching.settings import Settings

        return f"{getattr(Settings(), param.name):g}"
    if name == "merge.lang":
        return "id"
    if getattr(param, "secondary_opts", None) and param.default in (None, False):
        return param.secondary_opts[0]
    if getattr(param, "is_flag", False) or param.default in (None, (), []):
        return None
    return str(param.default)


def _option_label(path: Sequence[str], param, lang: str) -> str:
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    label = ", ".join(names)
    if getattr(param, "secondary_opts", None):
        label += " / " + ", ".join(param.secondary_opts)
    if not getattr(param, "is_flag", False):
        label += " " + metavar(path, param, lang)
    return label


def render_help(root, path: Sequence[str], lang: str) -> str:
    """The whole help screen of the command at `path`, as plain text (no markup is interpreted)."""
    command = command_at(root, path)
    prog = " ".join([PROG, *path])
    lines = [t("help.first_line", lang), ""]
    rows_args, rows_opts = [], []
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        key = param_help_key(path, param.name)
        text = t(key, lang) if key else (param.help or "")
        if param.param_type_name == "argument":
            label = metavar(path, param, lang) + ("..." if param.nargs == -1 else "")
            rows_args.append((label, text + (f" [{t('help.required', lang)}]" if param.required else "")))
            continue
        extra = []
        default = _default(path, param)
        if default is not None:
            extra.append(t("help.default", lang, value=default))
        if param.required:
            extra.append(t("help.required", lang))
        rows_opts.append((_option_label(path, param, lang), text + (f" [{'; '.join(extra)}]" if extra else "")))
    rows_opts.append(("-h, --help", t("help.help", lang)))

    if _is_group(command):
        usage = f"{prog} [{t('help.opt_word', lang)}] {t('help.cmd_word', lang)} ..."
    else:
        args = " ".join(f"{r[0]}" if p.required else f"[{r[0]}]" for r, p in
                        zip(rows_args, [p for p in command.params if p.param_type_name == "argument"]))
        usage = f"{prog} [{t('help.opt_word', lang)}] {args}".rstrip()
    lines += [f"{t('help.usage', lang)}: {usage}", "", _wrap(_text(f"cmd.{_key(path)}", command.help, lang), 0), ""]
    width = max([len(r[0]) for r in rows_args + rows_opts] + [0]) + 2
    width = min(width, 34)
    if rows_args:
        lines += [f"{t('help.arguments', lang)}:", *_rows(rows_args, width), ""]
    if _is_group(command):
        subs = [(name, _text(f"cmd.{_key([*path, name])}", sub.help, lang).split(". ")[0].rstrip("."))
                for name, sub in command.commands.items() if not getattr(sub, "hidden", False)]
        lines += [f"{t('help.commands', lang)}:", *_rows(subs, max(len(s[0]) for s in subs) + 2), ""]
    lines += [f"{t('help.options', lang)}:", *_rows(rows_opts, width), ""]
    examples = _text(f"ex.{_key(path)}", "", lang)
    if examples:
        lines += [f"{t('help.examples', lang)}:", *(f"  {e}" for e in examples.splitlines()), ""]
    if _is_group(command):
        lines += [t("help.more", lang, prog=prog), ""]
    return "\n".join(lines)


WIDTH = 100


def _wrap(text: str, indent: int, width: int = WIDTH) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width=width, initial_indent=" " * indent,
                                   subsequent_indent=" " * indent, break_on_hyphens=False)) or ""


def _rows(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns: the name, then its text wrapped beside it (or under it when the name is long)."""
    import textwrap

    out = []
    for label, text in rows:
        body = textwrap.wrap(text, width=WIDTH - width - 2, break_on_hyphens=False) or [""]
        if len(label) + 2 > width:
            out.append(f"  {label}")
            out += [" " * (width + 2) + line for line in body]
        else:
            out.append(f"  {label.ljust(width)}{body[0]}")
            out += [" " * (width + 2) + line for line in body[1:]]
    return out


# usage errors --------------------------------------------------------------------------------------
def usage_message(exc, root, argv: Sequence[str], lang: str) -> str:
    """One line saying what is wrong with the command line, in `lang`, and where its help is."""
    path = command_path(root, argv)
    command = command_at(root, path)
    see = t("use.see_help", lang, command=" ".join([PROG, *path]))
    return f"{t('use.error', lang)}: {_what(exc, root, path, command, argv, lang)} — {see}"


def _what(exc, root, path, command, argv, lang) -> str:
    if isinstance(exc, UsageProblem):
        return f"{_hint(exc.param_hint)}: {exc.message}" if exc.param_hint else exc.message
    if isinstance(exc, click_exceptions.NoSuchOption):
        text = t("use.no_option", lang, option=exc.option_name)
        if exc.possibilities:
            text += "; " + t("use.did_you_mean", lang, options=", ".join(sorted(exc.possibilities)))
        return text
    if isinstance(exc, click_exceptions.BadOptionUsage):
        given_inline = any(a.startswith(exc.option_name + "=") for a in argv)
        return t("use.no_value" if given_inline else "use.needs_value", lang, option=exc.option_name)
    if isinstance(exc, click_exceptions.MissingParameter) and exc.param is not None:
        if exc.param.param_type_name == "argument":
            return t("use.missing_argument", lang, name=metavar(path, exc.param, lang))
        return t("use.missing_option", lang, option=max(exc.param.opts, key=len))
    if isinstance(exc, click_exceptions.BadParameter) and exc.param is not None:
        option = max(exc.param.opts, key=len) if exc.param.param_type_name == "option" else \
            metavar(path, exc.param, lang)
        value = _value_after(argv, tuple(exc.param.opts)) or ""
        kind = METAVARS.get(f"{_key(path)}.{exc.param.name}") or METAVARS.get(exc.param.name)
        return t("use.not_number" if kind == "mv.number" else "use.bad_value", lang, option=option, value=value)
    if _is_group(command):
        known = ", ".join(command.commands)
        unknown = [a for a in _positional(argv) if a not in command.commands and a not in path]
        if unknown:
            return t("use.no_command", lang, name=unknown[0], known=known)
        return t("use.missing_command", lang, known=known)
    extra = re.search(r"\(([^()]*)\)\s*$", exc.message)  # "... extra argument(s) (b c)": the values only
    if extra:
        return t("use.extra", lang, args=extra.group(1))
    return t("use.other", lang, detail=exc.message)


def _hint(param_hint) -> str:
    return " / ".join(param_hint) if isinstance(param_hint, (list, tuple)) else str(param_hint)
