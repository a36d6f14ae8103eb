"""The guard of :mod:`assistant.api.server` on uvicorn's httptools protocol (an ImportError
without httptools, and the server falls back to h11)."""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from assistant.api.server import ConnectionGuard


class GuardedHttpToolsProtocol(ConnectionGuard, HttpToolsProtocol):
    """uvicorn's httptools protocol with the guard."""
