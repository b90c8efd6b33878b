"""One function per sheet of the report workbook. Each takes prepared tables and writes rows in
a stable order; none computes matching results of its own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..messages import t
from ..normalize.phones import national_phones
from ..privacy import mask_nik
from .arrow_text import as_text, take_text
from .summary import COUNTS
from .workbook import ReportBook

NIK_STATUS = {0: "valid", 1: "valid*", 2: "terpotong?", 3: "tidak valid", 4: "kosong"}
NIK_STATUS_EN = {0: "valid", 1: "valid*", 2: "truncated?", 3: "invalid", 4: "missing"}


def masked_niks(values, mask: bool) -> pa.Array:
    """NIK (or KK) values as Arrow strings, masked (`5104********0001`) when asked."""
    values = as_text(values)
    if not mask:
        return values
    return pa.array([mask_nik(v) for v in values.to_pylist()], type=pa.string())


def _labels(codes: np.ndarray, labels: list[str]) -> pa.Array:
    """Per row one of a few texts, chosen by code: no Python string per row."""
    return pa.DictionaryArray.from_arrays(pa.array(np.asarray(codes, dtype=np.int32)),
                                          pa.array(labels, type=pa.string())).dictionary_decode()


def write_summary(book: ReportBook, summary: dict, regency_table: pd.DataFrame, problems: list[dict]) -> int:
    """Returns the first free row below what it wrote (the chart included)."""
    lang = book.lang
    headers = [t("h.regency", lang)] + [t(f"sum.{c}", lang) for c in COUNTS]
    s = book.sheet("sheet.summary", [], [34] + [14] * len(COUNTS))
    s.ws.fit_to_pages(1, 0)   # the summary prints one page wide
    s.ws.write_string(0, 0, t("sum.title", lang), book.f_title)
    s.ws.write_row(2, 0, headers, book.f_header)
    s.ws.set_row(2, 45)
    r = 3
    rows = [(idx, row) for idx, row in regency_table.iterrows() if idx != "__total__"]
    no_data = set(summary.get("no_data_columns", []))   # no such list given: not 0, but no data
    for name, row in rows:
        s.text(r, 0, name)
        for c, col in enumerate(COUNTS, 1):
            if col in no_data:
                s.text(r, c, t("sum.no_data", lang))
            else:
                s.number(r, c, int(row[col]))
        r += 1
    first, last = 3, r - 1
    if "__total__" in regency_table.index:
        s.ws.write_string(r, 0, t("sum.total", lang), book.f_total)
        for c, col in enumerate(COUNTS, 1):
            if col in no_data:
                s.text(r, c, t("sum.no_data", lang), book.f_total)
            else:
                s.number(r, c, int(regency_table.loc["__total__", col]), book.f_total)
        r += 1
    r += 1
    s.ws.write_string(r, 0, t("sum.overlap", lang), book.f_bold)
    r += 1
    for key, value in summary["overlap"].items():
        s.ws.write_string(r, 0, t(f"ov.{key}", lang))
        s.number(r, 1, value)
        r += 1
    r += 1
    s.ws.write_string(r, 0, t("sum.reviews", lang), book.f_bold)
    s.number(r, 1, summary["pairs_for_review"])
    r += 1
    r = _decisions_block(s, book, summary.get("decisions", {}), r)
    if summary.get("warnings"):   # roles that look wrong, regencies missing or outside the province
        r += 1
        s.ws.write_string(r, 0, t("sum.warnings", lang), book.f_bold)
        r += 1
        for line in summary["warnings"]:
            s.text(r, 0, line)
            r += 1
    if problems:
        r += 1
        s.ws.write_string(r, 0, t("sum.files_failed", lang), book.f_bold)
        r += 1
        for p in problems:
            s.text(r, 0, p["file"])
            s.text(r, 1, p["message"] + (f" — {p['hint']}" if p.get("hint") else ""))
            r += 1
    if rows:
        chart = book.wb.add_chart({"type": "column", "subtype": "stacked"})
        name = t("sheet.summary", lang)
        for col_key in ("unique_persons", "duplicates_within", "duplicates_across"):
            col = 1 + COUNTS.index(col_key)
            chart.add_series({"name": [name, 2, col], "categories": [name, first, 0, last, 0],
                              "values": [name, first, col, last, col]})
        chart.set_title({"name": t("sum.chart", lang)})
        chart.set_size({"width": 900, "height": 420})
        s.ws.insert_chart(r + 2, 0, chart)
        r += 2 + 22   # 420 px of chart over rows of 20 px
    return r + 1


def _decisions_block(s, book: ReportBook, decided: dict, r: int) -> int:
    """Officers' decisions: how many applied and withdrawn, and each one not applied, in words."""
    from ..decisions import item_words

    lang = book.lang
    s.ws.write_string(r, 0, t("sum.decided", lang), book.f_bold)
    s.number(r, 1, decided.get("applied", 0))
    r += 1
    if decided.get("withdrawn"):
        s.ws.write_string(r, 0, t("sum.withdrawn", lang), book.f_bold)
        s.number(r, 1, decided["withdrawn"])
        r += 1
    for key, items, count in (("sum.stale", decided.get("stale", []), decided.get("stale_count", 0)),
                              ("sum.not_understood", decided.get("not_understood", []),
                               decided.get("not_understood_count", 0))):
        if not count and not items:
            continue
        s.ws.write_string(r, 0, t(key, lang), book.f_bold)
        s.number(r, 1, max(count, len(items)))
        r += 1
        for item in items:
            s.text(r, 0, item_words(item, lang))
            r += 1
        if count > len(items):
            s.text(r, 0, t("merge.more", lang, n=count - len(items)))
            r += 1
    return r


