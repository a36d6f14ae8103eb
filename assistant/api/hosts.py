"""Trusted hosts: a request must name one of this server's own names in its ``Host`` header.

A web page on another site can make the browser send requests to 127.0.0.1 by pointing a
name it controls at that address (DNS rebinding); the browser then sends that name as
``Host``. Refusing every name but the configured ones (the loopback names by default,
``DOCQA_TRUSTED_HOSTS``) closes that road to an API that has no token by default, and keeps
the redirects Starlette builds from ``Host`` (``/api/ask/`` → ``/api/ask``) on this server.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.errors import error_response

UNTRUSTED_MESSAGE = "the Host header names a host this server does not answer for (DOCQA_TRUSTED_HOSTS)"


def host_name(header: str) -> str:
    """The host of a ``Host`` header value, without its port, lower-cased: ``[::1]:8000`` → ``::1``."""
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def host_allowed(header: str | None, patterns: Iterable[str]) -> bool:
    """Whether ``header`` names a trusted host: an exact name, ``*.domain`` (its subdomains) or ``*``."""
    patterns = [p.strip().lower() for p in patterns]
    if "*" in patterns:
        return True
    host = host_name(header or "")
    if not host:
        return False
    for pattern in patterns:
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
        if host == host_name(pattern):
            return True
    return False


class TrustedHostMiddleware:
    """400 in the error shape of the path's routes for a request whose ``Host`` is not trusted."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = list(allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            header = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), None)
            if not host_allowed(header, self.allowed):
                response = error_response(scope.get("path", ""), 400, "untrusted_host", UNTRUSTED_MESSAGE)
                return await response(scope, receive, send)
        await self.app(scope, receive, send)
