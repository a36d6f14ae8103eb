"""The retrieval seam: a query in, ranked passages out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.index import LoadedIndex
from ingest.core.models import Chunk


@dataclass(frozen=True)
class Filters:
    """Metadata filters; every field set must match (documents: any of them)."""

    documents: tuple[str, ...] = ()
    publisher: str | None = None
    kind: str | None = None
    year: int | None = None

    @classmethod
    def from_dict(cls, data: dict | None) -> Filters:
        data = data or {}
        docs = data.get("documents") or data.get("doc") or ()
        if isinstance(docs, str):
            docs = (docs,)
        year = data.get("year")
        return cls(
            documents=tuple(docs),
            publisher=data.get("publisher") or None,
            kind=data.get("kind") or None,
            year=int(year) if year not in (None, "") else None,
        )

    @property
    def empty(self) -> bool:
        return not (self.documents or self.publisher or self.kind or self.year)

    def mask(self, index: LoadedIndex) -> np.ndarray | None:
        """Rows that pass, or None when nothing is filtered."""
        if self.empty:
            return None
        keep = np.ones(index.doc_of_row.size, dtype=bool)  # every row of the index (a view's too)
        if self.documents:
            keep &= index.rows_of_docs(set(self.documents))
        if self.year:
            keep &= index.year_of_row == self.year
        if self.publisher or self.kind:
            # Per document, not per chunk: every chunk carries its document's metadata.
            keep &= index.rows_of_docs({
                doc for doc, record in index.docs.items()
                if (not self.publisher or self.publisher in record.meta.publisher)
                and (not self.kind or self.kind == record.meta.kind)
            })
        return keep

    def accepts(self, chunk: Chunk) -> bool:
        if self.documents and chunk.doc_id not in self.documents:
            return False
        if self.publisher and self.publisher not in chunk.meta.publisher:
            return False
        if self.kind and self.kind != chunk.meta.kind:
            return False
        if self.year and not chunk.meta.published.startswith(str(self.year)):
            return False
        return True

    def chroma_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.documents:
            clauses.append({"doc_id": {"$in": list(self.documents)}})
        if self.kind:
            clauses.append({"kind": self.kind})
        if self.year:
            clauses.append({"year": self.year})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


@dataclass
class Passage:
    chunk: Chunk
    score: float
    sources: dict[str, float] = field(default_factory=dict)

    @property
    def chunk_id(self) -> str:
        return self.chunk.chunk_id


class Retriever(Protocol):
    """Contract: at most ``k`` passages, best first, no duplicates, all passing ``filters``."""

    name: str

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> list[Passage]: ...


@dataclass(frozen=True)
class Retrieved:
    """Passages, and the retrievers that could not take part this time (``("dense",)`` while
    the Chroma server is down)."""

    passages: list[Passage]
    unavailable: tuple[str, ...] = ()


@runtime_checkable
class ReportingRetriever(Retriever, Protocol):
    """A retriever that also says which of its parts were unavailable for a query."""

    def search(self, query: str, k: int, filters: Filters | None = None) -> Retrieved: ...


def search(retriever: Retriever, query: str, k: int, filters: Filters | None = None) -> Retrieved:
    """``retriever.search`` when it reports unavailable parts, else its passages alone."""
    if isinstance(retriever, ReportingRetriever):
        return retriever.search(query, k, filters)
    return Retrieved(retriever.retrieve(query, k, filters))
