"""The ``openai`` client against a live ``docqa serve``, every response and stream chunk checked
against the JSON schemas of OpenAI's published ``openapi.yaml`` (``openai_spec/``), and a
40-turn conversation through ``/v1``.

``docqa serve`` runs as its own process over the session's corpus index (lexical), with a
token. Before, a stream chunk after the first said ``"role": null`` (the spec's ``role`` is a
non-nullable enum), a choice had no ``logprobs``, a message no ``refusal``, and errors no
``type`` or ``param``; and the 21st earlier message of a chat was a 422.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.assistant.api.test_workers import free_port, stop, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SPEC = json.loads((Path(__file__).parent / "openai_spec" / "schemas.json").read_text(encoding="utf-8"))
REGISTRY = Registry().with_resource("urn:openai", Resource.from_contents(SPEC, default_specification=DRAFT202012))
TOKEN = "spec-token"
QUESTIONS = [
    "大阪市はどの都市と覚書（MOU）を締結していますか？",
    "川崎市とバンドン市の覚書はいつ締結された？",
    "そのうちベトナムの都市は？",
    "東京二十三区清掃一部事務組合は何か国に技術者を派遣しましたか？",
    "それはいつ更新されましたか？",
]


def validate(instance: object, schema: str) -> None:
    """Raise unless ``instance`` is valid by the spec's component ``schema``."""
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"urn:openai#/components/schemas/{schema}"}, registry=REGISTRY
    )
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, f"{schema}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.mark.unit
def test_the_vendored_schemas_catch_what_was_wrong_before():
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "docqa",
             "choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": None}]}
    validate(chunk, "CreateChatCompletionStreamResponse")
    chunk["choices"][0]["delta"]["role"] = None
    with pytest.raises(AssertionError, match="role"):
        validate(chunk, "CreateChatCompletionStreamResponse")
    completion = {"id": "c", "object": "chat.completion", "created": 1, "model": "docqa",
                  "choices": [{"index": 0, "finish_reason": "stop",
                               "message": {"role": "assistant", "content": "x"}}]}
    with pytest.raises(AssertionError, match="logprobs"):
        validate(completion, "CreateChatCompletionResponse")
    with pytest.raises(AssertionError, match="type"):
        validate({"error": {"code": "x", "message": "m"}}, "ErrorResponse")


@pytest.fixture(scope="module")
def served(corpus_settings, tmp_path_factory):
    root = tmp_path_factory.mktemp("openai-serve")
    port = free_port()
    env = {**os.environ, "DOCQA_DATA_DIR": str(corpus_settings.data_dir), "DOCQA_EMBED_MODEL": "none",
           "DOCQA_API_TOKEN": TOKEN}
    with open(root / "serve.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
                                  env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/health", 60, server)
        yield base
    finally:
        stop(server)


@pytest.fixture()
def client(served):
    from openai import OpenAI

    with OpenAI(base_url=f"{served}/v1", api_key=TOKEN, max_retries=0, timeout=30) as client:
        yield client


def create(client, **kwargs) -> dict:
    """One non-streamed completion through the client: its JSON checked by the spec, and parsed."""
    raw = client.chat.completions.with_raw_response.create(model="docqa", **kwargs)
    validate(raw.http_response.json(), "CreateChatCompletionResponse")
    return raw.parse()


def stream(client, **kwargs) -> list[dict]:
    """One streamed completion through the client's streaming response: every chunk checked."""
    chunks = []
    with client.chat.completions.with_streaming_response.create(model="docqa", stream=True, **kwargs) as response:
        lines = [line for line in response.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    for line in lines[:-1]:
        chunk = json.loads(line[len("data: "):])
        validate(chunk, "CreateChatCompletionStreamResponse")
        chunks.append(chunk)
    return chunks


def test_models_follow_the_spec(served, client):
    validate(client.models.with_raw_response.list().http_response.json(), "ListModelsResponse")
    validate(client.models.with_raw_response.retrieve("docqa").http_response.json(), "Model")


def test_completions_and_every_stream_chunk_follow_the_spec(client):
    ask = [{"role": "user", "content": QUESTIONS[0]}]
    reply = create(client, messages=ask)
    assert "ホーチミン" in reply.choices[0].message.content
    for extra in ({}, {"max_tokens": 5}, {"stop": ["。"]}, {"response_format": {"type": "json_object"}}):
        create(client, messages=ask, **extra)
        chunks = stream(client, messages=ask, **extra)
        assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    chunks = stream(client, messages=ask, stream_options={"include_usage": True})
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["total_tokens"] > 0
    # The client's own parsing of the same stream.
    text = "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(
        model="docqa", messages=ask, stream=True) if c.choices)
    assert text == reply.choices[0].message.content


def test_errors_follow_the_spec(served, client):
    import httpx
    import openai

    for call, error in (
        (lambda: client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "q"}]),
         openai.NotFoundError),
        (lambda: client.chat.completions.create(model="docqa", messages=[{"role": "user", "content": "q"}], n=2),
         openai.BadRequestError),
        (lambda: client.chat.completions.create(model="docqa", messages=[]), openai.BadRequestError),
        (lambda: client.models.retrieve("nope"), openai.NotFoundError),
    ):
        with pytest.raises(error) as raised:
            call()
        validate(raised.value.response.json(), "ErrorResponse")
    denied = httpx.get(f"{served}/v1/models", headers={"Authorization": "Bearer wrong"}, timeout=10)
    assert denied.status_code == 401
    validate(denied.json(), "ErrorResponse")


def test_a_40_turn_conversation(client):
    """Each turn resends the whole chat (with the answers and their sources), as chat front ends do."""
    messages: list[dict] = []
    for turn in range(40):
        messages.append({"role": "user", "content": QUESTIONS[turn % len(QUESTIONS)]})
        reply = create(client, messages=messages)
        content = reply.choices[0].message.content
        assert content, f"turn {turn + 1}"
        messages.append({"role": "assistant", "content": content})
    assert len(messages) == 80
    bandung = [messages[i + 1]["content"] for i in range(0, 80, 2) if messages[i]["content"] == QUESTIONS[1]]
    assert len(bandung) == 8 and all("2016年2月18日" in answer for answer in bandung)  # turn 37 as turn 2
    assert len(json.dumps({"messages": messages})) > 65536  # past docqa's own body limit
