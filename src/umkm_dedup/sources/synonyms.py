"""Column headers -> canonical fields. Real lists have no template: every regency spells its
headers differently, so headers are folded (case, punctuation, spacing) before lookup."""

from __future__ import annotations

import re

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

#: Field used for the running-number column; it is recognised so it can be dropped.
NUMBER_COLUMN = "_no"


def fold_header(label: object) -> str:
    """'No. KTP ' -> 'no ktp'; 'NAMA_PENERIMA' -> 'nama penerima'; 'HP/WA' -> 'hp wa'."""
    return _NON_ALNUM.sub(" ", str(label or "").lower()).strip()


_SYNONYMS: dict[str, tuple[str, ...]] = {
    NUMBER_COLUMN: ("no", "no urut", "nomor", "nomor urut", "urut", "num", "number", "nr"),
    "nik": ("nik", "no ktp", "nomor ktp", "no nik", "nomor nik", "nik pemilik", "nik ktp", "ktp",
            "nik penerima", "nik peserta", "nik pelaku usaha", "no induk kependudukan",
            "nomor induk kependudukan", "national id", "id number", "nik e ktp", "nik ktp pemilik"),
    "kk": ("kk", "no kk", "nomor kk", "no kartu keluarga", "nomor kartu keluarga", "nkk",
           "kartu keluarga", "family card", "family card number"),
    "other_id": ("id dtks", "no dtks", "id bdt", "no peserta", "nomor peserta", "id peserta",
                 "no peserta prakerja", "nomor kartu prakerja", "nib", "no nib", "nomor induk berusaha",
                 "soc sec id", "social security number", "person id"),
    "name": ("nama", "nama pemilik", "nama lengkap", "nama pelaku usaha", "nama penerima",
             "nama peserta", "nama sesuai ktp", "nama ktp", "nama pemilik usaha", "nama pengusaha",
             "nama penanggung jawab", "name", "full name", "owner name", "owner", "recipient name",
             "nama kepala keluarga", "nama krt", "nama art"),
    "birth_place": ("tempat lahir", "tmp lahir", "tempat lhr", "place of birth", "birth place"),
    "birth_date": ("tanggal lahir", "tgl lahir", "tgl lhr", "tanggal lhr", "tgl  lahir",
                   "date of birth", "birth date", "dob", "tanggal kelahiran"),
    "sex": ("jenis kelamin", "jk", "l p", "kelamin", "sex", "gender", "jns kelamin"),
    "business_name": ("nama usaha", "nama umkm", "nama toko", "business name", "nama ukm",
                      "nama perusahaan", "merek usaha"),
    "sector": ("jenis usaha", "bidang usaha", "sektor", "sektor usaha", "kategori usaha",
               "jenis usaha bidang usaha", "komoditas", "business type", "sector", "kbli",
               "jenis kegiatan usaha", "bidang"),
    "address": ("alamat", "alamat usaha", "alamat lengkap", "alamat rumah", "alamat tinggal",
                "alamat ktp", "alamat domisili", "address", "alamat sesuai ktp", "jalan"),
    "rt_rw": ("rt rw", "rt", "rtrw", "rt dan rw"),
    "village": ("desa", "kelurahan", "desa kelurahan", "kel desa", "kelurahan desa", "desa kel",
                "kel", "ds", "village", "nama desa", "nama kelurahan", "dusun kelurahan"),
    "district": ("kecamatan", "kec", "district", "nama kecamatan", "kec kota"),
    "regency": ("kabupaten", "kab", "kota", "kab kota", "kabupaten kota", "kota kabupaten",
                "regency", "city", "nama kabupaten"),
    "province": ("provinsi", "prov", "province", "propinsi"),
    "phone": ("no hp", "no telp", "hp wa", "no hp wa", "nomor hp", "nomor telepon", "telepon",
              "telp", "hp", "no telepon", "handphone", "no handphone", "whatsapp", "wa", "no wa",
              "phone", "phone number", "mobile", "no tlp", "tlp", "kontak", "no kontak", "telp hp",
              "nomor hp wa", "no telp hp"),
    "email": ("email", "e mail", "alamat email", "surel"),
    "impact": ("dampak", "dampak covid", "dampak covid 19", "permasalahan", "masalah",
               "kendala", "dampak yang dialami", "impact", "problem", "jenis dampak",
               "permasalahan yang dihadapi"),
    "programme": ("program", "jenis bantuan", "program bantuan", "bantuan", "jenis program",
                  "programme", "program name", "sumber bantuan"),
    "stage": ("tahap", "tahap penyaluran", "tahapan", "stage", "batch", "gelombang", "periode"),
    # Kemenkop 147/SM/IV/2020 asks for assets, weekly turnover and workers before/after, and needs
    "omzet_before": ("omzet sebelum", "omset sebelum", "omzet sebelum covid", "omzet sebelum covid 19",
                     "omzet per minggu sebelum", "omzet mingguan sebelum", "omset per minggu sebelum",
                     "omzet sebelum pandemi", "penghasilan sebelum covid19", "penghasilan sebelum covid 19",
                     "pendapatan sebelum", "pendapatan sebelum covid", "turnover before", "omzet awal"),
    "omzet_after": ("omzet sesudah", "omzet setelah", "omset sesudah", "omset setelah", "omzet sesudah covid",
                    "omzet setelah covid", "omzet sesudah covid 19", "omzet setelah covid 19",
                    "omzet per minggu sesudah", "omzet per minggu setelah", "omzet mingguan sesudah",
                    "omzet saat ini", "omzet sekarang", "penghasilan setelah covid", "penghasilan setelah covid 19",
                    "pendapatan sesudah", "pendapatan setelah covid", "turnover after"),
    "assets": ("aset", "asset", "aset usaha", "nilai aset", "jumlah aset", "total aset", "assets", "kekayaan"),
    "workers_before": ("tenaga kerja sebelum", "jumlah tenaga kerja sebelum", "jumlah karyawan sebelum",
                       "karyawan sebelum", "tk sebelum", "pekerja sebelum", "workers before",
                       "tenaga kerja sebelum covid", "jumlah tenaga kerja sebelum covid 19"),
    "workers_after": ("tenaga kerja sesudah", "tenaga kerja setelah", "jumlah tenaga kerja sesudah",
                      "jumlah tenaga kerja setelah", "jumlah karyawan sesudah", "jumlah karyawan setelah",
                      "karyawan sesudah", "tk sesudah", "tk setelah", "pekerja sesudah", "workers after",
                      "tenaga kerja saat ini", "jumlah tenaga kerja sesudah covid 19"),
    "needs": ("kebutuhan", "kebutuhan usaha", "kebutuhan bantuan", "bantuan yang dibutuhkan",
              "kebutuhan yang diperlukan", "usulan kebutuhan", "needs"),
    "status": ("status", "status peserta", "status kelulusan", "status pelatihan",
               "status insentif", "keterangan status"),
}

