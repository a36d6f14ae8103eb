"""Sign-in sessions and the count of failed sign-ins, in the accounts database.

A session id is 256 random bits, made at sign-in and at no other time (a session id a
client brings along before signing in is never adopted: no session fixation), stored as
its digest, and it ends after ``lifetime_s``. Each session has its own CSRF token.

Failed sign-ins are counted per name and per client address in one sliding window,
shared by every server worker through the database, so that N workers do not allow N
times the guesses.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from assistant.auth.db import AuthDB, digest


@dataclass(frozen=True)
class Session:
    id: str
    name: str
    csrf: str
    expires: float


class SessionStore:
    def __init__(self, db: AuthDB, lifetime_s: float, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.lifetime_s = lifetime_s
        self._clock = clock

    def start(self, name: str) -> Session:
        now = self._clock()
        session = Session(secrets.token_urlsafe(32), name, secrets.token_urlsafe(32), now + self.lifetime_s)
        with self.db.write() as db:
            db.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
            db.execute(
                "INSERT INTO sessions (digest, name, csrf, created, expires) VALUES (?, ?, ?, ?, ?)",
                (digest(session.id), name, session.csrf, now, session.expires),
            )
        return session

    def get(self, session_id: str) -> Session | None:
        """The live session of an enabled account with this id, else None."""
        with self.db.read() as db:
            row = db.execute(
                "SELECT s.name, s.csrf, s.expires FROM sessions s JOIN users u ON u.name = s.name "
                "WHERE s.digest = ? AND u.disabled = 0",
                (digest(session_id),),
            ).fetchone()
        if row is None or row[2] <= self._clock():
            return None
        return Session(session_id, row[0], row[1], row[2])

    def end(self, session_id: str) -> None:
        with self.db.write() as db:
            db.execute("DELETE FROM sessions WHERE digest = ?", (digest(session_id),))


class FailedSignIns:
    """``locked(keys)``: seconds to wait (0: may try); ``record(keys)`` counts one failure for each key."""

    def __init__(self, db: AuthDB, max_failures: int, window_s: float, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.max_failures = max_failures
        self.window_s = window_s
        self._clock = clock

    def locked(self, keys: list[str]) -> int:
        since = self._clock() - self.window_s
        wait = 0
        with self.db.read() as db:
            for key in keys:
                times = [t for (t,) in db.execute(
                    "SELECT at FROM failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?",
                    (key, since, self.max_failures),
                )]
                if len(times) >= self.max_failures:
                    # Free again once the oldest of the last N failures leaves the window.
                    wait = max(wait, math.ceil(times[-1] + self.window_s - self._clock()))
        return max(wait, 1) if wait else 0

    def record(self, keys: list[str]) -> None:
        now = self._clock()
        with self.db.write() as db:
            db.execute("DELETE FROM failures WHERE at <= ?", (now - self.window_s,))
            db.executemany("INSERT INTO failures (key, at) VALUES (?, ?)", [(k, now) for k in keys])

    def clear(self, key: str) -> None:
        with self.db.write() as db:
            db.execute("DELETE FROM failures WHERE key = ?", (key,))
