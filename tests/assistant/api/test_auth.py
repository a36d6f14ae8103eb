"""Sign-in over the API (DOCQA_AUTH=local): sessions, CSRF, tokens, the proxy header, and the
attacks of issue 18 tried and refused: session fixation, CSRF, user enumeration, brute force,
a forged proxy header."""

from __future__ import annotations

import statistics
import time

import pytest
from fastapi import Depends
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.api.auth import SESSION_COOKIE, require_admin, require_editor
from assistant.api.fake import sample_assistant
from assistant.auth import Accounts
from tests.assistant.api import assert_error, assert_route_error
from tests.assistant.auth import PASSWORD, add_user, auth_settings, new_token

pytestmark = pytest.mark.integration

FEEDBACK = {"rating": "good", "question": "q", "answer": "a"}


@pytest.fixture()
def settings(tmp_path):
    return auth_settings(tmp_path / "data", signin_max_failures=3)


@pytest.fixture()
def assistant(tmp_path):
    return sample_assistant(tmp_path / "index")


def client_for(settings, assistant, **kwargs) -> TestClient:
    return TestClient(create_app(settings, assistant), **kwargs)


@pytest.fixture()
def client(settings, assistant):
    add_user(settings, "alice", groups=("総務課",))
    with client_for(settings, assistant) as client:
        yield client


def sign_in(client, name="alice", password=PASSWORD):
    return client.post("/api/signin", json={"name": name, "password": password})


def test_everything_but_health_and_sign_in_needs_a_sign_in(client):
    assert client.get("/health").status_code == 200
    for method, path in [("GET", "/api/documents"), ("POST", "/api/ask"), ("GET", "/api/facts"),
                         ("GET", "/v1/models"), ("GET", "/api/me"), ("GET", "/openapi.json")]:
        response = client.request(method, path, json={"question": "x"})
        assert_route_error(path, response, 401, "not_signed_in")  # OpenAI's shape under /v1
        assert response.headers["www-authenticate"].startswith("Bearer")
    page = client.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/signin"
    assert "<form" in client.get("/signin").text


def test_sign_in_sets_an_httponly_strict_cookie_and_returns_the_csrf_token(client):
    response = sign_in(client)
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "alice" and body["role"] == "reader" and body["groups"] == ["総務課"]
    assert body["via"] == "session" and len(body["csrf"]) >= 40
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie
    assert client.get("/api/documents").status_code == 200
    assert client.get("/api/me").json()["csrf"] == body["csrf"]
    assert client.get("/", follow_redirects=False).status_code == 200


def test_the_cookie_is_secure_when_the_setting_says_so(tmp_path, assistant):
    settings = auth_settings(tmp_path / "data", session_cookie_secure=True)
    add_user(settings, "alice")
    with client_for(settings, assistant, base_url="https://testserver") as client:
        assert "Secure" in sign_in(client).headers["set-cookie"]


def test_a_state_changing_request_needs_the_sessions_csrf_token(client):
    csrf = sign_in(client).json()["csrf"]
    assert_error(client.post("/api/feedback", json=FEEDBACK), 403, "forbidden")
    assert_error(client.post("/api/feedback", json=FEEDBACK, headers={"X-CSRF-Token": "x" * 43}), 403, "forbidden")
    assert_error(client.post("/api/signout"), 403, "forbidden")
    other_site = {"X-CSRF-Token": csrf, "Origin": "https://evil.example"}
    assert_error(client.post("/api/feedback", json=FEEDBACK, headers=other_site), 403, "forbidden")
    assert client.post("/api/feedback", json=FEEDBACK, headers={"X-CSRF-Token": csrf}).status_code == 201
    same_site = {"X-CSRF-Token": csrf, "Origin": "http://testserver"}
    assert client.post("/api/ask", json={"question": "大阪市"}, headers=same_site).status_code == 200


def test_a_session_id_chosen_before_sign_in_is_never_adopted(client):
    """Session fixation: an attacker plants a session id; signing in makes a new one."""
    client.cookies.set(SESSION_COOKIE, "attacker-chosen-id", domain="testserver.local")
    assert client.get("/api/me").status_code == 401
    sign_in(client)
    issued = client.cookies.get(SESSION_COOKIE)
    assert issued and issued != "attacker-chosen-id"
    assert client.get("/api/me").json()["name"] == "alice"
    with TestClient(client.app) as attacker:
        attacker.cookies.set(SESSION_COOKIE, "attacker-chosen-id")
        assert_error(attacker.get("/api/documents"), 401, "not_signed_in")


def test_signing_in_again_ends_the_previous_session(client):
    sign_in(client)
    first = client.cookies.get(SESSION_COOKIE)
    sign_in(client)
    assert client.cookies.get(SESSION_COOKIE) != first
    with TestClient(client.app) as other:
        other.cookies.set(SESSION_COOKIE, first)
        assert other.get("/api/me").status_code == 401


