"""Decisions made by people, fed back into the next run: an officer writes SAMA (same person) or
BEDA (different) in the Keputusan column of Perlu Ditinjau (a pair) or of Duplikat (a member that
does not belong to its cluster, or one confirmed), or lists pairs in a CSV. Records are referred to
by provenance (file, sheet, row) and checked against their content (the name shown), so a decision
that no longer fits the data is reported as stale instead of being applied to the wrong person.

Where decisions come from in one run, later ones overriding earlier ones for the same pair:
1. `keputusan_petugas.csv` in the output folder: every decision in force after the last run there;
2. the report workbook(s) already in the output folder, read as *edits* against (1): a cell the
   officer filled, changed or emptied (a withdrawal) since that run;
3. the files given with --decisions, each applied as it stands on every run.
The decisions in force are written back into (1) and shown again in the new workbook, so they
last without a ledger. Files are read row by row: memory grows with the decisions that match a
record of this run, not with the size of the file (reading them is `decision_files.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import ConfigError
from ..normalize.names import normalise_name

SAME, DIFFERENT = "SAMA", "BEDA"
_ALIASES = {"SAMA": SAME, "SAME": SAME, "YA": SAME, "BEDA": DIFFERENT, "BERBEDA": DIFFERENT, "DIFFERENT": DIFFERENT}
REVIEW_SHEETS = ("Perlu Ditinjau", "Needs Review")
DUPLICATE_SHEETS = ("Duplikat", "Duplicates")
STORE = "keputusan_petugas.csv"
#: how many stale or not-understood decisions are listed one by one (all are counted)
LISTED = 200
#: how much of a Keputusan cell not understood is carried into the new workbook
UNREAD_CHARS = 200

Key = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class Ref:
    file: str
    sheet: str
    row: int
    name: str = ""          # as shown when the decision was made: the content check
    check: str = ""         # the record's identity (NIK, birth date) when the decision was first applied

    @property
    def key(self) -> Key:
        return (self.file, self.sheet, self.row)

    def words(self) -> str:
        return " · ".join(str(x) for x in (self.file, self.sheet, self.row) if x != "")


@dataclass(slots=True)
class Decision:
    a: Ref
    b: Ref
    verdict: str            # SAMA | BEDA
    origin: str             # where the decision was written (file · sheet · row)
    stage: str = ""         # the ledger stage whose records it names ("": this run's records)


@dataclass
class DecisionSet:
    decisions: list[Decision] = field(default_factory=list)
    #: with a ledger, the stage of each record of the matched frame ("" for this run's): the same
    #: (file, sheet, row) recurs in several stages, so a decision names its own stage's records
    record_stages: list[str] | None = None

    def __len__(self) -> int:
        return len(self.decisions)


def parse_verdict(value) -> tuple[str | None, bool]:
    """(SAMA | BEDA | None, understood): an empty cell is understood as no decision. Read as the
    officer sees it: full-width letters (an Asian input method) as plain ones, and characters that
    show nothing (a zero-width space or byte-order mark pasted from a chat or a web page) left out;
    anything visible besides the word (`SAMA.`) is still not understood."""
    import unicodedata

    text = str(value if value is not None else "")
    if not text.isascii():   # (most cells: a Duplikat sheet has a row per record)
        text = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")
    text = text.strip().upper()
    if not text:
        return None, True
    verdict = _ALIASES.get(text)
    return verdict, verdict is not None


def make_ref(file, sheet, row, name="", check="") -> Ref | None:
    """A record reference from cells; None when the row is not a number."""
    try:
        number = int(float(str(row).strip())) if not isinstance(row, int) else row
    except (TypeError, ValueError):
        return None
    return Ref(_text(file), _text(sheet), number, _text(name), _text(check))


def earlier_file(stage: str, file: str) -> str:
    """How an earlier stage's record names its file wherever an officer sees or writes it (Perlu
    Ditinjau's Berkas cell, keputusan_petugas.csv, the ledger): "tahap-1: kab.csv". A decision on
    a pair between this run's record and an earlier stage's then names each record with its own
    stage, read back from the workbook like any other pair (resolve splits it again)."""
    return f"{stage}: {file}"


def _where(d: Decision, ref: Ref, stages: frozenset[str] | set[str]) -> tuple[str, str]:
    """(stage, file) of the record a reference names: an earlier stage written before its file
    (earlier_file), else the decision's own stage."""
    head, sep, rest = ref.file.partition(": ")
    return (head, rest) if sep and head in stages else (d.stage, ref.file)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def pair_key(a: Ref, b: Ref) -> tuple[Key, Key]:
    return (a.key, b.key) if a.key <= b.key else (b.key, a.key)


