"""``/v1``: shapes, history mapping, the parameters honoured and refused, OpenAI's error shape,
and a real ``openai`` client against a live server."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from assistant.api.fake import sample_assistant
from assistant.api.openai_chat import source_line
from assistant.schemas import Citation
from ingest.core.errors import IndexNotFoundError
from tests.assistant.api import (
    AUTH,
    OSAKA_QUESTION,
    TOKEN,
    assert_error,
    assert_openai_error,
    live_server,
    make_app,
    parse_sse,
)

EXPECTED_SOURCES = (
    "\n\n出典:\n"
    "[1] 大阪市の環境国際協力 (大阪市環境局, 2024-04) 覚書（MOU）の締結 p.2\n"
    "[2] 大阪市の環境国際協力 (大阪市環境局, 2024-04) 覚書（MOU）の締結 p.3"
)
ASK = [{"role": "user", "content": OSAKA_QUESTION}]


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


def content_of(response) -> str:
    assert response.status_code == 200, response.text
    return response.json()["choices"][0]["message"]["content"]


def stream_chunks(response) -> list[dict]:
    assert response.status_code == 200, response.text
    events = parse_sse(response.text)
    assert events[-1] == ("message", "[DONE]")
    return [data for _, data in events[:-1]]


@pytest.mark.integration
def test_models_and_one_model(client):
    card = {"id": "docqa", "object": "model", "created": 0, "owned_by": "docqa"}
    assert client.get("/v1/models", headers=AUTH).json() == {"object": "list", "data": [card]}
    assert client.get("/v1/models/docqa", headers=AUTH).json() == card
    assert_openai_error(client.get("/v1/models/gpt-4o", headers=AUTH), 404, "model_not_found", "model")


@pytest.mark.integration
def test_another_model_name_is_404_model_not_found(client, fake):
    response = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": ASK}, headers=AUTH)
    error = assert_openai_error(response, 404, "model_not_found", "model")
    assert "gpt-4o" not in error["message"] and "`docqa`" in error["message"]  # no input echoed
    assert fake.calls == []


@pytest.mark.integration
def test_completion_is_the_answer_with_numbered_sources(client):
    body = completion(client, ASK, temperature=0.2, top_p=0.5, seed=3, presence_penalty=1).json()
    assert (
        body["object"] == "chat.completion"
        and body["model"] == "docqa"
        and body["id"].startswith("chatcmpl-")
    )
    choice = body["choices"][0]
    assert choice["finish_reason"] == "stop" and choice["logprobs"] is None
    assert choice["message"]["role"] == "assistant" and choice["message"]["refusal"] is None
    assert choice["message"]["content"].endswith(EXPECTED_SOURCES)
    assert choice["message"]["content"].startswith("大阪市は次の都市と覚書")
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0
    assert usage["completion_tokens"] == len(choice["message"]["content"])


@pytest.mark.integration
def test_last_user_message_is_the_question_and_the_rest_history(client, fake):
    messages = [
        {"role": "system", "content": "日本語で答えてください"},
        {"role": "user", "content": OSAKA_QUESTION},
        {"role": "assistant", "content": "大阪市は…[1]" + EXPECTED_SOURCES},
        {"role": "user", "content": [{"type": "text", "text": "そのうちベトナムの都市は？"}]},
    ]
    # The short answer comes first: the answer does not say it in its own words.
    assert content_of(completion(client, messages)).startswith("答え: ホーチミン市（ベトナム）\n\nベトナムの都市はホーチミン市です[1]。")
    call = fake.calls[-1]
    assert call["question"] == "そのうちベトナムの都市は？"
    assert call["history"] == [
        {"role": "system", "content": "日本語で答えてください"},
        {"role": "user", "content": OSAKA_QUESTION},
        {"role": "assistant", "content": "大阪市は…[1]"},
    ]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("messages", "param"),
    [
        ([], "messages"),
        ([{"role": "system", "content": "x"}], "messages"),
        ([{"role": "user", "content": "あ" * 1001}], "messages"),
        ([{"role": "user", "content": " "}], "messages"),
        ([{"role": "wizard", "content": "x"}], "messages.0.role"),
    ],
)
def test_bad_messages_are_400_naming_the_parameter(client, messages, param):
    assert_openai_error(completion(client, messages), 400, param=param)


@pytest.mark.integration
def test_a_missing_model_is_400_missing_required_parameter(client):
    response = client.post("/v1/chat/completions", json={"messages": ASK}, headers=AUTH)
    assert_openai_error(response, 400, "missing_required_parameter", "model")


@pytest.mark.integration
def test_a_long_conversation_keeps_its_most_recent_turns(client, fake):
    """Before: more than 20 earlier messages were a 422, and so was every later message of that chat."""
    messages = []
    for i in range(30):
        messages += [{"role": "user", "content": f"質問{i}"}, {"role": "assistant", "content": f"答え{i}"}]
    assert content_of(completion(client, [*messages, *ASK])).startswith("大阪市は次の都市と覚書")
    history = fake.calls[-1]["history"]
    assert len(history) == 20 and history[-1] == {"role": "assistant", "content": "答え29"}
    assert history[0] == {"role": "user", "content": "質問20"}


@pytest.mark.integration
def test_the_chat_body_limit_is_its_own_and_counts_escaped_json(client):
    """Python's json.dumps escapes every Japanese character to six bytes; /v1 allows for it."""
    answer = "大阪市は次の都市と覚書を締結しています。" * 60
    messages = [m for _ in range(40) for m in (ASK[0], {"role": "assistant", "content": answer})]
    raw = json.dumps({"model": "docqa", "messages": [*messages, *ASK]}).encode()  # ASCII-escaped
    assert len(raw) > 4 * 65536  # four times the limit of docqa's own routes
    headers = {**AUTH, "content-type": "application/json"}
    assert client.post("/v1/chat/completions", content=raw, headers=headers).status_code == 200
    assert_error(client.post("/api/ask", content=raw, headers=headers), 413, "payload_too_large")


