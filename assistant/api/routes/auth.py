"""Sign-in: ``POST /api/signin``, ``POST /api/signout``, ``GET /api/me`` and the ``/signin`` page.

A successful sign-in always makes a new session (ending the one the browser had, if any),
sets it as an ``HttpOnly``, ``SameSite=Strict`` cookie and returns the session's CSRF token.
The body must be JSON, which a form on another site cannot send without the browser asking
first (and CORS is off), so no other site can sign a browser in to an account of its choosing.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from assistant.api.audit import TRIED_NAME_CHARS, record
from assistant.api.auth import (
    SESSION_COOKIE,
    AccountsDep,
    ViewerDep,
    browser_signed_in,
    client_address,
)
from assistant.api.deps import ApiError, SettingsDep
from assistant.api.routes.web import static_file
from assistant.api.schemas import Me, SignedOut, SignInRequest
from assistant.auth import Viewer
from ingest.core.errors import AccessError

router = APIRouter(tags=["sign-in"])


def me_of(viewer: Viewer, auth: str) -> Me:
    return Me(auth=auth, name=viewer.name, role=viewer.role, groups=sorted(viewer.groups), via=viewer.via, csrf=viewer.csrf)


@router.post(
    "/api/signin", response_model=Me,
    responses={
        401: {"description": "With DOCQA_AUTH=local: a wrong name or password, or a disabled account (one message for all)."},
        404: {"description": "Sign-in is off (DOCQA_AUTH=off)."},
        429: {
            "description": "With DOCQA_AUTH=local: too many failed sign-ins for this name or from this address "
                           "(DOCQA_SIGNIN_MAX_FAILURES).",
            "headers": {"Retry-After": {"description": "Seconds until the window has passed."}},
        },
    },
)
def sign_in(body: SignInRequest, request: Request, settings: SettingsDep, accounts: AccountsDep) -> JSONResponse:
    if settings.auth != "local":
        raise ApiError(404, "not_found", "sign-in is off (DOCQA_AUTH=off)")
    try:
        signed = accounts.sign_in(body.name, body.password, client_address(request))
    except AccessError as exc:
        record(request, "signin_failed", body.name.strip()[:TRIED_NAME_CHARS], reason=exc.code)
        raise
    record(request, "signin", signed.user.name, via="session")
    if old := request.cookies.get(SESSION_COOKIE):
        accounts.sessions.end(old)
    viewer = Viewer.of(signed.user, "session", csrf=signed.session.csrf)
    response = JSONResponse(me_of(viewer, settings.auth).model_dump(), headers={"Cache-Control": "no-store"})
    response.set_cookie(
        SESSION_COOKIE, signed.session.id, max_age=int(settings.session_hours * 3600), path="/",
        httponly=True, samesite="strict", secure=settings.session_cookie_secure,
    )
    return response


@router.post("/api/signout", response_model=SignedOut)
def sign_out(request: Request, viewer: ViewerDep, accounts: AccountsDep) -> JSONResponse:
    if viewer.via == "session":
        accounts.sessions.end(request.cookies.get(SESSION_COOKIE, ""))
        record(request, "signout", viewer.name)
    response = JSONResponse(SignedOut().model_dump())
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/api/me", response_model=Me)
def me(viewer: ViewerDep, settings: SettingsDep) -> Me:
    return me_of(viewer, settings.auth)


@router.get("/signin", include_in_schema=False)
def sign_in_page(request: Request, settings: SettingsDep) -> Response:
    """The sign-in form; straight to the chat when sign-in is off or the browser is signed in."""
    if settings.auth != "local" or browser_signed_in(request, settings):
        return RedirectResponse("/", status_code=303)
    return static_file("signin.html")

