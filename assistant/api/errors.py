"""The API's two error shapes, and which one a path gets.

docqa's own routes (``/api``, ``/health``, the UI) answer every error as
``{"error": {"code", "message"}}``. The OpenAI-compatible routes under ``/v1`` answer as
OpenAI does, ``{"error": {"message", "type", "param", "code"}}``, with 400 (not 422) for
a request that does not validate, so that OpenAI clients raise the exception class they
would for OpenAI (``BadRequestError``, ``AuthenticationError``, ``NotFoundError`` …).
"""

from __future__ import annotations

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

OPENAI_PREFIX = "/v1"


def is_openai_path(path: str) -> bool:
    return path == OPENAI_PREFIX or path.startswith(OPENAI_PREFIX + "/")


def error_body(code: str, message: str) -> dict:
    """docqa's one error shape."""
    return {"error": {"code": code, "message": message}}


def openai_type(status: int) -> str:
    """OpenAI's ``type`` for a status: its API says ``invalid_request_error`` for every
    4xx it sends (401 and 404 included) and ``server_error`` for 5xx."""
    return "server_error" if status >= 500 else "invalid_request_error"


def openai_error_body(status: int, code: str | None, message: str, param: str | None = None) -> dict:
    """OpenAI's error shape."""
    return {"error": {"message": message, "type": openai_type(status), "param": param, "code": code}}


def openai_status(status: int) -> int:
    """OpenAI answers a request that does not validate with 400, never 422."""
    return 400 if status == 422 else status


def error_response(
    path: str, status: int, code: str, message: str, *, param: str | None = None,
    headers: dict | None = None,
) -> JSONResponse:
    """The error in the shape of the route family ``path`` belongs to."""
    if is_openai_path(path):
        status = openai_status(status)
        return JSONResponse(openai_error_body(status, code, message, param), status_code=status, headers=headers)
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


# --- the shapes as schemas, for the OpenAPI document ---------------------------------------------


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    message: str


class ErrorBody(BaseModel):
    """docqa's error shape: ``{"error": {"code", "message"}}``."""

    model_config = ConfigDict(extra="forbid")

    error: ErrorDetail


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None
    code: str | None


class OpenAIErrorBody(BaseModel):
    """OpenAI's error shape: ``{"error": {"message", "type", "param", "code"}}``."""

    error: OpenAIErrorDetail
