"""docqa's retrieval as a LangChain ``BaseRetriever``, for use in LangChain chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval.base import Filters, Passage


def passage_to_document(passage: Passage) -> Document:
    chunk = passage.chunk
    return Document(
        page_content=chunk.text,
        id=chunk.chunk_id,
        metadata={
            "doc": chunk.doc_id,
            "passage_id": chunk.chunk_id,
            "title": chunk.meta.title,
            "publisher": chunk.meta.publisher,
            "published": chunk.meta.published,
            "kind": chunk.meta.kind,
            "section": chunk.section,
            "page": chunk.page,
            "start": chunk.start,
            "end": chunk.end,
            "score": passage.score,
        },
    )


class DocqaRetriever(BaseRetriever):
    """Wraps any docqa ``Retriever``; ``k`` and ``filters`` are fields of the LangChain object."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    k: int = 10
    filters: dict | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        passages = self.retriever.retrieve(query, self.k, Filters.from_dict(self.filters))
        return [passage_to_document(p) for p in passages]
