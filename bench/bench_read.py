"""Reading speed: our adapter against pandas.read_excel(engine="openpyxl", dtype=str) on the same
200,000-row regency workbook (a title row above the header, NIKs as text and as numbers), in one
run, several repetitions, medians.

    python bench/bench_read.py [--rows 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

import pandas as pd
import xlsxwriter

from common import median_seconds

from umkm_dedup.sources import read_sources


def write_workbook(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Data UMKM")
    ws.write_string(0, 0, "DATA UMKM TERDAMPAK COVID-19 KABUPATEN GIANYAR")
    headers = ["No", "NIK", "Nama Pemilik", "Nama Usaha", "Jenis Usaha", "Alamat Usaha", "Kecamatan",
               "Desa/Kelurahan", "No. HP", "Tgl Lahir", "Dampak", "Keterangan"]
    ws.write_row(2, 0, headers)
    for i in range(rows):
        r = i + 3
        nik = f"5104{rng.randint(1, 7):02d}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(50, 99)}{rng.randint(1, 9999):04d}"
        ws.write_number(r, 0, i + 1)
        if i % 3 == 0:
            ws.write_number(r, 1, float(nik))   # stored as a number
        else:
            ws.write_string(r, 1, nik)
        ws.write_string(r, 2, f"I Made Sudarta {i % 977}")
        ws.write_string(r, 3, f"Warung Berkah {i % 311}")
        ws.write_string(r, 4, "Kuliner")
        ws.write_string(r, 5, f"Jl. Raya Batubulan No. {i % 150} RT 003/RW 002")
        ws.write_string(r, 6, "Sukawati")
        ws.write_string(r, 7, "Batubulan")
        ws.write_string(r, 8, f"0812{rng.randint(1000000, 9999999)}")
        ws.write_string(r, 9, f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/19{rng.randint(50, 99)}")
        ws.write_string(r, 10, "Omzet turun")
        ws.write_string(r, 11, "")
    wb.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kab_gianyar.xlsx"
        write_workbook(path, args.rows)
        ours_s, table = median_seconds(lambda: read_sources([path]), args.repeat)
        base_s, frame = median_seconds(
            lambda: pd.read_excel(path, engine="openpyxl", dtype=str, header=2), args.repeat)
        assert len(table.frame) == args.rows == len(frame), (len(table.frame), len(frame))
        assert table.frame["nik"].str.fullmatch(r"\d{16}").all()
        print(f"rows: {args.rows}, repeats: {args.repeat} (medians)")
        print(f"umkm-dedup read_sources (calamine + header detection + exact NIKs): {ours_s:6.2f} s"
              f"  {args.rows / ours_s:>9,.0f} rows/s")
        print(f"pandas.read_excel(engine='openpyxl', dtype=str):                   {base_s:6.2f} s"
              f"  {args.rows / base_s:>9,.0f} rows/s")
        print(f"ratio: {base_s / ours_s:.1f}x faster")


if __name__ == "__main__":
    main()
