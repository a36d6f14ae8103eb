"""Record what a real Open WebUI sends to docqa's ``/v1`` (makes ``requests.json`` beside this file).

Open WebUI is too large to install in the test suite (about 7 GB with its dependencies), so
its requests were recorded once with this script and the tests replay them
(``test_openwebui.py``). To record again:

    python3 -m venv /tmp/owui-venv && /tmp/owui-venv/bin/pip install open-webui==0.12.4
    DATA_DIR=/tmp/owui-data OFFLINE_MODE=true HF_HUB_OFFLINE=1 ENABLE_OLLAMA_API=false \\
      OPENAI_API_BASE_URL=http://127.0.0.1:8719/v1 OPENAI_API_KEY=owui-token \\
      WEBUI_SECRET_KEY=x /tmp/owui-venv/bin/open-webui serve --host 127.0.0.1 --port 8720 &
    .venv/bin/python -m tests.assistant.api.openwebui.record --webui http://127.0.0.1:8720

The script serves docqa (the fake sample corpus) on port 8719 with the token Open WebUI was
given, signs up Open WebUI's first (admin) user, asks two questions through Open WebUI's chat
endpoint, then asks it for a title, tags, follow-ups and retrieval queries of that chat
through its task endpoints, the ones its UI calls after each answer. Every request docqa
receives on ``/v1`` is written, with its headers' names and the answer docqa gave.
"""

from __future__ import annotations

import argparse
import datetime
import json
import tempfile
from pathlib import Path

import httpx

from assistant.api.fake import sample_assistant
from tests.assistant.api import OSAKA_QUESTION, live_server, make_app

OUT = Path(__file__).with_name("requests.json")
TOKEN = "owui-token"
FOLLOW_UP = "そのうちベトナムの都市は？"


class Recorder:
    """ASGI wrapper that keeps every ``/v1`` request body and the status it got."""

    def __init__(self, app) -> None:
        self.app = app
        self.seen: list[dict] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/v1"):
            return await self.app(scope, receive, send)
        body = b""
        more = True
        messages = []
        while more:
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            more = message.get("more_body", False)
        entry = {
            "method": scope["method"], "path": scope["path"],
            "headers": sorted({k.decode().lower() for k, _ in scope["headers"]}),
            "body": json.loads(body) if body else None,
        }
        self.seen.append(entry)
        replay = iter(messages)

        async def again():
            return next(replay, {"type": "http.disconnect"})

        async def watch(message):
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
            await send(message)

        await self.app(scope, again, watch)


def answer_of(response: httpx.Response, stream: bool) -> str:
    if not stream:
        return response.json()["choices"][0]["message"]["content"]
    pieces = []
    for line in response.text.splitlines():
        if line.startswith("data: ") and line != "data: [DONE]":
            for choice in json.loads(line[6:]).get("choices", []):
                pieces.append(choice.get("delta", {}).get("content") or "")
    return "".join(pieces)


def run(webui: str, port: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        recorder = Recorder(make_app(root, sample_assistant(root / "index"), api_token=TOKEN))
        with live_server(recorder, port=port), httpx.Client(base_url=webui, timeout=120) as ui:
            auth = ui.post("/api/v1/auths/signup", json={
                "name": "admin", "email": "admin@example.org", "password": "docqa-recording"})
            if auth.status_code != 200:
                auth = ui.post("/api/v1/auths/signin", json={
                    "email": "admin@example.org", "password": "docqa-recording"})
            auth.raise_for_status()
            headers = {"Authorization": f"Bearer {auth.json()['token']}"}
            models = ui.get("/api/models", headers=headers).json()
            model = next(m["id"] for m in models["data"] if m["id"].endswith("docqa"))
            messages = [{"role": "user", "content": OSAKA_QUESTION}]
            for question, stream in ((None, False), (FOLLOW_UP, True)):
                if question:
                    messages.append({"role": "user", "content": question})
                reply = ui.post("/api/chat/completions", headers=headers, json={
                    "model": model, "messages": messages, "stream": stream})
                reply.raise_for_status()
                messages.append({"role": "assistant", "content": answer_of(reply, stream)})
            tasks = {}
            for task, extra in (("title", {}), ("tags", {}), ("follow_up", {}), ("queries", {"type": "retrieval"})):
                got = ui.post(f"/api/v1/tasks/{task}/completions", headers=headers,
                              json={"model": model, "messages": messages, "chat_id": "recorded", **extra})
                tasks[task] = {"status": got.status_code, "body": got.json() if got.content else None}
        version = httpx.get(f"{webui}/api/version", timeout=10).json().get("version")
    return {
        "source": f"Open WebUI {version} (pip install open-webui=={version}), recorded by "
                  "tests/assistant/api/openwebui/record.py",
        "recorded": datetime.date.today().isoformat(),
        "requests": recorder.seen,
        "webui_task_results": tasks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webui", default="http://127.0.0.1:8720")
    parser.add_argument("--port", type=int, default=8719)
    args = parser.parse_args()
    result = run(args.webui, args.port)
    OUT.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(result['requests'])} requests -> {OUT}")


if __name__ == "__main__":
    main()
