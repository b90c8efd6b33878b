"""Build the one-folder standalone umkm-dedup with PyInstaller, then smoke-test it: `--help`
(Indonesian), `--version`, a merge of the sample data and a validate. Not run by CI (minutes,
hundreds of MB); run by hand on each platform a release is for:

    python -m pip install -e . "pyinstaller>=6.10,<7"
    python packaging/build.py            # -> dist/umkm-dedup/ and its size

The folder is what officers get (zipped): no Python needed on their laptop.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(dist),
                    "--workpath", str(work), str(HERE / "umkm-dedup.spec")], check=True, cwd=HERE)
    print(f"built in {time.monotonic() - started:.0f} s")
    return dist / "umkm-dedup"


def smoke_test(folder: Path) -> None:
    exe = folder / ("umkm-dedup.exe" if sys.platform == "win32" else "umkm-dedup")
    run = lambda *args, **kw: subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True,  # noqa: E731
                                             encoding="utf-8", errors="replace", **kw)
    shown = run("merge", "--help")
    assert shown.returncode == 0 and shown.stdout.startswith("Bantuan dalam Bahasa Indonesia"), shown
    print(shown.stdout)
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("umkm-dedup "), version
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "laporan"
        started = time.monotonic()
        merged = run("merge", ROOT / "sample_data" / "babel" / "input", "--out", out)
        assert merged.returncode == 0 and "Selesai: 264 orang unik dari 453 data" in merged.stdout, merged
        assert (out / "laporan_umkm_terdampak.xlsx").is_file()
        print(f"merge of the sample: {merged.stdout.strip()} ({time.monotonic() - started:.1f} s)")
        first = sorted((ROOT / "sample_data" / "babel" / "input" / "kabupaten").glob("*.xlsx"))[0]
        shutil.copy(first, Path(tmp) / first.name)
        checked = run("validate", Path(tmp) / first.name)
        assert checked.returncode in (0, 1) and "galat" in checked.stdout, checked
        print(f"validate: exit {checked.returncode}, {checked.stdout.strip().splitlines()[-2]}")
        wrong = run("merge", "--bogus")
        assert wrong.returncode == 3 and "opsi tidak dikenal" in wrong.stderr, wrong


def main() -> None:
    dist, work = ROOT / "dist", ROOT / "build" / "pyinstaller"
    folder = build(dist, work)
    size = folder_size(folder)
    print(f"{folder}: {size / 2**20:.0f} MiB in {sum(1 for p in folder.rglob('*') if p.is_file())} files")
    smoke_test(folder)
    print("smoke test passed")


if __name__ == "__main__":
    main()
