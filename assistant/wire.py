"""The one mapping from a chunk (or a retrieved passage) to what the wire shows of it.

Every citation, passage, passage record, fact row and LangChain document names a chunk
by the same fields, spelled the same way: :func:`wire_fields`. A wire model takes the
fields it declares (:func:`to_wire`), so a new field of a chunk reaches every model that
declares it from here.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from assistant.retrieval.base import Passage
from assistant.schemas import Citation, PassageOut
from ingest.core.models import Chunk

M = TypeVar("M", bound=BaseModel)


def wire_fields(chunk: Chunk) -> dict[str, object]:
    """The chunk as the wire names it."""
    return {
        "doc": chunk.doc_id,
        "passage_id": chunk.chunk_id,
        "text": chunk.text,
        "title": chunk.meta.title,
        "section": chunk.section,
        "page": chunk.page,
        "start": chunk.start,
        "end": chunk.end,
        "publisher": chunk.meta.publisher,
        "published": chunk.meta.published,
        "kind": chunk.meta.kind,
    }


def to_wire(model: type[M], chunk: Chunk, **values: object) -> M:
    """``model`` filled with the chunk's fields that it declares; ``values`` come on top."""
    fields = {k: v for k, v in wire_fields(chunk).items() if k in model.model_fields}
    return model(**{**fields, **values})


def make_citation(n: int, passage: Passage, quote: str) -> Citation:
    """Citation ``[n]``: ``quote`` (an exact substring of the passage) and where it stands."""
    return to_wire(Citation, passage.chunk, n=n, text=quote)


def passage_out(passage: Passage) -> PassageOut:
    return to_wire(PassageOut, passage.chunk, score=round(float(passage.score), 6))
