"""The app as a whole: the token, the one error shape, limits, security headers, CORS."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import CONTENT_SECURITY_POLICY, describe_validation
from assistant.api.fake import sample_assistant
from ingest.core.errors import IndexNotFoundError
from tests.assistant.api import AUTH, OSAKA_QUESTION, assert_error, assert_route_error, make_app

pytestmark = pytest.mark.integration


@pytest.fixture()
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture()
def client(app):
    with TestClient(app) as client:
        yield client


def test_health_is_open_and_reports_the_version(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == "0.1.0"
    assert body["index"]["documents"] == 2


def protected_routes(app):
    """Every (method, path) in the OpenAPI schema but /health and sign-in, plus the schema itself."""
    yield "GET", "/openapi.json"
    for path, operations in app.openapi()["paths"].items():
        if path not in ("/health", "/api/signin"):
            for method in operations:
                yield method.upper(), path.replace("{doc}", "x").replace("{passage_id}", "x").replace("{model}", "docqa")


def test_every_route_but_health_and_the_ui_needs_the_token(app, client):
    routes = list(protected_routes(app))
    assert ("POST", "/api/ask") in routes and ("POST", "/v1/chat/completions") in routes
    assert len(routes) >= 10
    for method, path in routes:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdA=="}):
            response = client.request(method, path, headers=headers, json={})
            assert_route_error(path, response, 401, "unauthorized")
            assert response.headers["www-authenticate"].startswith("Bearer")


def test_the_token_lets_requests_through(client):
    assert client.get("/api/documents", headers=AUTH).status_code == 200
    assert (
        client.post("/api/ask", json={"question": OSAKA_QUESTION}, headers=AUTH).status_code == 200
    )


def test_no_token_configured_means_open(tmp_path):
    with TestClient(make_app(tmp_path, api_token=None)) as client:
        assert client.get("/api/documents").status_code == 200


def test_ui_is_served_without_token(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/app.js"' in page.text
    script = client.get("/static/app.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert_error(client.get("/static/secret.py"), 404, "not_found")
    assert_error(client.get("/static/..%2F..%2Fapi%2Fapp.py"), 404, "not_found")


def test_ui_has_no_inline_code(client):
    html = client.get("/").text
    assert "<script>" not in html and " style=" not in html and "onclick" not in html.lower()
    assert "innerHTML" not in client.get("/static/app.js").text


def test_404_and_405_use_the_error_shape(client):
    assert_error(client.get("/nope", headers=AUTH), 404, "not_found")
    response = client.put("/api/ask", headers=AUTH)
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["allow"]


def test_422_names_the_field_and_echoes_no_input(client):
    error = assert_error(
        client.post("/api/ask", json={"history": []}, headers=AUTH), 422, "invalid_request"
    )
    assert error["message"].startswith("question:")
    error = assert_error(client.post("/api/ask", json={"question": "q", "k": 0}, headers=AUTH), 422)
    assert error["message"].startswith("k:")
    secret = "<script>x" * 3
    error = assert_error(
        client.post("/api/ask", json={"question": "q", "bogus": secret}, headers=AUTH), 422
    )
    assert "bogus" in error["message"] and secret not in error["message"]
    assert_error(
        client.post(
            "/api/ask", content=b"{not json", headers={**AUTH, "content-type": "application/json"}
        ),
        422,
    )


def test_413_for_large_bodies_with_and_without_content_length(client):
    big = {"question": "q", "history": [{"role": "user", "content": "あ" * 15_000}] * 2}
    assert_error(client.post("/api/ask", json=big, headers=AUTH), 413, "payload_too_large")

    def chunks():
        yield b'{"question": "'
        for _ in range(70):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(
        "/api/ask", content=chunks(), headers={**AUTH, "content-type": "application/json"}
    )
    assert_error(response, 413, "payload_too_large")


def test_body_limit_is_a_setting(tmp_path):
    with TestClient(make_app(tmp_path, max_body_bytes=2048)) as client:
        body = {"question": "あ" * 900}
        assert_error(client.post("/api/ask", json=body, headers=AUTH), 413)


def test_500_hides_the_error(tmp_path):
    assistant = sample_assistant(tmp_path / "index")
    assistant.error = RuntimeError("/secret/path exploded")
    app = make_app(tmp_path, assistant)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/ask", json={"question": "q"}, headers=AUTH)
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in response.text
    assert error["message"] == "internal server error"
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_docqa_errors_keep_their_code(tmp_path):
    assistant = sample_assistant(tmp_path / "index")
    assistant.error = IndexNotFoundError("no index; run `docqa ingest` first")
    with TestClient(make_app(tmp_path, assistant)) as client:
        response = client.post("/api/ask", json={"question": "q"}, headers=AUTH)
    assert assert_error(response, 503, "index_not_found")["message"].startswith("no index")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/health"),
        ("GET", "/nope"),
        ("POST", "/api/ask"),
        ("GET", "/api/documents"),
    ],
)
def test_security_headers_on_every_response(client, method, path):
    response = client.request(method, path, json={})
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert (
        "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
        and "script-src 'self'" in CONTENT_SECURITY_POLICY
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_cors_is_off_unless_configured(tmp_path, client):
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    assert (
        "access-control-allow-origin" not in client.options("/api/ask", headers=preflight).headers
    )
    with TestClient(make_app(tmp_path, cors_origins=["https://city.example"])) as cors:
        allowed = cors.options("/api/ask", headers={**preflight, "Origin": "https://city.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://city.example"
        assert (
            "access-control-allow-origin" not in cors.options("/api/ask", headers=preflight).headers
        )


def test_openapi_needs_the_token_and_docs_pages_are_off(client):
    assert client.get("/openapi.json", headers=AUTH).json()["info"]["title"] == "docqa"
    assert_error(client.get("/docs"), 404)


@pytest.mark.unit
def test_describe_validation_lists_fields_without_values():
    from fastapi.exceptions import RequestValidationError

    exc = RequestValidationError(
        [{"loc": ("body", "history", 3, "role"), "msg": "Input should be 'user'", "input": "evil"}]
    )
    assert describe_validation(exc) == "history.3.role: Input should be 'user'"


def test_openapi_declares_security_only_with_a_token(tmp_path, client):
    secured = client.get("/openapi.json", headers=AUTH).json()
    assert secured["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    ask = secured["paths"]["/api/ask"]["post"]
    assert ask["security"] and "401" in ask["responses"]
    assert "security" not in secured["paths"]["/health"]["get"]
    with TestClient(make_app(tmp_path, api_token=None)) as open_client:
        plain = open_client.get("/openapi.json").json()
    assert "securitySchemes" not in plain.get("components", {})
    for path, operations in plain["paths"].items():
        for operation in operations.values():
            assert "security" not in operation
            # Only sign-in says 401 of its own (a wrong password, with DOCQA_AUTH=local).
            assert "401" not in operation["responses"] or path == "/api/signin"


def test_openapi_documents_each_error_in_its_real_shape(client):
    schema = client.get("/openapi.json", headers=AUTH).json()
    schemas = schema["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert set(schemas["ErrorBody"]["properties"]["error"]["$ref"].split("/")[-1:]) == {"ErrorDetail"}

    def ref(path, method, status):
        return schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]["$ref"]

    assert ref("/api/ask", "post", "422").endswith("/ErrorBody")
    assert {"400", "401", "413", "422", "503"} <= set(schema["paths"]["/api/ask"]["post"]["responses"])
    assert ref("/api/documents/{doc}", "get", "404").endswith("/ErrorBody")
    chat = schema["paths"]["/v1/chat/completions"]["post"]["responses"]
    assert "422" not in chat and ref("/v1/chat/completions", "post", "400").endswith("/OpenAIErrorBody")
    assert ref("/v1/models/{model}", "get", "404").endswith("/OpenAIErrorBody")
    data = chat["200"]["content"]["text/event-stream"]["schema"]["properties"]["data"]["anyOf"]
    chunk = next(d["contentSchema"]["$ref"] for d in data if "contentSchema" in d)
    assert schemas[chunk.split("/")[-1]]["properties"]["object"]["const"] == "chat.completion.chunk"


def test_openapi_shows_the_configured_limits(tmp_path):
    with TestClient(make_app(tmp_path, max_history_turns=7, max_question_chars=300)) as client:
        ask = client.get("/openapi.json", headers=AUTH).json()["components"]["schemas"]["AskRequest"]
    assert ask["properties"]["history"]["maxItems"] == 7 and ask["properties"]["question"]["maxLength"] == 300


def test_405_names_every_method_of_the_path(client):
    response = client.options("/api/feedback", headers=AUTH)
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, POST"


def test_openapi_relation_is_an_enum_the_server_keeps(client):
    from ingest.facts import RELATIONS, relation_named, relation_spellings

    params = client.get("/openapi.json", headers=AUTH).json()["paths"]["/api/facts"]["get"]["parameters"]
    relation = next(p for p in params if p["name"] == "relation")
    enum = relation["schema"]["enum"]
    assert enum == ["", *relation_spellings()] and set(RELATIONS) <= set(enum) and "MOU" in enum
    assert all(relation_named(spelling) for spelling in enum[1:])
    assert client.get("/api/facts", params={"relation": "MOU"}, headers=AUTH).status_code == 200
    # Empty is no filter, as for the other names (schemathesis: "" was taken but not in the enum).
    everything = client.get("/api/facts", headers=AUTH).json()
    assert client.get("/api/facts", params={"relation": ""}, headers=AUTH).json() == everything
    assert_error(client.get("/api/facts", params={"relation": "mou"}, headers=AUTH), 422, "invalid_request")


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/facts", "doc=a&doc=b"),
        ("/api/feedback", "limit=1&limit=2"),
        ("/api/documents/x", "start=0&end=1&end=2"),
    ],
)
def test_a_query_parameter_given_twice_is_refused(client, path, query):
    """Before: the last value won, silently (schemathesis: a scalar parameter sent as a list)."""
    refused = client.get(f"{path}?{query}", headers=AUTH)
    name = query.split("&")[-1].split("=")[0]
    assert assert_error(refused, 422, "invalid_request")["message"] == f"{name}: given more than once"


def test_a_query_parameter_given_twice_is_400_under_v1(client):
    from tests.assistant.api import assert_openai_error

    assert_openai_error(client.get("/v1/models?x=1&x=2", headers=AUTH), 400, "invalid_value", "x")
