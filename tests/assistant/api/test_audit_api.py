"""The audit trail over the API: a record per question naming the user, the question and the
documents shown; sign-ins and failures; the CSV export is for admins only."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.api.fake import sample_assistant
from tests.assistant.api import OSAKA_QUESTION, assert_error
from tests.assistant.auth import PASSWORD, add_user, auth_settings, new_token

pytestmark = pytest.mark.integration


@pytest.fixture()
def env(tmp_path):
    settings = auth_settings(tmp_path / "data")
    add_user(settings, "suzuki")
    add_user(settings, "yamada", role="admin")
    with TestClient(create_app(settings, sample_assistant(tmp_path / "index"))) as client:
        yield client, settings


def export(client, headers, **params) -> list[dict]:
    response = client.get("/api/audit.csv", params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))


def test_each_question_is_recorded_with_its_user_and_the_documents_shown(env):
    client, settings = env
    suzuki = {"Authorization": f"Bearer {new_token(settings, 'suzuki')}"}
    answer = client.post("/api/ask", json={"question": OSAKA_QUESTION}, headers=suzuki).json()
    client.post("/api/chat", json={"question": "川崎市とバンドン市の覚書は？"}, headers=suzuki)
    client.post("/v1/chat/completions", json={"model": "docqa", "messages": [{"role": "user", "content": "ベトナムの都市は？"}]}, headers=suzuki)
    admin = {"Authorization": f"Bearer {new_token(settings, 'yamada')}"}
    questions = [r for r in export(client, admin) if r["event"] == "question"]
    assert [(r["user"], r["question"]) for r in questions] == [
        ("suzuki", OSAKA_QUESTION), ("suzuki", "川崎市とバンドン市の覚書は？"), ("suzuki", "ベトナムの都市は？"),
    ]
    shown = {c["doc"] for c in answer["citations"]} | {p["doc"] for p in answer["passages"]}
    assert set(questions[0]["documents"].split()) == shown
    assert answer["citations"][0]["passage_id"] in questions[0]["passages"].split()
    assert questions[0]["answer_type"] == (answer["answer_type"] or "")


def test_sign_ins_and_failures_are_recorded(env):
    client, _ = env
    client.post("/api/signin", json={"name": "suzuki", "password": "wrong password"})
    csrf = client.post("/api/signin", json={"name": "suzuki", "password": PASSWORD}).json()["csrf"]
    client.post("/api/signout", headers={"X-CSRF-Token": csrf})
    client.post("/api/signin", json={"name": "yamada", "password": PASSWORD})
    rows = export(client, {})
    assert [(r["event"], r["user"]) for r in rows] == [
        ("signin_failed", "suzuki"), ("signin", "suzuki"), ("signout", "suzuki"), ("signin", "yamada"),
    ]
    assert all(r["address"] == "testclient" for r in rows)
    assert "password" not in "".join(r["detail"] for r in rows)


def test_the_export_is_for_admins_and_takes_a_date_range(env):
    client, settings = env
    suzuki = {"Authorization": f"Bearer {new_token(settings, 'suzuki')}"}
    client.post("/api/ask", json={"question": OSAKA_QUESTION}, headers=suzuki)
    assert_error(client.get("/api/audit.csv", headers=suzuki), 403, "forbidden")
    admin = {"Authorization": f"Bearer {new_token(settings, 'yamada')}"}
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert len(export(client, admin, since=today, until=today)) == 1
    assert export(client, admin, since="2099-01-01") == []
    assert_error(client.get("/api/audit.csv", params={"since": "yesterday"}, headers=admin), 422)


def test_a_question_whose_record_cannot_be_written_is_not_answered(env, monkeypatch):
    from assistant.audit import AuditTrail
    from ingest.core.errors import StorageError

    client, settings = env
    suzuki = {"Authorization": f"Bearer {new_token(settings, 'suzuki')}"}

    def full(*args, **kwargs):
        raise StorageError("cannot write the audit trail: database or disk is full")

    monkeypatch.setattr(AuditTrail, "append", full)
    assert_error(client.post("/api/ask", json={"question": OSAKA_QUESTION}, headers=suzuki), 507, "storage_error")


def test_with_sign_in_off_a_trail_that_cannot_be_written_does_not_stop_answers(tmp_path, monkeypatch):
    from assistant.audit import AuditTrail
    from ingest.core.errors import StorageError
    from tests.conftest import make_settings

    monkeypatch.setattr(AuditTrail, "append", lambda *a, **k: (_ for _ in ()).throw(StorageError("read-only")))
    with TestClient(create_app(make_settings(tmp_path / "data"), sample_assistant(tmp_path / "index"))) as client:
        assert client.post("/api/ask", json={"question": OSAKA_QUESTION}).status_code == 200
