"""Under --mask-nik a report is shared beyond the submission, so a NIK must not survive in the names
a list carries either: a file called `<NIK>_siti.xlsx` (sixteen digits), a sheet or a header holding a NIK.
File and sheet names, headers and the reasons a file was not read pass through the one masking rule
(privacy.mask_text) before any output is written; matching already ran on the real names."""

from __future__ import annotations

from dataclasses import replace

from ..matching import MatchResult
from ..core.privacy import mask_text
from ..core.records import RecordTable


def _texts(values):
    """A text column with every NIK-like run masked (each distinct value masked once)."""
    distinct = {v: mask_text(v) for v in values.astype(str).unique()}
    return values.astype(str).map(distinct)


def masked_provenance(table: RecordTable, result: MatchResult) -> tuple[RecordTable, MatchResult]:
    # the regency is taken from the file name where no column names it
    rec = result.records.assign(**{c: _texts(result.records[c]) for c in ("source_file", "sheet", "regency", "list_regency")})
    sheets = [replace(s, file=mask_text(s.file), path=mask_text(s.path), sheet=mask_text(s.sheet),
                      regency=mask_text(s.regency),
                      mapping={mask_text(h): f for h, f in s.mapping.items()},
                      labels=[mask_text(x) for x in s.labels], unmapped=[mask_text(x) for x in s.unmapped])
              for s in table.sheets]
    problems = [replace(p, file=mask_text(p.file), sheet=mask_text(p.sheet), message=mask_text(p.message),
                        hint=mask_text(p.hint),
                        params={k: mask_text(v) if isinstance(v, str) else v for k, v in p.params.items()})
                for p in table.problems]
    return RecordTable(frame=table.frame, sheets=sheets, problems=problems), replace(result, records=rec)