def write_unique(book: ReportBook, persons: pd.DataFrame, mask: bool, sheet_key: str = "sheet.unique") -> None:
    lang = book.lang
    cols = ["cluster_id", "nik", "name", "birth_date", "sex", "address", "rt_rw", "village", "district",
            "regency", "phone", "business_name", "sector", "impact", "nik_status", "kemensos", "prakerja",
            "needs_review", "records", "sources"]
    widths = [13, 19, 28, 12, 5, 34, 9, 18, 18, 24, 15, 24, 14, 22, 11, 14, 20, 10, 9, 60]
    reported = sheet_key == "sheet.reported"
    if reported:
        cols, widths = cols + ["reported_stage"], widths + [16]
    status = NIK_STATUS if lang == "id" else NIK_STATUS_EN
    yes, no = t("yes", lang), t("no", lang)
    p = persons
    phone = national_phones(p["phone_e164"], p["phone"])
    programme = p["kemensos_programme"].fillna("").astype(str)
    in_kemensos = p["n_kemensos"].to_numpy() > 0
    kemensos = (yes + " (" + programme + ")").where(programme != "", yes).where(in_kemensos, no)
    birth = p["birth_iso"].where(p["birth_iso"] != "", p["birth_date"])
    tiers = sorted(status)
    columns = [
        ("text", p["cluster_id"]), ("text", masked_niks(p["nik"], mask)), ("text", p["name"]), ("date", birth),
        ("text", p["sex"]), ("text", p["address"]), ("text", p["rt_rw"]), ("text", p["village"]),
        ("text", p["district"]), ("text", p["home_regency"]), ("text", phone), ("text", p["business_name"]),
        ("text", p["sector"]), ("text", p["impact"]),
        ("text", _labels(np.searchsorted(tiers, p["nik_tier"].to_numpy()), [status[k] for k in tiers])),
        ("text", kemensos),
        ("text", p["prakerja_status"].where(p["n_prakerja"].to_numpy() > 0, "")),
        ("text", _labels(p["needs_review"].to_numpy(dtype=bool), ["", yes])),
        ("number", p["records"].astype(int)), ("text", p["sources"])]
    if reported:
        columns.append(("text", p["reported_stage"]))
    book.bulk_sheets(sheet_key, [t(f"h.{c}", lang) for c in cols], widths, columns)


def write_duplicates(book: ReportBook, members: pd.DataFrame, mask: bool) -> None:
    lang = book.lang
    headers = ["cluster_id", "role", "file", "sheet", "row", "nik", "name", "birth_date", "address", "village",
               "phone", "status", "confidence", "evidence", "verdict"]
    widths = [13, 16, 30, 14, 6, 19, 28, 14, 34, 18, 15, 12, 10, 70, 12]
    m = members
    roles = {r: t(f"role.{r}", lang) for r in set(m["role"])}
    decisions = {d: t(f"decision.{d}", lang) for d in set(m["decision"])}
    columns = [("text", m["cluster_id"]), ("text", m["role"].map(roles)), ("text", m["source_file"]),
               ("text", m["sheet"]), ("number", m["row"].astype(int)), ("text", masked_niks(m["nik"], mask)),
               ("text", m["name"]), ("text", m["birth_date"]), ("text", m["address"]), ("text", m["village"]),
               ("text", m["phone"]), ("text", m["decision"].map(decisions)), ("number", m["confidence"].round(4)),
               ("text", m["evidence"])]
    if "verdict" in m:   # decisions in force are shown again (decisions.py)
        columns.append(("text", m["verdict"]))
    # an officer splits a wrong member off by writing BEDA in the last column, SAMA confirms it
    book.bulk_sheets("sheet.duplicates", [t(f"h.{h}", lang) for h in headers], widths, columns,
                     drop_down=(len(headers) - 1, ["SAMA", "BEDA"]))


