"""The OpenAPI document against the responses the server really sends, issue 15's included.

Bug shown here: after issue 15 the server answers 400 for an untrusted ``Host`` on every
path (in docqa's shape even under ``/v1``), 408 for a request that does not arrive in time,
503 beyond the connection limit, 429 with ``Retry-After`` for too many ratings and 507 for a
full feedback database; the document listed none of these, and declared a 503 "index missing"
on routes that read no index (feedback, models; drafts too, until issue 18 had them check the index).
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from fastapi.testclient import TestClient

from assistant.api.server import OVERLOADED, TIMED_OUT
from tests.assistant.api import AUTH, make_app

pytestmark = pytest.mark.integration

RATING = {"rating": "good", "question": "q", "answer": "a"}


def operations(document: dict) -> list[tuple[str, str]]:
    return [(path, method) for path, ops in document["paths"].items() for method in ops]


def assert_documented(
    document: dict, path: str, method: str, status: int, body: object, headers=None
) -> dict:
    """``body`` and the required headers are what the document says ``method path`` answers
    with ``status``."""
    responses = document["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path}: {status} is not documented"
    documented = responses[str(status)]
    schema = documented["content"]["application/json"]["schema"]
    jsonschema.validate(body, {"allOf": [schema], "components": document["components"]})
    for name, header in documented.get("headers", {}).items():
        if header.get("required"):
            assert name.lower() in {h.lower() for h in (headers or {})}, f"{status} without {name}"
    return documented


def raw_body(response: bytes) -> tuple[dict, dict]:
    """The JSON body and the headers of a response the server writes before any route."""
    head, body = response.split(b"\r\n\r\n", 1)
    lines = head.decode("ascii").split("\r\n")[1:]
    return json.loads(body), dict(line.split(": ", 1) for line in lines)


@pytest.fixture()
def client(tmp_path):
    with TestClient(make_app(tmp_path, feedback_per_minute=2, feedback_max_db_mb=1)) as client:
        yield client


@pytest.fixture()
def document(client) -> dict:
    return client.get("/openapi.json", headers=AUTH).json()


def test_an_untrusted_host_is_documented_on_every_operation_in_its_real_shape(client, document):
    for path, method in operations(document):
        concrete = path.replace("{doc}", "x").replace("{passage_id}", "x").replace("{model}", "docqa")
        headers = {**AUTH, "Host": "attacker.example"}
        response = client.request(method, concrete, headers=headers, json={})
        assert response.status_code == 400, (method, path)
        assert_documented(document, path, method, 400, response.json())


def test_the_responses_sent_before_any_route_are_documented_on_every_operation(document):
    for raw, status in ((TIMED_OUT, 408), (OVERLOADED, 503)):
        body, headers = raw_body(raw)
        for path, method in operations(document):
            documented = assert_documented(document, path, method, status, body, headers)
            if status == 503:
                assert "Retry-After" in documented["headers"]
                assert "DOCQA_MAX_CONNECTIONS" in documented["description"]


def test_too_many_ratings_are_documented_with_retry_after(client, document):
    for _ in range(2):
        assert client.post("/api/feedback", json=RATING, headers=AUTH).status_code == 201
    refused = client.post("/api/feedback", json=RATING, headers=AUTH)
    assert refused.status_code == 429
    assert_documented(document, "/api/feedback", "post", 429, refused.json(), refused.headers)
    limited = document["paths"]["/api/feedback"]["post"]["responses"]["429"]
    assert limited["headers"]["Retry-After"]["required"]


def test_a_full_feedback_database_is_documented(tmp_path):
    with TestClient(make_app(tmp_path, feedback_max_db_mb=1, feedback_per_minute=100_000)) as client:
        document = client.get("/openapi.json", headers=AUTH).json()
        body = {**RATING, "answer": "a" * 45_000}
        for _ in range(40):
            full = client.post("/api/feedback", json=body, headers=AUTH)
            if full.status_code == 507:
                break
    assert full.status_code == 507
    assert_documented(document, "/api/feedback", "post", 507, full.json())
    assert "507" in document["paths"]["/api/feedback"]["get"]["responses"]


def test_statuses_are_documented_only_where_the_route_can_send_them(document):
    paths = document["paths"]
    assert not {"429", "507"} & set(paths["/api/ask"]["post"]["responses"])
    # Rating and the model list read no index: their only 503 is the connection limit.
    for path, method in (("/api/feedback", "post"), ("/v1/models", "get")):
        assert "index" not in paths[path][method]["responses"]["503"]["description"]
    assert "index" in paths["/api/ask"]["post"]["responses"]["503"]["description"]


def test_an_index_error_under_v1_matches_the_documented_503(tmp_path):
    from assistant.api.fake import sample_assistant
    from ingest.core.errors import IndexNotFoundError

    assistant = sample_assistant(tmp_path / "index")
    assistant.error = IndexNotFoundError("no index yet: run `docqa ingest`")
    with TestClient(make_app(tmp_path, assistant)) as client:
        document = client.get("/openapi.json", headers=AUTH).json()
        question = {"model": "docqa", "messages": [{"role": "user", "content": "q"}]}
        response = client.post("/v1/chat/completions", json=question, headers=AUTH)
    assert response.status_code == 503
    assert_documented(document, "/v1/chat/completions", "post", 503, response.json())


def test_the_span_parameters_say_they_come_in_pairs(client, document):
    operation = document["paths"]["/api/documents/{doc}"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    pairs = {"start": "end", "end": "start", "quote_start": "quote_end", "quote_end": "quote_start"}
    for name, partner in pairs.items():
        assert f"together with `{partner}`" in parameters[name]["description"]
    alone = client.get("/api/documents/x", params={"start": 0}, headers=AUTH)
    assert alone.status_code == 422
    assert "start and end must be given together" in alone.json()["error"]["message"]


def test_a_stream_matches_what_the_document_says_of_each_event(tmp_path):
    """Before: the event-stream schema was the chunk itself, so schemathesis (which reads an
    OpenAPI 3.1 event-stream schema as one event, ``{"data", "event", …}``) failed every
    streamed reply; it reached one in 7,804 cases."""
    import schemathesis
    from schemathesis.python import asgi
    from schemathesis.specs.openapi.checks import response_schema_conformance

    app = make_app(tmp_path)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=AUTH)
    try:
        operation = schema["/v1/chat/completions"]["POST"]
        question = {"role": "user", "content": "大阪市はどの都市と覚書を締結していますか？"}
        for extra in ({}, {"stream_options": {"include_usage": True}}):
            body = {"model": "docqa", "stream": True, "messages": [question], **extra}
            case = operation.Case(body=body, headers=AUTH, media_type="application/json")
            response = case.call()
            assert response.status_code == 200 and "[DONE]" in response.text
            case.validate_response(response, checks=[response_schema_conformance])
    finally:
        asgi.shutdown_lifespans()


def test_document_changes_are_documented_as_sent(client, document):
    """Before (issue 17 on main): 404, 409 and 415 undocumented; PUT and DELETE of a name with a
    newline were 405 (their ``{doc:path}`` stops at a newline, GET's ``{doc:anypath}`` does not)."""
    name = client.get("/api/documents", headers=AUTH).json()[0]["doc"]
    exe = {"files": ("tool.exe", b"MZ\x90\x00", "application/octet-stream")}
    sent = [
        ("post", "/api/documents", client.post("/api/documents", files=exe, headers=AUTH), 415),
        ("delete", "/api/documents/{doc}", client.delete(f"/api/documents/{name}", headers=AUTH), 409),
        ("delete", "/api/documents/{doc}", client.delete("/api/documents/a%0Ab.txt", headers=AUTH), 404),
        ("put", "/api/documents/{doc}",
         client.put("/api/documents/a%0Ab.txt", files={"file": ("a.txt", b"x")}, headers=AUTH), 404),
        ("get", "/api/jobs/{job_id}", client.get("/api/jobs/nope", headers=AUTH), 404),
    ]
    for method, path, response, status in sent:
        assert response.status_code == status, (method, path, response.text)
        assert_documented(document, path, method, status, response.json())


def test_sign_in_answers_are_documented_as_sent(tmp_path):
    """Before (issue 18 on main): 401 and 403 were documented only with a token, the sign-in's
    own 401, 404 and 429 not at all."""
    from assistant.api import create_app
    from assistant.api.fake import sample_assistant
    from tests.assistant.auth import PASSWORD, add_user, auth_settings, new_token

    settings = auth_settings(tmp_path / "data", signin_max_failures=2)
    add_user(settings, "reader")
    add_user(settings, "bob")
    reader = {"Authorization": f"Bearer {new_token(settings, 'reader')}"}
    with TestClient(create_app(settings, sample_assistant(tmp_path / "index"))) as client:
        document = client.get("/openapi.json", headers=reader).json()
        assert client.post("/api/signin", json={"name": "bob", "password": PASSWORD}).status_code == 200
        question = {"model": "docqa", "messages": [{"role": "user", "content": "q"}]}
        sent = [
            ("get", "/api/documents", TestClient(client.app).get("/api/documents"), 401, {}),
            ("post", "/v1/chat/completions", TestClient(client.app).post("/v1/chat/completions", json=question), 401, {}),
            ("delete", "/api/documents/{doc}", client.delete("/api/documents/x.txt", headers=reader), 403, {}),
            ("post", "/api/feedback", client.post("/api/feedback", json=RATING), 403, {}),  # the session, no CSRF
            ("post", "/api/signin", client.post("/api/signin", json={"name": "reader", "password": "wrong"}), 401, {}),
        ]
        client.post("/api/signin", json={"name": "reader", "password": "wrong"})
        locked = client.post("/api/signin", json={"name": "reader", "password": "wrong"})
        sent.append(("post", "/api/signin", locked, 429, locked.headers))
    for method, path, response, status, headers in sent:
        assert response.status_code == status, (method, path, response.text)
        assert_documented(document, path, method, status, response.json(), headers)
    with TestClient(make_app(tmp_path / "off")) as off:
        refused = off.post("/api/signin", json={"name": "a", "password": "b"})
        assert refused.status_code == 404
        assert_documented(off.get("/openapi.json", headers=AUTH).json(), "/api/signin", "post", 404, refused.json())
