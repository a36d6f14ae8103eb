"""Local accounts: their role, access groups, password hash and API tokens.

Names are short (letters of any script, digits, ``_ . - @``), so that a name from a proxy
header or the command line is never more than a key. A disabled account keeps its row (the
audit trail names it) but no password, token or session of it is accepted.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import time
import unicodedata

from assistant.auth.db import AuthDB, digest
from assistant.auth.model import ROLES, Role, User
from ingest.core.errors import ConfigError
from ingest.groups import check_groups

NAME_MAX_CHARS = 64
_NAME = re.compile(r"[\w.\-@]+")
#: What an API token begins with, so that one found in a log or a script is recognised.
TOKEN_PREFIX = "dq_"


def check_name(name: str) -> str:
    """The account name, NFKC-normalised; ConfigError when it cannot be one."""
    name = unicodedata.normalize("NFKC", name).strip()
    if not name or len(name) > NAME_MAX_CHARS or not _NAME.fullmatch(name):
        raise ConfigError(
            f"{name[:NAME_MAX_CHARS]!r} is not an account name (1–{NAME_MAX_CHARS} letters, digits, _ . - @)"
        )
    return name


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise ConfigError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return role  # type: ignore[return-value]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class UserStore:
    def __init__(self, db: AuthDB) -> None:
        self.db = db

    def add(self, name: str, password_hash: str, role: Role = "reader", groups: tuple[str, ...] = ()) -> User:
        name, role, groups = check_name(name), check_role(role), check_groups(groups)
        try:
            with self.db.write() as db:
                db.execute(
                    "INSERT INTO users (name, role, password, created) VALUES (?, ?, ?, ?)",
                    (name, role, password_hash, _now()),
                )
                db.executemany("INSERT INTO user_groups (name, grp) VALUES (?, ?)", [(name, g) for g in groups])
        except sqlite3.IntegrityError as exc:
            raise ConfigError(f"an account named {name!r} exists already") from exc
        return self.require(name)

    def get(self, name: str) -> User | None:
        with self.db.read() as db:
            row = db.execute("SELECT name, role, disabled, created FROM users WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            groups = tuple(g for (g,) in db.execute("SELECT grp FROM user_groups WHERE name = ? ORDER BY grp", (name,)))
        return User(name=row[0], role=row[1], groups=groups, disabled=bool(row[2]), created=row[3])

    def require(self, name: str) -> User:
        user = self.get(name)
        if user is None:
            raise ConfigError(f"no account named {name!r} (`docqa users list` shows them)")
        return user

    def password_hash(self, name: str) -> str | None:
        """The stored hash of an enabled account, else None (checked as a wrong password)."""
        with self.db.read() as db:
            row = db.execute("SELECT password FROM users WHERE name = ? AND disabled = 0", (name,)).fetchone()
        return row[0] if row else None

    def all(self) -> list[User]:
        with self.db.read() as db:
            names = [n for (n,) in db.execute("SELECT name FROM users ORDER BY name")]
        return [self.require(n) for n in names]

    def set_password(self, name: str, password_hash: str, *, end_sessions: bool = True) -> None:
        """A new password; every session of the account ends (not when the same password is
        only hashed again with a new cost)."""
        self.require(name)
        with self.db.write() as db:
            db.execute("UPDATE users SET password = ? WHERE name = ?", (password_hash, name))
            if end_sessions:
                db.execute("DELETE FROM sessions WHERE name = ?", (name,))

    def set_disabled(self, name: str, disabled: bool = True) -> User:
        """Disabling ends the account's sessions; its tokens stop working while it stays disabled."""
        self.require(name)
        with self.db.write() as db:
            db.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name))
            if disabled:
                db.execute("DELETE FROM sessions WHERE name = ?", (name,))
        return self.require(name)

    def set_groups(self, name: str, groups: tuple[str, ...]) -> User:
        groups = check_groups(groups)
        self.require(name)
        with self.db.write() as db:
            db.execute("DELETE FROM user_groups WHERE name = ?", (name,))
            db.executemany("INSERT INTO user_groups (name, grp) VALUES (?, ?)", [(name, g) for g in groups])
        return self.require(name)

    def set_role(self, name: str, role: str) -> User:
        role = check_role(role)
        self.require(name)
        with self.db.write() as db:
            db.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))
        return self.require(name)

    # --- API tokens ------------------------------------------------------------------------

    def new_token(self, name: str) -> str:
        """A new API token for the account (printed once; only its digest is kept)."""
        self.require(name)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.db.write() as db:
            db.execute("INSERT INTO tokens (digest, name, created) VALUES (?, ?, ?)", (digest(token), name, _now()))
        return token

    def revoke_tokens(self, name: str) -> int:
        self.require(name)
        with self.db.write() as db:
            return db.execute("DELETE FROM tokens WHERE name = ?", (name,)).rowcount

    def user_of_token(self, token: str) -> User | None:
        """The enabled account the token belongs to, else None."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        with self.db.read() as db:
            row = db.execute("SELECT name FROM tokens WHERE digest = ?", (digest(token),)).fetchone()
        user = self.get(row[0]) if row else None
        return user if user is not None and not user.disabled else None
