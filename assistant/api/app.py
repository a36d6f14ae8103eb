"""The application factory: routers, middleware and the one error shape.

Every error, whatever raised it, is rendered as ``{"error": {"code", "message"}}``
with no stack trace; every response carries the security headers.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from http import HTTPStatus

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.auth import current_viewer
from assistant.api.deps import AssistantLike, build_assistant, single_valued_query
from assistant.api.errors import error_response, is_openai_path
from assistant.api.hosts import TrustedHostMiddleware
from assistant.api.openapi import build_openapi
from assistant.api.routes import ask, audit, auth, documents, draft, facts, feedback, health, library, openai_compat, web
from ingest.core.errors import (
    AccessError,
    ConfigError,
    DocqaError,
    IndexError_,
    NotSignedInError,
    SignInLockedError,
    StorageError,
)
from ingest.core.settings import Settings, get_settings

log = logging.getLogger("docqa.api")

#: Routers that need a signed-in viewer (or, with DOCQA_AUTH=off, the API token when one is
#: set); a new resource is one more entry here.
PROTECTED_ROUTERS = [
    ask.router, audit.router, documents.router, library.router, draft.router, facts.router, feedback.router, openai_compat.router,
]
#: Routers open to everyone: the health check, sign-in, and the static chat UI (which asks for
#: the token, or sends a browser that is not signed in to /signin).
PUBLIC_ROUTERS = [health.router, auth.router, web.router]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
    507: "insufficient_storage",
}
#: The codes OpenAI's API gives where docqa's own routes say ``unauthorized`` and so on.
OPENAI_CODES = {"unauthorized": "invalid_api_key", "payload_too_large": "request_too_large"}


def status_of(exc: DocqaError) -> int:
    if isinstance(exc, AccessError):
        return exc.status
    if isinstance(exc, IndexError_):
        return 503
    if isinstance(exc, ConfigError):
        return 400
    if isinstance(exc, StorageError):
        return 507
    return 500


def headers_of(exc: DocqaError) -> dict | None:
    """The headers an error's answer carries (how to sign in; when to try again)."""
    if isinstance(exc, NotSignedInError):
        return {"WWW-Authenticate": 'Bearer realm="docqa"'}
    if isinstance(exc, SignInLockedError):
        return {"Retry-After": str(exc.retry_after)}
    return None


def describe_validation(exc: RequestValidationError) -> str:
    """``question: String should have at most 1000 characters; k: …`` (no input values echoed)."""
    parts = []
    for error in exc.errors()[:5]:
        parts.append(f"{_where(error) or 'body'}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


def _where(error: dict) -> str:
    return ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path"))


def _respond(request: Request, status: int, code: str, message: str, **kwargs) -> JSONResponse:
    if is_openai_path(request.url.path):
        code = OPENAI_CODES.get(code, code)
    return error_response(request.url.path, status, code, message, **kwargs)


_METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette's 405 names only the first route's)."""
    routes = request.app.router.routes
    return [m for m in _METHODS if any(r.matches({**request.scope, "method": m})[0] == Match.FULL for r in routes)]


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = getattr(exc, "code", None) or STATUS_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
    return _respond(request, exc.status_code, code, message, param=getattr(exc, "param", None), headers=headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    first = errors[0] if errors else {}
    if is_openai_path(request.url.path):
        code = "missing_required_parameter" if first.get("type") == "missing" else "invalid_value"
        return _respond(request, 400, code, describe_validation(exc), param=_where(first) or None)
    return _respond(request, 422, "invalid_request", describe_validation(exc))


async def _docqa_error(request: Request, exc: DocqaError) -> JSONResponse:
    return _respond(request, status_of(exc), exc.code, str(exc), headers=headers_of(exc))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Starlette's outermost middleware sends this response, outside SecurityHeaders.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _respond(request, 500, "internal_error", "internal server error", headers=SECURITY_HEADERS)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode().lower() not in SECURITY_HEADERS
                ]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def is_upload(scope: Scope) -> bool:
    """A request that sends documents (``POST /api/documents``, ``PUT /api/documents/{doc}``)."""
    path = scope.get("path", "")
    return scope.get("method") in ("POST", "PUT") and (path == "/api/documents" or path.startswith("/api/documents/"))


class BodyLimitMiddleware:
    """413 in the route's error shape when a request body is larger than its limit:
    ``max_bytes``; ``upload_bytes`` for an upload of documents; ``chat_max_bytes`` under
    ``/v1`` (OpenAI clients send the whole conversation every time, JSON-escaped: six bytes
    for a Japanese character).

    Checks ``Content-Length`` up front and counts the bytes of bodies sent without one;
    on overflow it answers 413 itself, tells the app the client left, and drops whatever
    the app still sends.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, upload_bytes: int | None = None, chat_max_bytes: int | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes or max_bytes
        self.chat_max_bytes = chat_max_bytes or max_bytes

    def limit_for(self, scope: Scope) -> int:
        if is_upload(scope):
            return self.upload_bytes
        return self.chat_max_bytes if is_openai_path(scope.get("path", "")) else self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        max_bytes = self.limit_for(scope)
        code = "request_too_large" if is_openai_path(path) else "payload_too_large"
        refusal = error_response(path, 413, code, f"request body larger than {max_bytes} bytes")
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    too_large = int(value) > max_bytes
                except ValueError:
                    too_large = False
                if too_large:
                    return await refusal(scope, receive, send)
        received = 0
        started = False
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes and not started:
                    refused = True
                    await refusal(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, guarded_send)


def create_app(settings: Settings | None = None, assistant: AssistantLike | None = None) -> FastAPI:
    """The docqa web app. ``assistant`` defaults to ``Assistant.from_settings(settings)``, built at startup."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            await run_in_threadpool(build_assistant, app)
        except DocqaError as exc:
            # Serve anyway: /health and every request report the problem until it is fixed.
            log.warning("docqa: the assistant is not ready: %s", exc)
        yield
        if app.state.feedback is not None:
            app.state.feedback.close()
        for name in ("accounts", "audit"):
            if getattr(app.state, name, None) is not None:
                getattr(app.state, name).close()
                setattr(app.state, name, None)

    app = FastAPI(
        title="docqa",
        summary="Cited answers from Japanese municipal documents.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(single_valued_query)],
    )
    app.state.settings = settings
    app.state.assistant = assistant
    app.state.feedback = None
    app.state.accounts = None
    app.state.audit = None

    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DocqaError, _docqa_error)
    app.add_exception_handler(Exception, _unexpected)

    for router in PUBLIC_ROUTERS:
        app.include_router(router)
    for router in PROTECTED_ROUTERS:
        app.include_router(router, dependencies=[Depends(current_viewer)])

    def schema() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app, settings)
        return app.openapi_schema

    app.openapi = schema

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(current_viewer)])
    def openapi() -> dict:
        return app.openapi()

    # Outermost last: security headers wrap the trusted-host check, CORS, then the body limit.
    # An upload may carry its files plus the form's fields and boundaries.
    upload_bytes = settings.upload_max_mb * 2**20 + 2**20
    app.add_middleware(
        BodyLimitMiddleware, max_bytes=settings.max_body_bytes, upload_bytes=upload_bytes,
        chat_max_bytes=settings.max_chat_body_bytes,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-CSRF-Token"],
        )
    app.add_middleware(TrustedHostMiddleware, allowed=settings.trusted_hosts)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
