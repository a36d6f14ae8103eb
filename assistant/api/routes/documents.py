"""The corpus: ``/api/documents``, ``/api/documents/{doc}``, ``/api/passages/{passage_id}`` and
``POST /api/passages/missing`` (which passages of answers kept by a client have left the index).

A document is looked up as an exact key of the index's catalogue and its text is read
by the index itself (:meth:`assistant.index.LoadedIndex.original_text`), so no part of a
request ever becomes a file path. A document id is a file name, which may hold any
character but ``/`` (a newline too), so the ids in these paths match any character.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool
from starlette.convertors import PathConvertor, register_url_convertor

from assistant.api.auth import IndexDep
from assistant.api.deps import ApiError
from assistant.api.schemas import (
    DocumentDetail,
    DocumentSummary,
    Highlight,
    PassageRecord,
    PassagesAsked,
    PassagesMissing,
)
from assistant.index import LoadedIndex
from assistant.reading import read
from assistant.wire import to_wire
from ingest.index.records import DocumentRecord


class AnyPathConvertor(PathConvertor):
    """Starlette's ``path`` with newlines too (its ``.*`` stops at one: a 404 for such a name)."""

    regex = r"[\s\S]*"


register_url_convertor("anypath", AnyPathConvertor())

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
        "series": record.meta.series,
        "edition": record.meta.edition,
        "format": record.format,
        "uploaded": record.uploaded,
        "ocr_pages": list(record.ocr_pages),
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


#: What OpenAPI cannot say in a parameter's schema: a span's ends come in pairs (422 otherwise).
TOGETHER = "a passage span's end: only together with `{}`, and the end not before the start (422 otherwise)"


@router.get("/documents", response_model=list[DocumentSummary])
def list_documents(index: IndexDep) -> list[dict]:
    return [summary(record) for _, record in sorted(index.docs.items())]


@router.get("/documents/{doc:anypath}", response_model=DocumentDetail, responses={404: {"description": "No such document."}})
async def get_document(
    doc: str,
    index: IndexDep,
    start: Annotated[int | None, Query(ge=0, description=TOGETHER.format("end"))] = None,
    end: Annotated[int | None, Query(ge=0, description=TOGETHER.format("start"))] = None,
    quote: Annotated[str, Query(max_length=5000, description="the cited text, to mark inside the passage")] = "",
    quote_start: Annotated[int | None, Query(ge=0, description=TOGETHER.format("quote_end"))] = None,
    quote_end: Annotated[int | None, Query(ge=0, description=TOGETHER.format("quote_start"))] = None,
) -> dict:
    """The document; with ``start``/``end``, the passage in its context, and the quote marked in
    it (``quote_start``/``quote_end`` when the citation has them, else ``quote`` located)."""
    for a, b, names in ((start, end, "start and end"), (quote_start, quote_end, "quote_start and quote_end")):
        if (a is None) != (b is None):
            raise ApiError(422, "invalid_request", f"{names} must be given together")
        if a is not None and b < a:
            raise ApiError(422, "invalid_request", f"{names}: the end must not be before the start")
    record = index.docs.get(doc)
    if record is None:
        raise ApiError(404, "not_found", "no such document")
    text = await run_in_threadpool(original_text, index, doc)
    detail = {**summary(record), "format": record.format, "text": text}
    if start is not None:
        detail.update(with_context(text, start, end))
        span = (quote_start, quote_end) if quote_start is not None else None
        reading = await run_in_threadpool(read, text, (start, end), quote=quote, quote_span=span, context=CONTEXT_CHARS)
        detail.update(
            segments=[vars(s) for s in reading.segments],
            quote=Highlight(start=reading.quote[0], end=reading.quote[1]) if reading.quote else None,
            more_before=reading.more_before,
            more_after=reading.more_after,
        )
    return detail


@router.get("/passages/{passage_id:anypath}", response_model=PassageRecord, responses={404: {"description": "No such passage."}})
def get_passage(passage_id: str, index: IndexDep) -> PassageRecord:
    row = index.by_id.get(passage_id)
    if row is None:
        raise ApiError(404, "not_found", "no such passage")
    return to_wire(PassageRecord, index.chunks[row])


@router.post("/passages/missing", response_model=PassagesMissing)
def missing_passages(body: PassagesAsked, index: IndexDep) -> PassagesMissing:
    """Which of the given passages are not in the index (as the viewer sees it): an answer kept
    in a browser that cites one is marked there, since its document was deleted or replaced."""
    return PassagesMissing(missing=[p for p in dict.fromkeys(body.passage_ids) if p not in index.by_id])
