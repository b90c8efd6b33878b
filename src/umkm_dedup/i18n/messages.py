"""Every user-facing text in one catalogue, Indonesian first (the users' language), English second."""

from __future__ import annotations

import numbers
import string

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
    "skip.own_output": ("laporan umkm-dedup (bukan daftar): tidak dibaca", "an umkm-dedup report (not a list): not read"),
    "skip.validate_copy": ("salinan hasil `validate` (diperiksa/diperbaiki) di samping berkas aslinya: tidak dibaca",
                           "a `validate` copy (checked/fixed) beside its original: not read"),
    "skip.symlink_outside": ("tautan (symlink) ke luar folder masukan: tidak diikuti",
                             "a link (symlink) out of the input folder: not followed"),
    "skip.not_a_file": ("bukan berkas biasa (pipa, perangkat, atau soket): tidak dibaca",
                        "not a regular file (a pipe, device or socket): not read"),
    # what reading changed in a sheet (Sumber lists them; validate shows each cell)
    "note.prakerja_unknown": ("status Prakerja tidak dikenal (dihitung terdaftar, tidak lolos)",
                              "Prakerja status not recognised (counted as registered, not passed)"),
    "note.cell_cut": ("sel lebih dari 32.767 karakter dipotong", "cell longer than 32,767 characters cut"),
    "note.not_a_date": ("tanggal berisi angka seri 0 atau negatif (bukan tanggal): dikosongkan",
                        "date holds serial 0 or a negative serial (no date): left empty"),
    "note.duplicate_row": ("nomor baris berulang di berkas: dibaca sebagai baris berikutnya",
                           "row number repeated in the file: read as the next row"),
    "note.sheet_hidden": ("lembar ini tersembunyi di Excel; datanya tetap dibaca dan dihitung",
                          "this sheet is hidden in Excel; its records are still read and counted"),
    "note.format_renamed": ("isi berkas tidak sesuai akhiran namanya (mis. berkas .xls yang dinamai .xlsx): "
                            "dibaca menurut isinya",
                            "the file's content does not match its suffix (e.g. an .xls file named .xlsx): read by "
                            "its content"),
    "note.columns_cut": ("kolom di luar batas jumlah kolom tidak dibaca", "columns past the column limit not read"),
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
    "inspect.totals": ("{files} berkas, {records} data, {dropped} baris dibuang (bukan data)",
                       "{files} files, {records} records, {dropped} rows dropped (not records)"),
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
    "note.skipped": ("Dilewati", "Skipped"),
    "where.sheet": ("lembar", "sheet"),
    "where.row": ("baris", "row"),
    "where.line": ("baris", "line"),
    # files that cannot be read: what happened, and what to do
    "err.missing_path": ("berkas atau folder tidak ada", "path does not exist"),
    "hint.missing_path": ("periksa ejaan, atau folder tempat perintah dijalankan",
                          "check the spelling, or the folder you are in"),
    "err.cannot_open": ("berkas tidak bisa dibuka: {reason}", "cannot open file: {reason}"),
    "hint.cannot_open": ("periksa izin berkas, atau tutup berkas di program lain",
                         "check the file's permissions, or close it in other programs"),
    "err.file_locked": ("berkas sedang dibuka di program lain (mis. Excel) atau tidak boleh dibaca",
                        "the file is open in another program (e.g. Excel) or may not be read"),
    "hint.file_locked": ("tutup berkas di Excel lalu coba lagi; jika tidak sedang dibuka, minta izin baca kepada "
                         "pemilik berkas", "close the file in Excel and try again; if it is not open, ask the "
                         "file's owner for read permission"),
    "err.output_locked": ("{name} tidak bisa ditimpa: sedang dibuka di program lain (mis. Excel) atau tidak boleh "
                          "ditulisi", "{name} cannot be replaced: open in another program (e.g. Excel) or not "
                          "writable"),
    "hint.output_locked": ("tutup berkas di Excel lalu coba lagi", "close the file in Excel and try again"),
    "err.no_spreadsheets": ("tidak ada lembar kerja (xlsx, xls, ods, csv) di folder ini",
                            "no spreadsheet (xlsx, xls, ods, csv) in this folder"),
    "hint.no_spreadsheets": ("letakkan berkas kecamatan di folder ini, atau berikan satu berkas",
                             "put the kecamatan files in this folder, or give one file"),
    "err.empty_file": ("berkas kosong (0 byte)", "file is empty (0 bytes)"),
    "hint.empty_file": ("ekspor ulang dari lembar kerja aslinya", "export it again from the original spreadsheet"),
    "err.password": ("berkas dilindungi kata sandi", "workbook is password-protected"),
    "hint.password": ("buka di Excel, hapus kata sandinya, simpan, lalu coba lagi",
                      "open it in Excel, remove the password, save and try again"),
    "err.corrupt": ("berkas rusak atau bukan lembar kerja", "file is corrupt or not a real spreadsheet"),
    "hint.corrupt": ("buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx",
                     "open it in Excel or LibreOffice and save it again as .xlsx"),
    "err.bad_sheet": ("lembar tidak bisa dibaca", "sheet cannot be read"),
    "err.corrupt_parquet": ("berkas rusak atau bukan berkas Parquet", "file is corrupt or not a real Parquet file"),
    "hint.corrupt_parquet": ("ekspor ulang tabelnya sebagai Parquet, atau sebagai CSV",
                             "export the table again as Parquet, or as CSV"),
    "hint.bad_sheet": ("simpan ulang berkasnya", "save the workbook again"),
    "err.binary": ("bukan berkas teks (isi biner)", "not a text file (binary content)"),
    "hint.binary": ("simpan lembar sebagai 'CSV UTF-8' atau sebagai .xlsx", "save the sheet as 'CSV UTF-8' or as .xlsx"),
    "err.encoding": ("pengodean teks tidak dikenali (byte {byte})", "text encoding not recognised (byte {byte})"),
    "hint.encoding": ("simpan ulang dari Excel sebagai 'CSV UTF-8'", "save the file as 'CSV UTF-8' from Excel"),
    "err.not_a_file": ("bukan berkas biasa (pipa, perangkat, atau folder)", "not a regular file (a pipe, device or folder)"),
    "hint.not_a_file": ("berikan berkas lembar kerja atau CSV", "give a spreadsheet or CSV file"),
    "err.too_big": ("berkas terlalu besar ({size}; batas {limit})", "file too large ({size}; limit {limit})"),
    "hint.too_big": ("bagi menjadi beberapa berkas, atau naikkan batas max_file_bytes",
                     "split it into several files, or raise the max_file_bytes limit"),
    "err.member_too_big": ("bagian '{part}' di dalam berkas mengembang melebihi {limit} (kemungkinan berkas rusak "
                           "atau berbahaya)", "part '{part}' inside the file inflates beyond {limit} (probably a "
                           "damaged or hostile file)"),
    "hint.member_too_big": ("buka di Excel lalu simpan ulang sebagai .xlsx, atau minta pengirim mengirim ulang",
                            "open it in Excel and save it again as .xlsx, or ask the sender to send it again"),
    "err.too_many_cells": ("lembar berisi lebih dari {limit} sel", "sheet holds more than {limit} cells"),
    "hint.too_many_cells": ("hapus isi di luar tabel data, atau bagi menjadi beberapa berkas",
                            "delete what lies outside the data table, or split the file"),
    "err.too_slow": ("pembacaan berkas melebihi {seconds} detik", "reading the file took longer than {seconds} s"),
    "hint.too_slow": ("simpan ulang sebagai .xlsx tanpa isi di luar tabel, atau naikkan batas max_seconds",
                      "save it again as .xlsx without content outside the table, or raise the max_seconds limit"),
    "err.bad_csv": ("CSV tidak bisa dibaca di sekitar baris {line}", "the CSV cannot be read near line {line}"),
    "hint.bad_csv": ("simpan ulang dari Excel sebagai 'CSV UTF-8'", "save the file as 'CSV UTF-8' from Excel"),
    "err.no_memory": ("memori tidak cukup untuk membaca berkas ini", "not enough memory to read this file"),
    "hint.no_memory": ("hapus isi di luar tabel data, bagi berkasnya, atau jalankan di komputer dengan memori lebih "
                       "besar", "delete what lies outside the data table, split the file, or run on a computer "
                       "with more memory"),
    "err.too_large_run": ("pemeriksaan awal: {records:,} data memberi {pairs:,} pasangan kandidat (terbanyak dari "
                          "kunci {blocking_key}: {key_pairs:,}); perkiraan memori puncak {need}, melebihi "
                          "batas {limit}; "
                          "kira-kira {fit:,} data seperti ini muat",
                          "pre-flight: {records:,} records give {pairs:,} candidate pairs (most from key {blocking_key}: "
                          "{key_pairs:,}); estimated peak memory {need}, more than the {limit} allowed; about "
                          "{fit:,} records of this kind fit"),
    "hint.too_large_run": ("tidak ada yang diubah. Pakai kunci blok yang lebih ketat (matching.blocking atau "
                           "max_block_size yang lebih kecil di berkas konfigurasi), komputer dengan memori lebih "
                           "besar, atau mesin terdistribusi (--engine spark); --max-memory mengubah batasnya",
                           "nothing was changed. Use a tighter blocking key (matching.blocking, or a smaller "
                           "max_block_size in the configuration file), a machine with more memory, or the "
                           "distributed engine (--engine spark); --max-memory changes the bound"),
    "err.unreadable": ("berkas tidak bisa dibaca ({kind})", "the file could not be read ({kind})"),
    "hint.unreadable": ("buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx; jika masih gagal, kirim "
                        "berkasnya ke pengelola alat", "open it in Excel or LibreOffice and save it again as .xlsx; "
                        "if it still fails, send the file to the tool's maintainer"),
    "err.no_header": ("tidak ada lembar dengan baris judul kolom yang dikenali",
                      "no sheet with a recognisable header"),
    "hint.no_header": ("baris judul perlu kolom nama atau NIK dan satu kolom lain yang dikenal; petakan judul "
                       "yang tidak biasa dengan --map 'Judul=field'",
                       "the header row needs at least a name or NIK column and one more known column; map "
                       "unusual headers with --map 'Header=field'"),
    "err.ledger_missing": ("ledger belum ada", "the ledger does not exist yet"),
    "hint.ledger_missing": ("merge dengan --ledger membuatnya", "a merge with --ledger creates it"),
    "err.unknown_blocking": ("kunci blok tidak dikenal: {names}", "unknown blocking key(s): {names}"),
    "hint.unknown_blocking": ("pilih dari {known}", "choose from {known}"),
    "err.unknown_comparison": ("pembandingan tidak dikenal: {names}", "unknown comparison(s): {names}"),
    "hint.unknown_comparison": ("pilih dari {known}", "choose from {known}"),
    "err.review_above_match": ("review_weight tidak boleh melebihi match_weight",
                               "review_weight must not exceed match_weight"),
    "err.unknown_engine": ("mesin pencocokan tidak dikenal: {name}", "unknown matching engine: {name}"),
    "hint.unknown_engine": ("pilih local atau spark", "choose local or spark"),
    "err.spark_options_need_engine": ("--spark-master dan --spark-conf hanya berlaku dengan --engine spark",
                                      "--spark-master and --spark-conf need --engine spark"),
    "err.spark_missing": ("mesin spark memerlukan PySpark, yang belum terpasang", "the spark engine needs PySpark"),
    "hint.spark_missing": ("pasang dengan: pip install 'umkm-dedup[spark]'; atau pakai --engine local",
                           "pip install 'umkm-dedup[spark]', or use --engine local"),
    "err.java_missing": ("mesin spark memerlukan Java 17, yang tidak ditemukan (java tidak ada di PATH/JAVA_HOME)",
                         "the spark engine needs Java 17 (no java found)"),
    "hint.java_missing": ("pasang Java 17 (mis. apt-get install openjdk-17-jre-headless) atau isi JAVA_HOME; atau "
                          "pakai --engine local",
                          "install Java 17 (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME, or use "
                          "--engine local"),
    "err.spark_start": ("Spark tidak bisa dijalankan: {why}", "Spark could not start: {why}"),
    "hint.spark_start": ("periksa --spark-master dan Java 17; atau pakai --engine local",
                         "check --spark-master and Java 17, or use --engine local"),
    "err.spark_conf_bad": ("--spark-conf perlu KUNCI=NILAI, bukan {item!r}", "--spark-conf needs KEY=VALUE, not {item!r}"),
    "hint.spark_conf_bad": ("mis. --spark-conf spark.executor.memory=8g", "e.g. --spark-conf spark.executor.memory=8g"),
    "err.unknown_setting": ("pengaturan pencocokan tidak dikenal: {names}", "unknown matching setting(s): {names}"),
    "hint.unknown_setting": ("yang dikenal: {known}", "known: {known}"),
    "err.unknown_rule": ("aturan tidak dikenal atau tidak bisa dimatikan: {names}",
                         "unknown rule(s), or one that cannot be switched off: {names}"),
    "hint.unknown_rule": ("pilih dari: {known}", "choose from: {known}"),
    "err.bad_model": ("berkas model tidak bisa dipakai ({detail})", "the model file cannot be used ({detail})"),
    "hint.bad_model": ("berikan model.json dari merge yang sudah selesai, dengan pengaturan yang disimpan bersamanya",
                       "give the model.json of a finished merge, with the settings saved with it"),
    "err.truth_unreadable": ("berkas acuan tidak bisa dibaca ({reason})", "cannot read the truth file ({reason})"),
    "hint.truth_unreadable": ("kolom acuan: source_file,sheet,row,person_id", "truth columns: source_file,sheet,row,person_id"),
    "err.truth_columns": ("berkas acuan tidak punya kolom: {names}", "the truth file lacks column(s): {names}"),
    "hint.truth_columns": ("kolom acuan: source_file,sheet,row,person_id", "truth columns: source_file,sheet,row,person_id"),
    "err.eval_missing": ("folder keluaran tidak lengkap: {names} tidak ada", "the output folder is incomplete: {names} missing"),
    "hint.eval_missing": ("jalankan merge dengan --out ke folder ini dulu", "run merge with --out to this folder first"),
    "err.config_unreadable": ("berkas konfigurasi tidak bisa dibaca ({reason})",
                              "cannot read the configuration file ({reason})"),
    "hint.config_unreadable": ("periksa path yang diberikan ke --config", "check the path given to --config"),
    "err.config_toml": ("bukan TOML yang sah: {detail}", "not valid TOML: {detail}"),
    "hint.config_toml": ("lihat contoh yang ditulis `umkm-dedup init`", "see the example written by `umkm-dedup init`"),
    "err.cfg_section": ("'{name}': bagian tidak dikenal", "'{name}': unknown section"),
    "hint.cfg_section": ("bagian yang dikenal: {known}", "known sections: {known}"),
    "err.cfg_not_section": ("'{name}': harus berupa [bagian]", "'{name}': must be a [section]"),
    "err.cfg_key": ("'{name}': kunci tidak dikenal", "'{name}': unknown key"),
    "hint.cfg_key": ("kunci yang dikenal: {known}", "known keys: {known}"),
    "err.cfg_type": ("'{name}': harus {expected_id}, bukan {value}", "'{name}': must be {expected_en}, not {value}"),
    "hint.cfg_type": ("lihat contoh yang ditulis `umkm-dedup init`", "see the example written by `umkm-dedup init`"),
    "cfg.expect.text": ("teks yang tidak kosong", "a non-empty text"),
    "cfg.expect.path": ("path dalam tanda kutip, mis. \"laporan\"", "a path in quotes, e.g. \"laporan\""),
    "cfg.expect.paths": ('daftar path, mis. ["kabupaten"]', 'a list of paths, e.g. ["kabupaten"]'),
    "cfg.expect.tables": ("tabel per perbandingan, mis. [matching.comparison_params.name]", "a table per comparison, e.g. [matching.comparison_params.name]"),
    "cfg.expect.texts": ('daftar teks, mis. ["nik", "name"]', 'a list of texts, e.g. ["nik", "name"]'),
    "cfg.expect.bool": ("true atau false", "true or false"),
    "cfg.expect.language": ('"id" atau "en"', '"id" or "en"'),
    "cfg.expect.number": ("angka (bukan nan/inf)", "a number (not nan/inf)"),
    "cfg.expect.positive": ("bilangan bulat lebih dari 0 (tanpa tanda kutip)", "a whole number above 0 (no quotes)"),
    "cfg.expect.count": ("bilangan bulat 0 atau lebih", "a whole number, 0 or more"),
    "cfg.expect.date": ('tanggal TTTT-BB-HH, mis. "2020-05-15"', 'a date YYYY-MM-DD, e.g. "2020-05-15"'),
    "cfg.expect.separator": ('";" atau "," (atau "|", "\\t")', '";" or "," (or "|", "\\t")'),
    "err.cfg_matching": ("'{name}': {detail}", "'{name}': {detail}"),
    "err.cfg_field": ("'{name}': '{field}' bukan nama field", "'{name}': '{field}' is not a field"),
    "hint.cfg_field": ("field: {known}", "fields: {known}"),
    "err.config_exists": ("sudah ada berkas konfigurasi di sini", "a configuration file already exists here"),
    "hint.config_exists": ("sunting berkas itu, atau hapus dulu", "edit it, or remove it first"),
    "err.in_use_ledger": ("proses umkm-dedup lain sedang memakai ledger ini",
                          "another umkm-dedup run is using this ledger"),
    "hint.in_use_ledger": ("tunggu sampai selesai, lalu jalankan lagi", "wait for it to finish, then run again"),
    "err.in_use_folder": ("proses umkm-dedup lain sedang memakai folder keluaran ini",
                          "another umkm-dedup run is using this output folder"),
    "hint.in_use_folder": ("tunggu sampai selesai, lalu jalankan lagi", "wait for it to finish, then run again"),
    # outputs never replace an input; a half-written folder is recognised
    "err.out_is_input": ("'{name}' di folder keluaran adalah berkas masukan; laporan tidak ditulis di atasnya",
                         "'{name}' in the output folder is one of the inputs; the report is not written over it"),
    "hint.out_is_input": ("pilih folder --out lain (mis. laporan), atau pindahkan berkas masukan itu",
                          "choose another --out folder (e.g. laporan), or move that input file"),
    "err.copy_is_input": ("salinan '{name}' akan menimpa berkas masukan; tidak ditulis",
                          "the copy '{name}' would replace an input file; not written"),
    "hint.copy_is_input": ("berikan --out dengan nama lain (mis. {suggest})", "give --out another name (e.g. {suggest})"),
    "err.cannot_write": ("berkas atau folder ini tidak bisa dibuat atau ditulis ({reason})",
                         "this file or folder cannot be created or written ({reason})"),
    "hint.cannot_write": ("periksa path-nya (bagian yang berupa berkas, bukan folder), izin menulis di folder itu "
                          "dan ruang disk; atau pilih folder lain",
                          "check the path (a part of it that is a file, not a folder), the permission to write in "
                          "that folder and the disk space; or choose another folder"),
    "err.out_not_folder": ("--out menunjuk ke sebuah berkas, bukan folder", "--out points at a file, not a folder"),
    "hint.out_not_folder": ("berikan nama folder baru untuk laporan", "give a new folder name for the report"),
    "err.incomplete_run": ("folder ini berisi hasil merge yang tidak selesai (terhenti di tengah jalan) atau "
                           "berkas dari dua proses berbeda ({file})",
                           "this folder holds a merge that did not finish (stopped half-way) or files of two "
                           "runs ({file})"),
    "hint.incomplete_run": ("jalankan merge lagi dengan --out yang sama", "run the merge again with the same --out"),
    "err.internal": ("kesalahan internal umkm-dedup ({kind}); rincian teknis (NIK disamarkan) ditulis ke {log}",
                     "internal umkm-dedup error ({kind}); technical details (NIKs masked) written to {log}"),
    "hint.internal": ("berkas masukan tidak diubah; kirim berkas log itu ke pengelola aplikasi",
                      "the input files were not changed; send that log file to the tool's maintainers"),
    "err.ledger_commit": ("tahap tidak tercatat di ledger ({reason}); laporan tidak ditulis",
                          "the stage was not recorded in the ledger ({reason}); the report was not written"),
    "hint.ledger_commit": ("periksa ruang disk dan izin berkas ledger, lalu jalankan lagi",
                           "check disk space and the ledger file's permissions, then run again"),
    "err.ledger_corrupt": ("berkas ledger rusak atau bukan database SQLite ({reason})",
                           "the ledger file is corrupt or not an SQLite database ({reason})"),
    "hint.ledger_corrupt": ("pulihkan ledger dari cadangan, atau berikan path ledger yang benar",
                            "restore the ledger from a backup, or give the right ledger path"),
    "err.ledger_foreign": ("berkas ini database SQLite milik aplikasi lain, bukan ledger umkm-dedup; tidak diubah",
                           "this file is another application's SQLite database, not an umkm-dedup ledger; left unchanged"),
    "hint.ledger_foreign": ("berikan path ledger umkm-dedup, atau path baru untuk membuat ledger",
                            "give an umkm-dedup ledger's path, or a new path to create one"),
    "err.ledger_folder": ("path ledger adalah sebuah folder", "the ledger path is a folder"),
    "err.ledger_links": ("ledger punya {n} nama (hard link); satu ledger harus punya satu nama",
                         "the ledger has {n} names (hard links); a ledger must have one name"),
    "hint.ledger_links": ("hapus nama lainnya (atau buat salinan dengan `sqlite3 FILE \".backup SALINAN\"`)",
                          "remove the other names (or make a copy with `sqlite3 FILE \".backup COPY\"`)"),
    "hint.ledger_folder": ("berikan path berkas, mis. {suggest}", "give a file path, e.g. {suggest}"),
    "err.ledger_newer": ("skema ledger {version} lebih baru dari yang dipahami alat ini ({supported})",
                         "ledger schema {version} is newer than this tool understands ({supported})"),
    "hint.ledger_newer": ("perbarui umkm-dedup", "upgrade umkm-dedup"),
    "err.no_stage": ("tidak ada tahap '{stage}' di ledger", "no stage '{stage}' in the ledger"),
    "hint.no_stage": ("`umkm-dedup ledger stages` menampilkan daftarnya", "`umkm-dedup ledger stages` lists them"),
    "err.stage_needed": ("ledger memerlukan nama tahap", "a ledger needs a stage name"),
    "hint.stage_needed": ("tambahkan --stage NAMA (mis. tahap-2)", "add --stage NAME (e.g. tahap-2)"),
    "err.bad_record_ref": ("'{text}' bukan BERKAS:LEMBAR:BARIS", "'{text}' is not FILE:SHEET:ROW"),
    "hint.bad_record_ref": ("mis. umkm_badung.xlsx:Data UMKM:12 atau daftar.csv::5",
                            "e.g. umkm_badung.xlsx:Data UMKM:12 or list.csv::5"),
    "err.not_finished": ("bukan hasil merge yang selesai: {missing} tidak ada",
                         "not a finished merge: {missing} missing"),
    "hint.not_finished": ("jalankan `umkm-dedup merge ... --out FOLDER` dulu", "run `umkm-dedup merge ... --out DIR` first"),
    "err.no_record": ("tidak ada data {file} · {sheet} · baris {row} pada hasil ini",
                      "no record {file} · {sheet} · row {row} in this run"),
    "hint.no_record": ("pakai berkas, lembar dan baris seperti di record_map.csv",
                       "use the file, sheet and row shown in record_map.csv"),
    "err.no_cluster": ("tidak ada ID orang {cluster} pada hasil ini", "no cluster {cluster} in this run"),
    "hint.no_cluster": ("ID orang ada di record_map.csv", "cluster ids are in record_map.csv"),
    "err.decisions_missing": ("berkas keputusan tidak ada", "decisions file does not exist"),
    "hint.decisions_missing": ("berikan workbook laporan yang sudah diisi petugas, atau CSV keputusan",
                               "give the report workbook an officer filled in, or a CSV of decisions"),
    "err.decisions_columns": ("kolom berkas keputusan tidak dikenali (ditemukan: {found})",
                              "the columns of the decisions file are not understood (found: {found})"),
    "hint.decisions_columns": ("kolom yang diharapkan: {expected}", "expected columns: {expected}"),
    "err.decisions_unreadable": ("berkas keputusan tidak bisa dibaca ({reason})",
                                 "cannot read the decisions file ({reason})"),
    "hint.decisions_unreadable": ("tutup berkas itu di Excel, atau simpan ulang", "close it in Excel, or save it again"),
    "err.report_unreadable": ("laporan di folder keluaran tidak bisa dibaca ({reason}); mungkin berisi keputusan "
                              "petugas yang belum terbaca", "the report in the output folder cannot be read "
                              "({reason}); it may hold officers' decisions not read yet"),
    "hint.report_unreadable": ("tutup berkas itu di Excel lalu jalankan lagi; --force menggantinya (salinan lama "
                               "disimpan sebagai …_sebelumnya.xlsx)", "close it in Excel and run again; --force "
                               "replaces it (the old one is kept as …_previous.xlsx)"),
    "err.out_is_file": ("--out menunjuk ke berkas yang sudah ada, bukan folder",
                        "--out points at an existing file, not a folder"),
    "hint.out_is_file": ("berikan nama folder (baru, atau folder laporan sebelumnya)",
                         "give a folder name (new, or an earlier report folder)"),
    "err.nothing_read": ("tidak ada satu pun data yang terbaca dari {inputs}",
                         "no record could be read at all from {inputs}"),
    "hint.nothing_read": ("periksa path dan isi foldernya; laporan kosong ini bukan hasil",
                          "check the paths and what the folders hold; this empty report is not a result"),
    "err.role_empties_regency": ("diberikan sebagai {role} tetapi tampak seperti satu-satunya daftar {regency} "
                                 "({signs}); {regency} akan hilang dari Ringkasan",
                                 "given as {role} but looks like the only list of {regency} ({signs}); {regency} "
                                 "would vanish from the Summary"),
    "hint.role_empties_regency": ("periksa --kemensos/--prakerja; --force menjalankannya tetap",
                                  "check --kemensos/--prakerja; --force runs it anyway"),
    "err.no_records": ("tidak ada baris data di bawah judul kolom", "no data rows under the header"),
    "hint.no_records": ("isi baris datanya, atau keluarkan berkas ini dari folder",
                        "fill in the rows, or take the file out of the folder"),
    "summary.files_failed": ("{n} berkas gagal dibaca", "{n} file(s) could not be read"),
    # workbook sheets
    "sheet.summary": ("Ringkasan", "Summary"),
    "sheet.unique": ("Data Unik", "Unique Persons"),
    "sheet.duplicates": ("Duplikat", "Duplicates"),
    "sheet.review": ("Perlu Ditinjau", "Needs Review"),
    "sheet.problems": ("Data Bermasalah", "Problem Records"),
    "sheet.sources": ("Sumber", "Sources"),
    # column headers
    "h.cluster_id": ("ID Orang", "Person ID"),
    "h.nik": ("NIK", "NIK"),
    "h.kk": ("No. KK", "Family card (KK)"),
    "h.name": ("Nama", "Name"),
    "h.birth_date": ("Tanggal Lahir", "Birth date"),
    "h.sex": ("L/P", "Sex"),
    "h.business_name": ("Nama Usaha", "Business name"),
    "h.sector": ("Sektor Usaha", "Sector"),
    "h.address": ("Alamat", "Address"),
    "h.rt_rw": ("RT/RW", "RT/RW"),
    "h.village": ("Desa/Kelurahan", "Village"),
    "h.district": ("Kecamatan", "District"),
    "h.regency": ("Kab/Kota", "Regency"),
    "h.phone": ("No. HP", "Phone"),
    "h.email": ("Email", "Email"),
    "h.impact": ("Dampak", "Impact"),
    "h.records": ("Jumlah Data Sumber", "Source records"),
    "h.sources": ("Sumber (berkas · lembar · baris)", "Sources (file · sheet · row)"),
    "h.kemensos": ("Penerima Kemensos", "Kemensos recipient"),
    "h.prakerja": ("Status Prakerja", "Prakerja status"),
    "h.needs_review": ("Perlu Ditinjau", "Needs review"),
    "h.nik_status": ("Status NIK", "NIK status"),
    "h.role": ("Peran", "Role"),
    "h.file": ("Berkas", "File"),
    "h.sheet": ("Lembar", "Sheet"),
    "h.row": ("Baris", "Row"),
    "h.evidence": ("Alasan", "Reason"),
    "h.confidence": ("Keyakinan", "Confidence"),
    "h.score": ("Skor Bukti", "Evidence score"),
    "h.rule": ("Aturan", "Rule"),
    "h.decision": ("Keputusan", "Decision"),
    "h.pair": ("Pasangan", "Pair"),
    "h.side": ("Data (A/B)", "Record (A/B)"),
    "h.problem": ("Masalah", "Problem"),
    "h.severity": ("Tingkat", "Severity"),
    "h.fix": ("Saran Perbaikan", "Suggested fix"),
    "h.value": ("Nilai", "Value"),
    "h.header_row": ("Baris Judul", "Header row"),
    "h.mapping": ("Pemetaan Kolom", "Column mapping"),
    "h.unmapped": ("Kolom Lain (disimpan)", "Other columns (kept)"),
    "h.dropped": ("Baris Dibuang", "Rows dropped"),
    "h.status": ("Status", "Status"),
    "yes": ("Ya", "Yes"),
    "no": ("Tidak", "No"),
    # Format Kemenkop (report/kemenkop.py): the ministry's field list, letter 147/SM/IV/2020
    "sheet.kemenkop": ("Format Kemenkop", "Kemenkop Format"),
    "h.km_problem": ("Permasalahan yang Dihadapi", "Problem faced"),
    "h.km_assets": ("Aset", "Assets"),
    "h.km_omzet_before": ("Omzet per Minggu Sebelum", "Weekly turnover before"),
    "h.km_omzet_after": ("Omzet per Minggu Sesudah", "Weekly turnover after"),
    "h.km_workers_before": ("Tenaga Kerja Sebelum", "Workers before"),
    "h.km_workers_after": ("Tenaga Kerja Sesudah", "Workers after"),
    "h.km_needs": ("Kebutuhan", "Needs"),
    "ex.h.km_problem": ("permasalahan atau dampak yang dihadapi usaha", "the problem or impact the business faces"),
    "ex.h.km_assets": ("aset usaha seperti tertulis di daftar", "the business's assets as the list writes them"),
    "ex.h.km_omzet_before": ("omzet per minggu sebelum pandemi, seperti tertulis", "weekly turnover before the "
                             "pandemic, as written"),
    "ex.h.km_omzet_after": ("omzet per minggu sesudahnya, seperti tertulis", "weekly turnover after, as written"),
    "ex.h.km_workers_before": ("jumlah tenaga kerja sebelum pandemi", "number of workers before the pandemic"),
    "ex.h.km_workers_after": ("jumlah tenaga kerja sesudahnya", "number of workers after"),
    "ex.h.km_needs": ("kebutuhan yang disampaikan pelaku usaha", "the needs the business owner stated"),
    # data_unik.csv headers, in the report's language (pipeline._write_report)
    "csv.cluster_id": ("cluster_id", "cluster_id"),
    "csv.nik": ("nik", "nik"),
    "csv.name": ("nama", "name"),
    "csv.birth_date": ("tanggal_lahir", "birth_date"),
    "csv.sex": ("jenis_kelamin", "sex"),
    "csv.address": ("alamat", "address"),
    "csv.rt_rw": ("rt_rw", "rt_rw"),
    "csv.village": ("desa_kelurahan", "village"),
    "csv.district": ("kecamatan", "district"),
    "csv.regency": ("kab_kota", "regency"),
    "csv.phone": ("no_hp", "phone"),
    "csv.business_name": ("nama_usaha", "business_name"),
    "csv.sector": ("sektor", "sector"),
    "csv.impact": ("dampak", "impact"),
    "csv.kemensos": ("penerima_kemensos", "kemensos_recipient"),
    "csv.prakerja": ("status_prakerja", "prakerja_status"),
    "csv.needs_review": ("perlu_ditinjau", "needs_review"),
    "csv.records": ("jumlah_sumber", "source_records"),
    "csv.sources": ("sumber", "sources"),
    # Belum Dibantu (report/not_helped.py): BPUM-proposal column order
    "sheet.not_helped": ("Belum Dibantu", "Not Yet Helped"),
    "h.full_name": ("Nama Lengkap", "Full name"),
    "h.bpum_sector": ("Bidang Usaha", "Business sector"),
    "h.nik_problem": ("Masalah NIK (usulan bisa ditolak)", "NIK problem (proposal may be rejected)"),
    "bd.nik.1": ("NIK sah tetapi tidak cocok dengan tanggal lahir/jenis kelamin: cocokkan dengan KTP",
                 "valid NIK that disagrees with the birth date/sex: check against the KTP"),
    "bd.nik.2": ("NIK terpotong (angka terakhir hilang di Excel): minta NIK lengkap",
                 "NIK cut short (last digits lost in Excel): ask for the full NIK"),
    "bd.nik.3": ("NIK tidak sah (panjang, kode wilayah, atau tanggal): perbaiki dari KTP",
                 "invalid NIK (length, region code or date): correct it from the KTP"),
    "bd.nik.4": ("NIK kosong: wajib diisi untuk usulan", "NIK missing: required for a proposal"),
    # Keterangan (report/explanation.py): every column of every sheet in plain words
    "sheet.explanation": ("Keterangan", "Explanation"),
    "ex.title": ("KETERANGAN ISI LAPORAN", "WHAT THE REPORT HOLDS"),
    "h.ex_sheet": ("Lembar", "Sheet"),
    "h.ex_column": ("Kolom / nilai", "Column / value"),
    "h.ex_meaning": ("Penjelasan", "Meaning"),
    "ex.section.columns": ("Kolom setiap lembar", "The columns of every sheet"),
    "ex.section.values": ("Nilai dan status", "Values and statuses"),
    "ex.section.use": ("Cara memakai Keputusan", "How to use the Decision column"),
    "ex.use.1": ("Di Perlu Ditinjau setiap pasangan tertulis dalam dua baris (A lalu B). Pilih SAMA bila A dan B "
                 "orang yang sama, BEDA bila dua orang berbeda; tulis di kolom Keputusan baris A.",
                 "In Needs Review each pair is written on two rows (A, then B). Choose SAMA when A and B are the "
                 "same person, BEDA when they are two people; write it in the Decision column of row A."),
    "ex.use.2": ("Di Duplikat tulis BEDA pada data yang bukan orang yang sama dengan klasternya; SAMA "
                 "mengonfirmasi data itu.", "In Duplicates write BEDA on a record that is not the same person as "
                 "its cluster; SAMA confirms it."),
    "ex.use.3": ("Simpan workbook di folder laporan yang sama lalu jalankan merge lagi: keputusan diterapkan, "
                 "dicatat di keputusan_petugas.csv, dan tampil lagi di laporan baru. Mengosongkan sel mencabut "
                 "keputusan. Keputusan yang datanya berubah atau hilang disebut usang di Ringkasan.",
                 "Save the workbook in the same report folder and run merge again: the decisions are applied, "
                 "kept in keputusan_petugas.csv and shown again in the new report. Emptying a cell withdraws a "
                 "decision. A decision whose records changed or disappeared is listed as stale in Summary."),
    "ex.v.valid": ("NIK sah dan cocok dengan tanggal lahir dan jenis kelamin: dipakai sebagai kunci orang",
                   "valid NIK that agrees with the birth date and sex: used as the person's key"),
    "ex.v.valid*": ("NIK berbentuk sah tetapi ada yang tidak cocok (tanggal lahir, jenis kelamin, mungkin No. KK)",
                    "a NIK of valid form that disagrees with something (birth date, sex; maybe a KK number)"),
    "ex.v.truncated": ("NIK 16 digit yang angka terakhirnya menjadi 0 (Excel menyimpan 15 digit)",
                       "a 16-digit NIK whose last digit became 0 (Excel keeps 15 digits)"),
    "ex.v.invalid": ("NIK salah panjang, kode wilayah tidak ada, atau tanggal mustahil",
                     "wrong length, a region code that does not exist, or an impossible date"),
    "ex.v.missing": ("tidak ada NIK", "no NIK"),
    "ex.v.score": ("Skor Bukti: jumlah bukti (bit) dari semua perbandingan; positif berarti mendukung satu "
                   "orang. Dari 6 ke atas digabung, 0 sampai 6 ditinjau petugas, di bawah 0 dua orang.",
                   "Evidence score: the evidence (bits) of all comparisons added up; positive supports one "
                   "person. 6 or more is joined, 0 to 6 goes to review, below 0 is two people."),
    "ex.v.confidence": ("Keyakinan: peluang (0-1) bahwa data ini memang orang yang sama dengan klasternya, "
                        "dari model pencocokan", "Confidence: the probability (0-1) that this record is the same "
                        "person as its cluster, from the matching model"),
    "ex.v.rules": ("Aturan: di atas skor berlaku aturan, tertulis di Alasan: dua NIK sah dengan tanggal lahir "
                   "berbeda adalah dua orang; NIK beda satu digit perlu nama sama dan satu bukti lain; nama saja "
                   "tidak pernah menggabungkan", "Rules: on top of the score, rules apply and are written in the "
                   "Reason: two valid NIKs with different birth dates are two people; a NIK one digit apart needs "
                   "the same name and one more piece of evidence; a name alone never joins"),
    "ex.v.sama": ("SAMA: satu orang (digabung pada proses berikutnya)", "SAMA: one person (joined on the next run)"),
    "ex.v.beda": ("BEDA: dua orang (tidak pernah digabung)", "BEDA: two people (never joined)"),
    "ex.v.prakerja": ("Prakerja terdaftar: semua yang ada di daftar Prakerja. Lolos/lulus: status Lolos, Lulus, "
                      "Selesai pelatihan, Insentif cair/diterima. Tidak Lolos, Tidak Lulus, Gagal, Belum...: tidak "
                      "lolos. Status lain dicantumkan di Sumber.", "Prakerja registered: everyone on the roster. "
                      "Passed: Lolos, Lulus, Selesai pelatihan, Insentif cair/diterima. Tidak Lolos, Tidak Lulus, "
                      "Gagal, Belum...: not passed. Other statuses are listed in Sources."),
    "ex.h.regency": ("kab/kota yang mengirim daftar; setiap orang dihitung di satu kab/kota (data terbaiknya)",
                     "the regency that sent the list; each person is counted in one regency (their best record)"),
    "ex.sum.records": ("jumlah baris data dari daftar kab/kota ini (Kemensos dan Prakerja dihitung terpisah di "
                       "sampul)", "data rows from this regency's lists (Kemensos and Prakerja are counted apart on "
                       "the cover)"),
    "ex.sum.persons_in_list": ("orang berbeda di daftar kab/kota ini", "distinct persons in this regency's lists"),
    "ex.sum.duplicates_within": ("data dibaca dikurangi orang dalam daftar: orang yang tercatat lebih dari sekali "
                                 "di daftar ini", "records read minus persons in list: people listed more than once "
                                 "in this regency's lists"),
    "ex.sum.duplicates_across": ("orang yang juga ada di daftar kab/kota lain dan dihitung di sana",
                                 "persons also in another regency's list and counted there"),
    "ex.sum.unique_persons": ("orang unik yang dihitung di kab/kota ini; jumlahnya tidak ganda antar kab/kota",
                              "unique persons counted in this regency; no one is counted twice across regencies"),
    "ex.sum.already_reported": ("sudah dilaporkan pada tahap sebelumnya (ledger)",
                                "already reported in an earlier stage (ledger)"),
    "ex.sum.new_persons": ("orang unik yang baru pada tahap ini", "unique persons new in this stage"),
    "ex.sum.in_kemensos": ("orang unik yang juga ada di daftar penerima Kemensos (BPUM/DTKS)",
                           "unique persons also on the Kemensos recipients list (BPUM/DTKS)"),
    "ex.sum.in_prakerja": ("orang unik yang terdaftar di Kartu Prakerja (apa pun statusnya)",
                           "unique persons registered for Kartu Prakerja (any status)"),
    "ex.sum.prakerja_passed": ("dari yang terdaftar, yang lolos/lulus (Lolos, Lulus, Selesai, Insentif cair)",
                               "of those registered, those who passed (Lolos, Lulus, Selesai, Insentif cair)"),
    "ex.sum.no_assistance": ("orang unik yang tidak ada di Kemensos maupun Prakerja: lihat lembar Belum Dibantu",
                             "unique persons in neither Kemensos nor Prakerja: see the Not Yet Helped sheet"),
    "ex.sum.nik_suspect": ("data dengan NIK tidak sah, terpotong, atau tidak cocok", "records whose NIK is invalid, "
                           "cut short or contradicted"),
    "ex.sum.nik_missing": ("data tanpa NIK", "records without a NIK"),
    "ex.h.cluster_id": ("kode tetap satu orang (klaster): data dengan kode sama adalah orang yang sama",
                        "a stable code per person (cluster): records with the same code are one person"),
    "ex.h.nik": ("Nomor Induk Kependudukan (16 digit) seperti tertulis", "the national id number (16 digits) as written"),
    "ex.h.kk": ("nomor Kartu Keluarga", "family card number"),
    "ex.h.name": ("nama seperti tertulis di daftar asal", "the name as written in the list it came from"),
    "ex.sheet.unique.h.name": ("nama orang itu, tanpa gelar (Bp., Hj., S.Pd., ...)",
                               "the person's name, without titles (Bp., Hj., S.Pd., ...)"),
    "ex.sheet.not_helped.h.name": ("nama orang itu, tanpa gelar (Bp., Hj., S.Pd., ...)",
                                   "the person's name, without titles (Bp., Hj., S.Pd., ...)"),
    "ex.h.full_name": ("nama lengkap tanpa gelar", "full name without titles"),
    "ex.h.birth_date": ("tanggal lahir", "birth date"),
    "ex.h.sex": ("jenis kelamin: L laki-laki, P perempuan", "sex: L male, P female"),
    "ex.h.address": ("alamat (jalan, gang, nomor rumah)", "address (street, lane, house number)"),
    "ex.h.rt_rw": ("RT/RW", "neighbourhood units RT/RW"),
    "ex.h.village": ("desa atau kelurahan", "village"),
    "ex.h.district": ("kecamatan", "district"),
    "ex.h.phone": ("nomor HP dalam bentuk 08...", "mobile number written 08..."),
    "ex.h.business_name": ("nama usaha", "business name"),
    "ex.h.sector": ("sektor atau jenis usaha", "business sector"),
    "ex.h.bpum_sector": ("bidang usaha, seperti di usulan BPUM", "business sector, as a BPUM proposal asks"),
    "ex.h.impact": ("dampak atau permasalahan yang dihadapi", "the impact or problem faced"),
    "ex.h.nik_status": ("mutu NIK terbaik orang ini (lihat Nilai dan status)", "the quality of this person's best "
                        "NIK (see Values and statuses)"),
    "ex.h.kemensos": ("Ya bila orang ini ada di daftar Kemensos, dengan programnya", "Yes when this person is on "
                      "the Kemensos list, with the programme"),
    "ex.h.prakerja": ("status Prakerja seperti tertulis di daftar Prakerja", "the Prakerja status as the roster "
                      "writes it"),
    "ex.h.needs_review": ("Ya bila salah satu data orang ini ada di Perlu Ditinjau", "Yes when one of this person's "
                          "records is in Needs Review"),
    "ex.h.records": ("jumlah data sumber yang digabung menjadi orang ini", "how many source records were joined "
                     "into this person"),
    "ex.h.sources": ("asal setiap data: berkas · lembar · baris", "where each record comes from: file · sheet · row"),
    "ex.h.reported_stage": ("tahap yang pertama kali melaporkan orang ini", "the stage that first reported this "
                            "person"),
    "ex.h.role": ("jenis daftar: kab/kota, Kemensos, atau Prakerja", "the kind of list: regency, Kemensos or "
                  "Prakerja"),
    "ex.h.file": ("nama berkas masukan", "the input file's name"),
    "ex.h.sheet": ("nama lembar di berkas itu (kosong untuk CSV)", "the sheet in that file (empty for a CSV)"),
    "ex.sheet.explanation.h.sheet": ("lembar laporan ini yang kolomnya dijelaskan", "the sheet of this report whose "
                                     "column is explained"),
    "ex.h.row": ("nomor baris di berkas, seperti terlihat di Excel", "the row number in the file, as Excel shows it"),
    "ex.h.status": ("Status unik: data yang mewakili orang ini; duplikat: data yang sama dengan orang itu; "
                    "ditinjau: masih ada pasangan untuk petugas", "Unique: the record that stands for the person; "
                    "duplicate: a record of the same person; review: a pair still waits for an officer"),
    "ex.sheet.sources.h.status": ("OK bila terbaca; selain itu alasan lembar dilewati dan apa yang diubah saat "
                                  "dibaca (baris mana)", "OK when read; else why the sheet was skipped and what "
                                  "reading changed (which rows)"),
    "ex.sheet.sources.h.records": ("jumlah data yang dibaca dari lembar ini", "records read from this sheet"),
    "ex.h.confidence": ("peluang 0-1 (lihat Nilai dan status)", "probability 0-1 (see Values and statuses)"),
    "ex.h.evidence": ("alasan dalam kata-kata: apa yang sama, apa yang berbeda, aturan yang berlaku",
                      "the reason in words: what agrees, what differs, which rule applied"),
    "ex.h.verdict": ("keputusan petugas SAMA/BEDA (lihat Cara memakai Keputusan)", "the officer's decision "
                     "SAMA/BEDA (see How to use the Decision column)"),
    "ex.h.decision": ("keputusan petugas SAMA/BEDA untuk pasangan, di baris A", "the officer's SAMA/BEDA decision "
                      "for the pair, on row A"),
    "ex.sheet.duplicates.h.decision": ("keputusan petugas: BEDA pada data yang bukan orang yang sama dengan "
                                       "klasternya, SAMA mengonfirmasinya (lihat Cara memakai Keputusan)",
                                       "the officer's decision: BEDA on a record that is not the same person as its "
                                       "cluster, SAMA confirms it (see How to use the Decision column)"),
    "ex.h.pair": ("nomor pasangan: dua baris dengan nomor sama adalah satu pasangan", "the pair number: two rows "
                  "with the same number are one pair"),
    "ex.h.side": ("A atau B: data pertama atau kedua dari pasangan", "A or B: the first or second record of the pair"),
    "ex.h.score": ("Skor Bukti (lihat Nilai dan status)", "Evidence score (see Values and statuses)"),
    "ex.h.severity": ("tingkat masalah: galat harus diperbaiki, peringatan sebaiknya diperiksa",
                      "severity: an error must be fixed, a warning should be checked"),
    "ex.h.problem": ("masalah yang ditemukan pada data ini", "the problem found in this record"),
    "ex.h.fix": ("apa yang perlu dilakukan", "what to do"),
    "ex.h.header_row": ("baris tempat judul kolom ditemukan", "the row where the column headers were found"),
    "ex.h.dropped": ("baris yang tidak dibaca sebagai data (kosong, jumlah, tanda tangan) dan berapa",
                     "rows not read as records (blank, totals, signatures) and how many"),
    "ex.h.mapping": ("judul kolom asli → field yang dipakai", "the original header → the field it was read as"),
    "ex.h.unmapped": ("kolom lain yang tidak dipakai untuk pencocokan tetapi disimpan", "other columns, not used for "
                      "matching but kept"),
    "ex.h.nik_problem": ("masalah NIK yang bisa membuat usulan ditolak; kosong bila NIK baik", "a NIK problem that "
                         "could get the proposal rejected; empty when the NIK is good"),
    "ex.h.ex_sheet": ("lembar yang dijelaskan", "the sheet explained"),
    "ex.h.ex_column": ("kolom atau nilai yang dijelaskan", "the column or value explained"),
    "ex.h.ex_meaning": ("penjelasannya", "its meaning"),
    # Ringkasan: the cover and the signature block (report/cover.py)
    "cover.report": ("Laporan Rekonsiliasi Data UMKM Terdampak", "Reconciliation Report of Impacted UMKM"),
    "cover.province_line": ("PROVINSI {province}", "PROVINCE OF {province}"),
    "cover.page": ("Halaman &P dari &N", "Page &P of &N"),
    "cover.dinas": ("Instansi", "Office"),
    "cover.period": ("Periode data", "Data period"),
    "cover.date": ("Tanggal laporan", "Report date"),
    "cover.records": ("Data dibaca", "Records read"),
    "cover.records_value": ("{total} data: kab/kota {regency}, Kemensos {kemensos}, Prakerja {prakerja} ({files} berkas)",
                            "{total} records: regency {regency}, Kemensos {kemensos}, Prakerja {prakerja} "
                            "({files} files)"),
    "cover.version": ("Versi alat", "Tool version"),
    "sign.known": ("Mengetahui,", "Acknowledged by,"),
    "sign.head_of": ("Kepala {dinas}", "Head of {dinas}"),
    "sign.head": ("Kepala Dinas ..............................", "Head of the Office ..............................."),
    "sign.prepared": ("Disusun oleh,", "Prepared by,"),
    "sign.nip": ("NIP. {nip}", "NIP {nip}"),
    "prompt.title": ("Keputusan petugas", "Officer's decision"),
    "prompt.sheet.review": ("SAMA: A dan B satu orang, digabung pada proses berikutnya. BEDA: dua orang, tidak "
                            "pernah digabung. Tulis di baris A. Kosongkan untuk mencabut.",
                            "SAMA: A and B are one person, joined on the next run. BEDA: two people, never "
                            "joined. Write on row A. Empty the cell to withdraw."),
    "prompt.sheet.duplicates": ("BEDA: data ini bukan orang yang sama dengan klasternya, dipisah pada proses "
                                "berikutnya. SAMA: mengonfirmasi. Kosongkan untuk mencabut.",
                                "BEDA: this record is not the same person as its cluster, split off on the next "
                                "run. SAMA: confirms it. Empty the cell to withdraw."),
    # Ringkasan
    "sum.title": ("RINGKASAN REKONSILIASI DATA UMKM TERDAMPAK", "RECONCILIATION SUMMARY OF IMPACTED UMKM"),
    "sum.total": ("JUMLAH", "TOTAL"),
    "sum.records": ("Data kab/kota dibaca", "Regency records read"),
    "sum.persons_in_list": ("Orang dalam daftar", "Persons in list"),
    "sum.duplicates_within": ("Duplikat dalam daftar", "Duplicates within list"),
    "sum.duplicates_across": ("Duplikat antar daftar", "Duplicates across lists"),
    "sum.unique_persons": ("Orang unik (dihitung di sini)", "Unique persons (counted here)"),
    "sum.in_kemensos": ("Sudah penerima Kemensos", "Already Kemensos recipients"),
    "sum.in_prakerja": ("Prakerja terdaftar", "Prakerja registered"),
    "sum.prakerja_passed": ("Prakerja lolos/lulus", "Prakerja passed"),
    "sum.no_assistance": ("Belum menerima bantuan", "No assistance yet"),
    "sum.nik_suspect": ("NIK tidak valid/meragukan", "Invalid or suspect NIK"),
    "sum.nik_missing": ("NIK kosong", "NIK missing"),
    "sum.overlap": ("Irisan antar sumber (orang)", "Overlap between sources (persons)"),
    "ov.regency_only": ("Hanya daftar kab/kota", "Regency lists only"),
    "ov.regency_and_kemensos": ("Kab/kota dan Kemensos", "Regency and Kemensos"),
    "ov.regency_and_prakerja": ("Kab/kota dan Prakerja", "Regency and Prakerja"),
    "ov.all_three": ("Ketiganya", "All three"),
    "ov.kemensos_only": ("Hanya Kemensos", "Kemensos only"),
    "ov.prakerja_only": ("Hanya Prakerja", "Prakerja only"),
    "ov.kemensos_and_prakerja": ("Kemensos dan Prakerja (tanpa kab/kota)", "Kemensos and Prakerja (no regency)"),
    "diag.title": ("Pemeriksaan hasil pencocokan", "Match diagnostics"),
    "diag.largest": ("Klaster terbesar (data)", "Largest cluster (records)"),
    "diag.several_niks": ("Klaster dengan beberapa NIK sah", "Clusters holding several valid NIKs"),
    "diag.unlinked": ("Perkiraan pasangan duplikat yang belum tergabung", "Estimated duplicate pairs left unlinked"),
    "diag.unlinked_share": ("Perkiraan bagian duplikat yang belum tergabung", "Estimated share of duplicates left unlinked"),
    "diag.sizes": ("Ukuran klaster (data per orang)", "Cluster sizes (records per person)"),
    "diag.size": ("{size} data", "{size} records"),
    "sum.reviews": ("Pasangan perlu ditinjau", "Pairs needing review"),
    "sum.chart": ("Orang unik dan duplikat per kab/kota", "Unique persons and duplicates per regency"),
    "sum.files_failed": ("Berkas gagal dibaca (tidak termasuk)", "Files that could not be read (not included)"),
    "sum.no_data": ("tidak ada data", "no data"),
    "sum.warnings": ("Peringatan", "Warnings"),
    "sign.file_name": ("nama berkas", "file name"),
    "sign.title": ("judul", "title"),
    "sign.columns": ("kolom", "columns"),
    "warn.role": ("{file} dibaca sebagai {role} tetapi tampak seperti {looks}: {signs}",
                  "{file} is read as {role} but looks like a {looks}: {signs}"),
    "warn.not_regency": ("{file} · {sheet}: '{name}' di sini nama kecamatan di {province}, bukan kab/kota: tidak "
                         "dipakai sebagai kab/kota", "{file} · {sheet}: '{name}' is a district (kecamatan) of "
                         "{province} here, not a regency: not used as the regency"),
    "warn.outside": ("{file}: {name} bukan kab/kota di provinsi {province}",
                     "{file}: {name} is not a regency of the province {province}"),
    "warn.hidden_sheet": ("{file}: lembar '{sheet}' tersembunyi di Excel, datanya ({n} data) ikut dibaca dan "
                          "dihitung — tampilkan dan periksa lembar itu, hapus bila bukan bagian dari kiriman",
                          "{file}: sheet '{sheet}' is hidden in Excel; its records ({n}) are read and counted — show "
                          "and check it, delete it when it is not part of the list sent"),
    "warn.other_workbook": ("{file} di folder laporan tidak dibaca: keputusan petugas hanya dibaca dari "
                            "laporan_umkm_terdampak.xlsx — bila berkas itu berisi keputusan Anda, simpan sebagai "
                            "laporan_umkm_terdampak.xlsx (format .xlsx) atau berikan --decisions \"{file}\"; bila tidak, "
                            "pindahkan dari folder laporan",
                            "{file} in the report folder is not read: officers' decisions are read from the report "
                            "workbook only — if it holds your decisions, save it under the report's name (as .xlsx) or "
                            "give --decisions \"{file}\"; if not, move it out of the report folder"),
    "warn.unnamed_regency": ("{file} · {sheet}: nama kab/kota tidak ditemukan (judul, nama berkas, kolom Kab/Kota); "
                             "{n} data dihitung di Ringkasan pada baris '{row_name}' — beri nama berkas atau judul "
                             "yang menyebut kab/kotanya, lalu jalankan lagi",
                             "{file} · {sheet}: no regency found (title, file name, a Kab/Kota column); {n} records "
                             "are counted in Ringkasan on the row '{row_name}' — name the regency in the file name "
                             "or the title, then run again"),
    "warn.repeated_column": ("{file} · {sheet}, baris judul {row}: kolom '{label}' ada lebih dari sekali; hanya kolom "
                             "{used} yang dibaca, kolom {others} disimpan sebagai kolom lain tanpa diperiksa atau "
                             "dicocokkan — hapus kolom ganda atau beri nama lain",
                             "{file} · {sheet}, header row {row}: the column '{label}' appears more than once; only "
                             "column {used} is read, column {others} is kept as an extra column, neither checked nor "
                             "matched — delete the repeated column or rename it"),
    "warn.identical_files": ("{n} berkas isinya sama persis: {files} — datanya dibaca dan dihitung {n} kali; "
                             "keluarkan salinannya dari folder",
                             "{n} files have exactly the same content: {files} — their records are read and counted "
                             "{n} times; take the copies out of the folder"),
    "warn.missing": ("{n} kab/kota di {province} tidak mengirim daftar pada proses ini: {names}",
                     "{n} regencies of {province} sent no list in this run: {names}"),
    # evidence phrases
    "ev.nik.exact": ("NIK sama", "same NIK"),
    "ev.nik.prefix15": ("NIK sama 15 digit (terpotong Excel)", "NIK equal in 15 digits (Excel truncation)"),
    "ev.nik.one_edit": ("NIK beda 1 digit", "NIK one digit apart"),
    "ev.nik.same_stem": ("NIK beda nomor urut", "NIK differs in serial only"),
    "ev.nik.exact_unverified": ("NIK sama (tidak valid)", "same NIK (invalid)"),
    "ev.nik.different_unverified": ("NIK berbeda (salah satu tidak valid)", "NIK differs (one invalid)"),
    "ev.nik.different": ("NIK berbeda", "different NIK"),
    "ev.other_id.exact": ("ID lain sama (DTKS/Prakerja/NIB)", "same other id (DTKS/Prakerja/NIB)"),
    "ev.other_id.one_edit": ("ID lain beda 1 karakter", "other id one character apart"),
    "ev.other_id.different": ("ID lain berbeda", "different other id"),
    "h.other_id": ("ID Lain", "Other ID"),
    "ev.name.exact": ("nama sama", "same name"),
    "ev.name.phonetic": ("nama sama bunyi", "name sounds the same"),
    "ev.name.very_similar": ("nama sangat mirip", "name very similar"),
    "ev.name.similar": ("nama mirip", "name similar"),
    "ev.name.partial": ("nama sebagian sama", "name partly the same"),
    "ev.name.different": ("nama berbeda", "different name"),
    "ev.birth_date.exact": ("tanggal lahir sama", "same birth date"),
    "ev.birth_date.one_part": ("tanggal lahir hampir sama", "birth date nearly the same"),
    "ev.birth_date.different": ("tanggal lahir berbeda", "different birth date"),
    "ev.sex.same": ("jenis kelamin sama", "same sex"),
    "ev.sex.different": ("jenis kelamin berbeda", "different sex"),
    "ev.contact.phone_and_address": ("alamat dan HP sama", "same address and phone"),
    "ev.contact.kk": ("No. KK sama", "same family card"),
    "ev.contact.phone": ("HP sama", "same phone"),
    "ev.contact.address": ("alamat sama", "same address"),
    "ev.contact.village": ("desa sama", "same village"),
    "ev.contact.district": ("kecamatan sama", "same district"),
    "ev.contact.none": ("alamat, HP dan desa berbeda", "address, phone and village differ"),
    # explain, for people: field names, outcomes in words, evidence on a plain scale (bits second)
    "x.col.field": ("Kolom", "Field"),
    "x.col.a": ("Data A", "Record A"),
    "x.col.b": ("Data B", "Record B"),
    "x.col.result": ("Hasil", "Outcome"),
    "x.col.detail": ("Keterangan", "Detail"),
    "x.col.evidence": ("Bukti (bit)", "Evidence (bits)"),
    "xf.nik": ("NIK", "NIK"),
    "xf.other_id": ("ID lain (DTKS/Prakerja/NIB)", "Other id (DTKS/Prakerja/NIB)"),
    "xf.name": ("Nama", "Name"),
    "xf.birth_date": ("Tanggal lahir", "Birth date"),
    "xf.sex": ("Jenis kelamin", "Sex"),
    "xf.contact": ("HP / alamat / desa / KK", "Phone / address / village / KK"),
    "xo.same": ("sama", "same"),
    "xo.similar": ("mirip", "similar"),
    "xo.different": ("berbeda", "different"),
    "xo.missing": ("kosong", "missing"),
    "xs.very_strong": ("sangat kuat", "very strong"),
    "xs.strong": ("kuat", "strong"),
    "xs.weak": ("lemah", "weak"),
    "xs.none": ("tidak berpengaruh", "no effect"),
    "xs.against": ("melawan", "against"),
    "xs.strongly_against": ("sangat melawan", "strongly against"),
    "x.total": ("JUMLAH BUKTI", "TOTAL EVIDENCE"),
    "x.thresholds": ("satu orang bila >= {match}, ditinjau bila >= {review}",
                     "one person at >= {match}, review at >= {review}"),
    "x.decision": ("Keputusan: {decision}", "Decision: {decision}"),
    "xd.match": ("satu orang (duplikat)", "one person (duplicate)"),
    "xd.review": ("perlu ditinjau petugas", "needs review by an officer"),
    "xd.non_match": ("dua orang berbeda", "two different people"),
    "x.scale": ("Skala bukti: sangat kuat >= 6 bit, kuat >= 3, lemah > 0, melawan < 0 (sangat melawan < -6).",
                "Evidence scale: very strong >= 6 bits, strong >= 3, weak > 0, against < 0 (strongly against < -6)."),
    "x.never_compared": ("Tidak pernah dibandingkan (tidak ada kunci blok yang sama).",
                         "Never compared (no blocking key in common)."),
    "h.verdict": ("Keputusan", "Decision"),
    "rule.decided_same": ("diputuskan petugas: SAMA", "decided by an officer: SAME"),
    "rule.decided_different": ("diputuskan petugas: BEDA", "decided by an officer: DIFFERENT"),
    "sum.decided": ("Pasangan sudah diputuskan petugas", "Pairs decided by officers"),
    "sum.stale": ("Keputusan usang (data berubah/hilang)", "Stale decisions (record changed or gone)"),
    "sum.not_understood": ("Keputusan tidak dipahami (bukan SAMA/BEDA)", "Decisions not understood (not SAMA/BEDA)"),
    "sum.withdrawn": ("Keputusan dicabut petugas", "Decisions withdrawn by officers"),
    "stale.record_missing": ("data sudah tidak ada", "the record no longer exists"),
    "stale.file_not_read": ("berkas {file} tidak dibaca pada proses ini (diganti nama, dipindah atau tidak dikirim?); "
                            "beri lagi nama itu agar keputusan ini berlaku lagi",
                            "the file {file} was not read in this run (renamed, moved or not sent?); give it that name "
                            "again and the decision applies again"),
    "stale.record_changed": ("data sudah berubah (nama lain, atau NIK/tanggal lahir lain dari saat diputuskan)",
                             "the record changed (another name, or another NIK/birth date than when decided)"),
    "stale.unknown_verdict": ("isi '{value}' bukan SAMA atau BEDA", "'{value}' is not SAMA or BEDA"),
    "stale.pair_incomplete": ("{value}: baris A atau B pasangan ini tidak lengkap (terhapus?), jadi tidak diterapkan; "
                              "tulis lagi pada pasangan yang lengkap di laporan baru",
                              "{value}: the pair's A or B row is incomplete (deleted?), so it was not applied; "
                              "write it again on the complete pair in the new report"),
    "merge.decisions": ("Keputusan petugas: {applied} diterapkan (SAMA {same}, BEDA {different}), {withdrawn} "
                        "dicabut, {stale} usang, {unknown} tidak dipahami; masih menunggu di Perlu Ditinjau: {waiting}",
                        "Officers' decisions: {applied} applied (SAMA {same}, BEDA {different}), {withdrawn} "
                        "withdrawn, {stale} stale, {unknown} not understood; still waiting in Needs Review: {waiting}"),
    "merge.more": ("... dan {n} lainnya (lihat Ringkasan)", "... and {n} more (see the Summary sheet)"),
    "note.backup": ("Laporan lama berisi keputusan petugas, disimpan sebagai", "The old report held officers' "
                    "decisions, kept as"),
    "rule.two_trusted_niks_different_birth": ("dua NIK sah dengan tanggal lahir berbeda: dua orang",
                                              "two valid NIKs with different birth dates: two people"),
    "rule.name_different": ("nama berbeda: perlu dicek petugas", "names differ: a person must check"),
    "rule.would_join_two_niks": ("akan menggabungkan dua NIK sah yang berbeda", "would join two different valid NIKs"),
    "rule.would_join_two_niks_from_elsewhere": ("akan menggabungkan dua NIK sah yang berbeda, padahal yang sama hanya nama dan tanggal lahir (tanpa NIK, alamat, HP, desa atau kecamatan yang sama, atau tidak ada untuk dibandingkan): orang senama, dua orang",
                                                "would join two different valid NIKs, with nothing but the name and birth date in common (no NIK, address, phone, village or district the same, or none to compare): a namesake, two people"),
    "rule.nik_neighbours_each_at_home": ("NIK beda 1 digit, tetapi masing-masing tinggal di kecamatan (atau kabupaten/kota) asal NIK-nya dan tidak ada alamat/HP yang sama: NIK tetangga yang lahir pada hari yang sama, dua orang",
                                         "NIKs one digit apart, but each lives in the district (or regency) of its own NIK and no address/phone is shared: NIK neighbours born the same day, two people"),
    "rule.needs_corroboration": ("hanya nama yang cocok: perlu bukti lain", "only the name agrees: needs more evidence"),
    "rule.near_nik_needs_name_and_more": ("NIK beda 1 digit: perlu nama sama dan tgl lahir/HP/alamat sama",
                                          "NIK one digit apart: needs same name and birth date/phone/address"),
    "rule.two_valid_niks_nothing_shared": ("dua NIK sah berbeda, alamat/HP/KK tidak ada yang sama: dua orang",
                                           "two different valid NIKs, no address/phone/KK in common: two people"),
    "rule.namesake_born_same_day_elsewhere": ("nama hanya mirip dan tanggal lahir sama, tetapi alamat, HP, desa, kecamatan dan NIK tidak ada yang sama: dua orang senama",
                                              "the names are only similar and the birth date is the same, but no address, phone, village, district or NIK in common: two namesakes"),
    "rule.birth_date_differs_nothing_shared": ("tanggal lahir berbeda (hari, bulan atau tahun) dan tidak ada alamat, HP, KK, NIK atau nomor lain yang sama: dua orang",
                                               "the birth dates differ (day, month or year) and no address, phone, KK, NIK or other number in common: two people"),
    "rule.other_name_only_birth_date": ("nama berbeda; yang sama hanya tanggal lahir (dan desa/kecamatan), tidak ada NIK, alamat, HP, KK atau nomor lain yang sama: dua orang yang lahir di hari yang sama",
                                        "the names differ; only the birth date (and the village/district) agree, no NIK, address, phone, KK or other number in common: two people born on the same day"),
    "rule.namesakes_likely_at_this_size": ("kecocokan ini lemah untuk daftar sebesar ini: di antara sekian banyak data, orang senama yang lahir di hari yang sama sering ada; perlu dicek petugas",
                                           "this match is weak for a list this large: among so many records, namesakes born on the same day are common; a person must check"),
    "rule.namesakes_elsewhere_at_this_size": ("untuk daftar sebesar ini, yang sama hanya nama (atau sebagian nama) dan tanggal lahir: NIK atau nomor lain tidak ada yang cocok, alamat dan HP pun tidak; paling jauh kecamatannya sama; di antara sekian banyak data, orang senama yang lahir di hari yang sama sering ada: dua orang",
                                              "for a list this large, only the name (or part of it) and the birth date agree: no NIK or other number that matches, no address or phone either; at most the district is the same; among so many records, namesakes born on the same day are common: two people"),
    "rule.nik_region_neighbours": ("kedua NIK hanya beda satu angka di kode wilayah (tanggal lahir dan nomor urutnya sama): sama seringnya NIK dua orang yang lahir di hari yang sama di dua kecamatan bertetangga dengan salah ketik; namanya tidak persis sama atau tempat tinggalnya berjauhan, dan alamat serta HP tidak ada yang cocok: perlu dicek petugas",
                                   "the two NIKs differ in one digit of the region code only (same birth date and serial): as often the NIKs of two people born the same day in neighbouring districts as one typo; the names are not quite the same or the homes are apart, and no address or phone agrees: an officer should check"),
    "rule.near_nik_loose_name_at_this_size": ("untuk daftar sebesar ini: NIK hanya beda satu angka, tetapi namanya hanya mirip (terpotong atau salah ketik) dan tidak ada alamat atau HP yang cocok; di antara NIK yang begitu rapat di satu provinsi, ini lebih sering NIK dua orang yang lahir berdekatan di satu kecamatan (atau di hari yang sama di kecamatan sebelah) daripada satu salah ketik, dan data tidak memuat hal lain untuk ditimbang: dua orang",
                                              "for a list this size: the NIKs differ in one digit, but the names are only very similar (cut short or misspelt) and no address or phone agrees; among a province's dense NIKs this is more often two people born close together in one district (or the same day next door) than one typo, and the rows hold nothing else to weigh: two people"),
    "rule.nik_region_neighbours_at_this_size": ("untuk daftar sebesar ini: kedua NIK hanya beda di angka kode wilayah, tanggal lahir dan nomor urutnya sama, dan alamat serta HP tidak ada yang cocok; begitulah NIK dua orang yang lahir di hari yang sama di dua kecamatan bertetangga (nomor urut 0001 paling umum), jadi NIK tidak menambah bukti pada nama dan tanggal lahir: dua orang",
                                                "for a list this large: the two NIKs differ only in a region-code digit, with the same birth date and serial, and no address or phone agrees; that is how the NIKs of two people born on the same day in two neighbouring districts look (serial 0001 is the usual one), so the NIK adds nothing to the name and birth date: two people"),
    "rule.same_nik_other_person": ("NIK sama tetapi nama sama sekali berbeda, dan alamat, HP, KK atau tanggal lahir tidak ada yang cocok: dua orang; NIK di salah satu daftar keliru (NIK kerabat, nomor KK, atau salah ketik)",
                                   "the same NIK but names with nothing alike, and no address, phone, KK or birth date that agrees: two people; the NIK is wrong in one list (a relative's, a KK number, or a typo)"),
    "rule.only_name_and_area": ("hanya nama dan wilayah yang cocok, tidak ada data lain: tidak perlu ditinjau",
                                "only the name and the area agree, nothing else to compare: not worth a review"),
    "rule.near_nik_other_name": ("NIK beda 1 digit (atau sama 15 digit) tetapi nama atau alamat berbeda: NIK tetangga, dua orang",
                                 "NIK one digit apart (or equal in 15 digits) but another name or address: a NIK neighbour, two people"),
    "rule.birth_order_title_or_script_differs": ("urutan lahir/gelar berbeda (Ni Wayan/Ni Made) atau dua nama berbeda dalam aksara lain: dua orang",
                                                 "another birth order or title (Ni Wayan/Ni Made), or two different names in another script: two people"),
    "rule.two_niks_same_name_and_home": ("dua NIK sah dan tanggal lahir berbeda, tetapi nama dan alamat/HP sama: perlu dicek petugas (KK tertulis sebagai NIK?)",
                                         "two valid NIKs and birth dates, but the same name and address/phone: a person must check (a KK typed as NIK?)"),
    "rule.housemate_unrelated_name": ("satu alamat/HP, tetapi nama tidak punya satu kata pun yang sama dan tidak ada NIK/tanggal lahir yang cocok: dua penghuni satu rumah",
                                      "one address/phone, but the names share not one word and no NIK or birth date agrees: two people of one household"),
    "rule.household_other_person": ("nama dan jenis kelamin/urutan lahir berbeda di satu alamat/HP: dua anggota keluarga",
                                    "another name and sex/birth order at one address/phone: two members of a household"),
    "rule.other_birth_date_weak_evidence": ("tanggal lahir yang tertulis berbeda lebih dari satu bagian (bukan salah ketik), tidak ada NIK atau nomor lain yang cocok, dan bukti lain lemah: dua orang (orang senama di desa itu, atau kerabat serumah)",
                                            "the written birth dates differ in more than one part (not a typo), no NIK or other number agrees, and the other evidence is weak: two people (a namesake in the village, or a relative at home)"),
    "rule.other_name_weak_evidence": ("nama berbeda dan bukti lain lemah: dua orang",
                                      "names differ and the other evidence is weak: two people"),
    # problems: one text per check of the catalogue (checks/catalogue.py), the same in validate,
    # Data Bermasalah and Sumber; titles hold no placeholder, the record's specifics go in detail.*
    "prob.nik.missing": ("NIK kosong", "NIK missing"),
    "prob.required.identity": ("NIK kosong dan nama/tanggal lahir/alamat tidak lengkap",
                               "NIK missing and name/birth date/address incomplete"),
    "prob.nik.format": ("NIK bukan 16 digit angka", "NIK is not 16 digits"),
    "prob.nik.unrecoverable": ("NIK rusak oleh Excel (notasi ilmiah), digit hilang",
                               "NIK destroyed by Excel (scientific notation), digits lost"),
    "prob.nik.province": ("kode provinsi NIK tidak dikenal", "unknown province code in the NIK"),
    "prob.nik.region": ("kode kabupaten (digit 3-4) atau kecamatan (digit 5-6) NIK bernilai 00, kode yang tidak ada",
                        "the NIK's regency (digits 3-4) or district (digits 5-6) code is 00, a code that does not exist"),
    "prob.nik.birth_date": ("tanggal lahir di dalam NIK tidak mungkin", "impossible birth date inside the NIK"),
    "prob.nik.serial": ("nomor urut NIK 0000", "NIK serial is 0000"),
    "prob.nik.kk_like": ("yang diisi di kolom NIK adalah No. KK, bukan NIK",
                         "the NIK column holds a family card (KK) number, not a NIK"),
    "prob.nik.truncated": ("NIK tersimpan sebagai angka dan berakhir 0: digit terakhir mungkin terpotong Excel",
                           "NIK stored as a number ending in 0: Excel may have cut the last digit"),
    "prob.nik.numeric": ("NIK tersimpan sebagai angka", "NIK stored as a number"),
    "prob.nik.region_unknown": ("kode wilayah NIK tidak ada di data Kemendagri terbaru (mungkin kode lama)",
                                "NIK region code not in current Kemendagri data (maybe an old code)"),
    "prob.nik.other_regency": ("NIK diterbitkan di kabupaten/kota lain", "NIK issued in another regency"),
    "prob.nik.outside_province": ("NIK diterbitkan di luar provinsi", "NIK issued outside the province"),
    "prob.nik.too_young": ("menurut NIK pemilik berumur di bawah 17 tahun: mungkin No. KK",
                           "by the NIK the owner is under 17: maybe a KK number"),
    "prob.nik.birth_mismatch": ("tanggal lahir di NIK berbeda dengan kolom tanggal lahir",
                                "the birth date inside the NIK differs from the birth date column"),
    "prob.nik.sex_mismatch": ("jenis kelamin menurut NIK berbeda dengan data", "sex by the NIK differs from the record"),
    "prob.name.missing": ("nama kosong", "name missing"),
    "prob.phone.invalid": ("nomor HP tidak valid", "not a valid Indonesian phone number"),
    "prob.date.unreadable": ("tanggal tidak terbaca", "date cannot be read"),
    "prob.dup.nik": ("NIK sama dengan baris lain", "same NIK as another row"),
    "prob.dup.likely": ("kemungkinan orang yang sama dengan baris lain", "probably the same person as another row"),
    "prob.row.total": ("baris jumlah/total di tengah data", "a totals row inside the data"),
    "prob.row.signature": ("baris tanda tangan di tengah data", "a signature row inside the data"),
    "prob.row.repeated_header": ("judul kolom berulang di tengah data", "a repeated header inside the data"),
    "detail.nik.other_regency": ("{nik_regency}, bukan {regency}", "{nik_regency}, not {regency}"),
    "detail.nik.birth_mismatch": ("di NIK: {nik_birth}", "in the NIK: {nik_birth}"),
    "detail.dup.rows": ("baris {rows}", "row(s) {rows}"),
    "fix.nik.missing": ("isi NIK sesuai e-KTP", "fill in the NIK from the e-KTP"),
    "fix.required.identity": ("isi NIK, atau lengkapi nama, tanggal lahir dan alamat",
                              "fill in the NIK, or complete name, birth date and address"),
    "fix.nik.format": ("ketik ulang 16 digit NIK dari e-KTP", "retype the 16-digit NIK from the e-KTP"),
    "fix.nik.unrecoverable": ("ketik ulang NIK dari e-KTP; format kolom sebagai Teks dulu",
                              "retype the NIK from the e-KTP; format the column as Text first"),
    "fix.nik.province": ("periksa 2 digit pertama NIK", "check the first 2 digits of the NIK"),
    "fix.nik.region": ("periksa digit 3-6 NIK", "check digits 3-6 of the NIK"),
    "fix.nik.birth_date": ("periksa digit 7-12 NIK (tanggal lahir; perempuan +40)",
                           "check digits 7-12 of the NIK (birth date; +40 for women)"),
    "fix.nik.serial": ("periksa 4 digit terakhir NIK", "check the last 4 digits of the NIK"),
    "fix.nik.kk_like": ("ganti dengan NIK pemilik usaha dari e-KTP", "replace it with the business owner's NIK from the e-KTP"),
    "fix.nik.truncated": ("cocokkan digit terakhir dengan e-KTP; format kolom sebagai Teks",
                          "check the last digit against the e-KTP; format the column as Text"),
    "fix.nik.numeric": ("format kolom NIK sebagai Teks agar tidak terpotong",
                        "format the NIK column as Text so it is not cut"),
    "fix.nik.region_unknown": ("pastikan NIK sesuai e-KTP", "make sure the NIK matches the e-KTP"),
    "fix.nik.other_regency": ("boleh jika orang pindah; pastikan NIK benar",
                              "fine if the person moved; make sure the NIK is right"),
    "fix.nik.outside_province": ("boleh (NIK tetap dari tempat terbit pertama); pastikan NIK benar",
                                 "allowed (a NIK keeps its place of first issue); make sure the NIK is right"),
    "fix.nik.too_young": ("pastikan ini NIK pemilik, bukan No. KK", "make sure this is the owner's NIK, not the KK"),
    "fix.nik.birth_mismatch": ("periksa NIK dan tanggal lahir di e-KTP", "check the NIK and birth date on the e-KTP"),
    "fix.nik.sex_mismatch": ("pastikan NIK milik orang ini", "make sure the NIK belongs to this person"),
    "fix.name.missing": ("isi nama sesuai e-KTP", "fill in the name from the e-KTP"),
    "fix.phone.invalid": ("tulis nomor HP seperti 0812xxxxxxx", "write the phone like 0812xxxxxxx"),
    "fix.date.unreadable": ("tulis tanggal seperti 31/12/1980", "write the date like 31/12/1980"),
    "fix.dup.nik": ("hapus salah satu baris, atau perbaiki NIK yang salah", "delete one row or correct the wrong NIK"),
    "fix.dup.likely": ("periksa: jika orang yang sama, hapus salah satu", "check: if the same person, delete one"),
    "fix.row.total": ("pindahkan baris jumlah ke bawah data atau hapus", "move the totals row below the data or delete it"),
    "fix.row.signature": ("pindahkan tanda tangan ke bawah data", "move the signature below the data"),
    "fix.row.repeated_header": ("hapus baris judul yang berulang", "delete the repeated header"),
    "fix.note.cell_cut": ("persingkat isi sel", "shorten the cell"),
    "fix.note.not_a_date": ("tulis tanggal seperti 31/12/1980", "write the date like 31/12/1980"),
    "fix.note.duplicate_row": ("simpan ulang berkas di Excel", "save the file again in Excel"),
    "fix.note.sheet_hidden": ("tampilkan lembar itu (klik kanan nama lembar > Unhide) dan periksa; hapus lembar itu "
                              "bila datanya bukan bagian dari kiriman",
                              "show the sheet (right-click a sheet tab > Unhide) and check it; delete it when its "
                              "records are not part of the list sent"),
    "fix.note.format_renamed": ("buka di Excel lalu Simpan Sebagai (Save As) .xlsx, jangan hanya mengganti nama",
                                "open it in Excel and Save As .xlsx instead of renaming it"),
    "fix.note.columns_cut": ("hapus isi di luar tabel data", "delete what lies outside the data table"),
    "sev.error": ("galat", "error"),
    "sev.warning": ("peringatan", "warning"),
    "decision.unique": ("unik", "unique"),
    "decision.already_reported": ("sudah dilaporkan", "already reported"),
    "sheet.reported": ("Sudah Dilaporkan", "Already Reported"),
    "h.reported_stage": ("Sudah dilaporkan (tahap)", "Already reported (stage)"),
    "sum.already_reported": ("Sudah dilaporkan tahap sebelumnya", "Already reported in an earlier stage"),
    "sum.new_persons": ("Orang baru tahap ini", "New persons this stage"),
    "sum.stage": ("Tahap", "Stage"),
    "col.created": ("Dicatat (waktu setempat)", "Recorded (local time)"),
    "col.tool_version": ("Versi alat", "Tool version"),
    "ledger.removed": ("Tahap {stage} dihapus dari ledger", "Stage {stage} removed from the ledger"),
    "ledger.confirm": ("Hapus tahap {stage} ({n} orang baru) dari ledger?", "Remove stage {stage} ({n} new persons) from the ledger?"),
    "ledger.no_prompt": ("tidak bisa bertanya (bukan terminal): tambahkan --yes", "cannot ask (not a terminal): add --yes"),
    "init.done": ("Berkas konfigurasi ditulis: {path}", "Configuration written: {path}"),
    "decision.duplicate": ("duplikat", "duplicate"),
    "decision.review": ("perlu ditinjau", "needs review"),
    "merge.done": ("Selesai: {persons} orang unik dari {records} data (kab/kota {regency}, Kemensos {kemensos}, "
                   "Prakerja {prakerja}); laporan di {out}",
                   "Done: {persons} unique persons from {records} records (regency {regency}, Kemensos {kemensos}, "
                   "Prakerja {prakerja}); report in {out}"),
    "merge.partial": ("Laporan tetap ditulis dari berkas lain", "The report was still written from the other files"),
    "merge.interrupted": ("Dihentikan (Ctrl-C): tidak ada yang diubah; laporan dan ledger tetap seperti sebelumnya",
                          "Interrupted (Ctrl-C): nothing was changed; the report and the ledger are as they were"),
    "merge.interrupted_done": ("Dihentikan (Ctrl-C) saat penyimpanan akhir: laporan dan ledger sudah ditulis lengkap",
                               "Interrupted (Ctrl-C) during the final save: the report and the ledger were written completely"),
    # evaluate: the tool measured against a hand-labelled truth
    "eval.title": ("Mutu pencocokan dibanding data acuan", "Matching quality against the truth"),
    "eval.pairwise": ("Pasangan: presisi {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}",
                      "Pairs: precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}"),
    "eval.persons": ("Orang unik: {found} ditemukan, {true} menurut acuan ({pct:+.2f} %)",
                     "Unique persons: {found} found, {true} in the truth ({pct:+.2f} %)"),
    "eval.review": ("Perlu Ditinjau: {pairs} pasangan ({share:.2f} % dari data), {true} di antaranya orang yang sama",
                    "Perlu Ditinjau: {pairs} pairs ({share:.2f} % of records), {true} of them the same person"),
    "eval.errors": ("{missed} pasangan terlewat, {false} pasangan salah gabung: rinciannya di {path}",
                    "{missed} pairs missed, {false} pairs wrongly joined: details in {path}"),
    "eval.not_compared": ("dari pasangan yang terlewat, {n} tidak pernah dibandingkan; {bare} di antaranya tidak punya tanggal lahir maupun HP yang sama (hanya nama atau alamat yang mengikatnya: tidak ada kunci yang mencarinya, dan nama saja tidak boleh menggabungkan; kolom shares di berkas rincian)",
                          "of the missed pairs, {n} were never compared; {bare} of them share no birth date or phone (only a name or an address ties them: no key looks them up, and a name alone must not join; the shares column of the details file)"),
    "eval.col.band": ("Keputusan / aturan", "Decision / rule"),
    "eval.col.pairs": ("Pasangan", "Pairs"),
    "eval.col.same": ("Orang sama", "Same person"),
    "eval.col.precision": ("Presisi", "Precision"),
    "eval.col.recall": ("Recall", "Recall"),
    "eval.col.persons_true": ("Orang (acuan)", "Persons (truth)"),
    "eval.col.persons_found": ("Orang (ditemukan)", "Persons (found)"),
    "eval.col.error": ("Selisih %", "Error %"),
    "eval.not_in_truth": ("{n} data tidak ada di berkas acuan (tidak dihitung)",
                          "{n} records are not in the truth file (not counted)"),
    "stage.read": ("Membaca berkas", "Reading files"),
    "stage.match": ("Mencocokkan data", "Matching records"),
    "stage.write": ("Menulis laporan", "Writing the report"),
    "progress.read": ("Membaca berkas: {files}/{files_total} berkas, {records:,} data",
                      "Reading files: {files}/{files_total} files, {records:,} records"),
    "progress.match": ("Mencocokkan data: {done:,}/{total:,} pasangan dinilai",
                       "Matching records: {done:,}/{total:,} pairs scored"),
    "preflight.line": ("Pemeriksaan awal: {records:,} data, {pairs:,} pasangan kandidat; perkiraan memori puncak "
                       "{need} (batas {limit}), waktu pencocokan ± {seconds:,.0f} detik",
                       "Pre-flight: {records:,} records, {pairs:,} candidate pairs; estimated peak memory {need} "
                       "(bound {limit}), matching time about {seconds:,.0f} s"),
    "preflight.block": ("  blok besar kunci {key}: {size} data ({value}){skipped}",
                        "  large block of key {key}: {size} records ({value}){skipped}"),
    "preflight.skipped": (", tidak dibandingkan (melebihi max_block_size)", ", not compared (past max_block_size)"),
    "preflight.no_limit": ("tidak ada", "none"),
    # command-line help (rendered by clihelp.py) and usage errors
    "help.first_line": ("Bantuan dalam Bahasa Indonesia. English: --lang en (atau UMKM_DEDUP_LANG=en).",
                        "Help in English. Bahasa Indonesia: --lang id (or UMKM_DEDUP_LANG=id)."),
    "help.usage": ("Pemakaian", "Usage"),
    "help.arguments": ("Argumen", "Arguments"),
    "help.options": ("Opsi", "Options"),
    "help.commands": ("Perintah", "Commands"),
    "help.examples": ("Contoh", "Examples"),
    "help.default": ("bawaan: {value}", "default: {value}"),
    "help.required": ("wajib", "required"),
    "help.repeatable": ("boleh diulang", "repeatable"),
    "help.help": ("Tampilkan bantuan ini lalu keluar.", "Show this help and exit."),
    "help.more": ("Bantuan satu perintah: {prog} PERINTAH --help", "Help on one command: {prog} COMMAND --help"),
    "help.cmd_word": ("PERINTAH", "COMMAND"),
    "help.opt_word": ("OPSI", "OPTIONS"),
    "mv.path": ("BERKAS/FOLDER", "FILE/FOLDER"),
    "mv.file": ("BERKAS", "FILE"),
    "mv.folder": ("FOLDER", "FOLDER"),
    "mv.number": ("ANGKA", "NUMBER"),
    "mv.text": ("TEKS", "TEXT"),
    "mv.lang": ("id|en", "id|en"),
    "mv.mapping": ("'Judul=field'", "'Header=field'"),
    "mv.ref": ("BERKAS:LEMBAR:BARIS", "FILE:SHEET:ROW"),
    "mv.cluster": ("ID", "ID"),
    "mv.stage": ("TAHAP", "STAGE"),
    "mv.regency": ("KAB/KOTA", "REGENCY"),
    "cmd.root": ("Rekonsiliasi data UMKM terdampak: setiap orang (NIK) dihitung satu kali.",
                 "Reconcile lists of impacted UMKM so that no person (NIK) is counted twice."),
    "cmd.inspect": ("Tampilkan cara setiap berkas dan lembar dibaca: baris judul, pemetaan kolom, jumlah data, "
                    "baris yang dibuang.",
                    "Show how every file and sheet is read: header row, column mapping, records, dropped rows."),
    "cmd.init": ("Tulis berkas konfigurasi berkomentar (umkm-dedup.toml) untuk jadwal otomatis.",
                 "Write a commented configuration file (umkm-dedup.toml) for scheduled runs."),
    "cmd.merge": ("Gabungkan daftar kab/kota, cocokkan dengan Kemensos dan Prakerja, lalu tulis laporannya. "
                  "Kode keluar: 0 selesai; 2 ada berkas yang tidak terbaca (laporan tetap ditulis); "
                  "3 salah pemakaian atau konfigurasi.",
                  "Merge the regency lists, cross them with Kemensos and Prakerja, and write the report. "
                  "Exit status: 0 done; 2 some file could not be read (the report is still written); "
                  "3 usage or configuration error."),
    "cmd.evaluate": ("Ukur mutu hasil merge terhadap data acuan berlabel (source_file,sheet,row,person_id): presisi, "
                     "recall dan F1 pasangan, orang unik per kab/kota, tiap keputusan dan aturan, Perlu Ditinjau; "
                     "menulis evaluation.json dan evaluation_pairs.csv. Kode keluar: 0 selesai; 3 berkas acuan atau "
                     "folder keluaran tidak bisa dipakai.",
                     "Measure a finished merge against a labelled truth (source_file,sheet,row,person_id): pairwise "
                     "precision, recall and F1, unique persons per regency, each decision band and rule, Perlu "
                     "Ditinjau; writes evaluation.json and evaluation_pairs.csv. Exit status: 0 done; 3 the truth file "
                     "or the output folder is not usable."),
    "cmd.explain": ("Mengapa dua data digabung atau dipisah: bukti tiap kolom, totalnya, dan keputusannya.",
                    "Why records were joined or kept apart: each field's evidence, the total and the decision."),
    "cmd.ledger": ("Apa yang sudah dilaporkan pada tahap-tahap sebelumnya.",
                   "What was reported in earlier stages."),
    "cmd.ledger.stages": ("Daftar tahap yang tercatat di ledger.", "List the stages recorded in the ledger."),
    "cmd.ledger.show": ("Tampilkan satu tahap: kapan, berkas masukan (dengan checksum), jumlah-jumlahnya.",
                        "Show one stage: when, which inputs (with checksums), the counts."),
    "cmd.ledger.remove": ("Batalkan tahap yang terlanjur dicatat (bertanya dulu, kecuali dengan --yes).",
                          "Undo a stage recorded by mistake (asks first, unless --yes)."),
    "cmd.validate": ("Periksa lembar kerja pendamping (satu berkas, atau semua berkas dalam satu folder) baris demi "
                     "baris sebelum dikirim. Kode keluar: 0 tanpa galat; 1 ada galat; 2 ada berkas tidak terbaca.",
                     "Check a facilitator's spreadsheet (one file, or every file in a folder) row by row before it "
                     "is sent. Exit status: 0 no errors; 1 errors; 2 some file unreadable."),
    "ex.root": ("umkm-dedup merge kabupaten --out laporan\numkm-dedup validate umkm_gianyar.xlsx --regency Gianyar\n"
                "umkm-dedup merge --help",
                "umkm-dedup merge regencies --out report --lang en\n"
                "umkm-dedup validate umkm_gianyar.xlsx --regency Gianyar --lang en\numkm-dedup merge --help --lang en"),
    "ex.inspect": ("umkm-dedup inspect kabupaten\numkm-dedup inspect umkm_badung.xlsx --map \"Identitas Pemilik=nik\"",
                   "umkm-dedup inspect regencies --lang en\n"
                   "umkm-dedup inspect umkm_badung.xlsx --map \"Owner ID=nik\" --lang en"),
    "ex.init": ("umkm-dedup init\numkm-dedup init D:\\umkm\\jadwal",
                "umkm-dedup init --lang en\numkm-dedup init D:\\umkm\\schedule --lang en"),
    "ex.merge": ("umkm-dedup merge kabupaten --out laporan\n"
                 "umkm-dedup merge kabupaten --kemensos bpum.xlsx --prakerja prakerja.csv --out laporan\n"
                 "umkm-dedup merge kabupaten --out laporan --decisions laporan\\laporan_umkm_terdampak.xlsx\n"
                 "umkm-dedup merge --config umkm-dedup.toml --stage tahap-2",
                 "umkm-dedup merge regencies --out report --lang en\n"
                 "umkm-dedup merge regencies --kemensos bpum.xlsx --prakerja prakerja.csv --out report --lang en\n"
                 "umkm-dedup merge --config umkm-dedup.toml --stage stage-2"),
    "ex.evaluate": ("umkm-dedup evaluate --out laporan --truth sampel_berlabel.csv\n"
                    "umkm-dedup evaluate --out laporan --truth sampel_berlabel.csv --json",
                    "umkm-dedup evaluate --out report --truth labelled_sample.csv --lang en\n"
                    "umkm-dedup evaluate --out report --truth labelled_sample.csv --json --lang en"),
    "ex.explain": ("umkm-dedup explain --out laporan --cluster P000123\n"
                   "umkm-dedup explain --out laporan --record \"umkm_badung.xlsx:Data UMKM:12\"",
                   "umkm-dedup explain --out report --cluster P000123 --lang en\n"
                   "umkm-dedup explain --out report --record \"umkm_badung.xlsx:Data UMKM:12\" --lang en"),
    "ex.ledger": ("umkm-dedup ledger stages --ledger umkm-ledger.sqlite\n"
                  "umkm-dedup ledger show tahap-1 --ledger umkm-ledger.sqlite",
                  "umkm-dedup ledger stages --ledger umkm-ledger.sqlite --lang en\n"
                  "umkm-dedup ledger show stage-1 --ledger umkm-ledger.sqlite"),
    "ex.ledger.stages": ("umkm-dedup ledger stages --ledger umkm-ledger.sqlite\n"
                         "umkm-dedup ledger stages --config umkm-dedup.toml --json",
                         "umkm-dedup ledger stages --ledger umkm-ledger.sqlite --lang en\n"
                         "umkm-dedup ledger stages --config umkm-dedup.toml --json"),
    "ex.ledger.show": ("umkm-dedup ledger show tahap-1 --ledger umkm-ledger.sqlite\n"
                       "umkm-dedup ledger show tahap-2 --config umkm-dedup.toml",
                       "umkm-dedup ledger show stage-1 --ledger umkm-ledger.sqlite\n"
                       "umkm-dedup ledger show stage-2 --config umkm-dedup.toml"),
    "ex.ledger.remove": ("umkm-dedup ledger remove tahap-2 --ledger umkm-ledger.sqlite\n"
                         "umkm-dedup ledger remove tahap-2 --config umkm-dedup.toml --yes",
                         "umkm-dedup ledger remove stage-2 --ledger umkm-ledger.sqlite --lang en\n"
                         "umkm-dedup ledger remove stage-2 --config umkm-dedup.toml --yes --lang en"),
    "ex.validate": ("umkm-dedup validate umkm_gianyar.xlsx --regency Gianyar\n"
                    "umkm-dedup validate kiriman_kecamatan --regency Gianyar\n"
                    "umkm-dedup validate \"D:\\Data UMKM\\kecamatan_ubud.csv\" --fix",
                    "umkm-dedup validate umkm_gianyar.xlsx --regency Gianyar --lang en\n"
                    "umkm-dedup validate kecamatan_files --regency Gianyar --lang en"),
    "opt.version": ("Tampilkan versi lalu keluar.", "Show the version and exit."),
    "opt.kemensos": ("Daftar penerima Kemensos (BPUM/DTKS); boleh diulang. Tanpa opsi ini dikenali dari nama dan "
                     "kolomnya.", "Kemensos (BPUM/DTKS) recipient list; repeatable. Without it, recognised by "
                     "name and columns."),
    "opt.prakerja": ("Daftar peserta Kartu Prakerja; boleh diulang.", "Kartu Prakerja roster; repeatable."),
    "opt.mapping": ("Petakan judul kolom yang tidak dikenal ke sebuah field, mis. \"Identitas Pemilik=nik\"; "
                    "boleh diulang.", "Map an unknown column header to a field, e.g. \"Owner ID=nik\"; repeatable."),
    "opt.lang": ("Bahasa pesan dan bantuan: id (Bahasa Indonesia) atau en (English); juga lewat UMKM_DEDUP_LANG.",
                 "Language of messages and help: id (Bahasa Indonesia) or en (English); also UMKM_DEDUP_LANG."),
    "opt.as_json": ("Cetak ringkasan untuk mesin (JSON) di stdout; NIK disamarkan.",
                    "Print a machine-readable summary (JSON) on stdout; NIKs masked."),
    "opt.config": ("Berkas konfigurasi (umkm-dedup.toml); opsi di baris perintah mengalahkannya.",
                   "Configuration file (umkm-dedup.toml); command-line options override it."),
    "opt.ledger": ("Berkas ledger (atau path di bagian \"[ledger]\" pada --config).",
                   "The ledger file (or the path in the \"[ledger]\" section of --config)."),
    "opt.inspect.paths": ("Berkas atau folder yang dibaca.", "Files or folders to read."),
    "opt.init.folder": ("Folder tempat umkm-dedup.toml ditulis.", "Folder for umkm-dedup.toml."),
    "opt.merge.inputs": ("Daftar kab/kota: berkas atau folder (folder dibaca beserta subfoldernya).",
                         "Regency lists: files or folders (folders are read with their subfolders)."),
    "opt.merge.out": ("Folder laporan (dibuat bila belum ada).", "Folder for the report (created if missing)."),
    "opt.merge.lang": ("Bahasa laporan (nama lembar, judul kolom, alasan) dan pesan: id atau en; juga lewat "
                       "UMKM_DEDUP_LANG.", "Language of the report (sheet names, headers, reasons) and of "
                       "messages: id or en; also UMKM_DEDUP_LANG."),
    "opt.merge.mask_nik": ("Samarkan NIK (5104********0001) di semua keluaran, untuk laporan yang dibagikan.",
                           "Mask NIKs (5104********0001) in every output, for reports that are shared."),
    "opt.merge.match_weight": ("Bukti (bit) mulai dari nilai ini sepasang data dianggap satu orang.",
                               "Evidence (bits) at or above which a pair is one person."),
    "opt.merge.review_weight": ("Bukti (bit) mulai dari nilai ini sepasang data masuk Perlu Ditinjau.",
                                "Evidence (bits) at or above which a pair goes to review."),
    "opt.merge.ledger": ("Ledger tahap-tahap sebelumnya (SQLite): orang yang sudah dilaporkan tidak dihitung baru.",
                         "Ledger of earlier stages (SQLite): persons already reported are not counted as new."),
    "opt.merge.model": ("Nilai dengan model beku (model.json merge sebelumnya): m, u, frekuensi nama dan ambang "
                        "tidak dihitung ulang.", "Score with a frozen model (an earlier merge's model.json): m, u, "
                        "name frequencies and thresholds are not re-fitted."),
    "opt.merge.refit": ("Dengan --ledger: hitung ulang model untuk tahap ini alih-alih memakai model tahap pertama.",
                        "With --ledger: fit the model again for this stage instead of reusing the first stage's."),
    "opt.merge.stage": ("Nama tahap ini di ledger, mis. tahap-2.", "Name of this stage in the ledger, e.g. stage-2."),
    "opt.merge.decisions": ("Workbook laporan yang sudah diisi petugas (Keputusan SAMA/BEDA) atau CSV pasangan "
                            "yang sudah diputuskan, diterapkan setiap kali; boleh diulang. Laporan di --out dibaca "
                            "sendiri.", "A report workbook an officer filled in (Keputusan SAMA/BEDA) or a CSV of "
                            "decided pairs, applied on every run; repeatable. The report in --out is read by itself."),
    "opt.merge.force": ("Tetap jalan walau berhenti untuk melindungi pekerjaan: laporan di --out yang tidak bisa "
                        "dibaca (salinannya disimpan), daftar kab/kota yang diberikan sebagai --kemensos/--prakerja.",
                        "Go on where merge stops to protect work: a report in --out that cannot be read (a copy is "
                        "kept), a regency list given as --kemensos/--prakerja."),
    "opt.merge.log_file": ("Tulis log terstruktur (baris JSON, NIK disamarkan) ke berkas ini.",
                           "Write structured logs (JSON lines, NIKs masked) to this file."),
    "opt.merge.engine": ("Mesin pencocokan: local (komputer ini) atau spark (Apache Spark, untuk puluhan juta data; "
                         "perlu pip install 'umkm-dedup[spark]' dan Java 17). Hasilnya sama.",
                         "Matching engine: local (this machine) or spark (Apache Spark, for tens of millions of "
                         "records; needs pip install 'umkm-dedup[spark]' and Java 17). The same result either way."),
    "opt.merge.spark_master": ("Master Spark, mis. spark://host:7077, k8s://https://host:6443 atau yarn; tanpa ini "
                               "local[2] di komputer ini.",
                               "Spark master, e.g. spark://host:7077, k8s://https://host:6443 or yarn; local[2] on "
                               "this machine when not given."),
    "opt.merge.spark_conf": ("Pengaturan Spark KUNCI=NILAI, boleh berulang (mis. spark.executor.memory=48g).",
                             "A Spark setting KEY=VALUE, repeatable (e.g. spark.executor.memory=48g)."),
    "opt.merge.max_memory": ("Memori yang boleh dipakai, mis. 8G atau 1500M (bawaan: yang tersedia di komputer saat "
                             "mulai; 0: tanpa batas). Run yang diperkirakan melebihinya ditolak sebelum pencocokan "
                             "(kode keluar 4).", "Memory the run may use, e.g. 8G or 1500M (default: what the "
                             "machine has available at the start; 0: no bound). A run estimated to need more is "
                             "refused before matching (exit 4)."),
    "opt.merge.report_date": ("Tanggal yang dicetak di laporan dan disimpan sebagai tanggal pembuatannya, TTTT-BB-HH "
                              "(bawaan: tanggal berkas masukan terbaru, agar dua proses yang sama memberi berkas "
                              "yang sama).", "Date printed on the report and stored as its creation date, "
                              "YYYY-MM-DD (default: the newest input file's date, so two runs on the same inputs "
                              "give the same files)."),
    "opt.merge.csv_sep": ("Pemisah kolom CSV: ';' (bawaan bahasa Indonesia, untuk Excel berbahasa Indonesia) atau "
                          "','; juga csv_separator di berkas konfigurasi.", "CSV column separator: ';' (default in Indonesian, "
                          "for Indonesian-locale Excel) or ',' (default in English); also [report] csv_separator."),
    "opt.merge.quiet": ("Jangan cetak apa pun kecuali galat.", "Print nothing but errors."),
    "opt.evaluate.out": ("Folder keluaran merge yang sudah selesai (hasil evaluasi ditulis di sini juga).",
                         "The output folder of a finished merge (the evaluation is written there too)."),
    "opt.evaluate.truth": ("Berkas acuan CSV: source_file,sheet,row,person_id (baris yang sama = orang yang sama).",
                           "The truth CSV: source_file,sheet,row,person_id (rows with one id are one person)."),
    "opt.explain.out": ("Folder keluaran merge yang sudah selesai.", "The output folder of a finished merge."),
    "opt.explain.cluster": ("Jelaskan setiap kaitan di dalam satu ID orang (lihat record_map.csv).",
                            "Explain every link inside this person id (see record_map.csv)."),
    "opt.explain.record": ("Satu data: BERKAS:LEMBAR:BARIS (CSV: BERKAS::BARIS).",
                           "One record: FILE:SHEET:ROW (CSV: FILE::ROW)."),
    "opt.explain.with_": ("Data pembandingnya, BERKAS:LEMBAR:BARIS.", "The other record, FILE:SHEET:ROW."),
    "opt.explain.limit": ("Paling banyak sekian pasangan.", "At most this many pairs."),
    "opt.ledger.show.stage": ("Nama tahap, mis. tahap-1.", "The stage's name, e.g. stage-1."),
    "opt.ledger.remove.stage": ("Nama tahap yang dihapus.", "The stage to remove."),
    "opt.ledger.remove.yes": ("Jangan bertanya dulu (untuk jadwal otomatis).", "Do not ask first (for scheduled runs)."),
    "opt.validate.file": ("Lembar kerja yang diperiksa (xlsx, xls, ods, csv), atau folder: setiap lembar kerja di "
                          "dalamnya diperiksa dan diringkas per masalah.", "The spreadsheet to check (xlsx, xls, "
                          "ods, csv), or a folder: every spreadsheet in it is checked, summed up by problem."),
    "opt.validate.regency": ("Kab/kota Anda, nama atau kode (mis. Gianyar, 5104): NIK dari daerah lain ditandai.",
                             "Your regency, by name or code (e.g. Gianyar, 5104): NIKs from elsewhere are flagged."),
    "opt.validate.out": ("Tempat salinan bertanda ditulis (bawaan: BERKAS_diperiksa.xlsx di sebelah berkasnya); "
                         "untuk sebuah folder: folder tempat semua salinan ditulis.", "Where to write the checked "
                         "copy (default: FILE_diperiksa.xlsx beside the file); for a folder: the folder for all "
                         "copies."),
    "opt.validate.fix": ("Tulis juga salinan dengan perbaikan mekanis yang aman.",
                         "Also write a copy with safe, mechanical fixes applied."),
    "use.error": ("Salah pemakaian", "Usage error"),
    "use.see_help": ("lihat bantuannya: {command} --help", "see the help: {command} --help"),
    "use.no_option": ("opsi tidak dikenal: {option}", "no such option: {option}"),
    "use.did_you_mean": ("maksud Anda: {options}?", "did you mean: {options}?"),
    "use.needs_value": ("opsi {option} perlu nilai", "option {option} needs a value"),
    "use.no_value": ("opsi {option} tidak menerima nilai", "option {option} does not take a value"),
    "use.missing_option": ("opsi {option} wajib diisi", "option {option} is required"),
    "use.missing_argument": ("{name} wajib diisi", "{name} is required"),
    "use.not_number": ("{option}: '{value}' bukan angka", "{option}: '{value}' is not a number"),
    "use.bad_value": ("{option}: nilai '{value}' tidak sah", "{option}: '{value}' is not a valid value"),
    "use.no_command": ("perintah tidak dikenal: {name} (pilih: {known})", "no such command: {name} (choose: {known})"),
    "use.missing_command": ("sebutkan perintahnya: {known}", "name a command: {known}"),
    "use.extra": ("argumen berlebih: {args}", "unexpected extra argument(s): {args}"),
    "use.other": ("perintah tidak dipahami ({detail})", "command not understood ({detail})"),
    "use.lang": ("'{value}': pilih id atau en", "'{value}': choose id or en"),
    "use.mapping": ("'{item}': tulis 'Judul=field' dengan field salah satu dari {known}",
                    "'{item}': expected 'Header=field' with field one of {known}"),
    "use.need_inputs": ("berikan daftar kab/kota (berkas atau folder), atau [input] regencies di --config",
                        "give the regency lists (files or folders), or [input] regencies in --config"),
    "use.max_memory": ("--max-memory '{value}' tidak dikenali: tulis mis. 8G, 1500M, atau 0 (tanpa batas)",
                       "--max-memory '{value}' is not understood: write e.g. 8G, 1500M, or 0 (no bound)"),
    "use.need_out": ("berikan --out FOLDER, atau [output] folder di --config",
                     "give --out FOLDER, or [output] folder in --config"),
    "use.cluster_or_record": ("berikan --cluster ID atau --record BERKAS:LEMBAR:BARIS (salah satu)",
                              "give either --cluster ID or --record FILE:SHEET:ROW"),
    "use.need_ledger": ("berikan --ledger BERKAS atau --config dengan path di [ledger]",
                        "give --ledger FILE or --config with a [ledger] path"),
    "use.aborted": ("Dibatalkan.", "Aborted."),
    # validate
    "val.sheet": ("Hasil Pemeriksaan", "Check Results"),
    "val.changes_sheet": ("Perubahan", "Changes"),
    "val.col.no": ("No", "No"),
    "val.col.cell": ("Sel", "Cell"),
    "val.col.column": ("Kolom", "Column"),
    "val.col.value": ("Nilai", "Value"),
    "val.col.problem": ("Masalah", "Problem"),
    "val.col.fix": ("Cara Memperbaiki", "How to fix"),
    "val.col.before": ("Sebelum", "Before"),
    "val.col.after": ("Sesudah", "After"),
    "val.summary": ("{errors} galat, {warnings} peringatan dalam {records} baris data",
                    "{errors} errors, {warnings} warnings in {records} data rows"),
    "val.ok": ("Tidak ada galat. Berkas siap dikirim.", "No errors. The file is ready to send."),
    "val.copy": ("Salinan bertanda: {path}", "Checked copy: {path}"),
    "val.fixed": ("Salinan diperbaiki ({n} perubahan): {path}", "Fixed copy ({n} changes): {path}"),
    "val.checking": ("Memeriksa {file} ...", "Checking {file} ..."),
    "val.folder_title": ("Ringkasan pemeriksaan {files} berkas, per masalah", "Summary of {files} files, by problem"),
    "val.col.rows": ("Baris", "Rows"),
    "val.col.files": ("Berkas", "Files"),
    "val.folder_summary": ("{files} berkas: {errors} galat, {warnings} peringatan dalam {records} baris data",
                           "{files} files: {errors} errors, {warnings} warnings in {records} data rows"),
    "val.folder_ok": ("Tidak ada galat. Semua berkas siap dikirim.", "No errors. Every file is ready to send."),
    "val.folder_copies": ("Salinan bertanda (NAMA_diperiksa.xlsx) ditulis untuk setiap berkas.",
                          "A checked copy (NAME_diperiksa.xlsx) was written for every file."),
    "val.more": ("... dan {n} temuan lain (lihat salinan bertanda)", "... and {n} more (see the checked copy)"),
}


