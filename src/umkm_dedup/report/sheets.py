"""One function per sheet of the report workbook. Each takes prepared tables and writes rows in
a stable order; none computes matching results of its own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..i18n.messages import t
from ..normalize.phones import national_phones
from ..core.privacy import mask_nik
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
    """Returns the first free row below what it wrote (the chart included). The sheet opens with
    the cover (report/cover.py): title, province, office, stage, period, date, records read, tool
    version; the signature block follows the numbers."""
    lang = book.lang
    headers = [t("h.regency", lang)] + [t(f"sum.{c}", lang) for c in COUNTS]
    s = book.sheet("sheet.summary", [], [34] + [14] * len(COUNTS))
    r = write_cover(s, book, summary)
    book.headers_written.append(("sheet.summary", t("sheet.summary", lang), headers))
    table_row = r
    s.ws.write_row(r, 0, headers, book.f_header)
    s.ws.set_row(r, 60)   # four lines: no label clipped in print
    s.ws.repeat_rows(r)
    r += 1
    rows = [(idx, row) for idx, row in regency_table.iterrows() if idx != "__total__"]
    no_data = set(summary.get("no_data_columns", []))   # no such list given: not 0, but no data
    first = r
    for name, row in rows:
        s.text(r, 0, name)
        for c, col in enumerate(COUNTS, 1):
            if col in no_data:
                s.text(r, c, t("sum.no_data", lang))
            else:
                s.number(r, c, int(row[col]), book.f_int)
        r += 1
    last = r - 1
    if "__total__" in regency_table.index:
        s.ws.write_string(r, 0, t("sum.total", lang), book.f_total)
        for c, col in enumerate(COUNTS, 1):
            if col in no_data:
                s.text(r, c, t("sum.no_data", lang), book.f_total)
            else:
                s.number(r, c, int(regency_table.loc["__total__", col]), book.f_int_total)
        r += 1
    book.summary_table = (table_row, first, last)
    r += 1
    s.ws.write_string(r, 0, t("sum.overlap", lang), book.f_bold)
    r += 1
    for key, value in summary["overlap"].items():
        s.ws.write_string(r, 0, t(f"ov.{key}", lang))
        s.number(r, 1, value, book.f_int)
        r += 1
    r += 1
    s.ws.write_string(r, 0, t("sum.reviews", lang), book.f_bold)
    s.number(r, 1, summary["pairs_for_review"], book.f_int)
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
    r = write_signatures(s, book, r + 1)
    if rows:
        chart = book.wb.add_chart({"type": "column", "subtype": "stacked"})
        name = t("sheet.summary", lang)
        for col_key in ("unique_persons", "duplicates_within", "duplicates_across"):
            col = 1 + COUNTS.index(col_key)
            chart.add_series({"name": [name, table_row, col], "categories": [name, first, 0, last, 0],
                              "values": [name, first, col, last, col]})
        chart.set_title({"name": t("sum.chart", lang)})
        chart.set_size({"width": 900, "height": 420})
        s.ws.insert_chart(r + 2, 0, chart)
        r += 2 + 22   # 420 px of chart over rows of 20 px
    return r + 1


def write_cover(s, book: ReportBook, summary: dict) -> int:
    """The cover lines at the top of Ringkasan; returns the row the numbers table starts on."""
    lang, m = book.lang, book.meta
    s.ws.write_string(0, 0, t("cover.report", lang).upper(), book.f_title)
    s.ws.set_row(0, 22)
    r = 1
    if m.province:
        s.text(r, 0, t("cover.province_line", lang, province=m.province.upper()), book.f_bold)
        r += 1
    s.ws.write_string(r, 0, t("sum.title", lang), book.f_bold)
    r += 2
    by_role = summary.get("records_by_role", {})
    files = summary.get("files_read", 0)
    lines = [("cover.dinas", m.dinas or "-"), ("sum.stage", m.stage or "-"), ("cover.period", m.period or "-"),
             ("cover.date", m.date_words()),
             ("cover.records", t("cover.records_value", lang, total=_dots(summary.get("records_read", 0), lang),
                                 regency=_dots(by_role.get("regency", 0), lang),
                                 kemensos=_dots(by_role.get("kemensos", 0), lang),
                                 prakerja=_dots(by_role.get("prakerja", 0), lang), files=_dots(files, lang))),
             ("cover.version", f"umkm-dedup {m.version}".strip())]
    for key, value in lines:
        s.ws.write_string(r, 0, t(key, lang), book.f_bold)
        s.text(r, 1, value)
        r += 1
    return r + 1


def _dots(n: int, lang: str) -> str:
    """16974 as '16.974' (Indonesian) or '16,974' (English), for counts inside a text."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "id" else text


