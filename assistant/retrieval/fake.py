"""A fake :class:`~assistant.retrieval.base.Retriever` for tests and demos: no scoring at all."""

from __future__ import annotations

from assistant.index import IndexHandle
from assistant.retrieval.base import Filters, Passage


class FakeRetriever:
    """The index's first chunks in row order that pass the filters, whatever the query;
    scores fall by 0.1 from 0.5 so that the order is the ranking."""

    name = "fake"

    def __init__(self, handle: IndexHandle) -> None:
        self._handle = handle

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> list[Passage]:
        passages: list[Passage] = []
        for chunk in self._handle.get().chunks:
            if len(passages) >= k:
                break
            if filters is None or filters.accepts(chunk):
                score = 0.5 - len(passages) / 10
                passages.append(Passage(chunk, score, {self.name: score}))
        return passages
