"""A retriever behind a service that may go away (the dense retriever and its Chroma server).

While the service cannot be reached, :meth:`FailSoft.search` returns no passages and names
the retriever as unavailable, so that the hybrid answers from lexical retrieval alone (the
response says ``degraded: ["dense"]``) instead of failing every question with 503. One log
line marks the change each way. The service is tried again at most every ``retry_s``
seconds, so a server that hangs does not cost each question its time-out, and retrieval is
hybrid again on the first question after it is back. ``probe`` lets ``/health`` check it
without a question.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Literal, Protocol

from assistant.retrieval.base import Filters, Passage, Retrieved
from ingest.core.errors import VectorsUnavailableError

log = logging.getLogger("docqa.retrieval")

State = Literal["ok", "unavailable"]


class Pingable(Protocol):
    """A retriever whose service can be checked without a query (``VectorsUnavailableError`` if down)."""

    name: str

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> list[Passage]: ...

    def ping(self) -> None: ...


class FailSoft:
    def __init__(
        self, inner: Pingable, retry_s: float = 5.0, clock: Callable[[], float] = time.monotonic,
        reason: str | None = None,
    ) -> None:
        """``reason``: the service is already known to be down (seen at start-up)."""
        self.inner = inner
        self.name = inner.name
        self.retry_s = retry_s
        self._clock = clock
        self._lock = threading.Lock()
        self.reason: str | None = None
        self._last_try = float("-inf")
        if reason is not None:
            self._down(reason)

    @property
    def state(self) -> State:
        return "unavailable" if self.reason else "ok"

    def _down(self, reason: str) -> None:
        with self._lock:
            was_up = self.reason is None
            self.reason = reason
            self._last_try = self._clock()
        if was_up:
            log.warning("docqa: %s retrieval unavailable (%s); answering from lexical retrieval", self.name, reason)

    def _up(self) -> None:
        with self._lock:
            was_down = self.reason is not None
            self.reason = None
        if was_down:
            log.warning("docqa: %s retrieval is back", self.name)

    def _due(self) -> bool:
        return self.reason is None or self._clock() - self._last_try >= self.retry_s

    def search(self, query: str, k: int, filters: Filters | None = None) -> Retrieved:
        if not self._due():
            return Retrieved([], (self.name,))
        try:
            passages = self.inner.retrieve(query, k, filters)
        except VectorsUnavailableError as exc:
            self._down(str(exc))
            return Retrieved([], (self.name,))
        self._up()
        return Retrieved(passages)

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> list[Passage]:
        return self.search(query, k, filters).passages

    @property
    def units(self) -> str | None:
        """The inner retriever's dense unit scheme (what the reader asks of a dense retriever)."""
        return getattr(self.inner, "units", None)

    def unit_similarities(self, query: str, chunk_ids: list[str]) -> dict[str, float]:
        """The inner retriever's unit similarities; none while its service is down, so the
        reader ranks by its lexical features then, as retrieval does."""
        if not self._due():
            return {}
        try:
            found = self.inner.unit_similarities(query, chunk_ids)
        except VectorsUnavailableError as exc:
            self._down(str(exc))
            return {}
        self._up()
        return found

    def probe(self) -> State:
        """Check the service now (when a retry is due) and return the state."""
        if self._due():
            try:
                self.inner.ping()
            except VectorsUnavailableError as exc:
                self._down(str(exc))
            else:
                self._up()
        return self.state
