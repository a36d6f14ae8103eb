"""``POST /api/draft`` and ``POST /api/draft.docx`` over the fake assistant's answers."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from tests.assistant.api import AUTH, OSAKA_QUESTION, assert_error, make_app

pytestmark = pytest.mark.integration


@pytest.fixture()
def client(tmp_path):
    with TestClient(make_app(tmp_path)) as client:
        yield client


def answer(client) -> dict:
    return client.post("/api/ask", json={"question": OSAKA_QUESTION}, headers=AUTH).json()


def test_the_draft_of_an_answer(client):
    response = answer(client)
    body = {"question": response["question"], "answer": response["answer"], "citations": response["citations"]}
    draft = client.post("/api/draft", json=body, headers=AUTH).json()
    assert [s["number"] for s in draft["sources"]] == [1, 2]
    assert draft["sources"][0]["quotes"][0]["text"] == response["citations"][0]["text"]
    assert "出典：" in draft["text"] and "「ホーチミン市（ベトナム）と2013年」" in draft["text"]
    assert "[^2]:" in draft["markdown"]


def test_the_draft_as_a_word_document(client):
    from docx import Document

    response = answer(client)
    body = {"answer": response["answer"], "citations": response["citations"]}
    reply = client.post("/api/draft.docx", json=body, headers=AUTH)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("application/vnd.openxml")
    assert "attachment" in reply.headers["content-disposition"]
    assert "出典" in "\n".join(p.text for p in Document(io.BytesIO(reply.content)).paragraphs)


def test_a_draft_needs_the_token_and_a_bounded_body(client):
    assert_error(client.post("/api/draft", json={"answer": "a"}), 401, "unauthorized")
    huge = {"answer": "a", "citations": [{"n": 1, "doc": "d", "passage_id": "p", "text": "x" * 6000, "start": 0, "end": 1}]}
    assert_error(client.post("/api/draft", json=huge, headers=AUTH), 422, "invalid_request")


def test_a_draft_citing_a_passage_no_longer_indexed_is_refused(client):
    """An answer kept in a browser from before its document was deleted or replaced."""
    response = answer(client)
    gone = [{**c, "passage_id": c["passage_id"] + "-old"} for c in response["citations"]]
    for path in ("/api/draft", "/api/draft.docx"):
        body = {"answer": response["answer"], "citations": gone}
        error = assert_error(client.post(path, json=body, headers=AUTH), 409, "conflict")
        assert "no longer in the index" in error["message"]
    moved = [{**c, "doc": "other.txt"} for c in response["citations"]]
    assert_error(client.post("/api/draft", json={"answer": response["answer"], "citations": moved}, headers=AUTH), 409)
