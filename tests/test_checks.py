"""The problem catalogue (checks/): every check fires on its case and stays quiet on the near miss
beside it, its texts exist in both languages, and validate (a facilitator's file) and merge's Data
Bermasalah (the province) say the same words for the same record."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from umkm_dedup.checks import CATALOGUE, CHECKS, REPORT, VALIDATE, Context, record_problems
from umkm_dedup.matching.prepare import prepare
from umkm_dedup.i18n.messages import _M, t
from umkm_dedup.core.records import COLUMNS, SheetReport
from umkm_dedup.commands.validate import find_problems, validate

from helpers import write_xlsx

GIANYAR = "5104"     # Bali, Kabupaten Gianyar; district 01 (Sukawati) exists, 99 does not


def nik(region: str = GIANYAR + "01", ddmmyy: str = "120190", serial: str = "0001") -> str:
    """A NIK from its parts: PPRRDD DDMMYY SSSS (no 16-digit literal in this file)."""
    return region + ddmmyy + serial


def found(*rows: dict, tool: str = VALIDATE, **context) -> list[set[str]]:
    """The record checks `tool` reports, per row given (missing fields are empty)."""
    frame = pd.DataFrame([{**{c: "" for c in COLUMNS}, "sheet": "Data", **r} for r in rows])
    frame["row"] = range(2, len(frame) + 2)
    problems = record_problems(frame, prepare(frame), tool, Context(**context))
    return [set(problems.loc[problems["position"] == i, "problem"]) for i in range(len(rows))]


PERSON = {"name": "I Made Sudarta", "birth_date": "12/01/1990", "address": "Jl. Raya 1", "nik": nik()}
YOUNG = f"1201{(dt.date.today().year - 10) % 100:02d}"

#: code -> (a record that has the problem, the near miss that has not, context)
RECORD_CASES: dict[str, tuple[dict, dict, dict]] = {
    "nik.missing": ({**PERSON, "nik": ""}, PERSON, {}),
    "required.identity": ({**PERSON, "nik": "", "birth_date": ""}, {**PERSON, "nik": ""}, {}),
    "nik.format": ({**PERSON, "nik": nik()[:11]}, PERSON, {}),
    "nik.unrecoverable": ({**PERSON, "nik": "5.10401E+15", "nik_flag": "unrecoverable"},
                          {**PERSON, "nik_flag": "numeric"}, {}),
    "nik.province": ({**PERSON, "nik": nik("990401")}, PERSON, {}),
    "nik.region": ({**PERSON, "nik": nik("510001")}, PERSON, {}),
    "nik.birth_date": ({**PERSON, "nik": nik(ddmmyy="320190")}, {**PERSON, "nik": nik(ddmmyy="520190"),
                                                                  "birth_date": ""}, {}),   # 52 = a woman's 12
    "nik.serial": ({**PERSON, "nik": nik(serial="0000")},
                   {**PERSON, "nik": nik(serial="0000"), "nik_flag": "truncated"}, {}),  # Excel's 0, not typed
    "nik.kk_like": ({**PERSON, "kk": nik()}, {**PERSON, "nik": nik(serial="0003"), "kk": nik(serial="0002")}, {}),
    "nik.truncated": ({**PERSON, "nik": nik(serial="0010"), "nik_flag": "truncated"},
                      {**PERSON, "nik": nik(serial="0010"), "nik_flag": "numeric"}, {}),
    "nik.numeric": ({**PERSON, "nik_flag": "numeric"}, PERSON, {}),
    "nik.region_unknown": ({**PERSON, "nik": nik(GIANYAR + "99")}, PERSON, {}),
    "nik.other_regency": ({**PERSON, "nik": nik("317101")}, PERSON, {"regency": "51.04"}),
    "nik.outside_province": ({**PERSON, "nik": nik("317101")}, PERSON, {"province": "51"}),
    "nik.too_young": ({**PERSON, "nik": nik(ddmmyy=YOUNG), "birth_date": ""}, PERSON, {}),
    "nik.birth_mismatch": ({**PERSON, "birth_date": "13/01/1990"}, PERSON, {}),
    "nik.sex_mismatch": ({**PERSON, "sex": "P"}, {**PERSON, "sex": "L"}, {}),
    "name.missing": ({**PERSON, "name": ""}, {**PERSON, "name": "Budi"}, {}),
    "phone.invalid": ({**PERSON, "phone": "12345"}, {**PERSON, "phone": "0812-3456-7890"}, {}),
    "date.unreadable": ({**PERSON, "birth_date": "tgl lupa"}, {**PERSON, "birth_date": "12 Januari 1990"}, {}),
}


@pytest.mark.parametrize("code", sorted(RECORD_CASES))
def test_each_record_check_fires_on_its_case_and_not_on_the_near_miss(code):
    hit, miss, context = RECORD_CASES[code]
    tool = VALIDATE if VALIDATE in CATALOGUE[code].used_by else REPORT
    positive, negative = found(hit, miss, tool=tool, **context)
    assert code in positive, positive
    assert code not in negative, negative


def test_a_clean_record_has_no_problem_in_either_tool():
    assert found(PERSON, tool=VALIDATE, regency="51.04") == [set()]
    assert found(PERSON, tool=REPORT, province="51") == [set()]


def test_the_other_regency_needs_the_regency_and_names_both():
    assert found({**PERSON, "nik": nik("317101")}) == [set()]
    frame = pd.DataFrame([{**{c: "" for c in COLUMNS}, "sheet": "Data", "row": 2, **PERSON, "nik": nik("317101")}])
    row = record_problems(frame, prepare(frame), VALIDATE, Context(regency="51.04")).iloc[0]
    message = CATALOGUE[row["problem"]].message("id", **row["params"])
    assert message.startswith(t("prob.nik.other_regency")) and "Gianyar" in message and "Jakarta" in message


def test_each_tool_runs_only_its_own_checks():
    only_validate = found({**PERSON, "nik_flag": "numeric", "phone": "12345"}, tool=REPORT)
    assert only_validate == [set()]
    assert found({**PERSON, "nik": nik("317101")}, tool=VALIDATE, province="51") == [set()]


# --- checks found outside the record table: duplicates, rows inside the data, reading notes ---------

HEADER = ["No", "NIK", "Nama Pemilik", "Tgl Lahir", "Alamat", "No. HP"]


def checked(tmp_path, rows):
    path = write_xlsx(tmp_path / "kec.xlsx", {"Data": [HEADER] + rows})
    return validate(path, write_copy=False)


def codes(result, prefix):
    return [(f.row, f.problem) for f in result.findings if f.problem.startswith(prefix)]


def test_dup_nik_on_the_second_row_and_not_for_another_nik(tmp_path):
    same = checked(tmp_path, [[1, nik(), "I Made Sudarta", "", "Jl. 1", ""], [2, nik(), "I Made Sudarta", "", "Jl. 1", ""]])
    assert codes(same, "dup.nik") == [(3, "dup.nik")]
    assert "2" in same.findings[[f.problem for f in same.findings].index("dup.nik")].message()
    other = checked(tmp_path, [[1, nik(), "I Made Sudarta", "", "Jl. 1", ""],
                               [2, nik(serial="0002"), "Ni Wayan Sukerti", "", "Jl. 9", ""]])
    assert codes(other, "dup.") == []


def test_dup_likely_without_a_shared_nik_and_not_for_two_people(tmp_path):
    likely = checked(tmp_path, [[1, "", "Bpk. I Made Sudarta", "12/01/1990", "Jl. Pura No. 3", "081234567890"],
                                [2, "", "I MADE SUDARTA", "1990-01-12", "Jalan Pura 3", "0812-3456-7890"]])
    assert codes(likely, "dup.") == [(3, "dup.likely")]
    two = checked(tmp_path, [[1, "", "I Made Sudarta", "12/01/1990", "Jl. Pura No. 3", "081234567890"],
                             [2, "", "Ni Ketut Rai", "05/07/1975", "Jl. Gunung 8", "081399998888"]])
    assert codes(two, "dup.") == []


@pytest.mark.parametrize("code,row", [("row.total", ["JUMLAH", None, 2, None, None, None]),
                                      ("row.repeated_header", HEADER),
                                      ("row.signature", ["Mengetahui,", None, None, None, None, None])])
def test_a_non_record_row_inside_the_data_but_not_below_it(tmp_path, code, row):
    people = [[1, nik(), "I Made Sudarta", "", "Jl. 1", ""], [2, nik(serial="0002"), "Ni Kadek Rai", "", "Jl. 2", ""]]
    inside = checked(tmp_path, [people[0], row, people[1]])
    assert codes(inside, "row.") == [(3, code)]
    below = checked(tmp_path, people + [row])
    assert codes(below, "row.") == []


@pytest.mark.parametrize("key", ["cell_cut", "not_a_date", "duplicate_row", "columns_cut", "format_renamed", "sheet_hidden"])
def test_a_reading_note_is_a_finding_at_its_cell_and_no_note_is_none(key):
    frame = pd.DataFrame([{**{c: "" for c in COLUMNS}, "sheet": "Data", "row": 2, **PERSON}])
    report = SheetReport(file="kec.xlsx", path="kec.xlsx", sheet="Data", role="regency", columns={"nik": 0, "name": 1},
                         labels=["NIK", "Nama"])
    assert codes(_Result(find_problems(frame, [report], None)), "note.") == []
    report.notes.append((2, 1, key))
    notes = [f for f in find_problems(frame, [report], None) if f.problem.startswith("note.")]
    assert [(f.row, f.problem, f.severity, f.header) for f in notes] == [
        (2, f"note.{key}", CATALOGUE[f"note.{key}"].severity, "Nama")]
    assert notes[0].title() == t(f"note.{key}")      # the words Sumber lists the note by


class _Result:
    def __init__(self, findings):
        self.findings = findings


# --- the catalogue and its texts ------------------------------------------------------------------

def test_every_check_has_a_case_here():
    covered = set(RECORD_CASES) | {"dup.nik", "dup.likely", "row.total", "row.repeated_header", "row.signature",
                                   "note.cell_cut", "note.not_a_date", "note.duplicate_row", "note.columns_cut",
                                   "note.format_renamed", "note.sheet_hidden"}
    assert covered == set(CATALOGUE)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.code)
def test_every_check_has_its_texts_in_both_languages(check):
    for key in (check.message_key, check.fix_key) + ((check.detail_key,) if check.detail_key else ()):
        assert key in _M and all(_M[key]), key
    assert "{" not in check.title("id") + check.title("en")       # a title reads alone (CLI tables, Sumber)
    assert check.severity in ("error", "warning") and check.used_by <= {VALIDATE, REPORT} and check.used_by


def test_the_report_sheets_read_the_catalogues_keys():
    """Data Bermasalah looks texts up as prob.<code>/fix.<code>, Sumber notes as note.<key>
    (report/sheets.py): the catalogue's keys must be those."""
    for c in CHECKS:
        if REPORT in c.used_by:
            assert (c.message_key, c.fix_key) == (f"prob.{c.code}", f"fix.{c.code}")
        if c.code.startswith("note."):
            assert c.message_key == c.code


