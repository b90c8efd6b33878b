from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checksums(folder: Path) -> dict[str, str]:
    return {str(p): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    ws.cell(r, c, value)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path




def run_cli(capsys, *args) -> tuple[int, str, str]:
    """The command line in this process (no interpreter start-up): (exit status, stdout, stderr)."""
    from umkm_dedup.cli import main

    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def add_a_doubtful_pair(src) -> None:
    """The sample's lists hold no pair a person must settle any more (matching decides them), so the
    week adds one as a regency would send it: a NIK one digit off in its year, the same name, nothing
    else to compare (the KTP settles it)."""
    from umkm_dedup.sources import read_sources

    frame = read_sources([src]).frame
    pick = frame[(frame["role"] == "regency") & frame["nik"].str.fullmatch(r"\d{16}") & (frame["nik_flag"] == "")]
    pick = pick[pick["name"].str.split().str.len() >= 2].iloc[0]
    nik = pick["nik"]
    other = nik[:11] + str((int(nik[11]) + 1) % 10) + nik[12:]
    (src / "kabupaten" / "umkm_tambahan.csv").write_text(f"NIK;Nama Lengkap\n{other};{pick['name']}\n",
                                                          encoding="utf-8")
