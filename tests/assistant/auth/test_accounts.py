"""The accounts database: sessions end, failures are counted in a window, hashes are upgraded."""

from __future__ import annotations

import pytest

from assistant.auth import Accounts
from assistant.auth.passwords import Passwords
from ingest.core.errors import NotSignedInError, SignInLockedError
from tests.assistant.auth import PASSWORD, add_user, auth_settings

pytestmark = pytest.mark.integration


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def accounts(tmp_path):
    settings = auth_settings(tmp_path, signin_max_failures=2, signin_lockout_s=60, session_hours=1)
    add_user(settings, "alice", groups=("hr",))
    accounts = Accounts.from_settings(settings)
    clock = Clock()
    accounts.sessions._clock = accounts.failures._clock = clock
    yield accounts, clock
    accounts.close()


def test_a_session_ends_after_its_lifetime(accounts):
    accounts, clock = accounts
    session = accounts.sign_in("alice", PASSWORD, "a").session
    clock.now += 3599
    assert accounts.sessions.get(session.id).name == "alice"
    clock.now += 2
    assert accounts.sessions.get(session.id) is None


def test_a_disabled_accounts_session_is_not_accepted(accounts):
    accounts, _ = accounts
    session = accounts.sign_in("alice", PASSWORD, "a").session
    accounts.users.set_disabled("alice")
    accounts.users.set_disabled("alice", False)
    assert accounts.sessions.get(session.id) is None


def test_failures_lock_until_the_window_has_passed(accounts):
    accounts, clock = accounts
    for _ in range(2):
        with pytest.raises(NotSignedInError):
            accounts.sign_in("alice", "wrong", "a")
    with pytest.raises(SignInLockedError) as locked:
        accounts.sign_in("alice", PASSWORD, "b")
    assert 0 < locked.value.retry_after <= 60
    clock.now += 61
    assert accounts.sign_in("alice", PASSWORD, "b").user.name == "alice"


def test_a_success_clears_the_names_count_but_not_the_addresss(accounts):
    accounts, _ = accounts
    with pytest.raises(NotSignedInError):
        accounts.sign_in("alice", "wrong", "a")
    accounts.sign_in("alice", PASSWORD, "a")
    with pytest.raises(NotSignedInError):
        accounts.sign_in("bob", "wrong", "a")
    with pytest.raises(SignInLockedError):
        accounts.sign_in("alice", PASSWORD, "a")


def test_a_hash_of_an_older_cost_is_upgraded_at_sign_in_without_ending_sessions(accounts):
    accounts, _ = accounts
    old = Passwords(32, 1).hash(PASSWORD, check=False)
    accounts.users.set_password("alice", old)
    first = accounts.sign_in("alice", PASSWORD, "a").session
    upgraded = accounts.users.password_hash("alice")
    assert upgraded != old and "m=64,t=1" in upgraded
    assert accounts.sessions.get(first.id) is not None


def test_names_are_compared_in_their_normal_form(accounts):
    accounts, _ = accounts
    assert accounts.sign_in("ａｌｉｃｅ", PASSWORD, "a").user.name == "alice"
