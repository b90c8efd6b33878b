"""The ledger: an SQLite file of every person reported in earlier stages (tahap 1, tahap 2, ...),
with what future matching needs (their records' canonical fields) and each stage's metadata.
A new stage is matched against it so that persons already reported keep their person id and are
not counted as new. Everything a run adds is written in one transaction at its very end, so a
crash or Ctrl-C leaves the ledger exactly as it was; a lock file keeps two runs apart. The file
holds personal data: it is created readable by its owner only.

Back it up like any file (copy it while no run is active), or with `sqlite3 FILE ".backup COPY"`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import pandas as pd
from filelock import FileLock, Timeout

from .. import __version__
from ..core.errors import LedgerError
from ..core.interrupts import checkpoint, deferred_interrupt
from ..core.records import COLUMNS

SCHEMA_VERSION = 2
RECORD_FIELDS = [c for c in COLUMNS if c not in ("record_id", "source_path")]

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stages (
    name TEXT PRIMARY KEY, position INTEGER NOT NULL, created TEXT NOT NULL, tool_version TEXT NOT NULL,
    inputs TEXT NOT NULL, counts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS persons (
    person_id TEXT PRIMARY KEY, first_stage TEXT NOT NULL REFERENCES stages(name));
CREATE TABLE IF NOT EXISTS records (
    stage TEXT NOT NULL REFERENCES stages(name), person_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_stage ON records(stage);
"""

#: migrations from version N to N+1; a future schema change appends here
MIGRATIONS: dict[int, str] = {
    # 2: officers' SAMA/BEDA decisions, applied to every later stage
    1: """CREATE TABLE IF NOT EXISTS decisions (
            stage TEXT NOT NULL, a_file TEXT, a_sheet TEXT, a_row INTEGER, a_name TEXT,
            b_file TEXT, b_sheet TEXT, b_row INTEGER, b_name TEXT, verdict TEXT NOT NULL, origin TEXT);""",
}


