"""``POST /api/ask`` and the SSE stream of ``POST /api/chat``."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.api.fake import sample_assistant
from assistant.api.routes.ask import split_for_stream
from ingest.core.errors import IndexError_
from tests.assistant.api import AUTH, OSAKA_QUESTION, assert_error, make_app, parse_sse


@pytest.fixture()
def fake(tmp_path):
    return sample_assistant(tmp_path / "index")


@pytest.fixture()
def client(tmp_path, fake):
    with TestClient(make_app(tmp_path, fake)) as client:
        yield client


def turns(n: int) -> list[dict]:
    return [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"発言{i}"} for i in range(n)
    ]


@pytest.mark.integration
def test_ask_returns_the_ask_response_and_passes_everything_on(client, fake):
    body = {
        "question": OSAKA_QUESTION,
        "history": turns(2),
        "k": 5,
        "filters": {
            "publisher": "大阪市",
            "year": 2024,
            "documents": ["osaka-env-intl-cooperation"],
        },
        "id": "q-1",
    }
    response = client.post("/api/ask", json=body, headers=AUTH)
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == "q-1" and data["answerable"] is True
    assert "ホーチミン市" in data["answer"] and [c["n"] for c in data["citations"]] == [1, 2]
    assert set(data) >= {"question", "answer", "citations", "passages", "timings_ms", "degraded"}
    call = fake.calls[-1]
    assert call["history"] == turns(2)
    assert call["k"] == 5
    assert call["filters"] == {
        "publisher": "大阪市",
        "year": 2024,
        "documents": ["osaka-env-intl-cooperation"],
    }


@pytest.mark.integration
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"question": "あ" * 1001}, "question"),
        ({"question": ""}, "question"),
        ({"question": "q", "history": turns(21)}, "history"),
        ({"question": "q", "history": [{"role": "robot", "content": "x"}]}, "history.0.role"),
        ({"question": "q", "k": 0}, "k"),
        ({"question": "q", "k": 51}, "k"),
        ({"question": "q", "filters": {"year": 99999}}, "filters.year"),
        ({"question": "q", "filters": {"colour": "red"}}, "filters.colour"),
        ({"question": 5}, "question"),
    ],
)
@pytest.mark.parametrize("path", ["/api/ask", "/api/chat"])
def test_limits_give_422_naming_the_field(client, fake, path, body, field):
    error = assert_error(client.post(path, json=body, headers=AUTH), 422, "invalid_request")
    assert error["message"].startswith(f"{field}:")
    assert fake.calls == []


@pytest.mark.integration
def test_limits_at_the_boundary_pass(client):
    body = {"question": "あ" * 1000, "history": turns(20), "k": 50}
    assert client.post("/api/ask", json=body, headers=AUTH).status_code == 200


@pytest.mark.integration
def test_limits_follow_the_settings(tmp_path):
    with TestClient(make_app(tmp_path, max_question_chars=10, max_history_turns=1)) as client:
        assert_error(client.post("/api/ask", json={"question": "あ" * 11}, headers=AUTH), 422)
        assert_error(
            client.post("/api/ask", json={"question": "q", "history": turns(2)}, headers=AUTH), 422
        )
        assert (
            client.post(
                "/api/ask", json={"question": "あ" * 10, "history": turns(1)}, headers=AUTH
            ).status_code
            == 200
        )


@pytest.mark.integration
def test_chat_streams_deltas_then_the_final_response(client):
    response = client.post("/api/chat", json={"question": OSAKA_QUESTION}, headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-cache"
    events = parse_sse(response.text)
    names = [name for name, _ in events]
    assert names[-1] == "final" and set(names[:-1]) == {"delta"} and len(names) > 2
    final = events[-1][1]
    assert "".join(data["text"] for _, data in events[:-1]) == final["answer"]
    ask = client.post("/api/ask", json={"question": OSAKA_QUESTION}, headers=AUTH).json()
    assert {**final, "timings_ms": None} == {**ask, "timings_ms": None}


@pytest.mark.integration
def test_chat_reports_errors_as_an_error_event(tmp_path, fake):
    fake.error = IndexError_("the index could not be searched")
    with TestClient(make_app(tmp_path, fake)) as client:
        events = parse_sse(client.post("/api/chat", json={"question": "q"}, headers=AUTH).text)
    assert events == [
        (
            "error",
            {"error": {"code": "index_error", "message": "the index could not be searched"}},
        )
    ]


@pytest.mark.integration
def test_chat_hides_unexpected_errors(tmp_path, fake):
    fake.error = ValueError("/internal/path")
    with TestClient(make_app(tmp_path, fake)) as client:
        events = parse_sse(client.post("/api/chat", json={"question": "q"}, headers=AUTH).text)
    assert events == [
        ("error", {"error": {"code": "internal_error", "message": "internal server error"}})
    ]


@pytest.mark.integration
def test_abstention_lists_passages(client):
    data = client.post("/api/ask", json={"question": "下水道の料金は？"}, headers=AUTH).json()
    assert data["answerable"] is False and data["citations"] == [] and len(data["passages"]) >= 3


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "",
        "一文。",
        "大阪市は次の都市と覚書を締結しています。\n- ホーチミン市[1]\n- ケソン市[2]",
        "x" * 100 + "[12]" + "y" * 5,
    ],
)
def test_split_for_stream_keeps_text_and_markers(text):
    pieces = split_for_stream(text)
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)
    for piece in pieces:
        assert piece.count("[") == piece.count("]")


@pytest.mark.unit
@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(st.one_of(st.text(max_size=30), st.integers(1, 99).map(lambda n: f"[{n}]"))).map(
        "".join
    )
)
def test_split_for_stream_never_loses_or_cuts(text):
    pieces = split_for_stream(text)
    assert "".join(pieces) == text
    cut_points, offset = set(), 0
    for piece in pieces[:-1]:
        offset += len(piece)
        cut_points.add(offset)
    for marker_start in (i for i, ch in enumerate(text) if ch == "["):
        end = text.find("]", marker_start)
        if (
            end > 0
            and text[marker_start + 1 : end].isdigit()
            and text[marker_start + 1 : end].isascii()
        ):
            assert not any(marker_start < cut <= end for cut in cut_points)
