"""The configuration file (`umkm-dedup.toml`) for scheduled runs: inputs and their roles, column
mapping overrides, matching thresholds, output folder, language, NIK masking, ledger and log.
An option on the command line overrides the file. Errors name the key and the line."""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import ConfigError
from ..matching.settings import Settings
from ..sources.synonyms import known_fields

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
min_match_odds_bits = -4.0  # a match weaker than this against the run's size goes to review
max_block_size = 60      # a blocking key shared by more records than this is skipped
# rules_off = ["only_name_and_area"]   # domain rules switched off, by code (matching/rules.py)
# [matching.comparison_params.name]    # a comparison's thresholds (matching/comparisons/name.py)
# similar = 0.88

[columns]
# headers the synonym table does not know, mapped to a field, e.g.
# "Identitas Pemilik" = "nik"

[report]
# the cover and signature block of Ringkasan; what is not set prints as a dotted line to fill in
# province = "Kepulauan Bangka Belitung"     # default: the province the data shows
# dinas = "Dinas Koperasi dan UKM Provinsi Kepulauan Bangka Belitung"
# place = "Pangkalpinang"
# period = "April - Mei 2020"
# date = "2020-05-15"            # report date (default: the date of the newest input file)
# prepared_by = "Nama Petugas"
# prepared_nip = "NIP petugas"
# prepared_title = "Analis Data"
# head_name = "Nama Kepala Dinas"
# head_nip = "NIP kepala dinas"
# head_title = "Kepala Dinas Koperasi dan UKM"
# csv_separator = ";"            # data_unik.csv etc.: ";" (default in Indonesian) or ","

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
min_match_odds_bits = -4.0  # kecocokan yang lebih lemah dari ini untuk ukuran data ini ditinjau petugas
max_block_size = 60      # kunci blok yang dimiliki lebih banyak data dari ini dilewati
# rules_off = ["only_name_and_area"]   # aturan yang dimatikan, menurut kodenya (matching/rules.py)
# [matching.comparison_params.name]    # ambang sebuah perbandingan (matching/comparisons/name.py)
# similar = 0.88

[columns]
# judul kolom yang belum dikenal, dipetakan ke sebuah field, mis.
# "Identitas Pemilik" = "nik"

[report]
# sampul dan blok tanda tangan lembar Ringkasan; yang tidak diisi dicetak sebagai garis titik-titik
# province = "Kepulauan Bangka Belitung"     # bawaan: provinsi yang tampak dari data
# dinas = "Dinas Koperasi dan UKM Provinsi Kepulauan Bangka Belitung"
# place = "Pangkalpinang"
# period = "April - Mei 2020"
# date = "2020-05-15"            # tanggal laporan (bawaan: tanggal berkas masukan terbaru)
# prepared_by = "Nama Petugas"
# prepared_nip = "NIP petugas"
# prepared_title = "Analis Data"
# head_name = "Nama Kepala Dinas"
# head_nip = "NIP kepala dinas"
# head_title = "Kepala Dinas Koperasi dan UKM"
# csv_separator = ";"            # data_unik.csv dll.: ";" (bawaan bahasa Indonesia) atau ","

[ledger]
# apa yang sudah dilaporkan pada tahap sebelumnya (SQLite); biarkan bertanda # untuk berjalan tanpa ledger
# path = "umkm-ledger.sqlite"
# stage = "tahap-1"

