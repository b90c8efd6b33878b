"""`merge` end to end (read, match, write) on generated regency workbooks, at 100,000 and
1,000,000 records: seconds per stage and peak memory of the run (its own process). Also the two
streaming ways to write a 1,000,000-row sheet, XlsxWriter constant_memory and openpyxl write_only,
against ours (XlsxWriter for the sheet's frame, rows built by Arrow and streamed into its XML).

    python bench/bench_merge.py [--sizes 100000 1000000] [--repeat 3] [--writers]

Each size is merged --repeat times on the same files; the figures are medians per stage.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

COLUMNS = ["nik", "name", "birth_date", "sex", "address", "village", "district", "phone", "business_name",
           "sector", "kk", "programme", "stage", "status"]
HEADERS = {"nik": "NIK", "name": "Nama Pemilik", "birth_date": "Tgl Lahir", "sex": "L/P", "address": "Alamat",
           "village": "Desa/Kelurahan", "district": "Kecamatan", "phone": "No. HP", "business_name": "Nama Usaha",
           "sector": "Jenis Usaha", "kk": "No KK", "programme": "Program", "stage": "Tahap", "status": "Status"}


def file_name(source: str) -> str:
    """The name a province's folder gives a generated source file. Kemensos' two lists stay two
    files: until 4 December 2026 'kemensos_k' was renamed 'kemensos_bpum', the BPUM list's own
    name, and the one overwrote the other (a "1M" bench read 930,930 of its 1,000,000 records)."""
    return source.replace("regency_", "umkm_").replace("kemensos_k.", "kemensos_dtks.").replace("prakerja_p", "prakerja")


def write_inputs(n_records: int, folder: Path) -> int:
    """Generated records written as one workbook per source file of the plan (regencies,
    Kemensos, Prakerja), each with a title row: what a province's folder looks like."""
    from bench_match import speed_records

    frame, _ = speed_records(n_records)
    for source, part in frame.groupby("source_file", sort=True):
        name = file_name(source)
        wb = xlsxwriter.Workbook(str(folder / name), {"constant_memory": True})
        ws = wb.add_worksheet("Data")
        ws.write_string(0, 0, f"DATA {name.upper()}")
        cols = [c for c in COLUMNS if (part[c] != "").any()]
        ws.write_row(2, 0, [HEADERS[c] for c in cols])
        for r, row in enumerate(part[cols].itertuples(index=False), 3):
            for c, value in enumerate(row):
                if value:
                    ws.write_string(r, c, value)
        wb.close()
    return len(frame)


CHILD = r'''
import json, sys, time
sys.path.insert(0, sys.argv[3])
from common import own_peak_kb
from umkm_dedup.pipeline import merge
marks = {}
start = time.perf_counter()
def progress(stage):
    marks[stage] = time.perf_counter()
result = merge([sys.argv[1]], out=sys.argv[2], progress=progress)
end = time.perf_counter()
print(json.dumps({"read": marks["match"] - marks["read"], "match": marks["write"] - marks["match"],
                  "write": end - marks["write"], "total": end - start,
                  "records": result.summary["records_read"], "peak_gb": own_peak_kb() / 1048576}))
'''

WRITER = r'''
import sys, time, datetime as dt
sys.path.insert(0, sys.argv[3])
from common import own_peak_kb
rows, mode, path = int(sys.argv[1]), sys.argv[2], sys.argv[4]
row = ["U0123456789", "5104011201900001", "I Made Sudarta", dt.datetime(1990, 1, 12), "L",
       "Jl. Raya Batubulan No. 7", "3/2", "Batubulan", "Sukawati", "Kabupaten Gianyar", "081234567890",
       "Warung Berkah", "Kuliner", "Omzet turun", "valid", "Tidak", "", "", 2, "a.xlsx · Data · 5; b.xlsx · Data · 9"]
start = time.perf_counter()
if mode == "xlsxwriter":
    import xlsxwriter
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("Data Unik")
    datefmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for r in range(rows):
        for c, v in enumerate(row):
            if isinstance(v, str):
                ws.write_string(r, c, v)
            elif isinstance(v, dt.datetime):
                ws.write_datetime(r, c, v, datefmt)
            else:
                ws.write_number(r, c, v)
    wb.close()
elif mode == "bulk":
    import pyarrow as pa
    from umkm_dedup.report.workbook import ReportBook
    book = ReportBook(path, "id")
    sheet = book.sheet("sheet.unique", [f"c{i}" for i in range(len(row))], [12] * len(row))
    kinds = ["date" if isinstance(v, dt.datetime) else "number" if isinstance(v, int) else "text" for v in row]
    values = [v.strftime("%Y-%m-%d") if isinstance(v, dt.datetime) else v for v in row]
    # columns arrive as Arrow arrays, as the report's Arrow-backed pandas columns do
    sheet.bulk([(k, pa.repeat(pa.scalar(v), rows)) for k, v in zip(kinds, values)])
    sheet.finish()
    book.close()
else:
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data Unik")
    for r in range(rows):
        ws.append(row)
    wb.save(path)
print(f"{mode:<11} {rows:,} rows x {len(row)} columns: {time.perf_counter() - start:6.1f} s, peak {own_peak_kb() / 1048576:.2f} GB")
'''


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="merges per size; medians are printed")
    parser.add_argument("--writers", action="store_true", help="also time the two streaming writers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            folder = Path(tmp) / f"in{n}"
            folder.mkdir()
            t0 = time.perf_counter()
            records = write_inputs(n, folder)
            print(f"{records:,} records written to {len(list(folder.iterdir()))} workbooks "
                  f"in {time.perf_counter() - t0:.0f} s", flush=True)
            runs = []
            for k in range(args.repeat):
                out = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(Path(tmp) / f"out{n}_{k}"),
                                      str(HERE)], capture_output=True, text=True)
                if out.returncode not in (0, 2):
                    raise SystemExit(out.stderr[-3000:])
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            info = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            print(f"merge {info['records']:>9,.0f} records, median of {len(runs)}: read {info['read']:6.1f} s  "
                  f"match {info['match']:6.1f} s  write {info['write']:6.1f} s  total {info['total']:6.1f} s  "
                  f"peak {info['peak_gb']:.2f} GB   (write runs: {', '.join(format(r['write'], '.1f') for r in runs)})",
                  flush=True)
        if args.writers:
            for mode in ("xlsxwriter", "openpyxl", "bulk"):
                out = subprocess.run([sys.executable, "-c", WRITER, "1000000", mode, str(HERE),
                                      str(Path(tmp) / f"{mode}.xlsx")], capture_output=True, text=True)
                print(out.stdout.strip() or out.stderr[-2000:], flush=True)


if __name__ == "__main__":
    main()