def test_sign_out_ends_the_session(client):
    csrf = sign_in(client).json()["csrf"]
    session = client.cookies.get(SESSION_COOKIE)
    assert client.post("/api/signout", headers={"X-CSRF-Token": csrf}).json() == {"signed_out": True}
    with TestClient(client.app) as other:
        other.cookies.set(SESSION_COOKIE, session)
        assert other.get("/api/me").status_code == 401


def test_wrong_name_wrong_password_and_disabled_account_get_the_same_answer(client, settings):
    add_user(settings, "carol")
    accounts = Accounts.from_settings(settings)
    accounts.users.set_disabled("carol")
    accounts.close()
    answers = []
    for name, password in [("nobody", PASSWORD), ("alice", "wrong password!"), ("carol", PASSWORD)]:
        response = sign_in(client, name, password)
        answers.append((response.status_code, response.json(), response.headers.get("set-cookie")))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 401 and answers[0][2] is None


def test_an_unknown_name_costs_one_password_hash_like_a_known_one(client, monkeypatch):
    """User enumeration through timing: both paths verify one argon2 hash."""
    accounts = client.app.state.accounts or Accounts.from_settings(client.app.state.settings)
    client.app.state.accounts = accounts
    verified = []
    hasher = accounts.passwords._hasher

    class Counting:
        def verify(self, stored, password):
            verified.append(stored)
            return hasher.verify(stored, password)

        def __getattr__(self, name):
            return getattr(hasher, name)

    monkeypatch.setattr(accounts.passwords, "_hasher", Counting())
    sign_in(client, "nobody", "wrong password!")
    sign_in(client, "alice", "wrong password!")
    assert len(verified) == 2 and all(h.startswith("$argon2id$") for h in verified)