_LOOKUP: dict[str, str] = {syn: fld for fld, syns in _SYNONYMS.items() for syn in syns}

#: Keyword rules for headers no synonym catches exactly, tried in order.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"\b(omzet|omset|penghasilan|pendapatan)\b.*\bsebelum\b", "omzet_before"),
    (r"\b(omzet|omset|penghasilan|pendapatan)\b.*\b(sesudah|setelah|saat ini)\b", "omzet_after"),
    (r"\b(tenaga kerja|karyawan|pekerja)\b.*\bsebelum\b", "workers_before"),
    (r"\b(tenaga kerja|karyawan|pekerja)\b.*\b(sesudah|setelah|saat ini)\b", "workers_after"),
    (r"\bkk\b|kartu keluarga", "kk"),
    (r"\bnik\b|\bktp\b", "nik"),
    (r"tgl lahir|tanggal lahir|tgl lhr", "birth_date"),
    (r"tempat lahir", "birth_place"),
    (r"nama usaha|nama umkm|nama toko", "business_name"),
    (r"\bnama\b", "name"),
    (r"\b(hp|telp|telepon|wa|whatsapp)\b", "phone"),
    (r"jenis usaha|bidang usaha|sektor", "sector"),
    (r"\balamat\b", "address"),
    (r"\bkecamatan\b|\bkec\b", "district"),
    (r"\bdesa\b|\bkelurahan\b|\bkel\b", "village"),
    (r"\bdampak\b", "impact"),
)


def field_for(label: object, overrides: dict[str, str] | None = None) -> str | None:
    """The canonical field a header names, or None when nothing matches."""
    folded = fold_header(label)
    if not folded:
        return None
    if overrides:
        for header, fld in overrides.items():
            if fold_header(header) == folded:
                return fld
    if folded in _LOOKUP:
        return _LOOKUP[folded]
    if len(folded) > 40:  # a sentence, not a header
        return None
    for pattern, fld in _KEYWORDS:
        if re.search(pattern, folded):
            return fld
    return None


def known_fields() -> set[str]:
    return set(_SYNONYMS) - {NUMBER_COLUMN}
