"""Slow and surplus connections: each request has a deadline to arrive, connections a ceiling.

Bug shown here (issue 15): slow connections were never timed out; 200 held connections
kept theirs for 60 s, and with 256 open files the server stopped answering.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from assistant.api.server import (
    ConnectionGuard,
    GuardedH11Protocol,
    ServerLimits,
    effective_limits,
    guarded_protocol,
    uvicorn_options,
)
from tests.conftest import make_settings

pytestmark = pytest.mark.integration

TIMEOUT_S = 0.5


async def app(scope, receive, send):
    """``/slow`` streams for 1.5 s (longer than the request deadline); anything else echoes the body size."""
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    if scope["path"] == "/slow":
        for _ in range(3):
            await send({"type": "http.response.body", "body": b"tick\n", "more_body": True})
            await asyncio.sleep(0.5)
    await send({"type": "http.response.body", "body": str(len(body)).encode()})


def _protocols() -> list:
    classes = [GuardedH11Protocol]
    if (auto := guarded_protocol()) is not GuardedH11Protocol:
        classes.append(auto)
    return classes


@contextmanager
def serve(protocol, max_connections: int = 50, min_body_rate: float = 0.0) -> Iterator[tuple[str, int]]:
    limits = ServerLimits(max_connections, TIMEOUT_S, min_body_rate)
    limited = type(protocol.__name__, (protocol,), {"limits": limits})
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, http=limited, log_level="critical", lifespan="off", timeout_keep_alive=5))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def _closed_after(sock: socket.socket, limit_s: float) -> tuple[float, bytes]:
    """Seconds until the server closed ``sock`` (or ``limit_s``), and what it sent."""
    sock.settimeout(limit_s)
    started, received = time.monotonic(), b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return time.monotonic() - started, received


@pytest.mark.parametrize("protocol", _protocols(), ids=lambda p: p.__name__)
@pytest.mark.parametrize("sent", [b"", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 100\r\n\r\nabc"])
def test_a_request_that_does_not_arrive_in_time_is_closed(protocol, sent):
    with serve(protocol) as address, socket.create_connection(address) as sock:
        sock.sendall(sent)
        took, received = _closed_after(sock, 5)
    assert took < TIMEOUT_S + 1.0
    if not sent.endswith(b"abc"):  # no response of the app under way: the 408 is sent
        assert received.startswith(b"HTTP/1.1 408 ") and b'"request_timeout"' in received


@pytest.mark.parametrize("protocol", _protocols(), ids=lambda p: p.__name__)
def test_keep_alive_and_long_responses_are_not_cut(protocol):
    with serve(protocol) as (host, port), httpx.Client(base_url=f"http://{host}:{port}") as client:
        for _ in range(3):
            assert client.post("/", content=b"x" * 1000).text == "1000"
            time.sleep(TIMEOUT_S * 1.5)  # idle between requests: the keep-alive timeout applies
        assert client.get("/slow").text == "tick\n" * 3 + "0"


@pytest.mark.parametrize("protocol", _protocols(), ids=lambda p: p.__name__)
def test_a_body_sent_in_parts_within_the_deadline_arrives(protocol):
    with serve(protocol) as address, socket.create_connection(address) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 6\r\n\r\nabc")
        time.sleep(TIMEOUT_S / 3)
        sock.sendall(b"def")
        sock.settimeout(3)
        assert sock.recv(4096).startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize("protocol", _protocols(), ids=lambda p: p.__name__)
def test_a_body_that_keeps_coming_earns_time_and_a_trickle_does_not(protocol):
    """Bug (issue 17): an upload whose body took longer than DOCQA_REQUEST_TIMEOUT_S to arrive
    was cut, whatever its pace, so large documents could not be uploaded over a slow link."""
    part, parts = b"x" * 20_000, 6  # 20 kB every TIMEOUT_S / 2 (3 TIMEOUT_S in all) at 10 kB per second earned
    with serve(protocol, min_body_rate=10_000) as address, socket.create_connection(address) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\ncontent-length: %d\r\n\r\n" % (len(part) * parts))
        for _ in range(parts):
            sock.sendall(part)
            time.sleep(TIMEOUT_S / 2)
        sock.settimeout(3)
        assert sock.recv(4096).startswith(b"HTTP/1.1 200 ")
    with serve(protocol, min_body_rate=10_000) as address, socket.create_connection(address) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 100000\r\n\r\n")
        took, _ = _closed_after_trickle(sock, b"y" * 100, TIMEOUT_S / 5, 5)
    assert took < TIMEOUT_S + 1.0


def _closed_after_trickle(sock: socket.socket, part: bytes, every_s: float, limit_s: float) -> tuple[float, bytes]:
    """Send ``part`` every ``every_s`` until the server closes ``sock`` (or ``limit_s``)."""
    started = time.monotonic()
    try:
        while time.monotonic() - started < limit_s:
            sock.sendall(part)
            time.sleep(every_s)
    except (BrokenPipeError, ConnectionResetError):
        pass
    return time.monotonic() - started, b""


@pytest.mark.parametrize("protocol", _protocols(), ids=lambda p: p.__name__)
def test_connections_beyond_the_limit_get_503_at_once_and_service_resumes(protocol):
    with serve(protocol, max_connections=3) as (host, port):
        held = [socket.create_connection((host, port)) for _ in range(3)]
        time.sleep(0.1)
        with socket.create_connection((host, port)) as extra:
            took, received = _closed_after(extra, 3)
        assert took < 0.5 and received.startswith(b"HTTP/1.1 503 ") and b'"unavailable"' in received
        time.sleep(TIMEOUT_S + 0.5)  # the held ones time out and free their places
        assert httpx.get(f"http://{host}:{port}/").status_code == 200
        for sock in held:
            sock.close()


def test_the_limit_stays_below_the_open_file_limit():
    from assistant.api.server import RESERVED_FDS, open_file_limit

    assert effective_limits(10**9, 1.0).max_connections == open_file_limit() - RESERVED_FDS
    assert effective_limits(5, 1.0) == ServerLimits(5, 1.0)


def test_docqa_serve_passes_the_limits_to_uvicorn(tmp_path):
    options = uvicorn_options(make_settings(tmp_path, keep_alive_s=7.5))
    assert options["timeout_keep_alive"] == 7.5 and issubclass(options["http"], ConnectionGuard)
