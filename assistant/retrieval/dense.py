"""Nearest chunks by embedding, from the generation's Chroma collection of dense units.

A chunk scores the cosine similarity of its best unit (one sentence, or the whole chunk;
see :mod:`ingest.dense_units`). ``UNITS_PER_CHUNK × k`` units are asked for so that ``k``
distinct chunks remain after grouping (150 units gave 59 distinct chunks on the corpus and
135 on the corpus ×100).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assistant.index import IndexHandle
from assistant.retrieval.base import Filters, Passage
from ingest.core.errors import IndexMismatchError, VectorsUnavailableError
from ingest.dense_units import SCHEMES, chunk_id_of, dense_units
from ingest.index.vectors import VectorStore

UNITS_PER_CHUNK = 5
#: At most this many dense units of one chunk are scored when a reader asks for all of them.
MAX_UNITS_PER_CHUNK = 40


def both(a: dict | None, b: dict | None) -> dict | None:
    """Two Chroma ``where`` filters that must both hold."""
    if a is None or b is None:
        return a or b
    return {"$and": [a, b]}


class DenseRetriever:
    name = "dense"

    def __init__(
        self, handle: IndexHandle, embedder, client=None, units: str = SCHEMES["sentences"], *,
        connect: Callable[[], object] | None = None,
    ) -> None:
        """``client``: a Chroma client; or ``connect``, which makes one when first needed and again
        after the server could not be reached (an ``HttpClient`` cannot be made while it is down)."""
        if (client is None) == (connect is None):
            raise ValueError("give a Chroma client or a way to connect, not both")
        self._handle = handle
        self.embedder = embedder
        self._client = client
        self._connect = connect
        #: the unit scheme the index must have been built with
        self.units = units

    def _store(self) -> VectorStore:
        if self._client is None:
            self._client = self._connect()
        return VectorStore(self._client, self._handle.get().meta.collection)

    def _unreachable(self) -> None:
        if self._connect is not None:
            self._client = None

    def ping(self) -> None:
        """``VectorsUnavailableError`` unless the collection can be reached now."""
        try:
            self._store().check()
        except VectorsUnavailableError:
            self._unreachable()
            raise

    def check(self) -> None:
        """Refuse an index whose vectors came from another model or unit scheme: scores
        would be meaningless."""
        meta = self._handle.get().meta
        if meta.embed_model is None:
            raise IndexMismatchError("the index has no vectors; run `docqa ingest` with an embedding model")
        if meta.embed_model != self.embedder.name:
            raise IndexMismatchError(
                f"the index was embedded with {meta.embed_model!r} but DOCQA_EMBED_MODEL is "
                f"{self.embedder.name!r}; run `docqa ingest --rebuild` or set DOCQA_EMBED_MODEL back"
            )
        if meta.embed_units != self.units:
            raise IndexMismatchError(
                f"the index's vectors are of dense units {meta.embed_units or 'chunk ids (an older index)'!r} "
                f"but DOCQA_EMBED_UNITS asks for {self.units!r}; run `docqa ingest --rebuild` or set "
                "DOCQA_EMBED_UNITS back"
            )

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> list[Passage]:
        self.check()
        index = self._handle.get()
        if not index.docs:
            return []
        vector = self.embedder.embed_query(query)
        # The viewer's documents are filtered inside the vector search, before ranking.
        where = both(filters.chroma_where() if filters else None, index.access_where())
        depth = k * (2 if filters and filters.publisher else 1)
        if self.units != SCHEMES["chunks"]:
            depth *= UNITS_PER_CHUNK
        try:
            found = self._store().query(vector, depth, where)
        except VectorsUnavailableError:
            self._unreachable()
            raise
        best: dict[str, float] = {}
        for unit_id, similarity in found:
            chunk_id = chunk_id_of(unit_id)
            if similarity > best.get(chunk_id, -2.0):
                best[chunk_id] = similarity
        passages = []
        for chunk_id, similarity in sorted(best.items(), key=lambda item: (-item[1], item[0])):
            row = index.by_id.get(chunk_id)
            if row is None:
                continue
            chunk = index.chunks[row]
            if filters and not filters.accepts(chunk):
                continue
            passages.append(Passage(chunk, similarity, {"dense": similarity}))
        return passages[:k]

    def unit_similarities(self, query: str, chunk_ids: list[str]) -> dict[str, float]:
        """Cosine similarity of ``query`` to every dense unit of the chunks ``chunk_ids``
        (by unit id): their vectors fetched by id and compared here. A query filtered to
        those chunks made Chroma scan its metadata (250 ms at the corpus ×100). Chunks the
        viewer may not see are not in their index, so none of theirs is read."""
        if not chunk_ids:
            return {}
        index = self._handle.get()
        ids = [
            unit.unit_id
            for chunk_id in dict.fromkeys(chunk_ids)
            if (row := index.by_id.get(chunk_id)) is not None
            for unit in dense_units(index.chunks[row], self.units)[:MAX_UNITS_PER_CHUNK]
        ]
        if not ids:
            return {}
        try:
            vectors = self._store().get_vectors(ids)
        except VectorsUnavailableError:
            self._unreachable()
            raise
        if not vectors:
            return {}
        names = list(vectors)
        matrix = np.asarray([vectors[name] for name in names], dtype=np.float32)
        query_vector = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        return dict(zip(names, (matrix @ query_vector).tolist()))
