"""The OpenAPI document, made to say what this server does with its settings.

FastAPI's own document declares Bearer security on every route whether or not a token is
configured, documents FastAPI's ``HTTPValidationError`` for 422 and no other error, and shows
the static bounds of a request rather than the configured ones. This module rewrites it:

* security is declared (with 401) on the protected operations only when ``DOCQA_API_TOKEN``
  is set or sign-in is on (``DOCQA_AUTH=local``; then also 403 where a role is checked or a
  session's request must carry its CSRF token);
* every error an operation can answer is documented with the shape it really has: docqa's
  ``ErrorBody`` (422 for a request that does not validate, 404, 413, 503 …) on its own routes,
  OpenAI's ``OpenAIErrorBody`` (400 instead of 422) under ``/v1``. What an operation can send is
  read from its route: what its decorator declares (``responses=``: 404, 409, 415, a sign-in's
  401 and 429 …), and from its dependencies: 503 for a missing index only where it reads the
  index, 429 (with ``Retry-After``) where ratings are rate-limited, 507 where it opens the
  feedback database. Every operation can get 400 for an untrusted ``Host``, and the two
  answers the server writes before any route is known (:mod:`assistant.api.server`): 408 for a
  request that does not arrive in time and 503 beyond the connection limit, both in docqa's
  shape on every path;
* ``AskRequest`` shows the configured limits (``DOCQA_MAX_QUESTION_CHARS``,
  ``DOCQA_MAX_HISTORY_TURNS``);
* a stream's chunks (``ChatCompletionChunk``) are a named component.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from assistant.api.auth import SAFE_METHODS, current_viewer, require_admin, require_editor
from assistant.api.deps import feedback_rate_limit, get_assistant, get_feedback_store
from assistant.api.errors import ErrorBody, OpenAIErrorBody, is_openai_path
from assistant.api.openai_schemas import ChatCompletionChunk
from ingest.core.settings import Settings

REF = "#/components/schemas/{model}"
OWN, OPENAI = "ErrorBody", "OpenAIErrorBody"
UNTRUSTED = "an untrusted Host header (not one of DOCQA_TRUSTED_HOSTS)"
OVERLOADED = (
    "more connections open than DOCQA_MAX_CONNECTIONS (answered at once, with Retry-After, by the "
    "server before any route: in docqa's shape)"
)
TIMED_OUT = (
    "The request, headers and body, did not arrive within DOCQA_REQUEST_TIMEOUT_S of the client "
    "connecting or starting it (written by the server before any route: in docqa's shape)."
)
#: Dependencies that check a role (403 for the roles below it).
ROLES = {require_editor, require_admin}
RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "string", "pattern": "^[0-9]+$"},
}


@dataclass(frozen=True)
class Documented:
    """One error response of an operation: what it means, the shapes its body may have, and its
    headers (name → whether every such response carries it)."""

    description: str
    shapes: tuple[str, ...]
    headers: dict[str, bool] = field(default_factory=dict)

    def also(self, other: Documented) -> Documented:
        """Both causes of one status in one response."""
        return Documented(
            f"{self.description} Or: {other.description}", self.shapes + other.shapes,
            {**other.headers, **self.headers},
        )

    def response(self) -> dict:
        refs = [{"$ref": REF.format(model=shape)} for shape in dict.fromkeys(self.shapes)]
        schema = refs[0] if len(refs) == 1 else {"anyOf": refs}
        documented = {
            "description": self.description, "content": {"application/json": {"schema": schema}}
        }
        if self.headers:
            documented["headers"] = {
                name: {**RETRY_AFTER, "required": required} for name, required in self.headers.items()
            }
        return documented


def _either(*causes: str) -> str:
    text = "; or ".join(causes)
    return text[0].upper() + text[1:] + "."


def _components(models: list[type]) -> dict:
    _, defs = models_json_schema([(m, "serialization") for m in models], ref_template=REF)
    return defs.get("$defs", {})


def _calls(dependant: Dependant) -> Iterator[object]:
    """Every dependency a route calls, its router's included."""
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def _operation_calls(app: FastAPI) -> dict[tuple[str, str], set]:
    """``(path, method)`` → the dependencies its route calls. FastAPI 0.16x reaches the routes
    of an included router through ``iter_route_contexts``; older ones list them in ``app.routes``."""
    routes = getattr(routing, "iter_route_contexts", iter)(app.routes)
    return {
        (route.path_format, method.lower()): set(_calls(route.dependant))
        for route in routes
        if getattr(route, "dependant", None) is not None
        for method in route.methods or ()
    }


