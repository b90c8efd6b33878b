"""Who sends the report, about what, as of when: the identity a ministry reviewer looks for on an
official submission. The texts come from the `[report]` section of the configuration (province,
dinas, place, period, the officials' names and NIPs); what is not set is left as an empty line to
fill in by hand, never invented. The province falls back to the one the data shows.

The report date is printed on the cover, beside the signatures and in the file's properties. It
must not make two runs on the same inputs differ, so it is never the clock: `--report-date` (or
`[report] date`) when given, else the date of the newest input file read (its modification time,
UTC), which is the data's own "as of" date; 2020-01-01 when there is no file at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
FALLBACK_DATE = dt.date(2020, 1, 1)
#: the keys of [report] (config.SCHEMA), all optional
KEYS = ("province", "dinas", "place", "period", "date", "prepared_by", "prepared_nip", "prepared_title",
        "head_name", "head_nip", "head_title", "csv_separator")


@dataclass
class ReportMeta:
    lang: str = "id"
    province: str = ""
    dinas: str = ""
    place: str = ""
    period: str = ""
    stage: str = ""
    date: dt.date = FALLBACK_DATE
    version: str = ""
    prepared_by: str = ""
    prepared_nip: str = ""
    prepared_title: str = ""
    head_name: str = ""
    head_nip: str = ""
    head_title: str = ""
    records: dict = field(default_factory=dict)    # read per role, and the total

    @property
    def created(self) -> dt.datetime:
        return dt.datetime(self.date.year, self.date.month, self.date.day)

    def date_words(self) -> str:
        months = MONTHS_ID if self.lang == "id" else MONTHS_EN
        return f"{self.date.day} {months[self.date.month - 1]} {self.date.year}"


def parse_date(value) -> dt.date | None:
    """A report date as YYYY-MM-DD (a TOML date too); None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def data_date(paths) -> dt.date:
    """The newest modification date (UTC) of the files read: the data's own date."""
    newest = None
    for p in paths:
        try:
            m = Path(p).stat().st_mtime
        except OSError:
            continue
        newest = m if newest is None or m > newest else newest
    if newest is None:
        return FALLBACK_DATE
    return dt.datetime.fromtimestamp(newest, dt.timezone.utc).date()


def build_meta(config: dict | None, *, lang: str, stage: str | None, province_from_data: str,
               report_date: dt.date | None, input_paths, version: str, records: dict) -> ReportMeta:
    cfg = {k: v for k, v in (config or {}).items() if v not in (None, "")}
    date = report_date or parse_date(cfg.get("date")) or data_date(input_paths)
    texts = {k: str(cfg.get(k, "")).strip() for k in ("dinas", "place", "period", "prepared_by", "prepared_nip",
                                                       "prepared_title", "head_name", "head_nip", "head_title")}
    return ReportMeta(lang=lang, province=str(cfg.get("province") or province_from_data or "").strip(),
                      stage=stage or "", date=date, version=version, records=records, **texts)
