"""The HTTP server around the app: uvicorn, with limits on slow and surplus connections.

uvicorn times out idle keep-alive connections but not a client that connects and then
sends its request slowly, or not at all: 200 such connections held theirs for 60 s, and
with 256 open files the server stopped answering (measured 2026-12-01). The protocol
here (uvicorn's own, with a guard mixed in) gives every request ``request_timeout_s`` to
arrive, headers and body, and answers a connection beyond ``max_connections`` with 503 at
once, before it can hold a file descriptor. ``max_connections`` is also kept below the
process's open-file limit, which ``docqa serve`` raises to fit when it may. A body that
keeps coming at ``min_body_rate`` bytes per second or faster earns time as it arrives (a
second per that many bytes, as Apache's mod_reqtimeout ``MinRate``), so an upload of
documents over a slow link is not cut while a trickle still is.
"""

from __future__ import annotations

import asyncio
import json
import resource
from dataclasses import dataclass
from functools import lru_cache

from uvicorn.protocols.http.h11_impl import H11Protocol

#: Descriptors kept for everything but client connections (index files, SQLite, logs, pipes).
RESERVED_FDS = 64


@dataclass(frozen=True)
class ServerLimits:
    max_connections: int
    request_timeout_s: float
    #: Bytes of body per second of time added to the deadline (0: none added).
    min_body_rate: float = 0.0


def open_file_limit() -> int:
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def raise_open_file_limit(max_connections: int) -> int:
    """Raise the soft open-file limit (up to the hard one) to fit ``max_connections``; the limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max_connections + RESERVED_FDS
    if soft != resource.RLIM_INFINITY and soft < wanted:
        new = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        except (ValueError, OSError):
            pass
    return open_file_limit()


def effective_limits(max_connections: int, request_timeout_s: float, min_body_rate: float = 0.0) -> ServerLimits:
    """The configured limits, with ``max_connections`` kept below the open-file limit."""
    room = open_file_limit() - RESERVED_FDS
    return ServerLimits(max(1, min(max_connections, room)), request_timeout_s, min_body_rate)


@lru_cache(maxsize=1)
def _limits_from_settings() -> ServerLimits:
    from ingest.core.settings import get_settings

    settings = get_settings()
    return effective_limits(settings.max_connections, settings.request_timeout_s, settings.request_min_rate_kb * 1024)


def _raw_response(status: str, code: str, message: str, extra: str = "") -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
        f"connection: close\r\nx-content-type-options: nosniff\r\n{extra}\r\n"
    )
    return head.encode("ascii") + body


OVERLOADED = _raw_response(
    "503 Service Unavailable", "unavailable",
    "too many open connections (DOCQA_MAX_CONNECTIONS); try again shortly", "retry-after: 1\r\n",
)
TIMED_OUT = _raw_response(
    "408 Request Timeout", "request_timeout", "the request did not arrive in time (DOCQA_REQUEST_TIMEOUT_S)"
)


class ConnectionGuard:
    """Mixed into a uvicorn HTTP protocol (which provides ``connections``, ``cycle``, ``loop``).

    ``limits`` None: from the settings (``DOCQA_MAX_CONNECTIONS``, ``DOCQA_REQUEST_TIMEOUT_S``).
    """

    limits: ServerLimits | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)
        self._timer: asyncio.TimerHandle | None = None
        self._waiting_after = None  # the cycle that was current when the request timer started
        limits = self.limits or _limits_from_settings()
        self._timeout = limits.request_timeout_s
        self._rate = limits.min_body_rate
        self._deadline = 0.0
        if len(self.connections) > limits.max_connections:
            transport.write(OVERLOADED)
            transport.close()
            return
        self._start_timer()

    def _start_timer(self) -> None:
        self._waiting_after = self.cycle
        self._deadline = self.loop.time() + self._timeout
        self._timer = self.loop.call_at(self._deadline, self._timed_out)

    def _extend(self, received: int) -> None:
        """A part of a body arrived: ``received / rate`` seconds more."""
        self._timer.cancel()
        self._deadline += received / self._rate
        self._timer = self.loop.call_at(self._deadline, self._timed_out)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _request_arrived(self) -> bool:
        """A new request's head and its whole body have been read."""
        return self.cycle is not None and self.cycle is not self._waiting_after and not self.cycle.more_body

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return
        if self._timer is None and (self.cycle is None or self.cycle.response_complete):
            self._start_timer()  # a new request on a kept-alive connection
        super().data_received(data)
        if self._timer is not None and self._request_arrived():
            self._stop_timer()
        elif self._timer is not None and self._rate and self.cycle is not None and self.cycle is not self._waiting_after:
            self._extend(len(data))  # a body under way

    def _timed_out(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle is self._waiting_after:
            self.transport.write(TIMED_OUT)  # no response of the app can be under way
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        super().connection_lost(exc)


class GuardedH11Protocol(ConnectionGuard, H11Protocol):
    """uvicorn's h11 protocol with the guard."""


def guarded_protocol() -> type[asyncio.Protocol]:
    """The guarded form of the protocol uvicorn would pick (httptools when installed)."""
    try:
        from assistant.api.server_httptools import GuardedHttpToolsProtocol
    except ImportError:
        return GuardedH11Protocol
    return GuardedHttpToolsProtocol


def uvicorn_options(settings) -> dict:
    """uvicorn's keyword arguments for the limits of ``settings`` (host, port, app aside)."""
    return {
        "http": guarded_protocol(),
        "timeout_keep_alive": settings.keep_alive_s,
        "limit_concurrency": None,
        "proxy_headers": False,
        "server_header": False,
    }
