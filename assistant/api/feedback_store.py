"""User feedback on answers, in SQLite in the data directory.

All writes go through one connection guarded by a lock (the one writer); reads open
their own short-lived connections and run in parallel (WAL mode). The database is capped
at ``max_bytes`` by SQLite itself (``max_page_count``): once full, :meth:`FeedbackStore.add`
raises :class:`FeedbackFullError`; a disk that is full or read-only raises StorageError. An
export is read a row at a time (:meth:`FeedbackStore.rows`), so its size never sits in memory.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ingest.core.errors import FeedbackFullError, StorageError

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    created   TEXT NOT NULL,
    rating    TEXT NOT NULL CHECK (rating IN ('good', 'bad')),
    comment   TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    question  TEXT NOT NULL,
    answer    TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]'
)
"""

COLUMNS = ("id", "created", "rating", "comment", "question", "answer", "citations")

class FeedbackStore:
    def __init__(self, path: Path, max_bytes: int | None = None) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._writer.execute("PRAGMA journal_mode=WAL")
            self._writer.execute("PRAGMA busy_timeout=5000")
            self._writer.execute(SCHEMA)
            if max_bytes is not None:
                page = self._writer.execute("PRAGMA page_size").fetchone()[0]
                self._writer.execute(f"PRAGMA max_page_count={max(1, max_bytes // page)}")
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the feedback database {self.path}: {exc}") from exc

    def add(
        self,
        *,
        rating: str,
        question: str,
        answer: str,
        comment: str = "",
        citations: list[dict] | None = None,
    ) -> int:
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        row = (created, rating, comment, question, answer, json.dumps(citations or [], ensure_ascii=False))
        with self._lock:
            try:
                cursor = self._writer.execute(
                    "INSERT INTO feedback (created, rating, comment, question, answer, citations) VALUES (?, ?, ?, ?, ?, ?)",
                    row,
                )
            except sqlite3.OperationalError as exc:
                self._raise_write_error(exc)
        return int(cursor.lastrowid)

    def _raise_write_error(self, exc: sqlite3.OperationalError) -> None:
        # SQLite says "database or disk is full" for both; the size tells which.
        if "full" in str(exc) and self.max_bytes is not None and self.size_bytes() + 2 * 65536 >= self.max_bytes:
            raise FeedbackFullError(
                f"the feedback database is full ({self.max_bytes / 2**20:g} MB, DOCQA_FEEDBACK_MAX_DB_MB); "
                "export and remove old ratings, or raise the limit"
            ) from exc
        raise StorageError(f"cannot store feedback in {self.path}: {exc}") from exc

    def size_bytes(self) -> int:
        page = self._writer.execute("PRAGMA page_size").fetchone()[0]
        return page * self._writer.execute("PRAGMA page_count").fetchone()[0]

    def rows(self, *, limit: int = 1000, offset: int = 0) -> Iterator[dict]:
        """Newest first, stepped a row at a time on a connection of its own."""
        reader = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        try:
            cursor = reader.execute(
                f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            )
            for row in cursor:
                record = dict(zip(COLUMNS, row, strict=True))
                record["citations"] = json.loads(record["citations"])
                yield record
        finally:
            reader.close()

    def list(self, *, limit: int = 1000, offset: int = 0) -> list[dict]:
        """Newest first."""
        return list(self.rows(limit=limit, offset=offset))

    def close(self) -> None:
        with self._lock:
            self._writer.close()