def file_checksum(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@contextmanager
def locked(path: Path, what: str):
    """An exclusive lock for the whole run, on a lock file beside `path` (a folder's is hidden:
    `.laporan.lock`, never inside the report); a second run fails at once with a clear message.
    filelock, because the platform is Windows (msvcrt there, flock elsewhere): no fcntl there."""
    shown, path = str(path), Path(os.path.abspath(path))  # "." has no name to put beside
    if not path.name:  # a drive or file-system root: the lock file goes inside
        lock_path = path / ".umkm-dedup.lock"
    else:
        lock_path = path.with_name(f".{path.name}.lock" if path.is_dir() else path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path, timeout=0, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise LedgerError(f"another umkm-dedup run is using this {what}", file=shown,
                          hint="wait for it to finish, then run again",
                          key="in_use_ledger" if what == "ledger" else "in_use_folder") from None
    try:
        yield
    finally:
        lock.release()


#: PRAGMA application_id of every ledger ("UMKM"): how a ledger is told from another program's SQLite file
APPLICATION_ID = 0x554D4B4D
_OUR_TABLES = {"meta", "stages", "persons", "records"}


def ledger_file(path: str | Path) -> Path:
    """The one name of a ledger: symlinks resolved, so every name of it takes the same lock. A
    ledger with several hard links is refused: its lock file and SQLite's journal would differ per
    name (a documented way to corrupt an SQLite file), and two runs could both count everyone as new."""
    given = Path(path)
    if given.is_dir():
        raise LedgerError("the ledger path is a folder", file=str(given), key="ledger_folder",
                          params={"suggest": str(given / "umkm-ledger.sqlite")})
    resolved = given.resolve()
    try:
        links = resolved.stat().st_nlink
    except OSError:
        links = 1
    if links > 1:
        raise LedgerError(f"the ledger has {links} names (hard links)", file=str(given), key="ledger_links",
                          params={"n": links})
    return resolved


def _corrupt(path: Path, exc: sqlite3.Error) -> LedgerError:
    return LedgerError(f"the ledger file is corrupt or not an SQLite database ({exc})", file=str(path),
                       hint="restore the ledger from a backup, or give the right ledger path", key="ledger_corrupt",
                       params={"reason": str(exc)})


def _readable(method):
    """A ledger that turns out damaged while being read is a LedgerError naming the file."""
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise _corrupt(self.path, exc) from exc
    wrapper.__doc__, wrapper.__name__ = method.__doc__, method.__name__
    return wrapper


class Ledger:
    def __init__(self, path: str | Path):
        self.path = ledger_file(path)
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))  # owner-only from the start
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as exc:
            raise _corrupt(self.path, exc) from exc
        try:
            self._check_ours()
            self.db.execute("PRAGMA journal_mode=DELETE")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise _corrupt(self.path, exc) from exc
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    def _check_ours(self) -> None:
        """Before anything is created: an empty file or database becomes a ledger; a ledger (ours by
        application_id, or an older one by its tables) is opened; anything else is left untouched."""
        app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id == 0 and (not tables or (_OUR_TABLES <= tables and self.db.execute(
                "SELECT 1 FROM meta WHERE key='schema_version'").fetchone())):
            try:      # a new ledger, or one of an earlier version: marked as ours from now on
                self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            except sqlite3.OperationalError:
                pass  # read-only (ledger stages on a copy): still ours, marked by the next merge
            return
        raise LedgerError("this file is another application's SQLite database, not an umkm-dedup ledger",
                          file=str(self.path), key="ledger_foreign")

    def _migrate(self) -> None:
        self.db.executescript(_SCHEMA_V1)
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version == 0:  # a new ledger starts at version 1 and migrates forward like an old one
            version = 1
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', '1')")
        if version > SCHEMA_VERSION:
            raise LedgerError(f"ledger schema {version} is newer than this tool understands ({SCHEMA_VERSION})",
                              file=str(self.path), hint="upgrade umkm-dedup", key="ledger_newer",
                              params={"version": version, "supported": SCHEMA_VERSION})
        while version < SCHEMA_VERSION:  # each step in one transaction: all of it or none
            self.db.executescript(f"BEGIN; {MIGRATIONS[version]} "
                                  f"UPDATE meta SET value='{version + 1}' WHERE key='schema_version'; COMMIT;")
            version += 1

    # reading ---------------------------------------------------------------------------------
    @_readable
    def stages(self) -> list[dict]:
        rows = self.db.execute("SELECT name, position, created, tool_version, inputs, counts FROM stages "
                               "ORDER BY position").fetchall()
        return [{"name": r[0], "position": r[1], "created": r[2], "tool_version": r[3],
                 "inputs": json.loads(r[4]), "counts": json.loads(r[5])} for r in rows]

    @_readable
    def stage(self, name: str) -> dict:
        for s in self.stages():
            if s["name"] == name:
                persons = self.db.execute("SELECT count(*) FROM persons WHERE first_stage=?", (name,)).fetchone()[0]
                return {**s, "new_persons": persons}
        raise LedgerError(f"no stage '{name}' in the ledger", file=str(self.path),
                          hint="`umkm-dedup ledger stages` lists them", key="no_stage", params={"stage": name})

    @_readable
    def previous_records(self, excluding: str | None = None) -> pd.DataFrame:
        """Records of every stage before `excluding` (re-running a stage replaces it; a new stage
        comes after all), with the person id and first stage of each, and the stage each record was
        reported in. A stage after the one re-run is left out: its persons were reported after it,
        so re-running tahap-1 once tahap-2 exists must not call tahap-1's persons already reported."""
        rows = self.db.execute(
            "SELECT r.person_id, p.first_stage, r.data, r.stage FROM records r JOIN persons p USING (person_id) "
            f"WHERE {_EARLIER.format(column='r.stage')} ORDER BY r.rowid", (excluding or "",) * 2).fetchall()
        if not rows:
            return pd.DataFrame(columns=RECORD_FIELDS + ["ledger_person", "ledger_stage", "ledger_record_stage"])
        data = pd.DataFrame([json.loads(r[2]) for r in rows])
        for col in RECORD_FIELDS:
            if col not in data:
                data[col] = ""
        data = data[RECORD_FIELDS].fillna("")
        data["row"] = data["row"].astype(int)
        data["ledger_person"] = [r[0] for r in rows]
        data["ledger_stage"] = [r[1] for r in rows]
        data["ledger_record_stage"] = [r[3] for r in rows]   # the stage the record was reported in
        return data

    @_readable
    def decisions(self, excluding: str | None = None):
        """Decisions stored with the stages before `excluding`: they apply to every later stage
        automatically (a later stage's name records that a re-run earlier stage is not matched with)."""
        from .decisions import Decision, DecisionSet, Ref

        rows = self.db.execute("SELECT a_file, a_sheet, a_row, a_name, b_file, b_sheet, b_row, b_name, verdict, "
                               f"origin, stage FROM decisions WHERE {_EARLIER.format(column='stage')} ORDER BY rowid",
                               (excluding or "",) * 2)
        return DecisionSet([Decision(Ref(r[0], r[1], r[2], r[3]), Ref(r[4], r[5], r[6], r[7]), r[8],
                                     f"{r[9]} (ledger, {r[10]})", r[10]) for r in rows])

    @_readable
    def stage_decisions(self, name: str) -> list:
        """The decisions stored with stage `name` itself, as they were written (their own origin):
        what a re-run of the stage into an output folder without keputusan_petugas.csv starts from."""
        from .decisions import Decision, Ref

        rows = self.db.execute("SELECT a_file, a_sheet, a_row, a_name, b_file, b_sheet, b_row, b_name, verdict, "
                               "origin FROM decisions WHERE stage = ? ORDER BY rowid", (name,))
        return [Decision(Ref(r[0], r[1], r[2], r[3]), Ref(r[4], r[5], r[6], r[7]), r[8], r[9]) for r in rows]

    @_readable
    def model(self) -> tuple[str, dict] | None:
        """(stage that fitted it, model.json content) of the model later stages score with."""
        rows = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN ('model', 'model_stage')").fetchall())
        return (rows["model_stage"], json.loads(rows["model"])) if "model" in rows else None

    # writing ---------------------------------------------------------------------------------
    def record_stage(self, name: str, inputs: list[Path], counts: dict, records: pd.DataFrame,
                     person_ids: pd.Series, decisions=None, then: Callable[[], object] | None = None,
                     model: dict | None = None) -> None:
        """In one transaction: replace stage `name` (idempotent re-runs) with these records. `then`
        (the report's move into place) runs right after the COMMIT, with it under one deferred
        Ctrl-C, so the report never says a stage is recorded that the ledger lacks. A failed write
        is a LedgerError that says the stage was not recorded."""
        created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        inputs_meta = [{"file": str(p), "sha256": file_checksum(p)} for p in sorted(inputs, key=str)]
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            existing = db.execute("SELECT position, created FROM stages WHERE name=?", (name,)).fetchone()
            position = existing[0] if existing else (db.execute("SELECT coalesce(max(position),0)+1 FROM stages")
                                                     .fetchone()[0])
            db.execute("DELETE FROM records WHERE stage=?", (name,))
            self._hand_on(name, position, set(map(str, person_ids)))
            db.execute("DELETE FROM persons WHERE first_stage=?", (name,))
            db.execute("INSERT OR REPLACE INTO stages VALUES (?,?,?,?,?,?)",
                       (name, position, existing[1] if existing else created, __version__,
                        json.dumps(inputs_meta, sort_keys=True), json.dumps(counts, sort_keys=True)))
            known = {r[0] for r in db.execute("SELECT person_id FROM persons")}
            db.executemany("INSERT INTO persons VALUES (?, ?)",
                           [(pid, name) for pid in sorted(set(person_ids)) if pid not in known])
            for rows in _record_rows(name, records, person_ids):
                db.executemany("INSERT INTO records VALUES (?,?,?)", rows)
            db.execute("DELETE FROM decisions WHERE stage=?", (name,))
            if decisions is not None:
                db.executemany("INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                               [(name, d.a.file, d.a.sheet, d.a.row, d.a.name, d.b.file, d.b.sheet, d.b.row,
                                 d.b.name, d.verdict, d.origin) for d in decisions.decisions])
            if model is not None:   # the model later stages score with (pipeline._model_to_store)
                db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                               [("model", json.dumps(model, sort_keys=True)), ("model_stage", name)])
            checkpoint("ledger.insert")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise self._not_recorded(exc) from exc
            raise
        with deferred_interrupt():
            try:
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise self._not_recorded(exc) from exc
            checkpoint("ledger.committed")
            if then is not None:
                then()

    def _hand_on(self, name: str, position: int, kept: set[str]) -> None:
        """Re-running stage `name` once later stages exist: a person first reported in it who is
        no longer among its records but whose record a later stage holds is first reported in the
        earliest such stage (as remove_stage does), instead of losing the persons row that every
        later stage's records are read through (previous_records joins on it)."""
        db = self.db
        gone = {r[0] for r in db.execute("SELECT person_id FROM persons WHERE first_stage=?", (name,))} - kept
        later = [r[0] for r in db.execute("SELECT name FROM stages WHERE position > ? ORDER BY position", (position,))]
        for later_stage in later:
            if not gone:
                break
            held = gone & {r[0] for r in db.execute("SELECT DISTINCT person_id FROM records WHERE stage=?",
                                                     (later_stage,))}
            db.executemany("UPDATE persons SET first_stage=? WHERE person_id=?", [(later_stage, p) for p in sorted(held)])
            gone -= held

    def _rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def _not_recorded(self, exc: sqlite3.Error) -> LedgerError:
        return LedgerError(f"the stage was not recorded in the ledger ({exc}); the report was not written",
                           file=str(self.path), hint="check disk space and the ledger file's permissions, then "
                           "run again", key="ledger_commit", params={"reason": str(exc)})

    def remove_stage(self, name: str) -> dict:
        info = self.stage(name)
        later = [s["name"] for s in self.stages() if s["position"] > info["position"]]
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM records WHERE stage=?", (name,))
            db.execute("DELETE FROM decisions WHERE stage=?", (name,))
            # persons first reported in this stage but seen again later move to that later stage
            for later_stage in later:
                db.execute("UPDATE persons SET first_stage=? WHERE first_stage=? AND person_id IN "
                           "(SELECT person_id FROM records WHERE stage=?)", (later_stage, name, later_stage))
            db.execute("DELETE FROM persons WHERE first_stage=?", (name,))
            db.execute("DELETE FROM stages WHERE name=?", (name,))
            if (self.model() or ("",))[0] == name:   # its model goes with it: the next stage fits one
                db.execute("DELETE FROM meta WHERE key IN ('model', 'model_stage')")
            with deferred_interrupt():
                db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return info


#: a stage column's condition: not stage ? and not a stage positioned after it (none when ? is
#: not in the ledger yet: a new stage comes after every stage there)
_EARLIER = ("{column} != ? AND {column} NOT IN (SELECT name FROM stages WHERE position > "
            "(SELECT position FROM stages WHERE name = ?))")


#: records serialised and inserted per batch: the JSON of a million records is never one string
_BATCH = 50_000


def _record_rows(stage: str, records: pd.DataFrame, person_ids: pd.Series):
    """(stage, person id, JSON of the record's fields) in batches, for executemany. Built from
    whole columns (one tolist each) instead of a Series and a _plain per field per record
    (iterrows): the same JSON text, byte for byte (keys sorted), 7 times faster (bench_scale.py
    --ledger), and never all of it at once."""
    from itertools import repeat

    ids = [str(p) for p in person_ids]
    columns = sorted(RECORD_FIELDS)
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for start in range(0, len(records), _BATCH):
        part = records.iloc[start:start + _BATCH]
        values = [part[c].tolist() for c in columns]
        texts = [dumps(dict(zip(columns, row))) for row in zip(*values)]
        yield zip(repeat(stage), ids[start:start + _BATCH], texts)
