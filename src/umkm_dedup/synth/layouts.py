"""Writers for the layouts real offices use: titled sheets with signature blocks, two-row merged
headers with a sheet per district, NIKs stored as numbers, semicolon CSVs in cp1252, and the
Kemensos and Prakerja exports. Each returns the truth rows: (sheet, spreadsheet row, person id)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import xlsxwriter

from .noise import address_style, date_text, nik_text_style, phone_style, village_style

Truth = list[tuple[str, int, str]]


def _workbook(path: Path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"created": dt.datetime(2020, 5, 12)})
    return wb


def _signature(ws, row: int, place: str, rng: random.Random) -> None:
    ws.write_string(row, 6, f"{place}, {rng.randint(1, 28)} Mei 2020")
    ws.write_string(row + 1, 6, "Mengetahui,")
    ws.write_string(row + 2, 6, "Kepala Dinas Koperasi dan UKM")
    ws.write_string(row + 6, 6, "Drs. I Made Wiryawan, M.Si" if rng.random() < .5 else "H. Ahmad Fauzi, S.E.")
    ws.write_string(row + 7, 6, "NIP. 19680412 199303 1 005")


def write_titled(path: Path, regency: str, recs: list[dict], rng: random.Random) -> Truth:
    wb = _workbook(path)
    ws = wb.add_worksheet("Data UMKM")
    bold = wb.add_format({"bold": True, "align": "center"})
    ws.merge_range(0, 0, 0, 9, "DATA UMKM TERDAMPAK COVID-19", bold)
    ws.merge_range(1, 0, 1, 9, regency.upper(), bold)
    headers = ["No", "NIK", "Nama Pemilik", "Nama Usaha", "Jenis Usaha", "Alamat Usaha", "Kecamatan",
               "Desa/Kelurahan", "No. HP", "Dampak"]
    for c, h in enumerate(headers):
        ws.write_string(3, c, h, bold)
    truth: Truth = []
    r = 4
    for i, rec in enumerate(recs, 1):
        vals = [i, nik_text_style(rng, rec["nik"]), rec["name"], rec["business_name"], rec["sector"],
                address_style(rng, rec),
                rec["district"].upper() if rng.random() < .5 else rec["district"],
                village_style(rng, rec["village"]), phone_style(rng, rec["phone"]), rec["impact"]]
        ws.write_number(r, 0, vals[0])
        for c, v in enumerate(vals[1:], 1):
            if v != "":
                ws.write_string(r, c, v)
        truth.append(("Data UMKM", r + 1, rec["pid"]))
        r += 1
    ws.write_string(r + 1, 0, "JUMLAH")
    ws.write_number(r + 1, 2, len(recs))
    _signature(ws, r + 3, regency.replace("Kabupaten ", "").replace("Kota ", ""), rng)
    wb.close()
    return truth


def write_two_row(path: Path, regency: str, recs: list[dict], rng: random.Random) -> Truth:
    wb = _workbook(path)
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter"})
    by_district: dict[str, list[dict]] = {}
    for rec in recs:
        by_district.setdefault(rec["district"], []).append(rec)
    rekap = wb.add_worksheet("Rekap")
    rekap.write_row(0, 0, ["Kecamatan", "Jumlah UMKM"])
    truth: Truth = []
    for k, (district, rows) in enumerate(sorted(by_district.items()), 1):
        rekap.write_string(k, 0, district)
        rekap.write_number(k, 1, len(rows))
        name = district[:31]
        ws = wb.add_worksheet(name)
        ws.merge_range(0, 0, 0, 11, f"REKAPITULASI UMKM TERDAMPAK KECAMATAN {district.upper()}", bold)
        ws.merge_range(2, 0, 3, 0, "No", bold)
        ws.merge_range(2, 1, 2, 4, "IDENTITAS PEMILIK", bold)
        ws.merge_range(2, 5, 2, 7, "DATA USAHA", bold)
        ws.merge_range(2, 8, 3, 8, "Alamat", bold)
        ws.merge_range(2, 9, 3, 9, "Desa", bold)
        ws.merge_range(2, 10, 3, 10, "No Telp", bold)
        ws.merge_range(2, 11, 3, 11, "Dampak", bold)
        ws.write_row(3, 1, ["NIK", "Nama", "Tgl Lahir", "Jenis Kelamin", "Nama Usaha", "Bidang Usaha", "Omzet/Bulan"], bold)
        ws.write_row(4, 0, list(range(1, 13)))
        r = 5
        for i, rec in enumerate(rows, 1):
            ws.write_number(r, 0, i)
            vals = [nik_text_style(rng, rec["nik"]), rec["name"],
                    date_text(rng, rec["birth_date"], "long") if rec["birth_date"] else "",
                    rec["sex"], rec["business_name"], rec["sector"], f"Rp {rng.randint(5, 300) * 100000:,}".replace(",", "."),
                    address_style(rng, rec, with_rt_rw=False), village_style(rng, rec["village"]),
                    phone_style(rng, rec["phone"]), rec["impact"]]
            for c, v in enumerate(vals, 1):
                if v:
                    ws.write_string(r, c, v)
            truth.append((name, r + 1, rec["pid"]))
            r += 1
    wb.add_worksheet("Lembar Kosong")
    wb.close()
    return truth


def write_numeric(path: Path, regency: str, recs: list[dict], rng: random.Random) -> Truth:
    wb = _workbook(path)
    ws = wb.add_worksheet("Sheet1")
    datefmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, ["NO", "No KTP", "NAMA_PENERIMA", "Tgl Lahir", "L/P", "HP/WA", "Alamat", "RT/RW",
                        "Kel/Desa", "Kec.", "Sektor", "Nama Usaha", "Keterangan"])
    truth: Truth = []
    for i, rec in enumerate(recs, 1):
        r = i
        ws.write_number(r, 0, i)
        nik = rec["nik"]
        if nik:
            roll = rng.random()
            if roll < 0.35:
                ws.write_number(r, 1, float(nik[:15] + "0"))      # typed into a General cell
            elif roll < 0.37:
                ws.write_string(r, 1, f"{nik[0]}.{nik[1:6]}E+15")  # pasted as text from the screen
            elif roll < 0.75:
                ws.write_number(r, 1, float(nik))                  # exported by a system
            else:
                ws.write_string(r, 1, nik)
        ws.write_string(r, 2, rec["name"])
        if rec["birth_date"]:
            ws.write_datetime(r, 3, dt.datetime.combine(rec["birth_date"], dt.time()), datefmt)
        ws.write_string(r, 4, rec["sex"])
        phone = phone_style(rng, rec["phone"])
        if phone.startswith("08") and phone.isdigit() and rng.random() < 0.5:
            ws.write_number(r, 5, int(phone))  # leading 0 lost
        elif phone:
            ws.write_string(r, 5, phone)
        ws.write_string(r, 6, address_style(rng, rec, with_rt_rw=False))
        ws.write_string(r, 7, f"{rec['rt']:03d}/{rec['rw']:03d}")
        ws.write_string(r, 8, village_style(rng, rec["village"]))
        ws.write_string(r, 9, rec["district"])
        ws.write_string(r, 10, rec["sector"])
        ws.write_string(r, 11, rec["business_name"])
        if rng.random() < 0.2:
            ws.write_string(r, 12, rng.choice(["Usaha rumahan", "Pindah lokasi", "Sudah terdata tahun lalu"]))
        truth.append(("Sheet1", r + 1, rec["pid"]))
    wb.close()
    return truth


def write_csv_cp1252(path: Path, regency: str, recs: list[dict], rng: random.Random) -> Truth:
    header = ["No", "NIK", "Nama Lengkap", "Tempat Lahir", "Tanggal Lahir", "Alamat", "Kelurahan",
              "Kecamatan", "Telp", "Bidang Usaha", "Nama Usaha"]
    truth: Truth = []
    with path.open("w", encoding="cp1252", newline="", errors="replace") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(header)
        for i, rec in enumerate(recs, 1):
            w.writerow([i, rec["nik"], rec["name"], rec["birth_place"],
                        date_text(rng, rec["birth_date"], "dmy") if rec["birth_date"] else "",
                        address_style(rng, rec),
                        village_style(rng, rec["village"]), rec["district"], phone_style(rng, rec["phone"]),
                        rec["sector"], rec["business_name"]])
            truth.append(("", i + 1, rec["pid"]))
    return truth


def write_kemensos(path: Path, regency: str, recs: list[dict], rng: random.Random) -> Truth:
    wb = _workbook(path)
    ws = wb.add_worksheet("BPUM")
    ws.write_string(0, 0, "DATA PENERIMA BANTUAN KEMENSOS (BPUM/DTKS)")
    ws.write_row(2, 0, ["NO", "NIK", "NO KK", "NAMA_PENERIMA", "TGL LAHIR", "JENIS KELAMIN", "ALAMAT",
                        "KELURAHAN", "KECAMATAN", "KAB/KOTA", "PROGRAM", "TAHAP"])
    truth: Truth = []
    for i, rec in enumerate(recs, 1):
        r = i + 2
        vals = [str(i), rec["nik"], rec["kk"], rec["name"],
                date_text(rng, rec["birth_date"], "iso") if rec["birth_date"] else "",
                "LAKI-LAKI" if rec["sex"] == "L" else "PEREMPUAN",
                address_style(rng, rec),
                rec["village"].upper(), rec["district"].upper(), rec["regency"].upper(),
                rec["programme"], rec["stage"]]
        for c, v in enumerate(vals):
            if v:
                ws.write_string(r, c, v)
        truth.append(("BPUM", r + 1, rec["pid"]))
    wb.close()
    return truth


def write_prakerja(path: Path, regency: str, recs: list[dict], rng: random.Random) -> Truth:
    truth: Truth = []
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["No", "NIK", "Nama Peserta", "Tgl Lahir", "No HP", "Email", "Kab/Kota", "Status"])
        for i, rec in enumerate(recs, 1):
            w.writerow([i, rec["nik"], rec["name"],
                        date_text(rng, rec["birth_date"], "long") if rec["birth_date"] else "",
                        phone_style(rng, rec["phone"], missing=0.02), rec["email"], rec["regency"], rec["status"]])
            truth.append(("", i + 1, rec["pid"]))
    return truth


def write_bpum(path: Path, regency: str, recs: list[dict], rng: random.Random) -> Truth:
    """A BPUM recipient list as published per tahap: NIK, name, address and region only, no birth
    date and no phone."""
    wb = _workbook(path)
    ws = wb.add_worksheet("Penerima BPUM")
    ws.write_string(0, 0, "DAFTAR PENERIMA BANPRES PRODUKTIF USAHA MIKRO (BPUM)")
    ws.write_row(2, 0, ["NO", "NIK", "NAMA", "ALAMAT", "DESA/KELURAHAN", "KECAMATAN", "KABUPATEN/KOTA", "TAHAP"])
    truth: Truth = []
    for i, rec in enumerate(recs, 1):
        r = i + 2
        vals = [str(i), rec["nik"], rec["name"].upper(), address_style(rng, rec), rec["village"].upper(),
                rec["district"].upper(), rec["regency"].upper(), rec["stage"]]
        for c, v in enumerate(vals):
            if v:
                ws.write_string(r, c, v)
        truth.append(("Penerima BPUM", r + 1, rec["pid"]))
    wb.close()
    return truth


REGENCY_LAYOUTS = [write_titled, write_two_row, write_numeric, write_csv_cp1252]
