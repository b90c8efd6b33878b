"""docs/panduan.md (issue 18) stays true: linked from the README's first lines, and every
umkm-dedup command line in it names a command and options that exist."""

from __future__ import annotations

import re
import shlex

import typer

from umkm_dedup.cli import app

from helpers import ROOT

GUIDE = ROOT / "docs" / "panduan.md"


def _command_lines() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    lines = []
    # a program call: not a name in quotes (schtasks /TN "umkm-dedup mingguan"), up to a shell
    # operator or a comment
    call = re.compile(r'(?<!")\bumkm-dedup(?:\.exe)? (?:[^&>|"#]|"[^"]*")*')
    for block in re.findall(r"```\w*\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if not line.lstrip().startswith(("#", "rem ")):
                lines += [m.group(0).strip() for m in call.finditer(line)]
    lines += re.findall(r"`(umkm-dedup [^`]+)`", text)
    return lines


def test_readme_links_the_guide_in_its_first_lines():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:5]
    assert any("docs/panduan.md" in line for line in head)


def test_every_command_in_the_guide_exists():
    root = typer.main.get_command(app)
    lines = _command_lines()
    assert len(lines) >= 15
    for line in lines:
        words = shlex.split(line.replace("\\", "/"))[1:]
        command, path = root, []
        while hasattr(command, "commands") and words and words[0] in command.commands:
            path.append(words.pop(0))
            command = command.commands[path[-1]]
        if words and words[0] in ("PERINTAH", "COMMAND"):
            continue
        assert not hasattr(command, "commands") or not words or words[0].startswith("-"), line
        known = {o for p in command.params for o in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ()))
                 if o.startswith("-")} | {"--help", "-h", "--version"}
        for word in words:
            if word.startswith("-"):
                assert word.split("=")[0] in known, (line, word)
