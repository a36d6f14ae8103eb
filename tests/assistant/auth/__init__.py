"""Helpers for the sign-in tests: settings with a cheap password hash, accounts made in a data directory."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_settings

PASSWORD = "correct horse battery"
#: The cheapest argon2id cost the settings allow: the tests sign in hundreds of times.
CHEAP_HASH = {"password_hash_memory_kib": 64, "password_hash_time_cost": 1}


def cli_environment(data_dir: Path, monkeypatch) -> None:
    """``docqa`` commands in these tests read ``data_dir`` and hash passwords cheaply."""
    from ingest.core.settings import get_settings

    monkeypatch.setenv("DOCQA_DATA_DIR", str(data_dir))
    for name, value in CHEAP_HASH.items():
        monkeypatch.setenv(f"DOCQA_{name.upper()}", str(value))
    get_settings.cache_clear()


def auth_settings(data_dir: Path, **overrides):
    values = {"auth": "local", **CHEAP_HASH}
    values.update(overrides)
    return make_settings(data_dir, **values)


def add_user(settings, name: str, *, role: str = "reader", groups: tuple[str, ...] = (), password: str = PASSWORD):
    from assistant.auth import Accounts

    accounts = Accounts.from_settings(settings)
    try:
        return accounts.users.add(name, accounts.passwords.hash(password), role, groups)
    finally:
        accounts.close()


def new_token(settings, name: str) -> str:
    from assistant.auth import Accounts

    accounts = Accounts.from_settings(settings)
    try:
        return accounts.users.new_token(name)
    finally:
        accounts.close()