def _declared(operation: dict, shape: str) -> dict[int, Documented]:
    """The errors the route itself declares (``responses=`` of its decorator), in its shape;
    a header it names is on every such response."""
    return {
        int(status): Documented(response["description"], (shape,), dict.fromkeys(response.get("headers", {}), True))
        for status, response in operation["responses"].items()
        if status.isdigit() and int(status) >= 400 and status != "422"
    }


def _errors(path: str, method: str, operation: dict, calls: set, settings: Settings) -> dict[int, Documented]:
    openai = is_openai_path(path)
    route_shape = OPENAI if openai else OWN
    signing_in = settings.auth == "local"
    validates = "422" in operation["responses"] or "requestBody" in operation
    errors: dict[int, Documented] = {}
    unparsed = ["a body that cannot be parsed (not UTF-8)"] if "requestBody" in operation else []
    if openai and validates:
        cannot = "a parameter docqa cannot honour, or a request that does not validate"
        errors[400] = Documented(_either(cannot, *unparsed, UNTRUSTED), (OPENAI,))
    else:
        errors[400] = Documented(_either(*unparsed, UNTRUSTED), (route_shape,))
        if validates and not openai:
            errors[422] = Documented("The request does not validate; the message names the field.", (OWN,))
    if current_viewer in calls and (settings.api_token or signing_in):
        who = "Not signed in, or no" if signing_in else "No"
        errors[401] = Documented(f"{who} valid API token (Authorization: Bearer <token>).", (route_shape,))
    if current_viewer in calls and signing_in and (method.upper() not in SAFE_METHODS or calls & ROLES):
        errors[403] = Documented(
            "The account's role may not do this, or a session's request lacks its CSRF token "
            "(X-CSRF-Token) or comes from another site.", (route_shape,),
        )
    errors[408] = Documented(TIMED_OUT, (OWN,))
    if "requestBody" in operation:
        errors[413] = Documented("Request body larger than the limit.", (route_shape,))
    if feedback_rate_limit in calls:
        errors[429] = Documented(
            "More ratings from this address than DOCQA_FEEDBACK_PER_MINUTE in the last minute.",
            (route_shape,), {"Retry-After": True},
        )
    if get_assistant in calls:
        errors[503] = Documented(
            _either("the index is missing or unreadable", OVERLOADED), (route_shape, OWN),
            {"Retry-After": False},
        )
    else:
        errors[503] = Documented(_either(OVERLOADED), (OWN,), {"Retry-After": True})
    if get_feedback_store in calls:
        errors[507] = Documented(
            "The feedback database is full (DOCQA_FEEDBACK_MAX_DB_MB) or cannot be written.",
            (route_shape,),
        )
    for status, declared in _declared(operation, route_shape).items():
        errors[status] = declared.also(errors[status]) if status in errors else declared
    return errors


def build_openapi(app: FastAPI, settings: Settings) -> dict:
    schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
    token = bool(settings.api_token) or settings.auth == "local"
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas.update(_components([ErrorBody, OpenAIErrorBody, ChatCompletionChunk]))
    if not token:
        components.pop("securitySchemes", None)
    calls = _operation_calls(app)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            errors = _errors(path, method, operation, calls[path, method], settings)
            responses.pop("422", None)
            if not token:
                operation.pop("security", None)
            for status, documented in sorted(errors.items()):
                responses[str(status)] = documented.response()
    ask = schemas.get("AskRequest", {}).get("properties", {})
    if "question" in ask:
        ask["question"]["maxLength"] = settings.max_question_chars
    if "history" in ask:
        ask["history"]["maxItems"] = settings.max_history_turns
    return schema
