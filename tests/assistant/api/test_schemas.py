"""Request bodies take exactly the types their schema shows.

Bug shown here (schemathesis, 300 examples a mode, 2026-12-01): pydantic's lax mode took
``true`` for an integer (a citation's ``n``, ``page``, ``start``, ``end``, ``quote_end``) and
would take ``"5"`` or ``5.0`` too, so requests the schema calls invalid were answered 200/201.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.assistant.api import AUTH, OSAKA_QUESTION, assert_error, make_app

pytestmark = pytest.mark.integration

CITATION = {"n": 1, "doc": "d", "title": "t", "passage_id": "p", "text": "x", "start": 0, "end": 1}


@pytest.fixture()
def client(tmp_path):
    with TestClient(make_app(tmp_path, feedback_per_minute=1000)) as client:
        yield client


def _with(body: dict, path: tuple, value) -> dict:
    """``body`` with the field at ``path`` (keys and list positions) set to ``value``."""
    import copy

    changed = copy.deepcopy(body)
    place = changed
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = value
    return changed


DRAFT = {"question": "q", "answer": "a [1]", "citations": [CITATION]}
FEEDBACK = {"rating": "good", "question": "q", "answer": "a", "citations": [{**CITATION, "page": 2}]}
ASK = {"question": "q", "k": 3, "filters": {"year": 2020}}


@pytest.mark.parametrize("value", [True, "1", 1.5])
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/draft", DRAFT, ("citations", 0, "n")),
        ("/api/draft", {**DRAFT, "citations": [{**CITATION, "quote_end": 1}]}, ("citations", 0, "quote_end")),
        ("/api/draft.docx", DRAFT, ("citations", 0, "start")),
        ("/api/feedback", FEEDBACK, ("citations", 0, "page")),
        ("/api/feedback", FEEDBACK, ("citations", 0, "end")),
        ("/api/ask", ASK, ("k",)),
        ("/api/ask", ASK, ("filters", "year")),
    ],
)
def test_an_integer_field_refuses_what_is_not_an_integer(client, path, body, field, value):
    if path.startswith("/api/draft"):  # a draft's citations must be of passages in the index
        cited = client.post("/api/ask", json={"question": OSAKA_QUESTION}, headers=AUTH).json()["citations"][0]
        body = {**body, "citations": [{**cited, **body["citations"][0], "doc": cited["doc"], "passage_id": cited["passage_id"]}]}
    assert client.post(path, json=body, headers=AUTH).status_code in (200, 201)
    refused = client.post(path, json=_with(body, field, value), headers=AUTH)
    assert assert_error(refused, 422, "invalid_request")["message"].startswith(".".join(map(str, field)))