def localised(key: str, params: dict, lang: str, message: str, hint: str) -> tuple[str, str]:
    """An error's (message, hint) in `lang` from its catalogue key; the given English texts when
    the error has no key."""
    if not key or f"err.{key}" not in _M:
        return message, hint
    return t(f"err.{key}", lang, **params), (t(f"hint.{key}", lang, **params) if f"hint.{key}" in _M else hint)


def has_text(key: str) -> bool:
    """Is `key` in the catalogue? (t() answers a missing key with the key itself.)"""
    return key in _M


class _LocalFormatter(string.Formatter):
    """Numbers as the reader writes them: Indonesian groups thousands with '.' and writes decimals
    with ',' (16.974; 22,7 GB), English the other way round. A value that knows how to say itself
    in a language (a `localized(lang)` method, e.g. a size in bytes) is asked to."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._field = ""

    def get_field(self, field_name, args, kwargs):
        # remembered for format_field, which is called next for this same field
        self._field = field_name
        return super().get_field(field_name, args, kwargs)

    def format_field(self, value, format_spec: str) -> str:
        if hasattr(value, "localized"):
            return value.localized(self.lang)
        if format_spec == "" and isinstance(value, numbers.Integral) and not isinstance(value, bool) \
                and self._field not in _NOT_QUANTITIES:
            # a count written plainly ({persons}) still groups its thousands: "42.649 orang"
            format_spec = ","
        text = super().format_field(value, format_spec)
        if self.lang == "id" and isinstance(value, numbers.Real) and not isinstance(value, bool) \
                and ("," in format_spec or "." in format_spec):
            text = text.translate(_SWAP_SEPARATORS)
        return text


_SWAP_SEPARATORS = str.maketrans(",.", ".,")
#: integer placeholders that name a position, not a quantity: written as the file shows them
_NOT_QUANTITIES = frozenset({"row", "line", "byte", "version", "stage"})


def number(value, lang: str = "id", spec: str = ",") -> str:
    """One number as the reader writes it, for table cells outside a catalogue text: 69.490 and
    0,9995 in Indonesian, 69,490 and 0.9995 in English."""
    return _LocalFormatter(lang).format_field(value, spec)


def t(key: str, lang: str = "id", /, **kwargs) -> str:
    """The text for `key` in `lang`; the key itself when missing (never crash on a label)."""
    pair = _M.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "id" else pair[1]
    return _LocalFormatter(lang).format(text, **kwargs) if kwargs else text