def test_the_time_of_a_sign_in_does_not_tell_whether_the_name_exists(tmp_path, assistant):
    settings = auth_settings(
        tmp_path / "data", password_hash_memory_kib=8192, password_hash_time_cost=2, signin_max_failures=100
    )
    add_user(settings, "alice")
    with client_for(settings, assistant) as client:
        def timed(name):
            started = time.perf_counter()
            assert sign_in(client, name, "wrong password!").status_code == 401
            return time.perf_counter() - started

        timed("alice")
        known, unknown = [], []
        for i in range(15):  # interleaved, so that the load of a shared machine falls on both
            known.append(timed("alice"))
            unknown.append(timed(f"nobody{i}"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.5 < ratio < 2.0, (known, unknown)


def test_brute_force_is_locked_out_after_the_set_number_of_failures(client):
    for _ in range(3):
        assert sign_in(client, "alice", "wrong password!").status_code == 401
    locked = sign_in(client, "alice", PASSWORD)
    assert_error(locked, 429, "signin_locked")
    assert int(locked.headers["retry-after"]) > 0
    assert SESSION_COOKIE not in client.cookies


def test_a_lockout_looks_the_same_for_a_name_that_does_not_exist(client):
    with TestClient(client.app, client=("192.0.2.1", 1)) as one, TestClient(client.app, client=("192.0.2.2", 1)) as two:
        for _ in range(3):
            sign_in(one, "alice", "wrong password!")
            sign_in(two, "nobody", "wrong password!")
        a, b = sign_in(one, "alice", "wrong password!"), sign_in(two, "nobody", "wrong password!")
    assert (a.status_code, a.json()) == (b.status_code, b.json()) and a.status_code == 429


def test_one_address_trying_many_names_is_locked_out(client):
    with TestClient(client.app, client=("192.0.2.7", 1)) as attacker:
        for n in range(3):
            sign_in(attacker, f"guess{n}", "wrong password!")
        assert_error(sign_in(attacker, "alice", PASSWORD), 429, "signin_locked")
    with TestClient(client.app, client=("192.0.2.8", 1)) as elsewhere:
        assert sign_in(elsewhere, "alice", PASSWORD).status_code == 200


def test_the_lockout_ends_when_its_window_has_passed(client):
    accounts = client.app.state.accounts or Accounts.from_settings(client.app.state.settings)
    client.app.state.accounts = accounts
    for _ in range(3):
        sign_in(client, "alice", "wrong password!")
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    now = time.time()
    accounts.failures._clock = lambda: now + accounts.failures.window_s + 1
    assert sign_in(client, "alice", PASSWORD).status_code == 200


def test_a_users_own_api_token_signs_in_scripts(client, settings):
    token = new_token(settings, "alice")
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/me", headers=headers).json()
    assert me["name"] == "alice" and me["via"] == "token" and me["csrf"] is None
    assert client.post("/api/feedback", json=FEEDBACK, headers=headers).status_code == 201
    accounts = Accounts.from_settings(settings)
    accounts.users.set_disabled("alice")
    assert_error(client.get("/api/documents", headers=headers), 401, "not_signed_in")
    accounts.users.set_disabled("alice", False)
    assert client.get("/api/documents", headers=headers).status_code == 200
    accounts.users.revoke_tokens("alice")
    accounts.close()
    assert_error(client.get("/api/documents", headers=headers), 401, "not_signed_in")


def test_a_wrong_bearer_is_refused_even_with_a_valid_session(client):
    sign_in(client)
    assert_error(client.get("/api/documents", headers={"Authorization": "Bearer dq_wrong"}), 401, "not_signed_in")


def test_the_shared_api_token_still_works_as_the_service(tmp_path, assistant):
    settings = auth_settings(tmp_path / "data", api_token="service-secret")
    with client_for(settings, assistant) as client:
        me = client.get("/api/me", headers={"Authorization": "Bearer service-secret"}).json()
        assert me["via"] == "service" and me["role"] == "editor"
        assert client.get("/api/documents", headers={"Authorization": "Bearer service-secret"}).status_code == 200


def test_the_proxy_header_is_trusted_only_from_the_allowed_addresses(tmp_path, assistant):
    settings = auth_settings(tmp_path / "data", auth_proxy_header="X-Remote-User", auth_proxy_addresses=["10.1.2.0/24"])
    add_user(settings, "alice")
    header = {"X-Remote-User": "alice"}
    with client_for(settings, assistant, client=("10.1.2.9", 1)) as proxy:
        me = proxy.get("/api/me", headers=header).json()
        assert me["name"] == "alice" and me["via"] == "proxy"
        assert_error(proxy.get("/api/me", headers={"X-Remote-User": "mallory"}), 401, "not_signed_in")
    with client_for(settings, assistant, client=("10.1.3.9", 1)) as forged:
        assert_error(forged.get("/api/me", headers=header), 401, "not_signed_in")
        assert forged.get("/", headers=header, follow_redirects=False).status_code == 303


def test_a_proxy_header_without_an_allow_list_is_refused_at_start_up(tmp_path):
    from ingest.core.errors import ConfigError

    with pytest.raises(ConfigError, match="DOCQA_AUTH_PROXY_ADDRESSES"):
        auth_settings(tmp_path, auth_proxy_header="X-Remote-User")


def test_sign_in_is_off_by_default(tmp_path, assistant):
    from tests.conftest import make_settings

    with client_for(make_settings(tmp_path / "data"), assistant) as client:
        assert client.get("/api/me").json() == {
            "auth": "off", "name": None, "role": "admin", "groups": [], "via": "open", "csrf": None,
        }
        assert client.get("/api/documents").status_code == 200
        assert_error(sign_in(client), 404, "not_found")
        assert client.get("/signin", follow_redirects=False).headers["location"] == "/"


def test_roles_allow_what_they_say(client, settings, assistant):
    app = create_app(settings, assistant)
    app.get("/edit", dependencies=[Depends(require_editor)])(lambda: "ok")
    app.get("/admin", dependencies=[Depends(require_admin)])(lambda: "ok")
    for name, role in [("ed", "editor"), ("ad", "admin")]:
        add_user(settings, name, role=role)
    expected = {"alice": (403, 403), "ed": (200, 403), "ad": (200, 200)}
    with TestClient(app) as bare:
        for name, codes in expected.items():
            headers = {"Authorization": f"Bearer {new_token(settings, name)}"}
            assert (bare.get("/edit", headers=headers).status_code, bare.get("/admin", headers=headers).status_code) == codes


def test_only_editors_change_documents_and_a_session_needs_its_csrf_token_to(client, settings):
    """CSRF on upload and delete, and the editor role (require_editor) on /api/documents."""
    exe = {"files": ("a.exe", b"MZ")}  # refused up front (415) once past the role check: no job starts
    reader = {"Authorization": f"Bearer {new_token(settings, 'alice')}"}
    assert_error(client.post("/api/documents", files=exe, headers=reader), 403, "forbidden")
    assert_error(client.delete("/api/documents/x.txt", headers=reader), 403, "forbidden")
    add_user(settings, "ed", role="editor")
    editor = {"Authorization": f"Bearer {new_token(settings, 'ed')}"}
    assert client.post("/api/documents", files=exe, headers=editor).status_code == 415
    csrf = sign_in(client, "ed").json()["csrf"]
    assert_error(client.post("/api/documents", files=exe), 403, "forbidden")
    assert_error(client.delete("/api/documents/x.txt"), 403, "forbidden")
    assert_error(client.put("/api/documents/x.txt", files={"file": ("x.txt", b"x")}), 403, "forbidden")
    assert client.post("/api/documents", files=exe, headers={"X-CSRF-Token": csrf}).status_code == 415
    assert client.delete("/api/documents/nope.txt", headers={"X-CSRF-Token": csrf}).status_code == 404