@pytest.mark.integration
def test_a_body_over_the_chat_limit_is_413_in_openai_shape(tmp_path):
    with TestClient(make_app(tmp_path, max_chat_body_bytes=2048)) as client:
        response = completion(client, [{"role": "user", "content": "あ" * 900}])
    assert_openai_error(response, 413, "request_too_large")


@pytest.mark.integration
def test_stop_sequences_and_max_tokens_are_honoured(client):
    full = content_of(completion(client, ASK))
    stopped = completion(client, ASK, stop=["ケソン市", "never"]).json()["choices"][0]
    assert stopped["message"]["content"] == full[: full.index("ケソン市")] and stopped["finish_reason"] == "stop"
    assert content_of(completion(client, ASK, stop="\n")) == full[: full.index("\n")]
    short = completion(client, ASK, max_tokens=10).json()
    assert short["choices"][0]["message"]["content"] == full[:10]
    assert short["choices"][0]["finish_reason"] == "length" and short["usage"]["completion_tokens"] == 10
    assert content_of(completion(client, ASK, max_completion_tokens=7)) == full[:7]


@pytest.mark.integration
def test_json_object_is_the_answer_and_its_citations(client):
    reply = json.loads(content_of(completion(client, ASK, response_format={"type": "json_object"})))
    assert set(reply) == {"answer", "short_answer", "answerable", "citations"} and reply["answerable"] is True
    assert reply["answer"].startswith("大阪市は次の都市と覚書")
    assert [c["n"] for c in reply["citations"]] == [1, 2] and "ホーチミン市" in reply["citations"][0]["text"]
    assert content_of(completion(client, ASK, response_format={"type": "text"})).endswith(EXPECTED_SOURCES)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("extra", "param"),
    [
        ({"n": 2}, "n"),
        ({"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}}}, "response_format"),
        ({"tools": [{"type": "function", "function": {"name": "f"}}], "tool_choice": "required"}, "tool_choice"),
        ({"tools": [{"type": "function", "function": {"name": "f"}}],
          "tool_choice": {"type": "function", "function": {"name": "f"}}}, "tool_choice"),
        ({"functions": [{"name": "f"}], "function_call": {"name": "f"}}, "function_call"),
        ({"logprobs": True}, "logprobs"),
        ({"top_logprobs": 3}, "top_logprobs"),
        ({"modalities": ["text", "audio"]}, "modalities"),
    ],
)
def test_what_cannot_be_honoured_is_400_naming_the_parameter(client, fake, extra, param):
    """Before: these were silently ignored, and clients that relied on them broke or got None."""
    for stream in (False, True):
        assert_openai_error(completion(client, ASK, stream=stream, **extra), 400, param=param)
    assert fake.calls == []


@pytest.mark.integration
def test_tools_the_model_may_leave_alone_are_accepted(client):
    tools = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
    for choice in (None, "auto", "none"):
        extra = {"tool_choice": choice} if choice else {}
        assert content_of(completion(client, ASK, tools=tools, n=1, logprobs=False, **extra)).endswith(EXPECTED_SOURCES)


@pytest.mark.integration
def test_streaming_chunks_follow_openais_shape(client):
    chunks = stream_chunks(completion(client, ASK, stream=True))
    assert all(c["object"] == "chat.completion.chunk" and "usage" not in c for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[0] == {"role": "assistant", "content": ""}
    # Before: every later chunk said "role": null, which the spec's enum does not allow.
    assert all("role" not in d for d in deltas[1:]) and deltas[-1] == {}
    assert all(c["choices"][0]["logprobs"] is None for c in chunks)
    assert [c["choices"][0]["finish_reason"] for c in chunks][-2:] == [None, "stop"]
    text = "".join(d.get("content", "") for d in deltas)
    assert text.startswith("大阪市は次の都市と覚書") and text.endswith(EXPECTED_SOURCES)


@pytest.mark.integration
def test_stream_usage_comes_last_when_asked_for(client):
    chunks = stream_chunks(completion(client, ASK, stream=True, stream_options={"include_usage": True},
                                      max_tokens=12))
    assert all(c["usage"] is None for c in chunks[:-1])
    last = chunks[-1]
    assert last["choices"] == [] and last["usage"]["completion_tokens"] == 12
    assert chunks[-2]["choices"][0]["finish_reason"] == "length"


@pytest.mark.integration
def test_errors_are_in_openais_shape(tmp_path, client):
    response = client.post("/v1/chat/completions", json={"model": "docqa", "messages": ASK})
    assert_openai_error(response, 401, "invalid_api_key")
    assert_openai_error(client.get("/v1/nope", headers=AUTH), 404)
    assert_openai_error(client.put("/v1/models", headers=AUTH), 405)
    response = client.post("/v1/chat/completions", content=b"{not json",
                           headers={**AUTH, "content-type": "application/json"})
    assert_openai_error(response, 400)
    # docqa's own routes keep docqa's shape.
    assert_error(client.post("/api/ask", json={}, headers=AUTH), 422, "invalid_request")


@pytest.mark.integration
def test_a_failing_index_is_a_503_before_any_stream_starts(tmp_path):
    assistant = sample_assistant(tmp_path / "index")
    assistant.error = IndexNotFoundError("no index; run `docqa ingest` first")
    with TestClient(make_app(tmp_path, assistant)) as client:
        for stream in (False, True):
            response = completion(client, ASK, stream=stream)
            assert_openai_error(response, 503, "index_not_found")
            assert response.headers["content-type"].startswith("application/json")


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
    import openai
    from openai import OpenAI

    with live_server(app) as base_url:
        with OpenAI(base_url=f"{base_url}/v1", api_key=TOKEN, max_retries=0, timeout=10) as client:
            assert [m.id for m in client.models.list()] == ["docqa"]
            assert client.models.retrieve("docqa").id == "docqa"
            reply = client.chat.completions.create(model="docqa", messages=ASK)
            assert reply.choices[0].message.content.endswith(EXPECTED_SOURCES)
            assert reply.usage is not None

            stream = client.chat.completions.create(model="docqa", messages=ASK, stream=True)
            pieces = [chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices]
            assert len(pieces) > 3
            assert "".join(pieces) == reply.choices[0].message.content

            # The exception classes a client raises are OpenAI's own for each case.
            with pytest.raises(openai.NotFoundError):
                client.chat.completions.create(model="gpt-4o", messages=ASK)
            with pytest.raises(openai.BadRequestError) as refused:
                client.chat.completions.create(model="docqa", messages=ASK, n=3)
            assert refused.value.param == "n"
            with pytest.raises(openai.BadRequestError):
                client.chat.completions.create(model="docqa", messages=[])

        with OpenAI(base_url=f"{base_url}/v1", api_key="wrong", max_retries=0, timeout=10) as client:
            with pytest.raises(openai.AuthenticationError) as denied:
                client.models.list()
            assert denied.value.code == "invalid_api_key"


@pytest.mark.integration
def test_structured_output_helpers_fail_clearly(app):
    """Before: ``parse(response_format=Model)`` failed inside the client and LangChain's
    function-calling structured output returned None; now both get a 400 naming the parameter."""
    import openai
    from openai import OpenAI
    from pydantic import BaseModel

    class City(BaseModel):
        name: str

    with live_server(app) as base_url, OpenAI(
        base_url=f"{base_url}/v1", api_key=TOKEN, max_retries=0, timeout=10
    ) as client:
        with pytest.raises(openai.BadRequestError) as refused:
            client.chat.completions.parse(model="docqa", messages=ASK, response_format=City)
        assert refused.value.param == "response_format"
        with pytest.raises(openai.BadRequestError) as refused:
            client.chat.completions.create(
                model="docqa", messages=ASK,
                tools=[openai.pydantic_function_tool(City)],
                tool_choice={"type": "function", "function": {"name": "City"}},
            )
        assert refused.value.param == "tool_choice"


def test_the_short_answer_line_is_left_out_when_the_answer_says_it_in_its_own_words():
    from assistant.wire import says_short_answer

    assert says_short_answer("覚書の締結は2016年2月18日です。\n（…）2016年2月18日に締結 [1]", "2016年2月18日")
    assert not says_short_answer("（平成23,24年度）○受入実績 24年度:2,350人 [1]", "2,350人")
    assert not says_short_answer("何か", None)
