"""OpenAI-compatible ``POST /v1/chat/completions`` and ``GET /v1/models`` (model id ``docqa``).

The last user message is the question and earlier messages are the history. The reply is
the cited answer followed by its numbered sources, so that any OpenAI client shows them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import ViewerDep
from assistant.api.deps import AssistantDep, SettingsDep
from assistant.api.routes.ask import ask_call, ask_safely, event_stream, split_for_stream, sse
from assistant.api.schemas import (
    AskRequest,
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    Choice,
    ChunkChoice,
    Delta,
    ModelCard,
    ModelList,
    Usage,
)
from assistant.draft import OCR_NOTE, edition_note
from assistant.schemas import AskResponse, Citation, Turn
from ingest.core.settings import Settings

router = APIRouter(prefix="/v1", tags=["openai"])

SOURCES_HEADING = "\n\n出典:\n"
_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
_TURN_CHARS = 20_000


def source_line(citation: Citation) -> str:
    """``[1] title (edition, publisher, published) section p.N (OCR)``, leaving out what is unknown."""
    title = citation.title or citation.doc
    edition = edition_note(citation.edition, title)
    origin = ", ".join(part for part in (edition, citation.publisher, citation.published) if part)
    parts = [f"[{citation.n}]", title]
    if origin:
        parts.append(f"({origin})")
    if citation.section:
        parts.append(citation.section)
    if citation.page is not None:
        parts.append(f"p.{citation.page}")
    if citation.ocr:
        parts.append(f"({OCR_NOTE})")
    return " ".join(parts)


def sources_block(response: AskResponse) -> str:
    if not response.citations:
        return ""
    return SOURCES_HEADING + "\n".join(source_line(c) for c in response.citations)


def _invalid(field: str, message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": ("body", field), "msg": message, "input": None}]
    )


def to_ask_request(body: ChatCompletionRequest, settings: Settings) -> AskRequest:
    """The question (last user message) and the history (the messages before it)."""
    users = [i for i, m in enumerate(body.messages) if m.role == "user"]
    if not users:
        raise _invalid("messages", "at least one message must have the role 'user'")
    last = users[-1]
    question = body.messages[last].text().strip()
    if not question:
        raise _invalid("messages", "the last user message is empty")
    if len(question) > settings.max_question_chars:
        raise _invalid(
            "messages", f"the question should have at most {settings.max_question_chars} characters"
        )
    history = []
    for message in body.messages[:last]:
        role = _ROLES.get(message.role)
        if role is None:
            continue
        content = message.text().split(SOURCES_HEADING)[0][:_TURN_CHARS]
        history.append(Turn(role=role, content=content))
    if len(history) > settings.max_history_turns:
        raise _invalid(
            "messages", f"at most {settings.max_history_turns} messages may precede the question"
        )
    return AskRequest(question=question, history=history)


def usage(request: AskRequest, content: str) -> Usage:
    """Rough counts: one token per character, which is close for Japanese."""
    prompt = len(request.question) + sum(len(t.content) for t in request.history)
    return Usage(
        prompt_tokens=prompt, completion_tokens=len(content), total_tokens=prompt + len(content)
    )


@router.get("/models", response_model=ModelList)
def models() -> ModelList:
    return ModelList(data=[ModelCard()])


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def chat_completions(
    body: ChatCompletionRequest, settings: SettingsDep, assistant: AssistantDep, viewer: ViewerDep, http: Request
):
    request = to_ask_request(body, settings)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    call = ask_call(assistant, request, viewer, http)
    if not body.stream:
        response = await run_in_threadpool(call)
        content = response.answer + sources_block(response)
        return ChatCompletion(
            id=completion_id,
            choices=[Choice(message=AssistantMessage(content=content))],
            usage=usage(request, content),
        )

    created = int(time.time())

    def chunk(delta: Delta, finish: str | None = None) -> str:
        data = ChatCompletionChunk(
            id=completion_id,
            created=created,
            choices=[ChunkChoice(delta=delta, finish_reason=finish)],
        )
        return sse(None, data.model_dump_json(exclude_none=False))

    async def events() -> AsyncIterator[str]:
        yield chunk(Delta(role="assistant", content=""))
        response, error = await ask_safely(call)
        if error is not None:
            yield sse(None, error)
        else:
            for piece in split_for_stream(response.answer):
                yield chunk(Delta(content=piece))
            if sources := sources_block(response):
                yield chunk(Delta(content=sources))
            yield chunk(Delta(), finish="stop")
        yield sse(None, "[DONE]")

    return event_stream(events())
