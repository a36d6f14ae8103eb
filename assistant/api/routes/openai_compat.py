"""OpenAI-compatible ``POST /v1/chat/completions``, ``GET /v1/models`` and ``GET /v1/models/{model}``.

The reply is the cited answer followed by its numbered sources, so that any OpenAI client
shows them (:mod:`assistant.api.openai_chat` maps requests and replies; front ends'
background prompts are answered by :mod:`assistant.api.background`). Errors are in
OpenAI's shape (:mod:`assistant.api.errors`). A stream is sent once the answer is made,
so that a failure is an HTTP error a client raises, not a broken stream.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from assistant.api import background
from assistant.api.auth import ViewerDep
from assistant.api.deps import ApiError, AssistantDep, SettingsDep
from assistant.api.openai_chat import (
    Reply,
    limit,
    question_index,
    refuse_unsupported,
    reply,
    to_ask_request,
    usage,
)
from assistant.api.openai_schemas import (
    MODEL_ID,
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    Choice,
    ChunkChoice,
    Delta,
    ModelCard,
    ModelList,
)
from assistant.api.routes.ask import ask_call, event_stream, split_for_stream, sse
from assistant.auth import Viewer

router = APIRouter(prefix="/v1", tags=["openai"])

DONE = "[DONE]"
#: One event of a stream, as OpenAPI 3.1 reads an event-stream schema (OpenAPI 3.2's
#: ``itemSchema``): its ``data`` is a chunk as JSON, or the closing ``[DONE]``.
STREAM_EVENT = {
    "type": "object",
    "required": ["data"],
    "properties": {"data": {"anyOf": [
        {"const": DONE},
        {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"$ref": "#/components/schemas/ChatCompletionChunk"},
        },
    ]}},
}


@router.get("/models", response_model=ModelList)
def models() -> ModelList:
    return ModelList(data=[ModelCard()])


@router.get("/models/{model}", response_model=ModelCard, responses={404: {"description": "No such model."}})
def model(model: str) -> ModelCard:
    if model != MODEL_ID:
        raise ApiError(404, "model_not_found", f"no such model; docqa serves one model, `{MODEL_ID}`", param="model")
    return ModelCard()


async def make_reply(body: ChatCompletionRequest, settings, assistant, viewer: Viewer, http: Request) -> Reply:
    """A front end's background prompt is answered without retrieval; anything else is asked
    of the viewer's documents (and recorded in the audit trail)."""
    task = background.recognise(body.messages[question_index(body)].text())
    if task is not None:
        return limit(background.answer(task), body)
    response = await run_in_threadpool(ask_call(assistant, to_ask_request(body, settings), viewer, http))
    return reply(response, body)


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {"content": {"text/event-stream": {"schema": STREAM_EVENT}}},
        404: {"description": "No such model (model_not_found)."},
    },
)
async def chat_completions(
    body: ChatCompletionRequest, settings: SettingsDep, assistant: AssistantDep, viewer: ViewerDep, http: Request
):
    refuse_unsupported(body)
    made = await make_reply(body, settings, assistant, viewer, http)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    counts = usage(body, made.content)
    if not body.stream:
        return ChatCompletion(
            id=completion_id,
            choices=[Choice(message=AssistantMessage(content=made.content), finish_reason=made.finish_reason)],
            usage=counts,
        )
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    created = int(time.time())

    def chunk(choices: list[ChunkChoice], usage_now=None) -> str:
        data = ChatCompletionChunk(id=completion_id, created=created, choices=choices, usage=usage_now)
        return sse(None, data.model_dump_json(exclude=None if include_usage else {"usage"}))

    async def events() -> AsyncIterator[str]:
        yield chunk([ChunkChoice(delta=Delta(role="assistant", content=""))])
        for piece in split_for_stream(made.content):
            yield chunk([ChunkChoice(delta=Delta(content=piece))])
        yield chunk([ChunkChoice(delta=Delta(), finish_reason=made.finish_reason)])
        if include_usage:
            yield chunk([], counts)
        yield sse(None, DONE)

    return event_stream(events())
