"""Request and response bodies of the OpenAI-compatible routes (``/v1``).

The responses follow OpenAI's published ``openapi.yaml`` (``CreateChatCompletionResponse``,
``CreateChatCompletionStreamResponse``, ``Model``, ``ListModelsResponse``): a stream chunk's
delta leaves out what it does not carry (never ``"role": null``), a choice always has
``logprobs`` and a message ``refusal`` (both null here). The request declares every
parameter that changes what a reply looks like; :mod:`assistant.api.openai_chat` honours
or refuses each. Sampling parameters (temperature, top_p, seed, penalties, …) cannot change
an extractive answer and are accepted and ignored.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from assistant.api.schemas import QUESTION_CEILING

MODEL_ID = "docqa"
#: A conversation's messages: bounded by the body limit long before this.
MAX_CHAT_MESSAGES = 10_000
MAX_STOP_SEQUENCES = 4


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: str = Field(max_length=50)
    text: str | None = Field(None, max_length=QUESTION_CEILING)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: (
        Annotated[str, Field(max_length=QUESTION_CEILING)]
        | Annotated[list[ContentPart], Field(max_length=100)]
        | None
    ) = None

    def text(self) -> str:
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "".join(part.text or "" for part in self.content if part.type == "text")


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    include_usage: bool | None = Field(None, description="Send a last chunk with the usage and no choices.")


class ResponseFormat(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: Literal["text", "json_object", "json_schema"] = Field(
        description="`text` and `json_object` are honoured; `json_schema` is refused (400)."
    )


class FunctionName(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(max_length=200)


class NamedToolChoice(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: str = Field(max_length=50)
    function: FunctionName | None = None


StopSequence = Annotated[str, Field(min_length=1, max_length=1000)]


class ChatCompletionRequest(BaseModel):
    """What docqa reads of a chat completion request; other fields are accepted and ignored."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field(
        max_length=200, description="`docqa` (see `GET /v1/models`); any other is 404 `model_not_found`.",
        json_schema_extra={"enum": [MODEL_ID]},
    )
    messages: list[ChatMessage] = Field(
        min_length=1, max_length=MAX_CHAT_MESSAGES,
        description="The last user message is the question; the most recent earlier turns "
        "(DOCQA_MAX_HISTORY_TURNS) are its history, older ones are dropped.",
    )
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    n: int | None = Field(None, ge=1, le=128, description="Only 1: docqa's answer is deterministic (n > 1 is 400).")
    stop: StopSequence | Annotated[list[StopSequence], Field(max_length=MAX_STOP_SEQUENCES)] | None = Field(
        None, description="The reply ends before the first of these (finish_reason `stop`)."
    )
    max_tokens: int | None = Field(None, ge=1, description="Characters of the reply at most (finish_reason `length`).")
    max_completion_tokens: int | None = Field(None, ge=1, description="Same as max_tokens.")
    response_format: ResponseFormat | None = None
    tools: Annotated[list[dict[str, Any]], Field(max_length=128)] | None = Field(
        None, description="Accepted; docqa never calls a tool (tool_choice `required` or a named tool is 400)."
    )
    tool_choice: Literal["none", "auto", "required"] | NamedToolChoice | None = None
    function_call: Literal["none", "auto"] | FunctionName | None = Field(
        None, description="Legacy form of tool_choice: a named function is 400."
    )
    logprobs: bool | None = Field(None, description="Only false: docqa has no token probabilities.")
    top_logprobs: int | None = Field(None, ge=0, le=20, description="Only 0.")
    modalities: Annotated[list[Literal["text", "audio"]], Field(max_length=2)] | None = Field(
        None, description="Only text."
    )
    user: str | None = Field(None, max_length=256)


class CompletionTokensDetails(BaseModel):
    reasoning_tokens: int = 0


class Usage(BaseModel):
    """Counts in characters (one token per character, which is close for Japanese)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str | None
    refusal: str | None = None


FinishReason = Literal["stop", "length"]


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    logprobs: None = None
    finish_reason: FinishReason = "stop"


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int = Field(default_factory=lambda: int(time.time()))
    model: str = MODEL_ID
    choices: list[Choice]
    usage: Usage


class Delta(BaseModel):
    """A piece of the reply; the fields it does not carry are left out (not null)."""

    role: Literal["assistant"] | None = None
    content: str | None = None

    @model_serializer(mode="wrap")
    def _without_nulls(self, handler) -> dict:
        return {key: value for key, value in handler(self).items() if value is not None}


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    logprobs: None = None
    finish_reason: FinishReason | None = None


class ChatCompletionChunk(BaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str = MODEL_ID
    choices: list[ChunkChoice]
    usage: Usage | None = Field(
        None, description="Present (null, then the counts) only with stream_options.include_usage."
    )


class ModelCard(BaseModel):
    id: str = MODEL_ID
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "docqa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
