"""What the SQLite stores of the data directory share (accounts, audit trail)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One ``BEGIN IMMEDIATE`` transaction on an autocommit connection (``isolation_level=None``):
    committed at the end, rolled back on any error. IMMEDIATE takes the write lock at once, so
    a read-then-write (the audit chain's last hash) sees no other writer in between."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
