"""docqa's retrieval as a LangChain ``BaseRetriever``, for use in LangChain chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval.base import Filters, Passage
from assistant.wire import wire_fields


def passage_to_document(passage: Passage) -> Document:
    """The passage as a LangChain ``Document``: its text, and the wire fields as metadata."""
    fields = wire_fields(passage.chunk)
    text = fields.pop("text")
    return Document(page_content=text, id=passage.chunk_id, metadata={**fields, "score": passage.score})


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
