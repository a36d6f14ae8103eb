"""Dependencies injected into the routes, as ``Annotated`` aliases.

The app keeps its settings, assistant and feedback store on ``app.state`` so that
``create_app(settings, assistant)`` can inject fakes; nothing here is a global.
"""

from __future__ import annotations

import secrets
import threading
from typing import Annotated, Protocol

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.access import Access
from assistant.api.feedback_store import FeedbackStore
from assistant.api.ratelimit import RateLimiter
from assistant.api.schemas import AskRequest, FeedbackRequest
from assistant.index import IndexHandle
from assistant.retrieval.base import Filters
from assistant.schemas import AskResponse, Health
from ingest.core.settings import Settings
from ingest.index.store import DataDir


class AssistantLike(Protocol):
    """What the API needs of an assistant: :class:`assistant.service.Assistant`, or the
    in-package fake :class:`assistant.api.fake.FakeAssistant`.

    ``ask`` answers one question from the documents ``access`` sees (:mod:`assistant.access`;
    None: all; raising only :class:`ingest.core.errors.DocqaError` for
    problems a user can act on); ``health`` is the ``GET /health`` report; ``handle`` is the
    current index, which the document and fact routes read.
    """

    handle: IndexHandle

    def ask(
        self, question: str, history: list[dict] | None = None, k: int | None = None,
        filters: dict | Filters | None = None, id: str | None = None,  # noqa: A002 - the request field
        access: Access | None = None,
    ) -> AskResponse: ...

    def health(self, access: Access | None = None) -> Health: ...


class ApiError(HTTPException):
    """An HTTP error with a machine-readable code, rendered in the error shape of its route
    (:mod:`assistant.api.errors`); ``param`` names the request field at fault (OpenAI's shape
    shows it)."""

    def __init__(
        self, status_code: int, code: str, message: str, headers: dict | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(status_code=status_code, detail=message, headers=headers)
        self.code = code
        self.param = param


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]

_build_lock = threading.Lock()


def build_assistant(app) -> AssistantLike:
    """The app's assistant, built on first use (loading an index and models takes a while)."""
    if app.state.assistant is None:
        with _build_lock:
            if app.state.assistant is None:
                from assistant.service import Assistant

                app.state.assistant = Assistant.from_settings(app.state.settings)
    return app.state.assistant


def get_assistant(request: Request) -> AssistantLike:
    return build_assistant(request.app)


AssistantDep = Annotated[AssistantLike, Depends(get_assistant)]


def get_feedback_store(request: Request) -> FeedbackStore:
    state = request.app.state
    if state.feedback is None:
        with _build_lock:
            if state.feedback is None:
                settings = state.settings
                state.feedback = FeedbackStore(
                    DataDir(settings.data_dir).feedback_db, max_bytes=settings.feedback_max_db_mb * 2**20
                )
    return state.feedback


FeedbackStoreDep = Annotated[FeedbackStore, Depends(get_feedback_store)]


def feedback_rate_limit(request: Request, settings: SettingsDep) -> None:
    """429 once a client address has sent ``DOCQA_FEEDBACK_PER_MINUTE`` ratings in the last minute."""
    state = request.app.state
    limiter = getattr(state, "feedback_limiter", None)
    if limiter is None:
        with _build_lock:
            limiter = getattr(state, "feedback_limiter", None) or RateLimiter(settings.feedback_per_minute)
            state.feedback_limiter = limiter
    wait = limiter.hit(request.client.host if request.client else "")
    if wait:
        raise ApiError(
            429, "rate_limited",
            f"more than {settings.feedback_per_minute} ratings a minute from this address "
            f"(DOCQA_FEEDBACK_PER_MINUTE); try again in {wait} s",
            headers={"Retry-After": str(wait)},
        )

_bearer = HTTPBearer(auto_error=False)


def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """401 unless the request carries ``Authorization: Bearer <DOCQA_API_TOKEN>`` (when one is set)."""
    expected = settings.api_token
    if not expected:
        return
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise ApiError(
            401,
            "unauthorized",
            "a valid API token is required (Authorization: Bearer <token>)",
            headers={"WWW-Authenticate": 'Bearer realm="docqa"'},
        )


def single_valued_query(request: Request) -> None:
    """422 naming a query parameter given more than once: each takes one value, and Starlette
    would keep the last one without a word."""
    keys = [key for key, _ in request.query_params.multi_items()]
    repeated = next((key for n, key in enumerate(keys) if key in keys[:n]), None)
    if repeated is not None:
        raise RequestValidationError(
            [{"type": "repeated", "loc": ("query", repeated), "msg": "given more than once", "input": None}]
        )


def _too_long(field: tuple, message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "too_long", "loc": ("body", *field), "msg": message, "input": None}]
    )


def valid_ask_request(body: AskRequest, settings: SettingsDep) -> AskRequest:
    """The request, checked against the configured limits (422 naming the field otherwise)."""
    if len(body.question) > settings.max_question_chars:
        raise _too_long(
            ("question",), f"String should have at most {settings.max_question_chars} characters"
        )
    if len(body.history) > settings.max_history_turns:
        raise _too_long(
            ("history",), f"List should have at most {settings.max_history_turns} items"
        )
    return body


AskRequestDep = Annotated[AskRequest, Depends(valid_ask_request)]


def valid_feedback_request(body: FeedbackRequest, settings: SettingsDep) -> FeedbackRequest:
    """The rating, its comment checked against ``DOCQA_FEEDBACK_MAX_COMMENT_CHARS``."""
    if len(body.comment) > settings.feedback_max_comment_chars:
        raise _too_long(
            ("comment",), f"String should have at most {settings.feedback_max_comment_chars} characters"
        )
    return body


FeedbackRequestDep = Annotated[FeedbackRequest, Depends(valid_feedback_request)]
