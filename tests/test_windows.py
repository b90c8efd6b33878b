"""Windows is the platform (issue 18): no POSIX-only module on any path, paths with backslashes,
spaces and non-ASCII names, consoles in cp1252/cp850, and files held open by Excel. Proven here
without a Windows machine: the whole merge/validate/ledger flow runs in a subprocess where the
POSIX-only modules cannot be imported and stdout/stderr are cp1252."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import ROOT, SAMPLE

POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource")
SRC = ROOT / "src" / "umkm_dedup"


def test_no_module_in_src_imports_a_posix_only_module():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names
                          if n.split(".")[0] in POSIX_ONLY]
    assert not offenders, offenders


def test_every_text_file_is_opened_with_an_explicit_encoding():
    """Windows' default text encoding is cp1252: a file opened without encoding= reads names wrongly."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            keywords = {k.arg for k in node.keywords}
            if name in ("read_text", "write_text"):
                text = True
            elif name == "open" and not (isinstance(node.func, ast.Attribute) and
                                         getattr(node.func.value, "id", "") in ("os", "zf", "dst", "archive")):
                modes = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
                text = not any("b" in m for m in modes)
            else:
                continue
            if text and "encoding" not in keywords:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


#: runs umkm_dedup.cli.main for each command line in argv order, with the POSIX-only modules
#: unavailable (as on Windows), and prints each exit status as JSON on the last line
FLOW = textwrap.dedent("""
    import json, sys
    for name in {posix!r}:
        sys.modules[name] = None          # `import fcntl` now raises ImportError, as on Windows
    from umkm_dedup.cli import main
    codes = []
    for argv in json.loads(sys.argv[1]):
        try:
            main(argv)
        except SystemExit as stop:
            codes.append(stop.code)
        sys.stdout.flush()
    print("CODES " + json.dumps(codes))
""").format(posix=POSIX_ONLY)


def _flow(tmp_path: Path, commands: list[list[str]], encoding: str) -> tuple[list[int], subprocess.CompletedProcess]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0"}
    env.pop("UMKM_DEDUP_LANG", None)
    proc = subprocess.run([sys.executable, "-c", FLOW, json.dumps(commands)], capture_output=True, cwd=tmp_path,
                          env=env, timeout=300)
    out = proc.stdout.decode(encoding, errors="strict")
    err = proc.stderr.decode(encoding, errors="strict")
    assert "UnicodeEncodeError" not in err and "Traceback" not in err, err[-3000:]
    last = [line for line in out.splitlines() if line.startswith("CODES ")]
    assert last, (out[-2000:], err[-2000:])
    return json.loads(last[-1][6:]), subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_merge_validate_ledger_flow_without_posix_modules_on_a_cp1252_console(tmp_path):
    # a Windows-like tree: spaces, non-ASCII (ŋ and ğ are not in cp1252), a backslash in a file name
    data = tmp_path / "Data UMKM ŋğ" / "kiriman tahap 1"
    shutil.copytree(SAMPLE / "babel" / "input", data)
    regency_files = sorted((data / "kabupaten").iterdir())
    odd = regency_files[0].with_name("Kab Bangka ŋ\\revisi.xlsx" if regency_files[0].suffix == ".xlsx"
                                     else "Kab Bangka ŋ\\revisi" + regency_files[0].suffix)
    regency_files[0].rename(odd)
    out = tmp_path / "laporan ŋ tahap-1"
    ledger = tmp_path / "ledger ğ.sqlite"
    codes, proc = _flow(tmp_path, [
        ["merge", str(data), "--out", str(out), "--ledger", str(ledger), "--stage", "tahap-1"],
        ["ledger", "stages", "--ledger", str(ledger)],
        ["merge", str(data), "--out", str(out), "--ledger", str(ledger), "--stage", "tahap-1", "--json"],
        ["validate", str(odd), "--out", str(tmp_path / "diperiksa ŋ.xlsx")],
        ["inspect", str(data / "kabupaten")],
        ["ledger", "remove", "tahap-1", "--ledger", str(ledger), "--yes"],
        ["merge", "--bogus"],
    ], "cp1252")
    assert codes[:3] == [0, 0, 0] and codes[3] in (0, 1) and codes[4:] == [0, 0, 3], (codes, proc.stderr[-2000:])
    assert (out / "laporan_umkm_terdampak.xlsx").exists() and (tmp_path / "diperiksa ŋ.xlsx").exists()
    assert "Selesai:" in proc.stdout and "laporan ? tahap-1" in proc.stdout  # ŋ shown as ?, the run goes on
    assert "tahap-1" in proc.stdout and "Tahap tahap-1 dihapus" in proc.stdout
    summary, _ = json.JSONDecoder().raw_decode(proc.stdout, proc.stdout.index("{\n"))
    assert summary["records_read"] == 453 and not summary["files_failed"]  # the file named with \\ and ŋ too
    assert summary["unique_persons_in_regency_lists"] == 264
    assert "opsi tidak dikenal: --bogus" in proc.stderr