def test_one_message_family():
    assert not [k for k in _M if k.startswith(("v.", "vf."))]
    used = {c.message_key for c in CHECKS} | {c.fix_key for c in CHECKS} | {c.detail_key for c in CHECKS}
    assert not [k for k in _M if k.startswith(("prob.", "detail.")) and k not in used]
    assert not [k for k in _M if k.startswith("fix.") and k not in used]


# --- the same words for the same record in validate and in merge --------------------------------------

def test_validate_and_merge_say_the_same_for_the_same_record(tmp_path):
    from umkm_dedup.pipeline import merge

    rows = [
        [1, nik(), "I Made Sudarta", "12/01/1990", "Jl. Raya 1", ""],                    # clean
        [2, nik()[:11], "Ni Wayan Sukerti", "", "Jl. Raya 2", ""],                       # format
        [3, nik("990401"), "I Nyoman Arta", "", "Jl. Raya 3", ""],                       # province
        [4, nik(ddmmyy="320190", serial="0003"), "I Ketut Jaya", "", "Jl. Raya 4", ""],  # birth date
        [5, int(nik(serial="0010")), "I Gede Suweta", "", "Jl. Raya 6", ""],             # truncated
        [6, "", "Ni Komang Sari", "", "", ""],                                           # identity
        [7, "", "Ni Luh Ayu", "01/02/1980", "Jl. Raya 7", ""],                           # NIK missing
        [8, nik(ddmmyy="550583", serial="0009"), "", "", "Jl. Raya 11", ""],             # name missing
        [9, nik(ddmmyy="150583", serial="0004"), "Ni Kadek Rai", "15/05/1983", "Jl. 9", ""],   # sex
        [10, nik(ddmmyy="130190", serial="0005"), "I Made Wirawan", "12/01/1990", "Jl. 8", ""],  # birth
        [11, nik(GIANYAR + "99", serial="0006"), "I Wayan Kaler", "", "Jl. 5", ""],     # unknown district
        [12, nik(ddmmyy=YOUNG, serial="0007"), "I Putu Santika", "", "Jl. 4", ""],     # too young
    ]
    (tmp_path / "kiriman").mkdir()
    path = write_xlsx(tmp_path / "kiriman" / "kab_gianyar.xlsx", {"Data": [HEADER] + rows})
    for lang in ("id", "en"):
        checked_ = validate(path, write_copy=False, lang=lang)
        said_by_validate: dict[int, set] = {}
        for f in checked_.findings:
            if REPORT in CATALOGUE[f.problem].used_by:
                said_by_validate.setdefault(f.row, set()).add((t(f"sev.{f.severity}", lang), f.title(lang),
                                                               f.fix(lang)))
                if not CATALOGUE[f.problem].detail_key:
                    assert f.message(lang) == f.title(lang)
        merge([path], out=tmp_path / f"out_{lang}", lang=lang)
        workbook = next((tmp_path / f"out_{lang}").glob("*.xlsx"))
        book = openpyxl.load_workbook(workbook, read_only=True)
        sheet = book[t("sheet.problems", lang)]
        rows_ = list(sheet.iter_rows(values_only=True))
        head = rows_[0]
        at = {h: head.index(t(f"h.{h}", lang)) for h in ("row", "severity", "problem", "fix")}
        said_by_merge: dict[int, set] = {}
        for r in rows_[1:]:
            said_by_merge.setdefault(int(r[at["row"]]), set()).add((r[at["severity"]], r[at["problem"]], r[at["fix"]]))
        assert said_by_merge == said_by_validate
        assert len(said_by_merge) == 11          # every row but the clean one
