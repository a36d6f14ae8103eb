"""docqa's retrieval as a LangChain ``BaseRetriever``, for use in LangChain chains.

``k`` and ``filters`` are fields of the object and may be given per call as well, as
LangChain's standard retriever tests expect: ``retriever.invoke(query, k=1)``.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.retrieval.base import Filters, Passage
from assistant.wire import wire_fields


def passage_to_document(passage: Passage) -> Document:
    """The passage as a LangChain ``Document``: its text, and the wire fields as metadata."""
    fields = wire_fields(passage.chunk)
    text = fields.pop("text")
    return Document(page_content=text, id=passage.chunk_id, metadata={**fields, "score": passage.score})


class DocqaRetriever(BaseRetriever):
    """Wraps any docqa ``Retriever``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    k: int = Field(10, ge=1, description="Documents returned; a call's own `k` wins.")
    filters: dict | None = Field(None, description="documents, publisher, kind, year; a call's own `filters` win.")

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None, filters: dict | None = None,
    ) -> list[Document]:
        if not isinstance(query, str):
            raise TypeError(f"DocqaRetriever expects the query as a str, not {type(query).__name__}")
        if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
            raise ValueError(f"k must be a positive integer, not {k!r}")
        chosen = self.filters if filters is None else filters
        passages = self.retriever.retrieve(query, k or self.k, Filters.from_dict(chosen))
        return [passage_to_document(p) for p in passages]
