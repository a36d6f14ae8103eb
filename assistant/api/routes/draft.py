"""``POST /api/draft`` and ``POST /api/draft.docx``: an answer as a council answer (答弁) draft.

The chat UI sends an answer and its citations back; the reply is the draft of
:mod:`assistant.draft` (one source per passage, markers renumbered) as JSON with its 公用文
and Markdown texts, or as a Word document. An answer kept in a browser may cite passages
that have left the index since (their document deleted, or replaced by a version that no
longer says so): such a draft is refused (409), so no council answer cites them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from assistant.api.auth import IndexDep
from assistant.api.deps import ApiError
from assistant.api.schemas import DraftOut, DraftRequest
from assistant.draft import Draft, as_docx, as_markdown, as_text, draft_of

router = APIRouter(prefix="/api", tags=["draft"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def current_draft(body: DraftRequest, index: IndexDep) -> Draft:
    """The draft of ``body``, when every passage it cites is in the current index (as the
    viewer sees it)."""
    for citation in body.citations:
        row = index.by_id.get(citation.passage_id)
        if row is None or index.chunks[row].doc_id != citation.doc:
            raise ApiError(409, "conflict", (
                "the answer cites a passage that is no longer in the index (its document was deleted "
                "or replaced since the answer was given); ask the question again"
            ))
    return draft_of(body.question, body.answer, body.citations)


CurrentDraft = Annotated[Draft, Depends(current_draft)]


#: A draft of an answer whose passages the index no longer holds (documented in /openapi.json).
STALE = {409: {"description": "A citation's passage is no longer in the index (its document deleted, replaced or hidden)."}}


@router.post("/draft", response_model=DraftOut, responses=STALE)
def make_draft(draft: CurrentDraft) -> dict:
    return {
        "answer": draft.answer,
        "sources": [
            {**vars(s), "quotes": [vars(q) for q in s.quotes]} for s in draft.sources
        ],
        "text": as_text(draft),
        "markdown": as_markdown(draft),
    }


@router.post("/draft.docx", response_class=Response, responses={200: {"content": {DOCX: {}}}, **STALE})
def make_docx(draft: CurrentDraft) -> Response:
    return Response(
        as_docx(draft),
        media_type=DOCX,
        headers={"Content-Disposition": 'attachment; filename="draft.docx"'},
    )
