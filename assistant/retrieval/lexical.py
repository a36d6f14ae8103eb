"""BM25 over Sudachi tokens."""

from __future__ import annotations

from assistant.index import IndexHandle
from assistant.retrieval.base import Filters, Passage
from assistant.retrieval.query import query_terms
from ingest.index.lexical import top_k


class LexicalRetriever:
    name = "lexical"

    def __init__(self, handle: IndexHandle) -> None:
        self._handle = handle

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> list[Passage]:
        index = self._handle.get()
        terms = query_terms(self._handle.tokenizer, query)
        scores = index.lexical.scores(terms)
        mask = filters.mask(index) if filters else None
        return [
            Passage(index.chunks[row], score, {"lexical": score})
            for row, score in top_k(scores, k, mask)
        ]
