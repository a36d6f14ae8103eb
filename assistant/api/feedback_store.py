"""User feedback on answers, in SQLite in the data directory.

All writes go through one connection guarded by a lock (the one writer); reads open
their own short-lived connections and run in parallel (WAL mode).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

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
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._writer = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._writer.execute("PRAGMA journal_mode=WAL")
        self._writer.execute("PRAGMA busy_timeout=5000")
        self._writer.execute(SCHEMA)

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
        with self._lock:
            cursor = self._writer.execute(
                "INSERT INTO feedback (created, rating, comment, question, answer, citations) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    created,
                    rating,
                    comment,
                    question,
                    answer,
                    json.dumps(citations or [], ensure_ascii=False),
                ),
            )
        return int(cursor.lastrowid)

    def list(self, *, limit: int = 1000, offset: int = 0) -> list[dict]:
        """Newest first."""
        reader = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = reader.execute(
                f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        finally:
            reader.close()
        records = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
        for record in records:
            record["citations"] = json.loads(record["citations"])
        return records

    def close(self) -> None:
        with self._lock:
            self._writer.close()
