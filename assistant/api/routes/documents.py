"""The corpus: ``/api/documents``, ``/api/documents/{doc}`` and ``/api/passages/{passage_id}``.

A document is looked up as an exact key of the index's catalogue and its text is read
by the index itself (:meth:`assistant.index.LoadedIndex.original_text`), so no part of a
request ever becomes a file path.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import ApiError, AssistantDep
from assistant.api.schemas import DocumentDetail, DocumentSummary, Highlight, PassageRecord
from assistant.index import LoadedIndex
from assistant.wire import to_wire
from ingest.index.records import DocumentRecord

router = APIRouter(prefix="/api", tags=["documents"])

#: Characters of context shown on each side of a highlighted passage.
CONTEXT_CHARS = 300


def summary(record: DocumentRecord) -> dict:
    return {
        "doc": record.doc_id,
        "title": record.meta.title,
        "publisher": record.meta.publisher,
        "published": record.meta.published,
        "kind": record.meta.kind,
        "chunks": len(record.chunk_ids),
        "chars": record.chars,
    }


def original_text(index: LoadedIndex, doc: str) -> str:
    text = index.original_text(doc)
    if text is None:
        raise ApiError(404, "not_found", "the document's text is not in the index")
    return text


def with_context(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> dict:
    """``text[start:end]`` with up to ``context`` characters either side (offsets clamped to the text)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return {
        "highlight": Highlight(start=start, end=end),
        "before": text[max(0, start - context) : start],
        "passage": text[start:end],
        "after": text[end : end + context],
    }


@router.get("/documents", response_model=list[DocumentSummary])
def list_documents(assistant: AssistantDep) -> list[dict]:
    index = assistant.handle.get()
    return [summary(record) for _, record in sorted(index.docs.items())]


@router.get("/documents/{doc:path}", response_model=DocumentDetail)
async def get_document(
    doc: str,
    assistant: AssistantDep,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> dict:
    if (start is None) != (end is None):
        raise ApiError(422, "invalid_request", "start and end must be given together")
    if start is not None and end < start:
        raise ApiError(422, "invalid_request", "end must not be before start")
    index = assistant.handle.get()
    record = index.docs.get(doc)
    if record is None:
        raise ApiError(404, "not_found", "no such document")
    text = await run_in_threadpool(original_text, index, doc)
    detail = {**summary(record), "format": record.format, "text": text}
    if start is not None:
        detail.update(with_context(text, start, end))
    return detail


@router.get("/passages/{passage_id:path}", response_model=PassageRecord)
def get_passage(passage_id: str, assistant: AssistantDep) -> PassageRecord:
    index = assistant.handle.get()
    row = index.by_id.get(passage_id)
    if row is None:
        raise ApiError(404, "not_found", "no such passage")
    return to_wire(PassageRecord, index.chunks[row])
