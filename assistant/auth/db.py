"""The accounts database: SQLite in the data directory (``auth.sqlite``), WAL mode.

Every server worker and the ``docqa users`` command open it; each process keeps one
connection behind a lock, and SQLite serialises the writers of all processes (a busy
database is waited for, up to :data:`BUSY_TIMEOUT_MS`). Secrets are never stored: a
password as its argon2id hash, an API token or session id as its SHA-256.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.sqlite import transaction
from ingest.core.errors import StorageError

BUSY_TIMEOUT_MS = 5000

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name     TEXT PRIMARY KEY,
    role     TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    password TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS user_groups (
    name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    grp   TEXT NOT NULL,
    PRIMARY KEY (name, grp)
);
CREATE TABLE IF NOT EXISTS tokens (
    digest  TEXT PRIMARY KEY,
    name    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    digest  TEXT PRIMARY KEY,
    name    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf    TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    key TEXT NOT NULL,
    at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS failures_by_key ON failures (key, at);
"""


def digest(secret: str) -> str:
    """How a token or session id is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class AuthDB:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the accounts database {self.path}: {exc}") from exc
        try:
            self.path.chmod(0o600)
        except OSError:
            pass

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; StorageError when the disk refuses it."""
        with self._lock:
            try:
                with transaction(self._db) as db:
                    yield db
            except sqlite3.OperationalError as exc:
                raise StorageError(f"cannot write the accounts database {self.path}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()
