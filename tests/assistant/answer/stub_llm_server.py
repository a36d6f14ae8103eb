"""A tiny OpenAI-compatible server for tests: scripted replies to POST /v1/chat/completions.

    with StubLLMServer(["答え[1]。", Scripted(status=500), Scripted(delay=2.0)]) as server:
        client = OpenAICompatibleClient(server.base_url, "m", timeout=0.5)

Each request takes the next scripted item; ``requests`` records method, path, headers and the
decoded JSON body of every request. Closing the server wakes handlers that are still sleeping.
``Scripted(reply=fn)`` answers ``fn(request_json)``: a stub model that reads its prompt (one that
"obeys" an instruction found in a passage, say).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


@dataclass(frozen=True)
class Scripted:
    """One reply: ``content`` (or ``reply(request_json)``) as an OpenAI chat completion, or ``body``
    sent raw, after ``delay`` s."""

    content: str = ""
    status: int = 200
    delay: float = 0.0
    body: bytes | None = None
    reply: Callable[[dict | None], str] | None = None


class StubLLMServer:
    def __init__(self, script: list[str | Scripted]) -> None:
        self._script = [s if isinstance(s, Scripted) else Scripted(content=s) for s in script]
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self.requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _next(self, record: dict) -> Scripted:
        with self._lock:
            self.requests.append(record)
            if not self._script:
                return Scripted(status=503, body=b'{"error": {"message": "script exhausted"}}')
            return self._script.pop(0)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                record = {"method": "POST", "path": self.path, "headers": dict(self.headers), "json": body}
                if self.path != "/v1/chat/completions":
                    self._send(404, b'{"error": {"message": "not found"}}')
                    return
                item = stub._next(record)
                if item.delay and stub._closing.wait(item.delay):
                    return
                content = item.reply(body) if item.reply is not None else item.content
                self._send(item.status, item.body if item.body is not None else _completion(content, body))

            def _send(self, status: int, payload: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); nothing to report

            def log_message(self, format: str, *args) -> None:
                pass

        return Handler


def _completion(content: str, request: dict | None) -> bytes:
    model = (request or {}).get("model", "stub")
    return json.dumps({
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }, ensure_ascii=False).encode()
