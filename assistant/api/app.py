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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.auth import current_viewer
from assistant.api.deps import AssistantLike, build_assistant, error_body
from assistant.api.hosts import TrustedHostMiddleware
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


def error_response(
    status: int, code: str, message: str, headers: dict | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


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


def docqa_error_response(exc: DocqaError) -> JSONResponse:
    headers = None
    if isinstance(exc, NotSignedInError):
        headers = {"WWW-Authenticate": 'Bearer realm="docqa"'}
    elif isinstance(exc, SignInLockedError):
        headers = {"Retry-After": str(exc.retry_after)}
    return error_response(status_of(exc), exc.code, str(exc), headers=headers)


def describe_validation(exc: RequestValidationError) -> str:
    """``question: String should have at most 1000 characters; k: …`` (no input values echoed)."""
    parts = []
    for error in exc.errors()[:5]:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        where = ".".join(loc) or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = getattr(exc, "code", None) or STATUS_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(422, "invalid_request", describe_validation(exc))


async def _docqa_error(request: Request, exc: DocqaError) -> JSONResponse:
    return docqa_error_response(exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Starlette's outermost middleware sends this response, outside SecurityHeaders.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "internal server error", headers=SECURITY_HEADERS)


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
    """413 in the error shape when a request body is larger than ``max_bytes`` (an upload of
    documents: ``upload_bytes``).

    Checks ``Content-Length`` up front and counts the bytes of bodies sent without one;
    on overflow it answers 413 itself, tells the app the client left, and drops whatever
    the app still sends.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes or max_bytes

    def _response(self, limit: int) -> JSONResponse:
        return error_response(413, "payload_too_large", f"request body larger than {limit} bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.upload_bytes if is_upload(scope) else self.max_bytes
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    too_large = int(value) > limit
                except ValueError:
                    too_large = False
                if too_large:
                    return await self._response(limit)(scope, receive, send)
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
                if received > limit and not started:
                    refused = True
                    await self._response(limit)(scope, receive, send)
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

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(current_viewer)])
    def openapi() -> dict:
        return app.openapi()

    # Outermost last: security headers wrap the trusted-host check, CORS, then the body limit.
    # An upload may carry its files plus the form's fields and boundaries.
    upload_bytes = settings.upload_max_mb * 2**20 + 2**20
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes, upload_bytes=upload_bytes)
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
