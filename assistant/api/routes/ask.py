"""``POST /api/ask`` (one JSON response) and ``POST /api/chat`` (the same, as Server-Sent Events)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Callable

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.access import Access
from assistant.api.audit import record_question
from assistant.api.auth import ViewerDep
from assistant.api.deps import AskRequestDep, AssistantDep
from assistant.api.errors import error_body
from assistant.api.schemas import AskRequest
from assistant.auth import Viewer
from assistant.schemas import AskResponse
from ingest.core.errors import DocqaError

log = logging.getLogger("docqa.api")

router = APIRouter(prefix="/api", tags=["ask"])

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")
_TOKEN = re.compile(r"\[\d+\]|.", re.DOTALL)


def split_for_stream(text: str, size: int = 24) -> list[str]:
    """Pieces of ``text`` to stream: sentences, long ones cut every ``size`` characters.

    A citation marker ``[n]`` is never cut; ``"".join(pieces) == text``.
    """
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        buffer = ""
        for token in _TOKEN.findall(sentence):
            buffer += token
            if len(buffer) >= size:
                pieces.append(buffer)
                buffer = ""
        if buffer:
            pieces.append(buffer)
    return pieces


def sse(event: str | None, data: dict | str) -> str:
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n"


async def ask_safely(call: Callable[[], AskResponse]) -> tuple[AskResponse | None, dict | None]:
    """Run the synchronous ``ask`` in a thread; an error becomes the error body, never a traceback."""
    try:
        return await run_in_threadpool(call), None
    except DocqaError as exc:
        return None, error_body(exc.code, str(exc))
    except Exception:
        log.exception("ask failed")
        return None, error_body("internal_error", "internal server error")


def ask_call(assistant, body: AskRequest, viewer: Viewer, request: Request) -> Callable[[], AskResponse]:
    """The question asked from the viewer's documents, and recorded in the audit trail."""

    def call() -> AskResponse:
        response = assistant.ask(
            body.question,
            history=[turn.model_dump() for turn in body.history],
            k=body.k,
            filters=body.filters.to_dict() if body.filters else None,
            id=body.id,
            access=Access.of(viewer),
        )
        record_question(request, viewer, body.question, response)
        return response

    return call


def event_stream(events: AsyncIterator[str]) -> StreamingResponse:
    return StreamingResponse(events, media_type="text/event-stream", headers=SSE_HEADERS)


@router.post("/ask", response_model=AskResponse)
async def ask(body: AskRequestDep, assistant: AssistantDep, viewer: ViewerDep, request: Request) -> AskResponse:
    return await run_in_threadpool(ask_call(assistant, body, viewer, request))


@router.post(
    "/chat",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def chat(body: AskRequestDep, assistant: AssistantDep, viewer: ViewerDep, request: Request) -> StreamingResponse:
    """``event: delta`` ``{"text"}`` pieces of the answer, then ``event: final`` with the AskResponse
    (or ``event: error`` with the error shape)."""

    async def events() -> AsyncIterator[str]:
        response, error = await ask_safely(ask_call(assistant, body, viewer, request))
        if error is not None:
            yield sse("error", error)
            return
        for piece in split_for_stream(response.answer):
            yield sse("delta", {"text": piece})
        yield sse("final", response.model_dump(mode="json"))

    return event_stream(events())
