"""Nearest chunks by embedding, from the generation's Chroma collection."""

from __future__ import annotations

from assistant.index import IndexHandle
from assistant.retrieval.base import Filters, Passage
from ingest.core.errors import IndexMismatchError
from ingest.index.vectors import VectorStore


class DenseRetriever:
    name = "dense"

    def __init__(self, handle: IndexHandle, embedder, client) -> None:
        self._handle = handle
        self._embedder = embedder
        self._client = client

    def check(self) -> None:
        """Refuse an index whose vectors came from another model: scores would be meaningless."""
        meta = self._handle.get().meta
        if meta.embed_model is None:
            raise IndexMismatchError("the index has no vectors; run `docqa ingest` with an embedding model")
        if meta.embed_model != self._embedder.name:
            raise IndexMismatchError(
                f"the index was embedded with {meta.embed_model!r} but DOCQA_EMBED_MODEL is "
                f"{self._embedder.name!r}; run `docqa ingest --rebuild` or set DOCQA_EMBED_MODEL back"
            )

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> list[Passage]:
        self.check()
        index = self._handle.get()
        store = VectorStore(self._client, index.meta.collection)
        vector = self._embedder.embed_query(query)
        where = filters.chroma_where() if filters else None
        hits = store.query(vector, k * 2 if filters and (filters.publisher) else k, where)
        passages = []
        for chunk_id, similarity in hits:
            row = index.by_id.get(chunk_id)
            if row is None:
                continue
            chunk = index.chunks[row]
            if filters and not filters.accepts(chunk):
                continue
            passages.append(Passage(chunk, similarity, {"dense": similarity}))
        return passages[:k]
