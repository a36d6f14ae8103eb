"""Accounts as the API and ``docqa users`` use them: one object over the accounts database.

:meth:`Accounts.sign_in` gives one answer to every wrong name, wrong password and disabled
account ("the name or the password is wrong"), costs one password hash in each case, and is
refused before any hash once the name or the address has used up its failures, so neither
the message, the time nor the lockout tells which names exist.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from assistant.auth.db import AuthDB
from assistant.auth.model import User
from assistant.auth.passwords import Passwords
from assistant.auth.sessions import FailedSignIns, Session, SessionStore
from assistant.auth.users import NAME_MAX_CHARS, UserStore
from ingest.core.errors import NotSignedInError, SignInLockedError
from ingest.core.settings import Settings
from ingest.index.store import DataDir

WRONG = "the name or the password is wrong"


@dataclass(frozen=True)
class SignedIn:
    user: User
    session: Session


class Accounts:
    def __init__(self, db: AuthDB, passwords: Passwords, sessions: SessionStore, failures: FailedSignIns) -> None:
        self.db = db
        self.users = UserStore(db)
        self.passwords = passwords
        self.sessions = sessions
        self.failures = failures

    @classmethod
    def from_settings(cls, settings: Settings) -> Accounts:
        db = AuthDB(DataDir(settings.data_dir).auth_db)
        return cls(
            db,
            Passwords.from_settings(settings),
            SessionStore(db, settings.session_hours * 3600),
            FailedSignIns(db, settings.signin_max_failures, settings.signin_lockout_s),
        )

    def sign_in(self, name: str, password: str, address: str) -> SignedIn:
        """A new session for the account, or NotSignedInError / SignInLockedError."""
        name = unicodedata.normalize("NFKC", name).strip()[:NAME_MAX_CHARS]
        keys = [f"name:{name}", f"address:{address}"]
        wait = self.failures.locked(keys)
        if wait:
            raise SignInLockedError(f"too many failed sign-ins; try again in {wait} s", retry_after=wait)
        stored = self.users.password_hash(name)
        if not self.passwords.verify(stored, password):
            self.failures.record(keys)
            raise NotSignedInError(WRONG)
        self.failures.clear(keys[0])
        if self.passwords.needs_rehash(stored):
            self.users.set_password(name, self.passwords.hash(password, check=False), end_sessions=False)
        user = self.users.get(name)
        return SignedIn(user, self.sessions.start(user.name))

    def close(self) -> None:
        self.db.close()
