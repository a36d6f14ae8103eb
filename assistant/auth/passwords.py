"""Password hashing with argon2id (argon2-cffi), its cost from the settings.

:meth:`Passwords.verify` costs one hash whether or not the account exists (an unknown name
is checked against a dummy hash), so the time of a sign-in does not tell which names exist.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ingest.core.errors import ConfigError
from ingest.core.settings import Settings

#: Longest password accepted: argon2 takes any length, but a megabyte "password" is a way to burn CPU.
PASSWORD_MAX_CHARS = 1024


class Passwords:
    def __init__(self, memory_kib: int, time_cost: int, min_chars: int = 1) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        self.min_chars = min_chars
        self._dummy = self._hasher.hash("docqa: no such account")

    @classmethod
    def from_settings(cls, settings: Settings) -> Passwords:
        return cls(settings.password_hash_memory_kib, settings.password_hash_time_cost, settings.password_min_chars)

    def hash(self, password: str, *, check: bool = True) -> str:
        """The argon2id hash of a new password; ConfigError when it is too short or too long
        (``check=False``: a password already accepted, hashed again with the current cost)."""
        if not check:
            return self._hasher.hash(password)
        if len(password) < self.min_chars:
            raise ConfigError(f"the password must have at least {self.min_chars} characters (DOCQA_PASSWORD_MIN_CHARS)")
        if len(password) > PASSWORD_MAX_CHARS:
            raise ConfigError(f"the password must have at most {PASSWORD_MAX_CHARS} characters")
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """True when ``password`` matches ``stored``; None (no such account) is checked against a dummy."""
        try:
            return self._hasher.verify(stored or self._dummy, password[:PASSWORD_MAX_CHARS]) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)