def write_signatures(s, book: ReportBook, r: int) -> int:
    """'Mengetahui, Kepala Dinas …' on the left, '<place>, <date> / Disusun oleh' on the right,
    names and NIPs from [report]; dotted lines where nothing is set, to be filled by hand."""
    lang, m = book.lang, book.meta
    dots = "." * 30
    head_title = m.head_title or (t("sign.head_of", lang, dinas=m.dinas) if m.dinas else t("sign.head", lang))
    left = [t("sign.known", lang), head_title, "", "", "", m.head_name or f"( {dots} )",
            t("sign.nip", lang, nip=m.head_nip or dots)]
    right = [t("sign.prepared", lang), m.prepared_title or "", "", "", "", m.prepared_by or f"( {dots} )",
             t("sign.nip", lang, nip=m.prepared_nip or dots)]
    s.ws.merge_range(r, 8, r, 12, f"{m.place or dots}, {m.date_words()}", book.f_sign)
    r += 1
    for i, (a, b) in enumerate(zip(left, right)):
        fmt = book.f_sign_name if i == 5 else book.f_sign
        s.ws.merge_range(r, 0, r, 3, a, fmt)
        s.ws.merge_range(r, 8, r, 12, b, fmt)
        r += 1
    return r


def _decisions_block(s, book: ReportBook, decided: dict, r: int) -> int:
    """Officers' decisions: how many applied and withdrawn, and each one not applied, in words."""
    from ..stages.decisions import item_words

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
    # bounded print widths: the sheet prints one A4 page wide; the long texts (address, sources) wrap
    widths = [11, 17, 20, 10, 4, 24, 7, 13, 13, 16, 13, 16, 12, 16, 9, 11, 12, 8, 7, 44]
    reported = sheet_key == "sheet.reported"
    from .kemenkop import carried

    ministry = carried(persons)   # the Kemenkop fields, where some list carries them
    cols, widths = cols + [f"km_{f}" for f in ministry], widths + [12] * len(ministry)
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
    columns += [("text", p[f]) for f in ministry]
    if reported:
        columns.append(("text", p["reported_stage"]))
    book.bulk_sheets(sheet_key, [t(f"h.{c}", lang) for c in cols], widths, columns)


def write_duplicates(book: ReportBook, members: pd.DataFrame, mask: bool) -> None:
    lang = book.lang
    headers = ["cluster_id", "role", "file", "sheet", "row", "nik", "name", "birth_date", "address", "village",
               "phone", "status", "confidence", "evidence", "verdict"]
    widths = [11, 12, 22, 10, 6, 17, 20, 10, 24, 13, 13, 10, 9, 56, 10]
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
    # an officer splits a wrong member off by writing BEDA in the last column, SAMA confirms it;
    # every other person (cluster) is shaded, so a printed cluster reads as one block
    band = (pd.factorize(m["cluster_id"], sort=False)[0] % 2 == 1) if len(m) else None
    book.bulk_sheets("sheet.duplicates", [t(f"h.{h}", lang) for h in headers], widths, columns,
                     drop_down=(len(headers) - 1, ["SAMA", "BEDA"]), band=band)


