"""``/v1/chat/completions`` and ``/v1/models``: shapes, history mapping, and a real ``openai`` client."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.fake import sample_assistant
from assistant.api.routes.openai_compat import source_line
from assistant.schemas import Citation
from tests.assistant.api import (
    AUTH,
    OSAKA_QUESTION,
    TOKEN,
    assert_error,
    live_server,
    make_app,
    parse_sse,
)

EXPECTED_SOURCES = (
    "\n\n出典:\n"
    "[1] 大阪市の環境国際協力 (大阪市環境局, 2024-04) 覚書（MOU）の締結 p.2\n"
    "[2] 大阪市の環境国際協力 (大阪市環境局, 2024-04) 覚書（MOU）の締結 p.3"
)


@pytest.fixture()
def fake(tmp_path):
    return sample_assistant(tmp_path / "index")


@pytest.fixture()
def app(tmp_path, fake):
    return make_app(tmp_path, fake)


@pytest.fixture()
def client(app):
    with TestClient(app) as client:
        yield client


def completion(client, messages, **extra):
    return client.post(
        "/v1/chat/completions", json={"model": "docqa", "messages": messages, **extra}, headers=AUTH
    )


@pytest.mark.integration
def test_models(client):
    assert client.get("/v1/models", headers=AUTH).json() == {
        "object": "list",
        "data": [{"id": "docqa", "object": "model", "created": 0, "owned_by": "docqa"}],
    }


@pytest.mark.integration
def test_completion_is_the_answer_with_numbered_sources(client):
    body = completion(client, [{"role": "user", "content": OSAKA_QUESTION}], temperature=0.2).json()
    assert (
        body["object"] == "chat.completion"
        and body["model"] == "docqa"
        and body["id"].startswith("chatcmpl-")
    )
    choice = body["choices"][0]
    assert choice["finish_reason"] == "stop" and choice["message"]["role"] == "assistant"
    assert choice["message"]["content"].endswith(EXPECTED_SOURCES)
    assert choice["message"]["content"].startswith("大阪市は次の都市と覚書")
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0


@pytest.mark.integration
def test_last_user_message_is_the_question_and_the_rest_history(client, fake):
    messages = [
        {"role": "system", "content": "日本語で答えてください"},
        {"role": "user", "content": OSAKA_QUESTION},
        {"role": "assistant", "content": "大阪市は…[1]" + EXPECTED_SOURCES},
        {"role": "user", "content": [{"type": "text", "text": "そのうちベトナムの都市は？"}]},
    ]
    body = completion(client, messages).json()
    assert body["choices"][0]["message"]["content"].startswith(
        "ベトナムの都市はホーチミン市です[1]。"
    )
    call = fake.calls[-1]
    assert call["question"] == "そのうちベトナムの都市は？"
    assert call["history"] == [
        {"role": "system", "content": "日本語で答えてください"},
        {"role": "user", "content": OSAKA_QUESTION},
        {"role": "assistant", "content": "大阪市は…[1]"},
    ]


@pytest.mark.integration
@pytest.mark.parametrize(
    "messages",
    [
        [],
        [{"role": "system", "content": "x"}],
        [{"role": "user", "content": "あ" * 1001}],
        [{"role": "user", "content": " "}],
    ],
)
def test_bad_messages_are_422(client, messages):
    assert_error(completion(client, messages), 422, "invalid_request")


@pytest.mark.integration
def test_too_much_history_is_422(client):
    messages = [{"role": "user", "content": "q"}] * 22
    assert "messages" in assert_error(completion(client, messages), 422)["message"]


@pytest.mark.integration
def test_streaming_chunks_end_with_done(client):
    response = completion(client, [{"role": "user", "content": OSAKA_QUESTION}], stream=True)
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    assert events[-1] == ("message", "[DONE]")
    chunks = [data for _, data in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    assert text.startswith("大阪市は次の都市と覚書") and text.endswith(EXPECTED_SOURCES)


@pytest.mark.unit
def test_source_line_leaves_out_what_is_unknown():
    citation = Citation(n=3, doc="d", title="", passage_id="d#1", text="t", start=0, end=1)
    assert source_line(citation) == "[3] d"


@pytest.mark.unit
def test_source_line_names_the_edition_and_text_read_by_ocr():
    citation = Citation(n=1, doc="y.pdf", title="環境局年報", passage_id="y#1", text="t", start=0, end=1, page=4,
                        edition="2023年度", ocr=True, publisher="甲市")
    assert source_line(citation) == "[1] 環境局年報 (2023年度版, 甲市) p.4 (OCRによる読み取り)"


@pytest.mark.integration
def test_the_openai_client_works_against_a_live_server(app):
    from openai import OpenAI

    with live_server(app) as base_url:
        with OpenAI(base_url=f"{base_url}/v1", api_key=TOKEN, max_retries=0, timeout=10) as client:
            assert [m.id for m in client.models.list()] == ["docqa"]
            reply = client.chat.completions.create(
                model="docqa", messages=[{"role": "user", "content": OSAKA_QUESTION}]
            )
            assert reply.choices[0].message.content.endswith(EXPECTED_SOURCES)
            assert reply.usage is not None

            stream = client.chat.completions.create(
                model="docqa", messages=[{"role": "user", "content": OSAKA_QUESTION}], stream=True
            )
            pieces = [chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices]
            assert len(pieces) > 3
            assert "".join(pieces) == reply.choices[0].message.content

        with OpenAI(
            base_url=f"{base_url}/v1", api_key="wrong", max_retries=0, timeout=10
        ) as client:
            from openai import AuthenticationError

            with pytest.raises(AuthenticationError):
                client.models.list()
