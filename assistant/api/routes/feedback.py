"""``POST /api/feedback`` records a rating of an answer; ``GET /api/feedback`` exports them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import FeedbackStoreDep
from assistant.api.schemas import FeedbackCreated, FeedbackRecord, FeedbackRequest

router = APIRouter(prefix="/api", tags=["feedback"])

#: SQLite's largest integer; a larger offset cannot be bound to the query (a 500 before).
MAX_OFFSET = 2**63 - 1


@router.post("/feedback", response_model=FeedbackCreated, status_code=201)
def add_feedback(body: FeedbackRequest, store: FeedbackStoreDep) -> dict:
    feedback_id = store.add(
        rating=body.rating,
        comment=body.comment,
        question=body.question,
        answer=body.answer,
        citations=[c.model_dump(exclude_none=True) for c in body.citations],
    )
    return {"id": feedback_id}


@router.get("/feedback", response_model=list[FeedbackRecord])
def export_feedback(
    store: FeedbackStoreDep,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[dict]:
    return store.list(limit=limit, offset=offset)
