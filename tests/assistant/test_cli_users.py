"""``docqa users``: the account commands of the contract, the password read from standard input."""

from __future__ import annotations

import io
import json

import pytest

from assistant.auth import Accounts
from assistant.cli import EXIT_USAGE, main
from ingest.core.settings import get_settings
from tests.assistant.auth import PASSWORD, cli_environment

pytestmark = pytest.mark.integration


@pytest.fixture()
def env(tmp_path, monkeypatch):
    cli_environment(tmp_path, monkeypatch)
    yield tmp_path
    get_settings.cache_clear()


def run(args, capsys, stdin: str = "", monkeypatch=None) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["users", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_list_groups_disable(env, capsys, monkeypatch):
    code, out, _ = run(["add", "suzuki", "--group", "総務課", "--group", "企画課", "--role", "editor"], capsys,
                       PASSWORD + "\n", monkeypatch)
    assert code == 0 and out.split("\t")[:2] == ["suzuki", "editor"]
    code, out, _ = run(["list", "--json"], capsys, monkeypatch=monkeypatch)
    listed = json.loads(out)
    assert [(u["name"], u["role"], u["groups"], u["disabled"]) for u in listed] == [
        ("suzuki", "editor", ["企画課", "総務課"], False)
    ]
    assert run(["groups", "suzuki"], capsys, monkeypatch=monkeypatch)[1].strip().endswith("企画課,総務課")
    assert run(["groups", "suzuki", "--group", "hr"], capsys, monkeypatch=monkeypatch)[1].strip().endswith("hr")
    assert "(disabled)" in run(["disable", "suzuki"], capsys, monkeypatch=monkeypatch)[1]
    assert json.loads(run(["list", "--json"], capsys, monkeypatch=monkeypatch)[1])[0]["disabled"] is True


def test_the_password_is_hashed_and_signs_in(env, capsys, monkeypatch):
    run(["add", "suzuki", "--group", "総務課"], capsys, PASSWORD + "\n", monkeypatch)
    accounts = Accounts.from_settings(get_settings())
    stored = accounts.users.password_hash("suzuki")
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.sign_in("suzuki", PASSWORD, "127.0.0.1").user.groups == ("総務課",)
    accounts.close()
    assert PASSWORD.encode() not in (env / "auth.sqlite").read_bytes()


def test_token_prints_a_token_of_that_user(env, capsys, monkeypatch):
    run(["add", "batch", "--group", "総務課"], capsys, PASSWORD + "\n", monkeypatch)
    code, out, _ = run(["token", "batch"], capsys, monkeypatch=monkeypatch)
    token = out.strip()
    assert code == 0 and token.startswith("dq_") and len(token) > 40
    accounts = Accounts.from_settings(get_settings())
    assert accounts.users.user_of_token(token).name == "batch"
    assert run(["token", "batch", "--revoke"], capsys, monkeypatch=monkeypatch)[1].strip() == "batch: 1 tokens revoked"
    assert accounts.users.user_of_token(token) is None
    accounts.close()
    assert token.encode() not in (env / "auth.sqlite").read_bytes()


def test_reset_changes_the_password_and_ends_sessions(env, capsys, monkeypatch):
    run(["add", "suzuki"], capsys, PASSWORD + "\n", monkeypatch)
    accounts = Accounts.from_settings(get_settings())
    session = accounts.sign_in("suzuki", PASSWORD, "x").session
    assert run(["reset", "suzuki"], capsys, "another long password\n", monkeypatch)[0] == 0
    assert accounts.sessions.get(session.id) is None
    assert accounts.sign_in("suzuki", "another long password", "x")
    accounts.close()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "suzuki"], "short\n", "at least 10 characters"),
        (["add", "bad name"], PASSWORD + "\n", "is not an account name"),
        (["add", "suzuki", "--group", "総務 課"], PASSWORD + "\n", "is not a group name"),
        (["add", "suzuki"], "", "no password on standard input"),
        (["token", "nobody"], "", "no account named 'nobody'"),
        (["disable", "nobody"], "", "no account named 'nobody'"),
    ],
)
def test_unusable_arguments_exit_2_with_one_line(env, capsys, monkeypatch, args, stdin, message):
    code, out, err = run(args, capsys, stdin, monkeypatch)
    assert code == EXIT_USAGE and message in err and err.count("\n") == 1


def test_a_taken_name_is_refused(env, capsys, monkeypatch):
    run(["add", "suzuki"], capsys, PASSWORD + "\n", monkeypatch)
    code, _, err = run(["add", "suzuki"], capsys, PASSWORD + "\n", monkeypatch)
    assert code == EXIT_USAGE and "exists already" in err
