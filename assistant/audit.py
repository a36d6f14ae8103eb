"""The audit trail: who asked what and which passages were shown, sign-ins, document and
account changes, in the data directory's ``audit.sqlite``.

Append-only, and tampering shows: each record carries the SHA-256 of the record before it and
of itself (a hash chain); triggers refuse every UPDATE, and every DELETE but the retention's
(records older than DOCQA_AUDIT_RETENTION_DAYS, removed in one transaction that keeps the
hash of the last one removed as the chain's new anchor). :meth:`AuditTrail.verify` walks the
chain and names the first record that does not match (``docqa audit verify``). Anyone who can
write the file can still rewrite all of it and its chain; the chain shows edits, deletions
inside the trail and records inserted, not a trail replaced whole.

Every server worker and ``docqa users`` append through their own connection; SQLite
serialises them, and each record is chained to the last one in the same transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.sqlite import transaction
from ingest.core.errors import StorageError

GENESIS = "0" * 64
BUSY_TIMEOUT_MS = 5000
#: The kinds of record.
EVENTS = (
    "question", "signin", "signin_failed", "signout", "upload", "replace", "delete", "user_change",
)
CSV_COLUMNS = ("seq", "time", "event", "user", "address", "question", "answer_type", "documents", "passages", "detail", "hash")

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    time    TEXT NOT NULL,
    event   TEXT NOT NULL,
    user    TEXT,
    address TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT '{}',
    prev    TEXT NOT NULL,
    hash    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_time ON events (time);
CREATE TABLE IF NOT EXISTS chain (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pruning (before TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS events_append_only BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_kept BEFORE DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM pruning WHERE old.time < before)
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    time: str
    event: str
    user: str | None
    address: str
    detail: dict = field(default_factory=dict)
    prev: str = GENESIS
    hash: str = ""


def record_hash(prev: str, seq: int, when: str, event: str, user: str | None, address: str, detail: str) -> str:
    body = json.dumps([seq, when, event, user, address, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{body}".encode("utf-8", "surrogatepass")).hexdigest()


class AuditTrail:
    def __init__(self, path: Path, retention_days: int = 0, clock=time.time) -> None:
        self.path = Path(path)
        self.retention_days = retention_days
        self._clock = clock
        self._lock = threading.Lock()
        self._pruned_on = ""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the audit trail {self.path}: {exc}") from exc

    def _stamp(self) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._clock()))

    def append(self, event: str, user: str | None, address: str = "", **detail) -> AuditRecord:
        """One record, chained to the last; StorageError when it cannot be written."""
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        when = self._stamp()
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True)
        with self._lock:
            self._prune_daily(when)
            try:
                with transaction(self._db) as db:
                    row = db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
                    prev = row[1] if row else self._anchor()
                    seq = self._next_seq()
                    digest = record_hash(prev, seq, when, event, user, address, text)
                    db.execute(
                        "INSERT INTO events (seq, time, event, user, address, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (seq, when, event, user, address, text, prev, digest),
                    )
            except sqlite3.Error as exc:
                raise StorageError(f"cannot write the audit trail {self.path}: {exc}") from exc
        return AuditRecord(seq, when, event, user, address, detail, prev, digest)

    def _anchor(self) -> str:
        row = self._db.execute("SELECT value FROM chain WHERE key = 'anchor'").fetchone()
        return row[0] if row else GENESIS

    def _next_seq(self) -> int:
        row = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
        return (row[0] if row else 0) + 1

    # --- retention -------------------------------------------------------------------------

    def _prune_daily(self, when: str) -> None:
        if self.retention_days and when[:10] != self._pruned_on:
            self._pruned_on = when[:10]
            self._prune(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._clock() - self.retention_days * 86400)))

    def prune(self, before: str) -> int:
        """Remove the records older than ``before`` (ISO time); the chain keeps its anchor."""
        with self._lock:
            return self._prune(before)

    def _prune(self, before: str) -> int:
        try:
            with transaction(self._db) as db:
                last = db.execute("SELECT hash FROM events WHERE time < ? ORDER BY seq DESC LIMIT 1", (before,)).fetchone()
                removed = 0
                if last is not None:
                    db.execute("INSERT INTO pruning (before) VALUES (?)", (before,))
                    removed = db.execute("DELETE FROM events WHERE time < ?", (before,)).rowcount
                    db.execute("DELETE FROM pruning")
                    db.execute("INSERT OR REPLACE INTO chain (key, value) VALUES ('anchor', ?)", (last[0],))
        except sqlite3.Error as exc:
            raise StorageError(f"cannot prune the audit trail {self.path}: {exc}") from exc
        return removed

    # --- reading ---------------------------------------------------------------------------

    def records(self, since: str | None = None, until: str | None = None) -> Iterator[AuditRecord]:
        """Oldest first; ``since``/``until`` are dates (YYYY-MM-DD), both included."""
        clauses, values = [], []
        if since:
            clauses.append("time >= ?")
            values.append(since)
        if until:
            clauses.append("time < ?")
            values.append(until + "T99")
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        reader = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        try:
            for row in reader.execute(f"SELECT seq, time, event, user, address, detail, prev, hash FROM events{where} ORDER BY seq", values):
                yield AuditRecord(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6], row[7])
        finally:
            reader.close()

    def verify(self) -> str | None:
        """None when the chain is whole, else what is wrong with the first record that breaks it."""
        with self._lock:
            prev = self._anchor()
            rows = self._db.execute("SELECT seq, time, event, user, address, detail, prev, hash FROM events ORDER BY seq")
            for seq, when, event, user, address, detail, stored_prev, digest in rows:
                if stored_prev != prev:
                    return f"record {seq}: the record before it is missing or changed"
                if record_hash(prev, seq, when, event, user, address, detail) != digest:
                    return f"record {seq}: its contents were changed"
                prev = digest
        return None

    def close(self) -> None:
        with self._lock:
            self._db.close()


def csv_rows(records: Iterable[AuditRecord], *, bom: bool = True) -> Iterator[str]:
    """The records as CSV, a line at a time (``bom``: a byte-order mark first, for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" if bom else "") + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for record in records:
        detail = dict(record.detail)
        writer.writerow([
            record.seq, record.time, record.event, record.user or "", record.address,
            detail.pop("question", ""), detail.pop("answer_type", "") or "",
            " ".join(detail.pop("documents", [])), " ".join(detail.pop("passages", [])),
            json.dumps(detail, ensure_ascii=False) if detail else "", record.hash,
        ])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
