"""A small self-contained block at the foot of Ringkasan: the match diagnostics that need no truth
(summary.json "diagnostics"), so an officer sees at once when a run went wrong (one huge cluster,
clusters with several NIKs, many likely duplicates left unlinked). The workbook streams its rows
(constant memory), so the block is written below everything the summary wrote."""

from __future__ import annotations

from ..i18n.messages import t
from .workbook import ReportBook

def write_diagnostics(book: ReportBook, diag: dict, first_row: int) -> None:
    ws = book.wb.get_worksheet_by_name(t("sheet.summary", book.lang))
    if ws is None or not diag:
        return
    lang, c = book.lang, 0
    ws.write_string(first_row, c, t("diag.title", lang), book.f_bold)
    rows = [("diag.largest", diag["largest_cluster"]["records"]),
            ("diag.several_niks", diag["clusters_with_several_valid_niks"]),
            ("diag.unlinked", diag["estimated_unlinked_duplicate_pairs"]),
            ("diag.unlinked_share", diag["estimated_unlinked_share"])]
    r = first_row + 1
    for key, value in rows:
        ws.write_string(r, c, t(key, lang))
        ws.write_number(r, c + 1, value)
        r += 1
    ws.write_string(r, c, t("diag.sizes", lang), book.f_bold)
    r += 1
    for size, n in diag["cluster_sizes"].items():
        ws.write_string(r, c, t("diag.size", lang, size=size))
        ws.write_number(r, c + 1, n)
        r += 1
