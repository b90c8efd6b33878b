"""Checks of what the officer gave, said out loud before the numbers are computed.

Roles: a file given as Kemensos or Prakerja that looks like a regency list (or the other way
round, or the two swapped) would silently move people out of their regency and count them as aid
recipients. The signs (file name, title, columns) are named in a warning; when the mistake would
empty a regency of the run, the run stops unless forced.

Regencies: with the province known (from the NIKs of the regency lists, or from the regencies the
lists name), the kab/kota of the province that sent no list are listed, a regency named outside
the province is a warning, and a name that is one of the province's districts (Banjar, Kediri in
Bali) is not taken as a regency of another province."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core.errors import ConfigError
from ..core.records import RecordTable, Role, assign_text
from ..sources.roles import _KEMENSOS_NAME, _PRAKERJA_NAME, find_regency
from ..sources.synonyms import fold_header

_REGENCY_COLUMNS = ("business_name", "sector", "impact")
_KEMENSOS_COLUMNS = ("programme", "stage")
_PRAKERJA_COLUMNS = ("status",)


def _signs(sheet) -> dict[str, list[tuple[str, str]]]:
    """Per role, the signs a sheet carries: (kind, what), kind one of file_name, title, columns."""
    stem = Path(sheet.file).stem.replace("_", " ")
    titles = [t for t in sheet.titles if t]
    fields = {f: h for h, f in sheet.mapping.items()}
    out: dict[str, list[tuple[str, str]]] = {r.value: [] for r in Role}
    for role, pattern in ((Role.KEMENSOS, _KEMENSOS_NAME), (Role.PRAKERJA, _PRAKERJA_NAME)):
        if pattern.search(fold_header(sheet.file)):
            out[role.value].append(("file_name", sheet.file))
        title = next((t for t in titles if pattern.search(fold_header(t))), None)
        if title:
            out[role.value].append(("title", title))
    if not (out["kemensos"] or out["prakerja"]):
        if find_regency([stem])[0]:
            out["regency"].append(("file_name", sheet.file))
        title = next((t for t in titles if find_regency([t])[0]), None)
        if title:
            out["regency"].append(("title", title))
    for role, columns in ((Role.REGENCY, _REGENCY_COLUMNS), (Role.KEMENSOS, _KEMENSOS_COLUMNS),
                          (Role.PRAKERJA, _PRAKERJA_COLUMNS)):
        found = [fields[c] for c in columns if c in fields]
        if found:
            out[role.value].append(("columns", ", ".join(found)))
    return out


def check_roles(table: RecordTable, given: dict[str, Role], force: bool = False) -> list[dict]:
    """Warnings for files whose role (given or detected) disagrees with their signs. Raises
    ConfigError (exit 3) when a list given as Kemensos/Prakerja is the only list of its regency."""
    warnings = []
    given_names = {Path(k).name for k in given} | {str(k) for k in given}
    regency_lists = {s.regency for s in table.sheets if s.role == Role.REGENCY.value and s.records and s.regency}
    seen = set()
    for sheet in table.sheets:
        if not sheet.records or (sheet.file, sheet.role) in seen:
            continue
        signs = _signs(sheet)
        mine = len(signs.get(sheet.role, []))
        other = max((r for r in signs if r != sheet.role), key=lambda r: (len(signs[r]), r))
        if len(signs[other]) <= mine:
            continue
        seen.add((sheet.file, sheet.role))
        regency = ""
        if other == Role.REGENCY.value:
            regency = find_regency(sheet.titles + [Path(sheet.file).stem.replace("_", " ")])[0]
        explicit = sheet.file in given_names or sheet.path in given_names
        warning = {"file": sheet.file, "role": sheet.role, "looks_like": other, "explicit": explicit,
                   "signs": [{"kind": k, "value": v} for k, v in signs[other]], "regency": regency}
        if explicit and regency and regency not in regency_lists and not force:
            raise ConfigError("a list given as Kemensos/Prakerja looks like the only list of its regency",
                              file=sheet.file, key="role_empties_regency",
                              params={"role": sheet.role.capitalize(), "regency": regency,
                                      "signs": "; ".join(f"'{v}'" for _, v in signs[other])})
        warnings.append(warning)
    return warnings


@lru_cache(maxsize=64)
def _districts(province: str) -> frozenset[str]:
    from lokal import wilayah

    from ..normalize.regions import regency_names

    return frozenset(fold_header(d.name) for code in regency_names() if code.startswith(province + ".")
                     for d in wilayah.list_wilayah(code))


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    from lokal import wilayah

    return {p.code: p.name for p in wilayah.list_wilayah()}


def province_of_lists(frame: pd.DataFrame) -> str:
    """The province of the regency lists: the most common province code of their 16-digit NIKs,
    else of the regencies they name; '' when unknown."""
    from ..normalize.regions import regency_names

    regency = frame["role"].astype(str).to_numpy() == Role.REGENCY.value
    niks = frame["nik"].astype(str)[regency]
    codes = niks[niks.str.fullmatch(r"\d{16}")].str[:2]
    codes = codes[codes.isin(list(_provinces()))]
    if len(codes):
        return Counter(codes).most_common(1)[0][0]
    code_of = {name: code for code, name in regency_names().items()}
    named = [code_of[r][:2] for r in frame["list_regency"].astype(str)[regency] if r in code_of]
    return Counter(named).most_common(1)[0][0] if named else ""


def check_regencies(table: RecordTable) -> dict:
    """Which regencies of the province sent a list; regency names outside the province (a
    district of the province is not a regency elsewhere: its list keeps no regency)."""
    from ..normalize.regions import regency_names

    frame = table.frame
    province = province_of_lists(frame)
    if not province:
        return {"province": "", "province_name": "", "missing": [], "outside": [], "not_regency": []}
    names = regency_names()
    code_of = {name: code for code, name in names.items()}
    mine = {name for code, name in names.items() if code.startswith(province + ".")}
    outside, not_regency = [], []
    for sheet in table.sheets:
        name = sheet.regency
        if not sheet.records or not name or name in mine or name not in code_of:
            continue
        bare = fold_header(re.sub(r"^(kabupaten|kota)\s+", "", name, flags=re.I))
        named_explicitly = any(re.search(r"\b(kab|kabupaten|kota)\b\s*" + re.escape(bare), fold_header(t))
                               for t in sheet.titles + [Path(sheet.file).stem.replace("_", " ")])
        if bare in _districts(province) and not named_explicitly:
            not_regency.append({"file": sheet.file, "sheet": sheet.sheet, "name": name})
            rows = (frame["source_file"] == sheet.file) & (frame["sheet"] == sheet.sheet)
            assign_text(frame, rows & (frame["list_regency"] == name), "list_regency", Path(sheet.file).stem)
            assign_text(frame, rows & (frame["regency"] == name), "regency", "")
            sheet.regency = ""
        elif name not in [o["name"] for o in outside]:
            outside.append({"file": sheet.file, "sheet": sheet.sheet, "name": name})
    sent = {s.regency for s in table.sheets if s.records and s.role == Role.REGENCY.value}
    missing = sorted(mine - sent, key=lambda n: code_of[n])
    return {"province": province, "province_name": _provinces().get(province, ""), "missing": missing,
            "outside": outside, "not_regency": not_regency}


def check_hidden_sheets(table: RecordTable) -> list[dict]:
    """The sheets hidden in Excel whose records were read (sources/readers.py notes them): the
    officer cannot see them in the workbook, so the run says they were counted."""
    return [{"file": s.file, "sheet": s.sheet, "records": s.records} for s in table.sheets
            if s.records and any(key == "sheet_hidden" for _, _, key in s.notes)]


def check_unnamed_regencies(table: RecordTable, regencies: dict) -> list[dict]:
    """Regency lists whose regency was found nowhere (title, file name, a Kab/Kota column): their
    records are counted in Ringkasan under the file's name, a row the ministry does not know,
    and the officer must hear it before submitting (a list named elsewhere as a district is
    check_regencies' warning already)."""
    said = {(item["file"], item["sheet"]) for item in regencies.get("not_regency", [])}
    return [{"file": s.file, "sheet": s.sheet, "records": s.records, "row_name": Path(s.file).stem}
            for s in table.sheets if s.records and s.role == Role.REGENCY.value and not s.regency
            and (s.file, s.sheet) not in said]


def check_repeated_columns(table: RecordTable) -> list[dict]:
    """Headers that name one field twice ('NIK' in columns A and E): only the first column is
    read as that field, the other is kept as an extra column and never checked or matched, so a
    second NIK typed there would be silently left out of the matching."""
    from ..sources.readers import column_letter

    out = []
    for s in table.sheets:
        if not s.records:
            continue
        by_label: dict[str, list[int]] = {}
        for index, label in enumerate(s.labels):
            if label and str(label).strip():
                by_label.setdefault(fold_header(str(label)), []).append(index)
        for indexes in by_label.values():
            first = s.labels[indexes[0]]
            if len(indexes) > 1 and s.mapping.get(first):
                out.append({"file": s.file, "sheet": s.sheet, "row": s.header_row, "label": str(first).strip(),
                            "used": column_letter(indexes[0]),
                            "others": ", ".join(column_letter(i) for i in indexes[1:])})
    return out


def check_identical_files(table: RecordTable) -> list[dict]:
    """Input files with the same bytes (a regency's file copied into the folder twice, under
    another name): every record would be read and counted twice. They are still read (nothing is
    dropped unasked); the warning names them so the copy can be taken out."""
    import hashlib

    by_digest: dict[str, list[str]] = {}
    for path in sorted({s.path for s in table.sheets if s.records and s.path}):
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            continue
        by_digest.setdefault(digest.hexdigest(), []).append(Path(path).name)
    return [{"files": names} for names in by_digest.values() if len(names) > 1]


def warning_lines(checks: dict, lang: str) -> list[str]:
    """Every warning of these checks as one line of words, for the console and Ringkasan."""
    from ..i18n.messages import t

    lines = []
    for w in checks.get("roles", []):
        signs = "; ".join(f"{t('sign.' + s['kind'], lang)} '{s['value']}'" for s in w["signs"])
        lines.append(t("warn.role", lang, file=w["file"], role=t(f"role.{w['role']}", lang),
                       looks=t(f"role.{w['looks_like']}", lang), signs=signs))
    cover = checks.get("regencies", {})
    for item in cover.get("not_regency", []):
        lines.append(t("warn.not_regency", lang, file=item["file"], sheet=item["sheet"] or "-", name=item["name"],
                       province=cover["province_name"]))
    for item in cover.get("outside", []):
        lines.append(t("warn.outside", lang, file=item["file"], name=item["name"], province=cover["province_name"]))
    for item in checks.get("hidden_sheets", []):
        lines.append(t("warn.hidden_sheet", lang, file=item["file"], sheet=item["sheet"], n=item["records"]))
    for item in checks.get("unnamed_regencies", []):
        lines.append(t("warn.unnamed_regency", lang, file=item["file"], sheet=item["sheet"] or "-",
                       n=item["records"], row_name=item["row_name"]))
    for item in checks.get("repeated_columns", []):
        lines.append(t("warn.repeated_column", lang, file=item["file"], sheet=item["sheet"] or "-",
                       row=item["row"] or "-", label=item["label"], used=item["used"], others=item["others"]))
    for item in checks.get("identical_files", []):
        lines.append(t("warn.identical_files", lang, files=", ".join(item["files"]), n=len(item["files"])))
    for name in checks.get("other_workbooks", []):
        lines.append(t("warn.other_workbook", lang, file=name))
    if cover.get("missing"):
        lines.append(t("warn.missing", lang, province=cover["province_name"], n=len(cover["missing"]),
                       names=", ".join(cover["missing"])))
    return lines
