"""``POST /api/feedback`` records a rating of an answer; ``GET /api/feedback`` exports them.

Ratings are bounded: the comment's length, a rate per client address, the database's size
(see the ``DOCQA_FEEDBACK_*`` settings). A viewer who does not see every document exports
only the ratings whose cited documents they all see. The export is streamed row by row, a page at a time
with ``limit`` and ``offset``, so a large export never sits in the server's memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from assistant.access import IndexView
from assistant.api.auth import IndexDep
from assistant.api.deps import FeedbackRequestDep, FeedbackStoreDep, feedback_rate_limit
from assistant.api.feedback_store import FeedbackStore
from assistant.api.schemas import FeedbackCreated, FeedbackRecord
from assistant.index import LoadedIndex

router = APIRouter(prefix="/api", tags=["feedback"])

#: SQLite's largest integer; a larger offset cannot be bound to the query (a 500 before).
MAX_OFFSET = 2**63 - 1


@router.post("/feedback", response_model=FeedbackCreated, status_code=201, dependencies=[Depends(feedback_rate_limit)])
def add_feedback(body: FeedbackRequestDep, store: FeedbackStoreDep) -> dict:
    feedback_id = store.add(
        rating=body.rating,
        comment=body.comment,
        question=body.question,
        answer=body.answer,
        citations=[c.model_dump(exclude_none=True) for c in body.citations],
    )
    return {"id": feedback_id}


def json_array(rows: Iterable[dict]) -> Iterator[bytes]:
    """The rows as one JSON array, a row at a time."""
    yield b"["
    for n, row in enumerate(rows):
        yield (b"," if n else b"") + FeedbackRecord.model_validate(row).model_dump_json().encode()
    yield b"]"


def visible_rows(store: FeedbackStore, index: LoadedIndex | IndexView, limit: int, offset: int) -> Iterator[dict]:
    """The ratings whose every cited document the viewer sees (all, for the whole index),
    ``limit`` of them after the first ``offset``."""
    if isinstance(index, LoadedIndex):
        yield from store.rows(limit=limit, offset=offset)
        return
    shown = (r for r in store.rows(limit=-1) if all(c.get("doc") in index.docs for c in r["citations"]))
    yield from islice(shown, offset, offset + limit)


@router.get("/feedback", response_model=list[FeedbackRecord])
def export_feedback(
    store: FeedbackStoreDep,
    index: IndexDep,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> StreamingResponse:
    return StreamingResponse(json_array(visible_rows(store, index, limit, offset)), media_type="application/json")