def record_identity(frame, pos: int) -> str:
    """A short digest of who the record at `pos` is beyond the name: its NIK's digits and its
    birth date (else its address). Stored with a decision when it is first applied, so that a
    namesake who moved into the decided row, or the only one left with the name once the
    decided record was removed, is not taken for it. "" when the record has none of these."""
    import hashlib

    from ..normalize.dates import parse_date

    def cell(column: str) -> str:
        return str(frame[column].iat[pos]) if column in frame.columns and frame[column].iat[pos] is not None else ""

    nik = "".join(ch for ch in cell("nik") if ch.isdigit())
    born = parse_date(cell("birth_date"))
    text = f"{nik}|{born}" if nik or born else " ".join(cell("address").lower().split())
    return hashlib.sha256(text.encode()).hexdigest()[:12] if text else ""


class DecisionBook:
    """The decisions in force for one run, one per pair of records (the last source wins), and
    what could not be applied: stale (a record gone or changed) and not understood."""

    def __init__(self, frame):
        self._frame = frame
        self._index: dict[Key, int] | None = None
        self.entries: dict[tuple[Key, Key], Decision] = {}   # both records exist in this run
        self.missing: dict[tuple[Key, Key], Decision] = {}   # a record is gone: carried, reported stale
        self.missing_elsewhere = 0                           # ... from --decisions files: counted, not kept
        self.missing_listed: list[dict] = []
        self.not_understood: list[dict] = []
        self.not_understood_count = 0
        self.withdrawn = 0
        self.unread: dict[tuple[Key, Key], str] = {}        # pair -> its Keputusan text not understood
        self.unread_members: dict[Key, str] = {}            # Duplikat member -> likewise
        self._file_names: set[str] | None = None
        self._ids: dict[int, str] | None = None                 # position -> identity digest
        self._checks: dict[tuple[str, str, str], set[str]] = {}  # (file, sheet, name) -> identities decided
        self.previous_reports: list[Path] = []               # output-folder workbooks that held decisions
        self._by_name: dict[tuple[str, str], tuple[dict[str, list[int]], dict[str, list[int]]]] = {}

    @property
    def index(self) -> dict[Key, int]:
        """(file, sheet, row) -> position, built when the first decision needs it: a run without
        decisions never pays for it (a million records)."""
        if self._index is None:
            f = self._frame
            self._index = {(str(a), str(b), int(c)): i for i, (a, b, c) in
                           enumerate(zip(f["source_file"], f["sheet"], f["row"]))}
            self._names = f["name"].astype(str).to_numpy() if len(f) else []
        return self._index

    # -- identity ---------------------------------------------------------------------------------
    def identity(self, pos: int) -> str:
        """The record's identity digest (`record_identity`), computed once per record."""
        if self._ids is None:
            self._ids = {}
        if pos not in self._ids:
            self._ids[pos] = record_identity(self._frame, pos)
        return self._ids[pos]

    def _known(self, ref: Ref) -> str:
        """The identity a reference is checked against: its own, else the one identity another
        source's decision stored for that name in that file and sheet (a --decisions file is read
        as it stands and carries none); "" when none, or several, are known."""
        if ref.check:
            return ref.check
        known = self._checks.get((ref.file, ref.sheet, normalise_name(ref.name)), set())
        return next(iter(known)) if len(known) == 1 else ""

    def _remember(self, ref: Ref) -> None:
        if ref.check and ref.name:
            self._checks.setdefault((ref.file, ref.sheet, normalise_name(ref.name)), set()).add(ref.check)

    def _checked(self, ref: Ref) -> Ref:
        """The reference with its identity: the one known, else that of its record when it names
        its record (the decision is being applied for the first time)."""
        known = self._known(ref)
        if not known and ref.key in self.index and not self._changed(ref):
            known = self.identity(self.index[ref.key])
        return ref if known == ref.check else Ref(ref.file, ref.sheet, ref.row, ref.name, known)

    # -- adding -----------------------------------------------------------------------------------
    def follow(self, ref: Ref) -> Ref:
        """The record a decision meant, where a regency's resent file moved it: when the row it
        names is gone or holds another person, the one record of that file and sheet with the name
        the officer saw (written exactly so, case aside, else the same name once normalised) and,
        when the decision knows it, the identity it had. None such, or two: the reference stays as
        it was (and is reported stale)."""
        if not ref.name or not self._changed(ref) and not self._gone(ref):
            return ref
        known = self._known(ref)
        exact, normalised = self._rows_by_name(ref.file, ref.sheet)
        for rows in (exact.get(ref.name.casefold(), []), normalised.get(normalise_name(ref.name), [])):
            if known:
                rows = [r for r in rows if self.identity(self.index[(ref.file, ref.sheet, r)]) == known]
            if len(rows) == 1:
                return Ref(ref.file, ref.sheet, rows[0], ref.name, known)
            if rows:
                break   # two records carry that very name: which one was meant is not known
        return ref

    def _rows_by_name(self, file: str, sheet: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """(name as written, casefolded -> rows; normalised name -> rows) for one file and sheet,
        built the first time a decision there needs following."""
        cache = self._by_name
        if (file, sheet) not in cache:
            exact: dict[str, list[int]] = {}
            normalised: dict[str, list[int]] = {}
            for (f, s, row), pos in self.index.items():
                if f == file and s == sheet:
                    name = str(self._names[pos])
                    exact.setdefault(name.strip().casefold(), []).append(row)
                    normalised.setdefault(normalise_name(name), []).append(row)
            cache[(file, sheet)] = (exact, normalised)
        return cache[(file, sheet)]

    def put(self, d: Decision, *, keep_missing: bool = True) -> None:
        self._remember(d.a)
        self._remember(d.b)
        d = Decision(self._checked(self.follow(d.a)), self._checked(self.follow(d.b)), d.verdict, d.origin)
        key = pair_key(d.a, d.b)
        if key[0] == key[1]:
            return
        self.unread.pop(key, None)   # a later source decided the pair
        if key[0] in self.index and key[1] in self.index:
            self.missing.pop(key, None)
            self.entries[key] = d
        elif keep_missing:
            self.entries.pop(key, None)
            self.missing[key] = d
        else:
            self.missing_elsewhere += 1
            if len(self.missing_listed) < LISTED:
                self.missing_listed.append(self._stale(d, "record_missing"))

    def withdraw(self, key: tuple[Key, Key]) -> None:
        if self.entries.pop(key, None) is not None or self.missing.pop(key, None) is not None:
            self.withdrawn += 1

    def verdict(self, key: tuple[Key, Key]) -> str | None:
        d = self.entries.get(key) or self.missing.get(key)
        return d.verdict if d else None

    def not_understood_row(self, origin: str, value, pair: tuple[Ref | None, Ref | None] | None = None,
                           member: Ref | None = None, reason: str = "unknown_verdict") -> None:
        """`pair`: the records of a Perlu Ditinjau pair in the output folder's workbook whose cell
        holds `value` (`member`: the record of a Duplikat row): kept for the new workbook, so the
        text stays where the officer wrote it (and is reported again) until it is written as SAMA
        or BEDA, instead of vanishing. `reason` pair_incomplete: a verdict on a pair whose A or B
        record cannot be read (its row deleted)."""
        self.not_understood_count += 1
        if len(self.not_understood) < LISTED:
            self.not_understood.append({"origin": origin, "value": _text(value)[:60], "reason": reason})
        if pair is not None and pair[0] is not None and pair[1] is not None:
            a, b = self.follow(pair[0]), self.follow(pair[1])
            if a.key in self.index and b.key in self.index and a.key != b.key:
                self.unread[pair_key(a, b)] = _text(value)[:UNREAD_CHARS]
        if member is not None:
            ref = self.follow(member)
            if ref.key in self.index:
                self.unread_members[ref.key] = _text(value)[:UNREAD_CHARS]

    # -- results ----------------------------------------------------------------------------------
    def _gone(self, ref: Ref) -> bool:
        return ref.key not in self.index

    def _changed(self, ref: Ref) -> bool:
        """The row holds another name, or the same name with another identity than the decision knew."""
        pos = self.index.get(ref.key) if ref.name else None
        if pos is None:
            return False
        if normalise_name(ref.name) != normalise_name(self._names[pos]):
            return True
        known = self._known(ref)
        return bool(known) and self.identity(pos) != known

    def _stale(self, d: Decision, reason: str) -> dict:
        bad = next((r for r in (d.a, d.b) if (self._gone(r) if reason == "record_missing" else self._changed(r))), d.a)
        item = {"origin": d.origin, "verdict": d.verdict, "reason": reason, "record": bad.words()}
        if reason == "record_missing" and bad.file not in self._files():
            item["file_not_read"] = bad.file   # renamed, moved or not sent this run: not a person removed
        return item

    def _files(self) -> set[str]:
        if self._file_names is None:
            self._file_names = {f for f, _, _ in self.index}
        return self._file_names

    def in_force(self) -> DecisionSet:
        """The decisions that fit this run's records, in a stable order (for the engine)."""
        return DecisionSet([d for k, d in sorted(self.entries.items()) if not (self._changed(d.a) or self._changed(d.b))])

    def unread_pairs(self) -> dict[tuple[int, int], str]:
        """(position, position) -> the text not understood in that pair's Keputusan cell: what the
        new workbook shows there in place of a verdict."""
        out: dict[tuple[int, int], str] = {}
        for (a, b), text in sorted(self.unread.items()):
            first, second = sorted((self.index[a], self.index[b]))
            out[(first, second)] = text
        return out

    def unread_records(self) -> dict[int, str]:
        """position -> the text not understood in that record's Duplikat Keputusan cell."""
        return {self.index[k]: text for k, text in sorted(self.unread_members.items())}

    def applied_pairs(self) -> dict[tuple[int, int], str]:
        """(position, position) -> verdict of every decision applied: what the workbook shows."""
        out = {}
        for d in self.in_force().decisions:
            a, b = sorted((self.index[d.a.key], self.index[d.b.key]))
            out[(a, b)] = d.verdict
        return out

    def stale(self) -> tuple[list[dict], int]:
        """(the stale decisions, listed up to LISTED, and how many there are)."""
        changed = [self._stale(d, "record_changed") for _, d in sorted(self.entries.items())
                   if self._changed(d.a) or self._changed(d.b)]
        missing = [self._stale(d, "record_missing") for _, d in sorted(self.missing.items())]
        # one decision line (its origin) counted once: the store's copy of a --decisions line and
        # the line itself land on different rows when neither can follow its record
        seen: set[tuple[str, str]] = set()
        unique = []
        for item in changed + missing:
            if (item["origin"], item["verdict"]) not in seen:
                seen.add((item["origin"], item["verdict"]))
                unique.append(item)
        listed = (unique + self.missing_listed)[:LISTED]
        return listed, len(unique) + self.missing_elsewhere

    def kept(self) -> list[Decision]:
        """What keputusan_petugas.csv carries to the next run: every decision in force or stale
        from the store or the report (a record missing this week may be back next week)."""
        both = {**self.entries, **self.missing}
        return [both[k] for k in sorted(both)]

    def summary(self) -> dict:
        listed, count = self.stale()
        return {"stale": listed, "stale_count": count, "not_understood": self.not_understood,
                "not_understood_count": self.not_understood_count, "withdrawn": self.withdrawn}


def load_decisions(path: str | Path) -> DecisionSet:
    """Every decision a file holds (a report workbook or a CSV), without checking it against
    records: for callers outside a merge. A merge streams files through a DecisionBook instead."""
    from .decision_files import read_decision_file

    out = DecisionSet()
    read_decision_file(Path(path), _Collect(out))
    return out


class _Collect:
    """Takes every decision a file holds, unchecked (load_decisions)."""

    def __init__(self, out: DecisionSet):
        self.out = out

    def put(self, d: Decision, keep_missing: bool = True) -> None:
        self.out.decisions.append(d)

    def withdraw(self, key) -> None:
        pass

    def not_understood_row(self, origin: str, value, pair=None, member=None, reason="") -> None:
        pass


def resolve(decisions: DecisionSet, frame) -> tuple[list[tuple[int, int, str, str | None]], list[dict]]:
    """(position a, position b, verdict, origin) for decisions that fit the records, and the stale
    ones with the reason, so none is silently dropped. An earlier stage's decision applies to its
    stage's records and, where they are resent, to this run's copies of them: origin None (the
    same decision, not counted again)."""
    stages = decisions.record_stages if decisions.record_stages is not None else [""] * len(frame)
    index = {(g, str(f), str(s), int(r)): i for i, (g, f, s, r) in
             enumerate(zip(stages, frame["source_file"], frame["sheet"], frame["row"]))}
    names = frame["name"].astype(str).to_numpy()
    known = set(stages) - {""}
    applied: list[tuple[int, int, str, str | None]] = []
    stale: list[dict] = []
    moved: dict = {}   # _resent's names of this run's records, per file and sheet
    for d in decisions.decisions:
        positions = []
        for ref in (d.a, d.b):
            pos = index.get((*_where(d, ref, known), ref.sheet, ref.row))
            if pos is None:
                stale.append({"origin": d.origin, "verdict": d.verdict, "reason": "record_missing",
                              "record": ref.words()})
                break
            if ref.name and normalise_name(ref.name) != normalise_name(names[pos]):
                stale.append({"origin": d.origin, "verdict": d.verdict, "reason": "record_changed",
                              "record": ref.words()})
                break
            positions.append(pos)
        else:
            a, b = sorted(positions)
            if a != b:
                applied.append((a, b, d.verdict, d.origin))
                if d.stage:   # an earlier stage's: also the same records resent in this run
                    echo = _resent(d, index, names, frame, moved, known)
                    if echo is not None and echo != (a, b):
                        applied.append((*echo, d.verdict, None))
    # a decision made on this run's records is the officer's newer word on them: an earlier
    # stage's copy on the same pair yields (a BEDA copy would refuse a SAMA counted as applied)
    own = {(a, b) for a, b, _, origin in applied if origin is not None} if decisions.record_stages else set()
    applied = [x for x in applied if x[3] is not None or (x[0], x[1]) not in own]
    return applied, stale


def _resent(d: Decision, index: dict, names, frame, rows=None,
            stages: frozenset[str] | set[str] = frozenset()) -> tuple[int, int] | None:
    """The positions of an earlier stage's decided records in this run's records ("" stage), when
    both are there again under the name the officer saw and with the identity (NIK, birth date,
    else address) the decided records had: the decision holds for them as well, so the pair is
    shown and joined as a SAMA decided in this run is (and counted once). A copy whose NIK or birth
    date was corrected since is not the record the officer judged: it is matched afresh, while the
    decision keeps holding for the earlier stage's records.

    A resent file with rows added or removed moves the copies: a record not on its row is the one
    record of that file and sheet with its name and identity; where two records carry both (the
    two the officer told apart, written alike), one found on its row leaves the other for its
    partner. Else the copy is matched afresh, never given to a guess. `rows`: a cache of
    (file, sheet) -> {normalised name: this run's positions}, shared by the decisions of a run."""
    olds = [index[(*_where(d, ref, stages), ref.sheet, ref.row)] for ref in (d.a, d.b)]
    found: list[int | None] = []
    choices: list[list[int]] = []
    for ref, old in zip((d.a, d.b), olds):
        if not ref.name:
            return None
        wanted = normalise_name(ref.name)
        identity = record_identity(frame, old)
        file = _where(d, ref, stages)[1]
        pos = index.get(("", file, ref.sheet, ref.row))
        if pos is not None and normalise_name(names[pos]) == wanted and record_identity(frame, pos) == identity:
            found.append(pos)
            choices.append([pos])
            continue
        by_name = _rows_by_name(rows if rows is not None else {}, index, names, file, ref.sheet)
        same = [p for p in by_name.get(wanted, []) if record_identity(frame, p) == identity]
        found.append(same[0] if len(same) == 1 else None)
        choices.append(same)
    for side in (0, 1):   # the two alike: one on its row (or found), the other is its partner's
        other = found[1 - side]
        if found[side] is None and other is not None:
            rest = [p for p in choices[side] if p != other]
            found[side] = rest[0] if len(rest) == 1 else None
    if found[0] is None or found[1] is None or found[0] == found[1]:
        return None
    a, b = sorted((found[0], found[1]))
    return a, b


def _rows_by_name(cache: dict, index: dict, names, file: str, sheet: str) -> dict[str, list[int]]:
    """This run's ("" stage) positions of one file and sheet by normalised name, built once."""
    if (file, sheet) not in cache:
        by_name: dict[str, list[int]] = {}
        for (stage, f, s, _row), pos in index.items():
            if stage == "" and f == file and s == sheet:
                by_name.setdefault(normalise_name(names[pos]), []).append(pos)
        cache[(file, sheet)] = {k: sorted(v) for k, v in by_name.items()}
    return cache[(file, sheet)]


def item_words(item: dict, lang: str) -> str:
    """A stale or not-understood decision in words: where it was written, what it said, why it
    was not applied."""
    from ..i18n.messages import t

    if item["reason"] in ("unknown_verdict", "pair_incomplete"):
        return f"{item['origin']}: {t('stale.' + item['reason'], lang, value=item['value'])}"
    if item.get("file_not_read"):
        return (f"{item['origin']}: {item['verdict']} — {t('stale.file_not_read', lang, file=item['file_not_read'])}"
                f" ({item['record']})")
    return f"{item['origin']}: {item['verdict']} — {t('stale.' + item['reason'], lang)} ({item['record']})"


def missing_file(path: Path) -> ConfigError:
    return ConfigError("decisions file does not exist", file=str(path), key="decisions_missing",
                       hint="give the report workbook an officer filled in, or a CSV of decisions")
