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


# Bounds (issue 15, defect 4): 8 local clients wrote 18,373 rows of 61 KB in 60 s (1.1 GB of
# SQLite) with no refusal, and one export took the server from 485 MB to 2.5 GB of memory.

RATING = {"rating": "good", "question": "q", "answer": "a"}


def test_the_comment_length_is_a_setting(tmp_path):
    with TestClient(make_app(tmp_path, feedback_max_comment_chars=10)) as client:
        too_long = client.post("/api/feedback", json={**RATING, "comment": "x" * 11}, headers=AUTH)
        assert assert_error(too_long, 422, "invalid_request")["message"].startswith("comment:")
        assert client.post("/api/feedback", json={**RATING, "comment": "x" * 10}, headers=AUTH).status_code == 201


def test_ratings_are_limited_per_client(tmp_path):
    with TestClient(make_app(tmp_path, feedback_per_minute=3)) as client:
        statuses = [client.post("/api/feedback", json=RATING, headers=AUTH).status_code for _ in range(3)]
        refused = client.post("/api/feedback", json=RATING, headers=AUTH)
    assert statuses == [201] * 3
    assert assert_error(refused, 429, "rate_limited")["message"].startswith("more than 3 ratings a minute")
    assert 1 <= int(refused.headers["retry-after"]) <= 60


def test_the_rate_window_slides():
    from assistant.api.ratelimit import RateLimiter

    now = [0.0]
    limiter = RateLimiter(2, max_clients=2, clock=lambda: now[0])
    assert [limiter.hit("a"), limiter.hit("a"), limiter.hit("b")] == [0, 0, 0]
    assert limiter.hit("a") == 60
    now[0] = 30.0
    assert limiter.hit("c") == 0  # the least recently seen client ("a") is forgotten
    assert len(limiter._hits) == 2
    now[0] = 61.0
    assert limiter.hit("b") == 0


def test_a_full_database_refuses_new_ratings_with_507(tmp_path):
    with TestClient(make_app(tmp_path, feedback_max_db_mb=1, feedback_per_minute=100_000)) as client:
        body = {**RATING, "answer": "a" * 45_000}  # 45 KB a row, under the body and answer limits
        statuses = [client.post("/api/feedback", json=body, headers=AUTH).status_code for _ in range(40)]
        full = client.post("/api/feedback", json=body, headers=AUTH)
        assert 201 in statuses and statuses[-1] == 507
        assert assert_error(full, 507, "feedback_full")["message"].startswith("the feedback database is full (1 MB")
        assert len(client.get("/api/feedback", headers=AUTH).json()) == statuses.count(201)
    assert DataDir(tmp_path / "data").feedback_db.stat().st_size <= 2**20


def test_the_export_is_streamed_not_held(tmp_path):
    import tracemalloc

    from assistant.api.routes.feedback import json_array

    store = FeedbackStore(tmp_path / "fb.sqlite")
    for i in range(400):
        store.add(rating="bad", question=f"q{i}", answer="回答" * 10_000)  # 400 rows of 60 KB: 24 MB
    tracemalloc.start()
    size = sum(len(part) for part in json_array(store.rows(limit=10_000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    store.close()
    assert size > 20 * 2**20 and peak < 6 * 2**20
