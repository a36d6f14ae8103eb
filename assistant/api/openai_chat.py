"""An OpenAI chat request as docqa's question, and docqa's answer as the reply's content.

The last user message is the question; the earlier messages are its history, of which the
most recent ``DOCQA_MAX_HISTORY_TURNS`` are kept (the follow-up resolver reads the latest
user turns; older ones are dropped, so a chat never stops working because it grew long).

Every parameter that changes the output contract is honoured or refused with a 400 that
names it (:func:`refuse_unsupported`):

* honoured: ``stop``, ``max_tokens``/``max_completion_tokens`` (one token is one character),
  ``response_format`` ``text`` and ``json_object`` (the answer and its citations as one JSON
  object), ``stream_options.include_usage``, ``tools`` with ``tool_choice`` ``auto``/``none``
  (docqa answers in text, as a model that chose no tool);
* refused: ``n`` > 1, ``response_format`` ``json_schema``, ``tool_choice`` ``required`` or a
  named tool (and the legacy named ``function_call``), ``logprobs``, ``top_logprobs`` > 0,
  audio output; a ``model`` other than ``docqa`` is 404 ``model_not_found``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from assistant.answer.analysis import language_of
from assistant.answer.messages import Messages
from assistant.api.deps import ApiError
from assistant.api.openai_schemas import MODEL_ID, ChatCompletionRequest, FinishReason, Usage
from assistant.api.schemas import AskRequest
from assistant.draft import OCR_NOTE, edition_note
from assistant.schemas import AskResponse, Citation, Turn
from assistant.wire import says_short_answer
from ingest.core.settings import Settings

SOURCES_HEADING = "\n\n出典:\n"
_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
#: A history turn is cut to this many characters (``Turn``'s own bound).
_TURN_CHARS = 20_000


def _refused(param: str, message: str, code: str = "unsupported_value") -> ApiError:
    return ApiError(400, code, message, param=param)


def refuse_unsupported(body: ChatCompletionRequest) -> None:
    """404 for another model; 400 naming the parameter for what docqa cannot honour."""
    if body.model != MODEL_ID:
        raise ApiError(
            404, "model_not_found",
            f"no such model; docqa serves one model, `{MODEL_ID}`",
            param="model",
        )
    if body.n is not None and body.n > 1:
        raise _refused("n", "n must be 1: docqa gives one deterministic answer")
    if body.response_format is not None and body.response_format.type == "json_schema":
        raise _refused(
            "response_format",
            "response_format json_schema is not supported: docqa's reply cannot follow a given "
            "schema; use json_object (the answer and its citations) or text",
        )
    choice = body.tool_choice
    if choice == "required" or (choice is not None and not isinstance(choice, str)):
        raise _refused("tool_choice", "docqa never calls tools; tool_choice must be auto or none")
    if body.function_call is not None and not isinstance(body.function_call, str):
        raise _refused("function_call", "docqa never calls functions; function_call must be auto or none")
    if body.logprobs:
        raise _refused("logprobs", "logprobs are not available: docqa's answers are not sampled tokens")
    if body.top_logprobs:
        raise _refused("top_logprobs", "top_logprobs are not available: docqa's answers are not sampled tokens")
    if body.modalities and "audio" in body.modalities:
        raise _refused("modalities", "docqa answers in text only")


def question_index(body: ChatCompletionRequest) -> int:
    """The position of the last user message (400 when there is none)."""
    users = [i for i, m in enumerate(body.messages) if m.role == "user"]
    if not users:
        raise _refused("messages", "at least one message must have the role 'user'", "invalid_value")
    return users[-1]


def to_ask_request(body: ChatCompletionRequest, settings: Settings) -> AskRequest:
    """The question (the last user message) and the most recent turns before it."""
    last = question_index(body)
    question = body.messages[last].text().strip()
    if not question:
        raise _refused("messages", "the last user message is empty", "invalid_value")
    if len(question) > settings.max_question_chars:
        raise _refused(
            "messages", f"the question should have at most {settings.max_question_chars} characters",
            "invalid_value",
        )
    history = []
    for message in body.messages[:last]:
        role = _ROLES.get(message.role)
        if role is None:
            continue
        content = message.text().split(SOURCES_HEADING)[0][:_TURN_CHARS]
        history.append(Turn(role=role, content=content))
    keep = settings.max_history_turns
    return AskRequest(question=question, history=history[-keep:] if keep else [])


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


def as_json_object(response: AskResponse) -> str:
    """``response_format: json_object``: the answer, whether it is answerable, and its citations."""
    return json.dumps(
        {
            "answer": response.answer,
            "short_answer": response.short_answer,
            "answerable": response.answerable,
            "citations": [c.model_dump(mode="json") for c in response.citations],
        },
        ensure_ascii=False,
    )


@dataclass(frozen=True)
class Reply:
    content: str
    finish_reason: FinishReason


def limit(content: str, body: ChatCompletionRequest) -> Reply:
    """``content`` cut before the first stop sequence, then to ``max_tokens`` characters."""
    stops = [body.stop] if isinstance(body.stop, str) else list(body.stop or [])
    cuts = [i for i in (content.find(s) for s in stops) if i >= 0]
    finish: FinishReason = "stop"
    if cuts:
        content = content[: min(cuts)]
    budget = body.max_completion_tokens or body.max_tokens
    if budget is not None and len(content) > budget:
        content, finish = content[:budget], "length"
    return Reply(content, finish)


def reply(response: AskResponse, body: ChatCompletionRequest) -> Reply:
    """The reply's content in the format asked for, within its limits."""
    if body.response_format is not None and body.response_format.type == "json_object":
        return limit(as_json_object(response), body)
    return limit(short_line(response) + response.answer + sources_block(response), body)


def short_line(response: AskResponse) -> str:
    """The short answer before the quotes (「答え: 2,350人」), unless the answer says it in its own
    words already: a chat client shows the content alone."""
    if not response.answerable or not response.short_answer or says_short_answer(response.answer, response.short_answer):
        return ""
    return Messages.for_language(language_of(response.question)).short_answer.format(short=response.short_answer) + "\n\n"


def usage(body: ChatCompletionRequest, content: str) -> Usage:
    """Rough counts: one token per character, which is close for Japanese."""
    prompt = sum(len(m.text()) for m in body.messages)
    return Usage(prompt_tokens=prompt, completion_tokens=len(content), total_tokens=prompt + len(content))
