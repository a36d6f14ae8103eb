"""Helpers for the API tests: a client over the fake assistant, an SSE parser, a live server."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.api import create_app
from assistant.api.fake import FakeAssistant, sample_assistant
from tests.conftest import make_settings

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
OSAKA_QUESTION = "大阪市はどの都市と覚書（MOU）を締結していますか？"


def make_app(tmp_path: Path, assistant: FakeAssistant | None = None, **overrides):
    """The app over the sample fake corpus; ``overrides`` are settings (api_token defaults to TOKEN)."""
    overrides.setdefault("api_token", TOKEN)
    settings = make_settings(tmp_path / "data", **overrides)
    assistant = assistant or sample_assistant(tmp_path / "index")
    return create_app(settings, assistant)


def parse_sse(text: str) -> list[tuple[str, object]]:
    """``[(event, data)]``; ``event`` is ``message`` when the block names none; data is JSON when it parses."""
    events = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:") :].removeprefix(" "))
        payload = "\n".join(data)
        try:
            events.append((name, json.loads(payload)))
        except ValueError:
            events.append((name, payload))
    return events


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The response is the one error shape with ``status`` (and ``code``)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "Traceback" not in response.text
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]


def assert_openai_error(response, status: int, code: str | None = None, param: str | None = None) -> dict:
    """The response is OpenAI's error shape (the one of every ``/v1`` route) with ``status``."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert isinstance(error["message"], str) and error["message"] and "Traceback" not in response.text
    assert error["type"] == ("server_error" if status >= 500 else "invalid_request_error")
    if code is not None:
        assert error["code"] == code
    if param is not None:
        assert error["param"] == param
    return error


def assert_route_error(path: str, response, status: int, code: str | None = None) -> dict:
    """The error in the shape of ``path``'s routes: OpenAI's under ``/v1``, docqa's elsewhere."""
    if path.startswith("/v1"):
        openai_code = {"unauthorized": "invalid_api_key", "payload_too_large": "request_too_large"}
        return assert_openai_error(response, 400 if status == 422 else status, openai_code.get(code, code))
    return assert_error(response, status, code)


@contextmanager
def live_server(app, port: int = 0) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a loopback port (a free one by default) in a thread; yields the base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
