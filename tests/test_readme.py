"""The README's two opening commands stay true: CI runs exactly its test command, and the main
command names inputs and options that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _opening_commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_ci_runs_the_readme_test_command():
    setup_and_run, tests = _opening_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()
    assert tests.endswith("python -m pytest")


def test_readme_main_command_uses_the_sample_data():
    setup_and_run, _ = _opening_commands()
    inputs = re.search(r"umkm-dedup merge (\S+)", setup_and_run).group(1)
    assert (ROOT / inputs).is_dir() and any((ROOT / inputs).iterdir())