def test_json_on_a_legacy_console_escapes_what_it_cannot_encode(monkeypatch):
    import io

    from umkm_dedup.core.console import print_json

    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252"))
    print_json({"berkas": "Kab Bangka ŋ.xlsx"})
    sys.stdout.flush()
    assert json.loads(raw.getvalue().decode("cp1252")) == {"berkas": "Kab Bangka ŋ.xlsx"}  # escaped, not lost


def test_explain_and_usage_errors_survive_a_cp850_console(tmp_path):
    from umkm_dedup.pipeline import merge

    out = tmp_path / "laporan"
    merge([SAMPLE / "babel" / "input"], out=out)
    cluster = next(line.split(",")[3] for line in (out / "record_map.csv").read_text(encoding="utf-8-sig")
                   .splitlines()[1:] if line.split(",")[5] == "duplicate")
    codes, proc = _flow(tmp_path, [["explain", "--out", str(out), "--cluster", cluster],
                                   ["explain", "--out", str(out)], ["validate"]], "cp850")
    assert codes == [0, 3, 3], proc.stderr
    assert "NIK" in proc.stdout and "Salah pemakaian" in proc.stderr


def test_an_output_open_in_excel_says_close_it(tmp_path, monkeypatch, capsys):
    """Windows refuses to replace a workbook Excel holds open (PermissionError)."""
    from umkm_dedup.cli import main
    from umkm_dedup.core.errors import OutputError
    from umkm_dedup.report import atomic

    real_replace = os.replace

    def excel_holds(src, dst):
        if str(dst).endswith(".xlsx"):
            raise PermissionError(13, "The process cannot access the file because it is being used by another "
                                      "process", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", excel_holds)
    out = tmp_path / "laporan"
    out.mkdir()   # an earlier report's folder (a folder this run created would be removed on failure)
    with pytest.raises(SystemExit) as stop:
        main(["merge", str(SAMPLE / "babel" / "input"), "--out", str(out)])
    err = capsys.readouterr().err
    assert stop.value.code == 3 and "tutup berkas di Excel lalu coba lagi" in err and "Traceback" not in err
    assert "laporan_umkm_terdampak.xlsx" in err
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # the temporary copy is cleaned up
    with pytest.raises(OutputError) as english:
        with atomic.atomic_path(out / "x.xlsx") as tmp:
            tmp.write_bytes(b"")
    assert "close the file in Excel and try again" in english.value.describe("en")


def test_an_input_open_in_excel_says_close_it(tmp_path, monkeypatch, capsys):
    from umkm_dedup.cli import main

    target = tmp_path / "umkm kecamatan ubud.xlsx"
    shutil.copy(sorted((SAMPLE / "babel" / "input" / "kabupaten").glob("*.xlsx"))[0], target)
    real_open = Path.open

    def excel_holds(self, *args, **kwargs):
        if self.name == target.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", excel_holds)
    with pytest.raises(SystemExit) as stop:
        main(["validate", str(target)])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "tutup berkas di Excel lalu coba lagi" in err and target.name in err
