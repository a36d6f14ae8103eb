"""Markup in documents, questions and answers reaches clients only as JSON or event-stream data,
never as HTML; no error echoes its input; the event stream cannot be forged from inside a text."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from tests.assistant.api import AUTH, TOKEN, assert_error, assert_route_error, parse_sse
from tests.assistant.security.conftest import EVIL_IMG, EVIL_SCRIPT

pytestmark = pytest.mark.integration

PAYLOADS = [
    EVIL_SCRIPT,
    EVIL_IMG,
    '"><svg onload=alert(7)>',
    "javascript:alert(8)",
    "</script><script>alert(9)</script>",
    "\n\nevent: final\ndata: {\"answer\": \"forged\"}\n\n",
]
SAFE_TYPES = ("application/json", "text/event-stream", "text/csv", "application/vnd.openxmlformats-officedocument.")


@pytest.fixture(scope="module")
def client(hostile_settings, hostile_assistant):
    settings = hostile_settings.model_copy(update={"api_token": TOKEN})
    with TestClient(create_app(settings, hostile_assistant)) as client:
        yield client


def assert_inert(response) -> None:
    """A data content type, sniffing off, scripts refused by the page policy."""
    content_type = response.headers["content-type"]
    assert content_type.startswith(SAFE_TYPES), (response.request.url, content_type)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in response.headers["content-security-policy"]


def requests_with(payload: str) -> list[tuple[str, str, dict | None]]:
    """(method, url, json body) of every API operation, the payload in every free-text field."""
    turn = [{"role": "user", "content": payload}, {"role": "assistant", "content": payload}]
    return [
        ("POST", "/api/ask", {"question": f"D市の申込みは？ {payload}", "history": turn}),
        ("POST", "/api/chat", {"question": f"D市の申込みは？ {payload}", "history": turn}),
        ("POST", "/api/ask", {"question": payload, "filters": {"publisher": payload, "documents": [payload]}}),
        ("POST", "/v1/chat/completions",
         {"model": "docqa", "messages": [*turn, {"role": "user", "content": f"D市 {payload}"}]}),
        ("POST", "/v1/chat/completions",
         {"model": "docqa", "stream": True, "messages": [{"role": "user", "content": f"D市 {payload}"}]}),
        ("POST", "/v1/chat/completions", {"model": payload, "messages": [{"role": "user", "content": "D市"}]}),
        ("POST", "/api/feedback", {"rating": "bad", "comment": payload, "question": payload, "answer": payload,
                                   "citations": [{"doc": payload, "text": payload}]}),
        ("GET", "/api/feedback", None),
        ("GET", f"/api/documents/{quote(payload, safe='')}", None),
        ("GET", f"/api/passages/{quote(payload, safe='')}", None),
        ("POST", "/api/passages/missing", {"passage_ids": [payload, "d-city-links.md#x"]}),
        ("GET", f"/api/documents/d-city-links.md?start={quote(payload)}&end=3", None),
        ("GET", f"/nope/{quote(payload, safe='')}", None),
        ("GET", "/api/documents", None),
        ("GET", f"/api/facts?subject={quote(payload)}&partner={quote(payload)}&doc={quote(payload)}", None),
        ("GET", f"/api/facts?relation={quote(payload)}", None),
        ("GET", f"/api/facts.csv?subject={quote(payload)}", None),
        ("GET", f"/api/facts.xlsx?partner={quote(payload)}", None),
        ("GET", f"/api/documents/d-city-links.md?start=0&end=40&quote={quote(payload)}", None),
        ("POST", "/api/draft", {"question": payload, "answer": f"{payload} [1]", "citations": [
            {"n": 1, "doc": payload, "title": payload, "passage_id": payload, "text": payload, "start": 0, "end": 1,
             "section": payload, "publisher": payload, "published": payload}]}),
        ("POST", "/api/draft.docx", {"question": payload, "answer": f"{payload} [1]", "citations": [
            {"n": 1, "doc": payload, "title": payload, "passage_id": payload, "text": payload, "start": 0, "end": 1}]}),
        ("GET", "/v1/models", None),
        ("GET", f"/v1/models/{quote(payload, safe='')}", None),
        ("GET", "/health", None),
        # Changing documents: a JSON body is no upload (422), and no document has the payload's name (404).
        ("POST", "/api/documents", {"title": payload, "series": payload}),
        ("PUT", f"/api/documents/{quote(payload, safe='')}", {"title": payload}),
        ("DELETE", f"/api/documents/{quote(payload, safe='')}", None),
        ("GET", "/api/jobs", None),
        ("GET", f"/api/jobs/{quote(payload, safe='')}", None),
        ("POST", "/api/signin", {"name": payload, "password": payload}),
        ("POST", "/api/signout", None),
        ("GET", "/api/me", None),
        ("GET", f"/api/audit.csv?since={quote(payload)}", None),
        ("GET", "/api/audit.csv", None),
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_operation_answers_markup_as_data(client, payload):
    for method, url, body in requests_with(payload):
        response = client.request(method, url, json=body, headers=AUTH)
        assert response.status_code < 500, (method, url, response.text)
        assert_inert(response)
        if response.status_code >= 400:
            # Errors name the field, never repeat what was sent.
            error = assert_route_error(url, response, response.status_code)
            assert payload.strip() not in error["message"], (method, url)
            assert "<" not in error["message"] or "<" not in payload, (method, url, error)


def test_every_route_of_the_schema_is_covered(client):
    covered = {(m, u.split("?")[0]) for m, u, _ in requests_with("x")}
    paths = client.get("/openapi.json", headers=AUTH).json()["paths"]
    for path, operations in paths.items():
        for method in operations:
            prefix = path.split("{")[0]
            assert any(m == method.upper() and (u == path or (prefix != path and u.startswith(prefix)))
                       for m, u in covered), (method, path)


def test_an_unknown_field_named_with_markup_is_named_in_json_only(client):
    """A 422 names the offending field (by design), so the name comes back, but only as JSON."""
    response = client.post("/api/ask", json={"question": "q", EVIL_SCRIPT: "x"}, headers=AUTH)
    error = assert_error(response, 422, "invalid_request")
    assert_inert(response)
    assert "Extra inputs" in error["message"] and '"x"' not in error["message"]


def test_markup_in_a_document_comes_back_as_a_json_string(client):
    response = client.post("/api/ask", json={"question": "D市の環境教育講座には何名が参加しましたか？"}, headers=AUTH)
    assert_inert(response)
    body = response.json()
    passage = next(p for p in body["passages"] if p["doc"] == "d-city-links.md")
    assert EVIL_IMG in passage["text"] and EVIL_SCRIPT in passage["text"]
    doc = client.get("/api/documents/d-city-links.md?start=0&end=10", headers=AUTH)
    assert_inert(doc)
    assert EVIL_SCRIPT in doc.json()["text"]


def test_the_event_stream_cannot_be_forged_from_a_question_or_a_document(client):
    forged = PAYLOADS[-1]
    response = client.post("/api/chat", json={"question": f"D市の申込みは？{forged}"}, headers=AUTH)
    assert_inert(response)
    events = parse_sse(response.text)
    names = [name for name, _ in events]
    assert names.count("final") == 1 and names[-1] == "final"
    assert set(names) <= {"delta", "final"}
    final = events[-1][1]
    assert final["question"].endswith(forged) and final["answer"] != "forged"
    assert "".join(data["text"] for name, data in events if name == "delta") == final["answer"]


def test_the_openai_stream_cannot_be_forged(client):
    forged = PAYLOADS[-1]
    body = {"model": "docqa", "stream": True, "messages": [{"role": "user", "content": f"D市の申込みは？{forged}"}]}
    response = client.post("/v1/chat/completions", json=body, headers=AUTH)
    assert_inert(response)
    events = parse_sse(response.text)
    assert {name for name, _ in events} == {"message"}
    assert events[-1][1] == "[DONE]"
    for _, data in events[:-1]:
        assert data["object"] == "chat.completion.chunk"


def test_the_only_html_is_the_static_page_and_it_ignores_the_query(client):
    page = client.get("/")
    assert page.headers["content-type"].startswith("text/html")
    evil = client.get(f"/?q={quote(EVIL_SCRIPT)}&{quote(EVIL_IMG)}=1")
    assert evil.content == page.content and EVIL_SCRIPT not in evil.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]


def test_feedback_export_returns_stored_markup_as_data(client):
    marker = f"{EVIL_SCRIPT}-export"
    client.post("/api/feedback", json={"rating": "good", "comment": marker, "question": "q", "answer": "a"},
                headers=AUTH)
    response = client.get("/api/feedback", headers=AUTH)
    assert_inert(response)
    assert marker in [f["comment"] for f in response.json()]
    assert json.dumps(marker) in response.text  # a JSON string, quotes and all
