"""Schemathesis over the real app and a corpus index, bounded and seeded (the long run is
``python -m eval.robustness.fuzz``), and the response checks it relies on."""

from __future__ import annotations

import json

import pytest

from eval.robustness.fuzz import error_shape_ok, judge, run_fuzz, schemathesis_config

#: Small enough for the default suite (a few seconds); the documented long run uses 300.
MAX_EXAMPLES = 12
SEED = 20261201


@pytest.mark.integration
@pytest.mark.parametrize("token", [True, False], ids=["with-token", "without-token"])
def test_schemathesis_finds_no_5xx_no_bad_error_shape_and_no_schema_mismatch(token):
    """Before: Bearer security declared without a token, 400/401/404/413 undocumented, errors
    documented as FastAPI's HTTPValidationError, limits the server does not apply."""
    result = run_fuzz(MAX_EXAMPLES, SEED, token=token)
    assert result["failures"] == [], json.dumps(result["failures"][:2], ensure_ascii=False)[:3000]
    assert result["status_5xx"] == 0 and result["conformance"] == 0
    assert result["bad_error_shape"] == 0 and result["bad_content_type"] == 0
    assert result["operations"] >= 10
    assert result["cases"] >= 10 * MAX_EXAMPLES
    statuses = result["by_operation"]
    # The fuzz reached the real code, not only the validation layer.
    assert statuses["POST /api/ask"].get("200", 0) > 0
    assert statuses["POST /api/ask"].get("422", 0) > 0
    assert statuses["GET /api/documents/{doc} (real doc)"].get("200", 0) > 0
    assert statuses["POST /api/feedback"].get("201", 0) > 0
    assert statuses["POST /v1/chat/completions"].get("400", 0) > 0
    assert statuses["GET /v1/models"].get("200", 0) > 0
    assert set(result) >= {"tool", "seed", "cases", "status_5xx", "bad_error_shape", "conformance",
                           "operations", "measured"}


GOOD = json.dumps({"error": {"code": "not_found", "message": "no such document"}})


@pytest.mark.unit
@pytest.mark.parametrize(
    ("status", "content_type", "text", "problem"),
    [
        (500, "application/json", GOOD, "status 500"),
        (404, "text/html; charset=utf-8", GOOD, "content type"),
        (422, "application/json", json.dumps({"detail": [{"msg": "x"}]}), "error body"),
        (404, "application/json", json.dumps({"error": {"code": "x"}}), "error body"),
        (400, "application/json", "Internal Server Error", "error body"),
        (200, "application/json", '{"answer": "Traceback (most recent call last)"}', "traceback"),
        (200, "text/event-stream", 'event: error\ndata: {"detail": "boom"}\n\n', "event stream"),
        (200, "text/event-stream", 'data: {"error": "boom"}\n\ndata: [DONE]\n\n', "event stream"),
    ],
)
def test_judge_reports_each_kind_of_problem(status, content_type, text, problem):
    assert any(problem in p for p in judge(status, content_type, text))


@pytest.mark.unit
def test_judge_accepts_good_responses():
    assert judge(404, "application/json", GOOD) == []
    assert judge(200, "text/event-stream; charset=utf-8", "event: final\ndata: {}\n\n") == []
    assert judge(200, "text/event-stream", f"event: error\ndata: {GOOD}\n\n") == []
    assert judge(200, "text/event-stream", f"data: {GOOD}\n\ndata: [DONE]\n\n") == []
    assert error_shape_ok(json.loads(GOOD))
    assert not error_shape_ok({"error": {"code": "x", "message": ""}})
    assert not error_shape_ok({"error": {"code": "x", "message": "m", "trace": "…"}})


@pytest.mark.integration
def test_a_413_counts_as_refusing_invalid_data(tmp_path):
    """Before: 175 of 7,804 cases at 300 examples were "schema-violating request accepted", each a
    history turn past its maxLength that the body limit refused first (413, not in schemathesis'
    list of refusals)."""
    import schemathesis
    from schemathesis.python import asgi

    from tests.assistant.api import make_app

    app = make_app(tmp_path, api_token=None)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=schemathesis_config())
    try:
        operation = next(o.ok() for o in schema.get_all_operations() if o.ok().path == "/api/ask")
        checks = schema.config.checks_config_for(operation=operation, phase="fuzzing")
        assert "413" in checks.negative_data_rejection.expected_statuses
    finally:
        asgi.shutdown_lifespans()
