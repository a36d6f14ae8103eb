"""``POST /api/draft`` and ``POST /api/draft.docx``: an answer as a council answer (答弁) draft.

The chat UI sends an answer and its citations back; the reply is the draft of
:mod:`assistant.draft` (one source per passage, markers renumbered) as JSON with its 公用文
and Markdown texts, or as a Word document.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from assistant.api.schemas import DraftOut, DraftRequest
from assistant.draft import Draft, as_docx, as_markdown, as_text, draft_of

router = APIRouter(prefix="/api", tags=["draft"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft(body: DraftRequest) -> Draft:
    return draft_of(body.question, body.answer, body.citations)


@router.post("/draft", response_model=DraftOut)
def make_draft(body: DraftRequest) -> dict:
    draft = _draft(body)
    return {
        "answer": draft.answer,
        "sources": [
            {**vars(s), "quotes": [vars(q) for q in s.quotes]} for s in draft.sources
        ],
        "text": as_text(draft),
        "markdown": as_markdown(draft),
    }


@router.post("/draft.docx", response_class=Response, responses={200: {"content": {DOCX: {}}}})
def make_docx(body: DraftRequest) -> Response:
    return Response(
        as_docx(_draft(body)),
        media_type=DOCX,
        headers={"Content-Disposition": 'attachment; filename="draft.docx"'},
    )
