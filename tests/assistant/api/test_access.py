"""Access groups over the API, case by case (the property test covers them at random):
an IDOR on documents and passages across groups, /health's counts, and who may change what."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.api.fake import KAWASAKI, OSAKA, FakeAssistant
from tests.assistant.api import assert_error
from tests.assistant.auth import add_user, auth_settings, new_token

pytestmark = pytest.mark.integration

SECRET = replace(KAWASAKI, groups=("国際課",))


@pytest.fixture()
def env(tmp_path):
    settings = auth_settings(tmp_path / "data")
    assistant = FakeAssistant.build(tmp_path / "index", [OSAKA, SECRET])
    for name, role, groups in [("reader", "reader", ()), ("member", "reader", ("国際課",)), ("editor", "editor", ())]:
        add_user(settings, name, role=role, groups=groups)
    with TestClient(create_app(settings, assistant)) as client:
        yield client, {n: {"Authorization": f"Bearer {new_token(settings, n)}"} for n in ("reader", "member", "editor")}


def test_a_document_outside_the_readers_groups_is_a_404_like_one_that_does_not_exist(env):
    client, as_ = env
    for path in (f"/api/documents/{SECRET.doc}", f"/api/passages/{SECRET.doc}%23p000"):
        hidden = client.get(path, headers=as_["reader"])
        missing = client.get(path.replace(SECRET.doc, "no-such-doc"), headers=as_["reader"])
        assert_error(hidden, 404, "not_found")
        assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())
        assert client.get(path, headers=as_["member"]).status_code == 200
    assert [d["doc"] for d in client.get("/api/documents", headers=as_["reader"]).json()] == [OSAKA.doc]
    assert len(client.get("/api/documents", headers=as_["member"]).json()) == 2


def test_health_counts_what_the_caller_sees(env):
    client, as_ = env
    assert client.get("/health").json()["index"]["documents"] == 0
    assert client.get("/health", headers=as_["reader"]).json()["index"]["documents"] == 1
    assert client.get("/health", headers=as_["member"]).json()["index"]["documents"] == 2


def test_an_editor_cannot_replace_or_delete_a_document_they_do_not_see(env):
    client, as_ = env
    assert_error(client.delete(f"/api/documents/{SECRET.doc}", headers=as_["editor"]), 404, "not_found")
    replaced = client.put(f"/api/documents/{SECRET.doc}", files={"file": ("x.txt", b"x")}, headers=as_["editor"])
    assert_error(replaced, 404, "not_found")


def test_an_editor_may_only_give_an_upload_groups_of_their_own(env):
    client, as_ = env
    files = {"files": ("new.exe", b"MZ")}  # 415 once past the checks: no job starts
    refused = client.post("/api/documents", files=files, data={"groups": "国際課"}, headers=as_["editor"])
    assert_error(refused, 403, "forbidden")
    assert_error(client.post("/api/documents", files=files, data={"groups": "総務 課"}, headers=as_["editor"]), 400)
    assert client.post("/api/documents", files=files, data={"groups": ""}, headers=as_["editor"]).status_code == 415
