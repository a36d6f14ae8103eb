"""Feedback: the HTTP round trip and the SQLite store's one writer."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from assistant.api.feedback_store import FeedbackStore
from ingest.index.store import DataDir
from tests.assistant.api import AUTH, OSAKA_QUESTION, assert_error, make_app

pytestmark = pytest.mark.integration


@pytest.fixture()
def client(tmp_path):
    with TestClient(make_app(tmp_path)) as client:
        yield client


def test_feedback_round_trip(client, tmp_path):
    answer = client.post("/api/ask", json={"question": OSAKA_QUESTION}, headers=AUTH).json()
    body = {
        "rating": "bad",
        "comment": "ケソン市の締結年も知りたい",
        "question": answer["question"],
        "answer": answer["answer"],
        "citations": answer["citations"],
    }
    created = client.post("/api/feedback", json=body, headers=AUTH)
    assert created.status_code == 201
    feedback_id = created.json()["id"]
    client.post(
        "/api/feedback", json={"rating": "good", "question": "q", "answer": "a"}, headers=AUTH
    )

    exported = client.get("/api/feedback", headers=AUTH).json()
    assert [r["rating"] for r in exported] == ["good", "bad"]
    record = exported[1]
    assert record["id"] == feedback_id and record["comment"] == body["comment"]
    assert record["question"] == OSAKA_QUESTION and record["answer"] == answer["answer"]
    assert [c["passage_id"] for c in record["citations"]] == [
        c["passage_id"] for c in answer["citations"]
    ]
    assert record["created"].endswith("Z")
    assert DataDir(tmp_path / "data").feedback_db.exists()
    assert client.get("/api/feedback?limit=1", headers=AUTH).json()[0]["rating"] == "good"


@pytest.mark.parametrize(
    "body",
    [
        {"rating": "meh", "question": "q", "answer": "a"},
        {"rating": "good", "question": "q", "answer": "a", "comment": "x" * 2001},
        {"rating": "good", "answer": "a"},
        {"rating": "good", "question": "q", "answer": "a", "citations": [{"title": "t" * 501}]},
    ],
)
def test_invalid_feedback_is_422(client, body):
    assert_error(client.post("/api/feedback", json=body, headers=AUTH), 422, "invalid_request")


def test_concurrent_writes_all_land(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite")

    def write(worker: int) -> None:
        for i in range(25):
            store.add(rating="good", question=f"{worker}-{i}", answer="a")

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = store.list(limit=1000)
    store.close()
    assert len(rows) == 200 and len({r["question"] for r in rows}) == 200


def test_an_offset_too_large_for_sqlite_is_422_not_500(client):
    """Found by schemathesis: ?offset=10**36 raised OverflowError in the SQLite query."""
    response = client.get(f"/api/feedback?offset={10**36}", headers=AUTH)
    assert assert_error(response, 422, "invalid_request")["message"].startswith("offset:")
    assert client.get(f"/api/feedback?offset={2**63 - 1}", headers=AUTH).json() == []
