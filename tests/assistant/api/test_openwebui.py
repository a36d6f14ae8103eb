"""Open WebUI's requests, as a real Open WebUI 0.12.4 sent them to docqa, replayed.

``openwebui/requests.json`` was recorded by ``openwebui/record.py`` (see its docstring): two
questions through Open WebUI's chat, then the title, tags, follow-up and retrieval-query
prompts its UI sends after an answer. Before, the background prompts were treated as
questions (refused as over 1,000 characters, or answered from the documents).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.background import TITLE_CHARS, recognise, title_of
from assistant.api.fake import sample_assistant
from tests.assistant.api import make_app, parse_sse

RECORDED = json.loads((Path(__file__).parent / "openwebui" / "requests.json").read_text(encoding="utf-8"))
TOKEN = "owui-token"
CHATS = [r for r in RECORDED["requests"] if r["path"] == "/v1/chat/completions"]


def is_task(request: dict) -> bool:
    return request["body"]["messages"][-1]["content"].startswith("### Task:")


@pytest.fixture()
def replay(tmp_path):
    fake = sample_assistant(tmp_path / "index")
    with TestClient(make_app(tmp_path, fake, api_token=TOKEN)) as client:
        def send(request: dict):
            return client.request(request["method"], request["path"], json=request["body"],
                                  headers={"Authorization": f"Bearer {TOKEN}"})
        yield send, fake


@pytest.mark.unit
def test_the_recording_is_what_the_tests_assume():
    assert RECORDED["source"].startswith("Open WebUI 0.12.4")
    assert RECORDED["requests"][0]["path"] == "/v1/models"
    assert sum(map(is_task, CHATS)) == 4 and len(CHATS) == 6


@pytest.mark.integration
def test_questions_from_open_webui_are_answered(replay):
    send, fake = replay
    for request in RECORDED["requests"]:
        if request["path"] == "/v1/models":
            assert send(request).json()["data"][0]["id"] == "docqa"
    first, follow_up = [r for r in CHATS if not is_task(r)]
    reply = send(first).json()["choices"][0]["message"]["content"]
    assert reply.startswith("大阪市は次の都市と覚書")
    assert follow_up["body"]["stream"] is True
    events = parse_sse(send(follow_up).text)
    text = "".join(e[1]["choices"][0]["delta"].get("content", "") for e in events[:-1])
    assert text.startswith("答え: ホーチミン市（ベトナム）\n\nベトナムの都市はホーチミン市です")  # the short answer first, as in the chat UI
    assert [c["question"] for c in fake.calls] == [first["body"]["messages"][-1]["content"],
                                                  follow_up["body"]["messages"][-1]["content"]]


@pytest.mark.integration
def test_background_prompts_get_their_json_without_retrieval(replay):
    send, fake = replay
    answers = {}
    for request in filter(is_task, CHATS):
        response = send(request)
        assert response.status_code == 200, response.text
        answers.update(json.loads(response.json()["choices"][0]["message"]["content"]))
    assert fake.calls == []  # no question was asked of the assistant
    assert answers == {"title": "そのうちベトナムの都市は", "tags": [], "follow_ups": [], "queries": []}


@pytest.mark.unit
def test_only_the_templates_shape_is_recognised():
    prompts = [r["body"]["messages"][-1]["content"] for r in filter(is_task, CHATS)]
    assert [recognise(p).key for p in prompts] == ["title", "tags", "follow_ups", "queries"]
    assert recognise("大阪市はどの都市と覚書を締結していますか？") is None
    assert recognise("### Task: 何ですか") is None  # no chat history, no JSON key
    assert recognise(prompts[0].replace("<chat_history>", "")) is None


@pytest.mark.unit
def test_a_title_is_the_questions_first_line_cut_short():
    assert title_of("大阪市の覚書は？\n二行目") == "大阪市の覚書は"
    long = title_of("あ" * 100)
    assert len(long) == TITLE_CHARS and long.endswith("…")