[log]
# file = "umkm-dedup.log"   # log terstruktur (baris JSON), NIK disamarkan
'''
TEMPLATES = {"id": TEMPLATE_ID, "en": TEMPLATE}

class Kind:
    """What a configuration value must be: a check, and the catalogue key (`cfg.expect.<name>`)
    that tells a user, in their language, what was expected."""

    def __init__(self, name: str, check):
        self.name, self.check = name, check


def _number(v) -> bool:
    return type(v) in (int, float) and math.isfinite(v)


TEXT = Kind("text", lambda v: isinstance(v, str) and v.strip() != "")
PATH = Kind("path", lambda v: isinstance(v, str) and v.strip() != "")
PATHS = Kind("paths", lambda v: isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v)))
TEXTS = Kind("texts", lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v))
BOOL = Kind("bool", lambda v: type(v) is bool)
LANGUAGE = Kind("language", lambda v: v in ("id", "en"))
NUMBER = Kind("number", _number)                                       # finite: NaN and inf are errors
POSITIVE = Kind("positive", lambda v: type(v) is int and v > 0)       # a limit: zero or less makes no sense
COUNT = Kind("count", lambda v: type(v) is int and v >= 0)
TABLES = Kind("tables", lambda v: isinstance(v, dict) and all(isinstance(i, dict) for i in v.values()))
FIELD = Kind("field", lambda v: isinstance(v, str) and v in known_fields())


def _date(v) -> bool:
    from ..report.cover import parse_date

    return isinstance(v, str | dt.date) and parse_date(v) is not None


DATE = Kind("date", _date)                                            # 2020-05-15, quoted or a TOML date
SEPARATOR = Kind("separator", lambda v: v in (";", ",", "\t", "|"))

def _settings_schema(**overrides: Kind) -> dict[str, Kind]:
    """[matching] is declared by Settings itself (its fields and their types): a whole number is a
    limit above 0, a float any finite number, unless overridden here."""
    by_type = {"bool": BOOL, "float": NUMBER, "int": POSITIVE, "list[str]": TEXTS, "str": TEXT,
               "dict[str, dict]": TABLES}
    return {f.name: overrides.get(f.name) or by_type[str(f.type)] for f in fields(Settings)}


#: every section and key of umkm-dedup.toml, in ONE place. A section is {key: Kind}, or one Kind for
#: a section of free keys (each value of that kind). Adding a section is one line here; its values
#: are then in Config.sections[name], validated, with errors naming the key and line.
SCHEMA: dict[str, dict[str, Kind] | Kind] = {
    "input": {"regencies": PATHS, "kemensos": PATHS, "prakerja": PATHS},
    "output": {"folder": PATH, "language": LANGUAGE, "mask_nik": BOOL},
    "matching": _settings_schema(seed=COUNT),
    "columns": FIELD,
    "report": {"province": TEXT, "dinas": TEXT, "place": TEXT, "period": TEXT, "date": DATE, "prepared_by": TEXT,
               "prepared_nip": TEXT, "prepared_title": TEXT, "head_name": TEXT, "head_nip": TEXT, "head_title": TEXT,
               "csv_separator": SEPARATOR},
    "ledger": {"path": PATH, "stage": TEXT},
    "log": {"file": PATH},
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
    #: every section's validated values as written (paths as given), for sections without a field above
    sections: dict[str, dict] = field(default_factory=dict)


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
            if section is not None and (current == f"{section}.{key}" or current.startswith(f"{section}.{key}.")):
                return number   # a sub-table: [matching.comparison_params.name]
            continue
        if (section is None or current == section) and re.match(rf'^"?{re.escape(key)}"?\s*=', stripped):
            return number
    return None


def check_section(section: str, values: dict, fail) -> None:
    """Check one section's values against SCHEMA; `fail(section, key, message, hint, why, **params)`
    raises. Used for the file and for command-line overrides alike."""
    spec = SCHEMA[section]
    for key, value in values.items():
        kind = spec if isinstance(spec, Kind) else spec.get(key)
        if kind is None:
            known = ", ".join(sorted(spec))
            fail(section, key, "unknown key", f"known keys: {known}", why="cfg_key", known=known)
        elif not kind.check(value):
            from ..i18n.messages import t

            if kind is FIELD:
                known = ", ".join(sorted(known_fields()))
                fail(section, key, f"'{value}' is not a field", f"fields: {known}", why="cfg_field",
                     field=value, known=known)
            fail(section, key, f"must be {t('cfg.expect.' + kind.name, 'en')}, not {value!r}", why="cfg_type",
                 expected_id=t("cfg.expect." + kind.name, "id"), expected_en=t("cfg.expect." + kind.name, "en"),
                 value=repr(value))


def check_options(section: str, values: dict[str, object], names: dict[str, str]) -> None:
    """Command-line values that override a section (e.g. --match-weight nan) pass the same checks;
    `names` gives the option's name for each key, for the message."""
    def fail(section: str, key: str | None, message: str, hint: str = "", why: str = "", **params) -> None:
        name = names.get(key, key)
        raise ConfigError(f"'{name}': {message}", hint=hint or None, key=why, params={**params, "name": name})

    check_section(section, {k: v for k, v in values.items() if v is not None}, fail)


class _Said:
    """An error's own words, written in the reader's language when the message is (the catalogue
    asks a value with `localized`): the settings' refusal inside the config file's message."""

    def __init__(self, error: ConfigError):
        self.error = error

    def localized(self, lang: str) -> str:
        return self.error.describe(lang)

    def __str__(self) -> str:
        return self.error.describe("en")


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"cannot read the configuration file ({reason})", file=str(path),
                          hint="check the path given to --config", key="config_unreadable",
                          params={"reason": reason}) from exc
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
        if section not in SCHEMA:
            fail(section, None, "unknown section", f"known sections: {', '.join(SCHEMA)}", why="cfg_section",
                 known=", ".join(SCHEMA))
        if not isinstance(value, dict):
            fail(section, None, "must be a [section]", why="cfg_not_section")
        check_section(section, value, fail)

    cfg = Config(path=path, sections={k: dict(v) for k, v in data.items()})
    inputs = data.get("input", {})
    for key in ("regencies", "kemensos", "prakerja"):
        items = inputs.get(key, [])
        setattr(cfg, key, [base / i for i in ([items] if isinstance(items, str) else items)])
    output = data.get("output", {})
    if "folder" in output:
        cfg.out = base / output["folder"]
    cfg.lang = output.get("language")
    cfg.mask_nik = output.get("mask_nik")
    matching = data.get("matching", {})
    try:
        Settings.from_dict(matching)
    except ConfigError as exc:    # values of the right type that do not fit together (review above match)
        key = next((k for k in matching if k in exc.message), None)
        fail("matching", key, exc.message, why="cfg_matching", detail=_Said(exc))
    cfg.matching = matching
    cfg.mapping = dict(data.get("columns", {}))
    ledger = data.get("ledger", {})
    if "path" in ledger:
        cfg.ledger = base / ledger["path"]
    cfg.stage = ledger.get("stage")
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