def write_review(book: ReportBook, review: pd.DataFrame, rec: pd.DataFrame, mask: bool) -> None:
    lang = book.lang
    shown = ["file", "sheet", "row", "nik", "name", "birth_date", "address", "village", "phone"]
    headers = ([t("h.pair", lang)] + [f"A: {t('h.' + h, lang)}" for h in shown]
               + [f"B: {t('h.' + h, lang)}" for h in shown]
               + [t("h.score", lang), t("h.evidence", lang), t("h.decision", lang)])
    widths = [8] + [22, 12, 6, 19, 26, 12, 30, 16, 15] * 2 + [10, 70, 12]
    columns: list[tuple[str, object]] = [("number", np.arange(1, len(review) + 1))]
    for side in ("left", "right"):
        pos = review[side].to_numpy()
        for f in ("source_file", "sheet", "row", "nik", "name", "birth_date", "address", "village", "phone"):
            if f == "row":
                columns.append(("number", rec["row"].astype(np.int64).to_numpy()[pos]))
            elif f == "nik":
                columns.append(("text", masked_niks(take_text(rec[f], pos), mask)))
            else:
                columns.append(("text", take_text(rec[f], pos)))
    columns.append(("number", review["weight"].round(2).to_numpy()))
    columns.append(("text", review["evidence"]))
    if "verdict" in review:   # decisions in force are shown again (decisions.py)
        columns.append(("text", review["verdict"]))
    book.bulk_sheets("sheet.review", headers, widths, columns, drop_down=(len(headers) - 1, ["SAMA", "BEDA"]))


def write_problems(book: ReportBook, problems: pd.DataFrame, rec: pd.DataFrame, mask: bool) -> None:
    lang = book.lang
    headers = ["file", "sheet", "row", "role", "name", "nik", "severity", "problem", "fix"]
    widths = [30, 14, 6, 16, 28, 19, 11, 48, 60]
    pos = problems["position"].to_numpy()
    role = rec["role"].astype(str).iloc[pos]
    roles = {r: t(f"role.{r}", lang) for r in set(role)}
    severities = {x: t(f"sev.{x}", lang) for x in set(problems["severity"])}
    problem_texts = {x: t(f"prob.{x}", lang) for x in set(problems["problem"])}
    fixes = {x: t(f"fix.{x}", lang) for x in set(problems["problem"])}
    book.bulk_sheets("sheet.problems", [t(f"h.{h}", lang) for h in headers], widths, [
        ("text", take_text(rec["source_file"], pos)), ("text", take_text(rec["sheet"], pos)),
        ("number", rec["row"].astype(np.int64).to_numpy()[pos]), ("text", role.map(roles)),
        ("text", take_text(rec["name"], pos)), ("text", masked_niks(take_text(rec["nik"], pos), mask)),
        ("text", problems["severity"].map(severities)), ("text", problems["problem"].map(problem_texts)),
        ("text", problems["problem"].map(fixes))])


def write_sources(book: ReportBook, sheets: list, problems: list) -> None:
    lang = book.lang
    headers = ["file", "sheet", "role", "regency", "header_row", "records", "dropped", "mapping", "unmapped", "status"]
    widths = [34, 16, 18, 24, 8, 8, 30, 70, 30, 40]
    s = book.sheet("sheet.sources", [t(f"h.{h}", lang) for h in headers], widths)
    for sh in sheets:
        r = s.row
        s.text(r, 0, sh.file)
        s.text(r, 1, sh.sheet)
        s.text(r, 2, t(f"role.{sh.role}", lang) if sh.role else "")
        s.text(r, 3, sh.regency)
        if sh.header_row:
            s.number(r, 4, sh.header_row)
        s.number(r, 5, sh.records)
        s.text(r, 6, ", ".join(f"{t('drop.' + k, lang)}: {v}" for k, v in sh.dropped_counts().items()))
        s.text(r, 7, ", ".join(f"{h} → {f}" for h, f in sh.mapping.items() if not f.startswith("_")))
        s.text(r, 8, ", ".join(sh.unmapped))
        status = t(f"skip.{sh.skipped_reason}", lang) if sh.skipped_reason else "OK"
        notes = sh.notes
        if notes:   # what reading changed: which rows, so an officer can look at the cells
            rows = {}
            for row, _, key in notes:
                rows.setdefault(key, []).append(str(row))
            status += "; " + "; ".join(f"{t('note.' + k, lang)}: {len(v)} ({', '.join(v[:10])}"
                                       f"{', …' if len(v) > 10 else ''})" for k, v in rows.items())
        s.text(r, 9, status)
        s.row += 1
    for p in problems:
        r = s.row
        s.text(r, 0, p.file)
        s.text(r, 1, p.sheet)
        s.text(r, 9, f"{t('error.file', lang)}: {p.explained(lang)}")
        s.row += 1
    s.finish()
