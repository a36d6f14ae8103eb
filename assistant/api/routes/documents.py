"""The corpus: ``/api/documents``, ``/api/documents/{doc}`` and ``/api/passages/{passage_id}``.

A document is looked up as an exact key of the index's catalogue; the file read is
the one the index names, so no part of a request ever becomes a file path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import ApiError, AssistantDep
from assistant.api.schemas import DocumentDetail, DocumentSummary, Highlight, PassageRecord

router = APIRouter(prefix="/api", tags=["documents"])

#: Characters of context shown on each side of a highlighted passage.
CONTEXT_CHARS = 300


def summary(doc: str, meta: dict) -> dict:
    return {
        "doc": doc,
        "title": meta.get("title", ""),
        "publisher": meta.get("publisher", ""),
        "published": meta.get("published", ""),
        "kind": meta.get("kind", ""),
        "chunks": len(meta.get("chunk_ids", ())),
        "chars": meta.get("chars", 0),
    }


def original_text(index, meta: dict) -> str:
    name = meta.get("text_file") or ""
    if not name or Path(name).name != name:
        raise ApiError(404, "not_found", "the document's text is not in the index")
    try:
        return (Path(index.path) / "texts" / name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ApiError(404, "not_found", "the document's text is not in the index") from exc


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
    return [summary(doc, meta) for doc, meta in sorted(index.docs.items())]


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
    meta = index.docs.get(doc)
    if meta is None:
        raise ApiError(404, "not_found", "no such document")
    text = await run_in_threadpool(original_text, index, meta)
    detail = {**summary(doc, meta), "format": meta.get("format", ""), "text": text}
    if start is not None:
        detail.update(with_context(text, start, end))
    return detail


@router.get("/passages/{passage_id:path}", response_model=PassageRecord)
def get_passage(passage_id: str, assistant: AssistantDep) -> dict:
    index = assistant.handle.get()
    row = index.by_id.get(passage_id)
    if row is None:
        raise ApiError(404, "not_found", "no such passage")
    chunk = index.chunks[row]
    return {
        "passage_id": chunk.chunk_id,
        "doc": chunk.doc_id,
        "text": chunk.text,
        "section": chunk.section,
        "page": chunk.page,
        "start": chunk.start,
        "end": chunk.end,
        "title": chunk.meta.title,
        "publisher": chunk.meta.publisher,
        "published": chunk.meta.published,
    }