REVIEW_SHOWN = ["file", "sheet", "row", "nik", "name", "birth_date", "address", "village", "phone"]


def write_review(book: ReportBook, review: pd.DataFrame, rec: pd.DataFrame, mask: bool) -> None:
    """Each pair as a block of two rows, A then B, so it prints on one page width with its
    Keputusan beside A: the pair number and A/B columns say which rows belong together, and
    every other pair is shaded. decision_files.py reads the block back by its header names."""
    lang = book.lang
    headers = ([t("h.pair", lang), t("h.side", lang)] + [t("h." + h, lang) for h in REVIEW_SHOWN]
               + [t("h.score", lang), t("h.evidence", lang), t("h.decision", lang)])
    widths = [10, 6, 22, 10, 6, 18, 22, 11, 26, 14, 14, 8, 40, 11]
    n = len(review)
    # row 2k is pair k's record A, row 2k+1 its record B
    pos = np.empty(2 * n, np.int64)
    pos[0::2] = review["left"].to_numpy()
    pos[1::2] = review["right"].to_numpy()
    on_a = np.zeros(2 * n, bool)
    on_a[0::2] = True
    numbers = np.repeat(np.arange(1, n + 1), 2)
    columns: list[tuple[str, object]] = [("number", numbers), ("text", _labels(~on_a, ["A", "B"]))]
    for f in ("source_file", "sheet", "row", "nik", "name", "birth_date", "address", "village", "phone"):
        if f == "row":
            columns.append(("number", rec["row"].astype(np.int64).to_numpy()[pos]))
        elif f == "nik":
            columns.append(("text", masked_niks(take_text(rec[f], pos), mask)))
        else:
            columns.append(("text", take_text(rec[f], pos)))

    def on_a_only(values, kind: str):
        if kind == "number":
            out = pa.array(np.repeat(np.asarray(values, dtype=np.float64), 2))
            return pc.if_else(pa.array(on_a), out, pa.scalar(None, pa.float64()))
        text = as_text(values).take(pa.array(np.repeat(np.arange(n), 2)))
        return pc.if_else(pa.array(on_a), text, "")

    columns.append(("number", on_a_only(review["weight"].to_numpy(np.float64).round(2), "number")))
    columns.append(("text", on_a_only(review["evidence"], "text")))
    if "verdict" in review:   # decisions in force are shown again (decisions.py)
        columns.append(("text", on_a_only(review["verdict"], "text")))
    band = (numbers % 2 == 0) if n else None
    book.bulk_sheets("sheet.review", headers, widths, columns, drop_down=(len(headers) - 1, ["SAMA", "BEDA"]),
                     band=band)


def write_problems(book: ReportBook, problems: pd.DataFrame, rec: pd.DataFrame, mask: bool) -> None:
    lang = book.lang
    headers = ["file", "sheet", "row", "role", "name", "nik", "severity", "problem", "fix"]
    widths = [22, 10, 6, 12, 20, 17, 9, 48, 56]
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


def write_sources(book: ReportBook, sheets: list, problems: list, unknown_status: dict | None = None) -> None:
    lang = book.lang
    headers = ["file", "sheet", "role", "regency", "header_row", "records", "dropped", "mapping", "unmapped", "status"]
    widths = [24, 12, 12, 16, 7, 7, 24, 40, 24, 30]
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
        unknown = (unknown_status or {}).get((sh.file, sh.sheet))
        if unknown:   # Prakerja statuses neither passed nor not passed (report/prakerja.py)
            status += "; " + t("note.prakerja_unknown", lang) + ": " + ", ".join(f"{v} ({n})" for v, n in unknown)
        s.text(r, 9, status)
        s.row += 1
    for p in problems:
        r = s.row
        s.text(r, 0, p.file)
        s.text(r, 1, p.sheet)
        s.text(r, 9, f"{t('error.file', lang)}: {p.explained(lang)}")
        s.row += 1
    s.finish()
