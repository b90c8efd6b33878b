"""The configuration file (`umkm-dedup.toml`) for scheduled runs: inputs and their roles, column
mapping overrides, matching thresholds, output folder, language, NIK masking, ledger and log.
An option on the command line overrides the file. Errors name the key and the line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .matching.settings import Settings
from .sources.synonyms import known_fields

FILE_NAME = "umkm-dedup.toml"

TEMPLATE = '''# umkm-dedup configuration. Paths are relative to this file's folder.
# Every key can be overridden on the command line (e.g. --out, --lang, --stage).
# Windows paths: write them with forward slashes ("D:/Data UMKM/kabupaten") or in single
# quotes ('D:\\Data UMKM\\kabupaten'); inside double quotes a \\ must be doubled.

[input]
# regency lists: files or folders (folders are read recursively, in sorted order)
regencies = ["kabupaten"]
# Kemensos aid recipients (BPUM/DTKS) and the Kartu Prakerja roster; leave empty to detect by name
kemensos = []
prakerja = []

[output]
folder = "laporan"       # where the report is written
language = "id"          # id (Bahasa Indonesia) | en
mask_nik = false         # true: NIKs masked in every output (for reports shared beyond the submission)

[matching]
match_weight = 6.0       # evidence (bits) at or above which two records are one person
review_weight = 0.0      # at or above this (and below match_weight) a person should look
max_block_size = 60      # a blocking key shared by more records than this is skipped

[columns]
# headers the synonym table does not know, mapped to a field, e.g.
# "Identitas Pemilik" = "nik"

[ledger]
# what was already reported in earlier stages (SQLite); comment out to run without
# path = "umkm-ledger.sqlite"
# stage = "tahap-1"

[log]
# file = "umkm-dedup.log"   # structured logs (JSON lines), NIKs masked
'''

#: the same file with its comments in Bahasa Indonesia (`umkm-dedup init`, the default language);
#: tests/test_explain_people.py checks that both hold the same keys and values
TEMPLATE_ID = '''# Konfigurasi umkm-dedup. Path dihitung dari folder berkas ini.
# Setiap kunci bisa diganti dari baris perintah (mis. --out, --lang, --stage).
# Path Windows: tulis dengan garis miring biasa ("D:/Data UMKM/kabupaten") atau dengan
# tanda kutip tunggal ('D:\\Data UMKM\\kabupaten'); di dalam kutip ganda, \\ harus ditulis dua kali.

[input]
# daftar kab/kota: berkas atau folder (folder dibaca beserta subfoldernya, urut nama)
regencies = ["kabupaten"]
# penerima bantuan Kemensos (BPUM/DTKS) dan peserta Kartu Prakerja; kosongkan agar dikenali dari namanya
kemensos = []
prakerja = []

[output]
folder = "laporan"       # tempat laporan ditulis
language = "id"          # id (Bahasa Indonesia) | en (English)
mask_nik = false         # true: NIK disamarkan di semua keluaran (untuk laporan yang dibagikan ke luar)

[matching]
match_weight = 6.0       # bukti (bit) mulai dari nilai ini dua data dianggap satu orang
review_weight = 0.0      # mulai dari nilai ini (dan di bawah match_weight) petugas perlu meninjau
max_block_size = 60      # kunci blok yang dimiliki lebih banyak data dari ini dilewati

[columns]
# judul kolom yang belum dikenal, dipetakan ke sebuah field, mis.
# "Identitas Pemilik" = "nik"

[ledger]
# apa yang sudah dilaporkan pada tahap sebelumnya (SQLite); biarkan bertanda # untuk berjalan tanpa ledger
# path = "umkm-ledger.sqlite"
# stage = "tahap-1"

[log]
# file = "umkm-dedup.log"   # log terstruktur (baris JSON), NIK disamarkan
'''
TEMPLATES = {"id": TEMPLATE_ID, "en": TEMPLATE}

_SECTIONS = {
    "input": {"regencies", "kemensos", "prakerja"},
    "output": {"folder", "language", "mask_nik"},
    "matching": {f for f in Settings.__dataclass_fields__},
    "columns": None,  # free keys
    "ledger": {"path", "stage"},
    "log": {"file"},
}


@dataclass
class Config:
    path: Path | None = None
    regencies: list[Path] = field(default_factory=list)
    kemensos: list[Path] = field(default_factory=list)
    prakerja: list[Path] = field(default_factory=list)
    out: Path | None = None
    lang: str | None = None
    mask_nik: bool | None = None
    matching: dict = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)
    ledger: Path | None = None
    stage: str | None = None
    log_file: Path | None = None


def _line_of(text: str, key: str, section: str | None = None) -> int | None:
    """The line where `key` is set (inside `section` when given), for error messages."""
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        m = re.match(r"^\[([^\]]+)\]", stripped)
        if m:
            current = m.group(1).strip()
            if section is None and current == key:
                return number
            continue
        if (section is None or current == section) and re.match(rf'^"?{re.escape(key)}"?\s*=', stripped):
            return number
    return None


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the configuration file ({exc.strerror})", file=str(path),
                          hint="check the path given to --config", key="config_unreadable",
                          params={"reason": exc.strerror}) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _lineno_from(str(exc))
        raise ConfigError(f"not valid TOML: {exc}", file=str(path), row=line,
                          hint="see the example written by `umkm-dedup init`", key="config_toml",
                          params={"detail": str(exc)}) from exc
    base = path.parent

    def fail(section: str, key: str | None, message: str, hint: str = "", why: str = "", **params) -> None:
        line = _line_of(text, key, section) if key else _line_of(text, section)
        name = f"{section}.{key}" if key else section
        raise ConfigError(f"'{name}': {message}", file=str(path), row=line, hint=hint or None, key=why,
                          params={"name": name, **params})

    for section, value in data.items():
        if section not in _SECTIONS:
            fail(section, None, "unknown section", f"known sections: {', '.join(_SECTIONS)}", why="cfg_section",
                 known=", ".join(_SECTIONS))
        if not isinstance(value, dict):
            fail(section, None, "must be a [section]", why="cfg_not_section")
        allowed = _SECTIONS[section]
        for key in value:
            if allowed is not None and key not in allowed:
                fail(section, key, "unknown key", f"known keys: {', '.join(sorted(allowed))}", why="cfg_key",
                     known=", ".join(sorted(allowed)))

    cfg = Config(path=path)
    inputs = data.get("input", {})
    for key in ("regencies", "kemensos", "prakerja"):
        items = inputs.get(key, [])
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            fail("input", key, "must be a list of paths", 'e.g. regencies = ["kabupaten"]', why="cfg_paths")
        setattr(cfg, key, [base / i for i in items])
    output = data.get("output", {})
    if "folder" in output:
        if not isinstance(output["folder"], str):
            fail("output", "folder", "must be a path", why="cfg_path")
        cfg.out = base / output["folder"]
    if "language" in output:
        if output["language"] not in ("id", "en"):
            fail("output", "language", f"'{output['language']}' is not id or en", why="cfg_language",
                 value=output["language"])
        cfg.lang = output["language"]
    if "mask_nik" in output:
        if not isinstance(output["mask_nik"], bool):
            fail("output", "mask_nik", "must be true or false", why="cfg_bool")
        cfg.mask_nik = output["mask_nik"]
    matching = data.get("matching", {})
    try:
        Settings.from_dict(matching)
    except (ConfigError, TypeError) as exc:
        key = next((k for k in matching if k in str(exc)), None)
        fail("matching", key, str(getattr(exc, "message", exc)), why="cfg_matching",
             detail=str(getattr(exc, "message", exc)))
    cfg.matching = matching
    for header, fld in data.get("columns", {}).items():
        if fld not in known_fields():
            fail("columns", header, f"'{fld}' is not a field", f"fields: {', '.join(sorted(known_fields()))}",
                 why="cfg_field", field=fld, known=", ".join(sorted(known_fields())))
        cfg.mapping[header] = fld
    ledger = data.get("ledger", {})
    if "path" in ledger:
        cfg.ledger = base / ledger["path"]
    if "stage" in ledger:
        cfg.stage = str(ledger["stage"])
    if "file" in data.get("log", {}):
        cfg.log_file = base / data["log"]["file"]
    return cfg


def _lineno_from(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def write_template(folder: str | Path = ".", *, overwrite: bool = False, lang: str = "id") -> Path:
    """umkm-dedup.toml with every key at its default, commented in `lang`."""
    target = Path(folder) / FILE_NAME
    if target.exists() and not overwrite:
        raise ConfigError("a configuration file already exists here", file=str(target),
                          hint="edit it, or remove it first", key="config_exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATES.get(lang, TEMPLATE), encoding="utf-8")
    return target
