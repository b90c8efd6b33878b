"""Every user-facing text in one catalogue, Indonesian first (the users' language), English second."""

from __future__ import annotations

LANGS = ("id", "en")

_M: dict[str, tuple[str, str]] = {
    # why a row was dropped
    "drop.blank": ("baris kosong", "blank row"),
    "drop.repeated_header": ("judul kolom berulang", "repeated header"),
    "drop.total": ("baris jumlah/total", "totals row"),
    "drop.signature": ("blok tanda tangan", "signature block"),
    "drop.no_person": ("tanpa nama, NIK, atau nama usaha", "no name, NIK or business name"),
    # why a sheet holds no records
    "skip.empty": ("lembar kosong", "empty sheet"),
    "skip.no_header": ("tidak ada baris judul kolom yang dikenali (mis. lembar rekap)",
                       "no recognisable header row (e.g. a summary sheet)"),
    "skip.no_records": ("tidak ada data di bawah judul kolom", "no data under the header"),
    # roles
    "role.regency": ("daftar kabupaten/kota", "regency list"),
    "role.kemensos": ("Kemensos (BPUM/DTKS)", "Kemensos (BPUM/DTKS)"),
    "role.prakerja": ("Kartu Prakerja", "Kartu Prakerja"),
    # NIK quality
    "nik.missing": ("NIK kosong", "NIK missing"),
    "nik.invalid": ("NIK tidak valid", "NIK invalid"),
    "nik.truncated": ("NIK kemungkinan terpotong Excel", "NIK possibly truncated by Excel"),
    "nik.unrecoverable": ("NIK rusak (notasi ilmiah)", "NIK destroyed (scientific notation)"),
    # inspect table
    "inspect.title": ("Hasil pembacaan berkas", "What was read"),
    "col.file": ("Berkas", "File"),
    "col.sheet": ("Lembar", "Sheet"),
    "col.role": ("Peran", "Role"),
    "col.regency": ("Kab/Kota", "Regency"),
    "col.header_row": ("Baris judul", "Header row"),
    "col.records": ("Data", "Records"),
    "col.dropped": ("Dibuang", "Dropped"),
    "col.mapping": ("Pemetaan kolom", "Column mapping"),
    "col.unmapped": ("Kolom lain (disimpan)", "Other columns (kept)"),
    "col.quality": ("Mutu NIK", "NIK quality"),
    "error.file": ("GAGAL", "FAILED"),
    "summary.files_failed": ("{n} berkas gagal dibaca", "{n} file(s) could not be read"),
}


def t(key: str, lang: str = "id", **kwargs) -> str:
    """The text for `key` in `lang`; the key itself when missing (never crash on a label)."""
    pair = _M.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "id" else pair[1]
    return text.format(**kwargs) if kwargs else text
