"""``/api/documents``, ``/api/documents/{doc}`` (with highlight) and ``/api/passages/{id}``."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from assistant.api.fake import KAWASAKI, OSAKA, sample_assistant
from assistant.api.routes.documents import CONTEXT_CHARS, with_context
from tests.assistant.api import AUTH, assert_error, make_app

pytestmark = pytest.mark.integration


@pytest.fixture()
def fake(tmp_path):
    return sample_assistant(tmp_path / "index")


@pytest.fixture()
def client(tmp_path, fake):
    (tmp_path / "index" / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    with TestClient(make_app(tmp_path, fake)) as client:
        yield client


def test_list_documents(client):
    docs = client.get("/api/documents", headers=AUTH).json()
    assert [d["doc"] for d in docs] == sorted([OSAKA.doc, KAWASAKI.doc])
    osaka = next(d for d in docs if d["doc"] == OSAKA.doc)
    assert osaka == {
        "doc": OSAKA.doc,
        "title": OSAKA.title,
        "publisher": OSAKA.publisher,
        "published": OSAKA.published,
        "kind": OSAKA.kind,
        "chunks": 7,
        "chars": len(OSAKA.text),
        "series": "",
        "edition": "",
        "format": "text",
        "uploaded": False,
        "ocr_pages": [],
    }


def test_document_with_full_text(client):
    doc = client.get(f"/api/documents/{OSAKA.doc}", headers=AUTH).json()
    assert doc["text"] == OSAKA.text and doc["title"] == OSAKA.title and doc["format"] == "text"
    assert doc["highlight"] is None and doc["passage"] is None


def test_document_with_highlight(client, fake):
    citation = fake.ask("大阪市の覚書").citations[1]
    url = f"/api/documents/{quote(citation.doc)}?start={citation.start}&end={citation.end}"
    doc = client.get(url, headers=AUTH).json()
    assert doc["highlight"] == {"start": citation.start, "end": citation.end}
    assert (
        doc["passage"] == OSAKA.text[citation.start : citation.end]
        and citation.text in doc["passage"]
    )
    assert doc["before"] + doc["passage"] + doc["after"] in OSAKA.text
    assert OSAKA.text[: citation.start].endswith(doc["before"])


def test_the_quote_is_located_in_the_passage_and_marked_alone(client, fake):
    citation = fake.ask("大阪市の覚書").citations[1]
    url = f"/api/documents/{quote(citation.doc)}"
    params = {"start": citation.start, "end": citation.end, "quote": citation.text}
    doc = client.get(url, params=params, headers=AUTH).json()
    assert OSAKA.text[doc["quote"]["start"] : doc["quote"]["end"]] == citation.text
    marked = [s for s in doc["segments"] if s["role"] == "quote"]
    assert [s["text"] for s in marked] == [citation.text]
    assert "".join(s["text"] for s in doc["segments"] if s["role"] != "context") == doc["passage"]
    # Offsets the citation knows win; a quote the passage does not hold marks the passage.
    known = {**params, "quote_start": citation.start, "quote_end": citation.start + 3}
    assert client.get(url, params=known, headers=AUTH).json()["quote"] == {"start": citation.start, "end": citation.start + 3}
    missing = client.get(url, params={**params, "quote": "ない文"}, headers=AUTH).json()
    assert missing["quote"] is None and [s["role"] for s in missing["segments"]].count("passage") == 1


@pytest.mark.parametrize("query", ["?start=1&end=9&quote_start=3", "?start=1&end=9&quote_start=5&quote_end=4"])
def test_bad_quote_ranges_are_422(client, query):
    assert_error(client.get(f"/api/documents/{OSAKA.doc}{query}", headers=AUTH), 422, "invalid_request")


@pytest.mark.unit
def test_with_context_clamps_and_bounds():
    text = "あ" * 1000 + "PASSAGE" + "い" * 1000
    out = with_context(text, 1000, 1007)
    assert out["passage"] == "PASSAGE"
    assert out["before"] == "あ" * CONTEXT_CHARS and out["after"] == "い" * CONTEXT_CHARS
    clamped = with_context("short", 3, 999)
    assert clamped["passage"] == "rt" and clamped["after"] == ""
    assert with_context("short", 99, 120)["passage"] == ""


@pytest.mark.parametrize(
    "query", ["?start=5", "?end=5", "?start=9&end=3", "?start=-1&end=4", "?start=a&end=3"]
)
def test_bad_highlight_ranges_are_422(client, query):
    assert_error(
        client.get(f"/api/documents/{OSAKA.doc}{query}", headers=AUTH), 422, "invalid_request"
    )


@pytest.mark.parametrize(
    "path",
    [
        "..%2F..%2Fetc%2Fpasswd",
        "..%2f..%2f..%2f..%2fetc%2fpasswd",
        "%2Fetc%2Fpasswd",
        "/etc/passwd",
        "../pyproject.toml",
        "..%2Fpyproject.toml",
        "%2e%2e%2fpyproject.toml",
        "%252e%252e%252fpyproject.toml",
        "..%5C..%5Cpyproject.toml",
        "secret.txt",
        "texts%2F000000.txt",
        f"{OSAKA.doc}%00",
        f"{OSAKA.doc}%2F..%2F{KAWASAKI.doc}",
        "",
    ],
)
def test_path_traversal_is_404(client, path):
    response = client.get(f"/api/documents/{path}", headers=AUTH)
    assert_error(response, 404, "not_found")
    assert "root:" not in response.text and "[project]" not in response.text


def test_unknown_document_is_404(client):
    assert_error(client.get("/api/documents/nope", headers=AUTH), 404, "not_found")


def test_passage_record(client, fake):
    chunk = fake.handle.get().chunks[3]
    record = client.get(f"/api/passages/{quote(chunk.chunk_id, safe='')}", headers=AUTH).json()
    assert record == {
        "passage_id": chunk.chunk_id,
        "doc": OSAKA.doc,
        "text": chunk.text,
        "section": "覚書（MOU）の締結",
        "page": chunk.page,
        "start": chunk.start,
        "end": chunk.end,
        "title": OSAKA.title,
        "publisher": OSAKA.publisher,
        "published": OSAKA.published,
    }
    assert OSAKA.text[record["start"] : record["end"]] == record["text"]
    assert_error(client.get("/api/passages/nope%23x", headers=AUTH), 404, "not_found")


def test_missing_passages_are_those_not_in_the_index(client, fake):
    kept = fake.handle.get().chunks[3].chunk_id
    body = {"passage_ids": [kept, "gone.txt#1", "gone.txt#1"]}
    assert client.post("/api/passages/missing", json=body, headers=AUTH).json() == {"missing": ["gone.txt#1"]}
    assert_error(client.post("/api/passages/missing", json={"passage_ids": ["x"] * 501}, headers=AUTH), 422)
    assert_error(client.post("/api/passages/missing", json=body), 401, "unauthorized")


def test_a_document_whose_name_holds_a_newline_opens(tmp_path):
    """Bug (issue 15, defect 7): such a document was indexed and cited, but its route was a 404
    (Starlette's ``path`` convertor stops at a newline)."""
    from assistant.api.fake import FakeAssistant, FakeDocument

    name = "お知らせ\n改訂版.txt"
    fake = FakeAssistant.build(tmp_path / "index", [FakeDocument(name, "改訂版", "粗大ごみは予約制です。\n\n収集は月曜日です。")])
    with TestClient(make_app(tmp_path, fake)) as client:
        doc = client.get(f"/api/documents/{quote(name)}", headers=AUTH)
        assert doc.status_code == 200 and doc.json()["doc"] == name
        passage = client.get(f"/api/passages/{quote(name + '#p001')}", headers=AUTH)
        assert passage.status_code == 200 and passage.json()["text"] == "収集は月曜日です。"
