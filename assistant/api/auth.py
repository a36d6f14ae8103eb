"""Who makes a request: the API's side of sign-in (:mod:`assistant.auth`).

:func:`current_viewer` is the dependency of every protected route. With DOCQA_AUTH=off it
only checks the shared DOCQA_API_TOKEN when one is set, and everyone is
:meth:`Viewer.everyone`. With DOCQA_AUTH=local a request is signed in by, in this order:

1. ``Authorization: Bearer`` with the shared DOCQA_API_TOKEN (the service) or a user's
   own token (``docqa users token``); a bearer that is neither is refused, never skipped;
2. the DOCQA_AUTH_PROXY_HEADER naming a user, from an address in DOCQA_AUTH_PROXY_ADDRESSES
   only (from any other address the header is ignored);
3. the session cookie set by ``POST /api/signin`` (``HttpOnly``, ``SameSite=Strict``); a
   state-changing request of a session must also carry its CSRF token in ``X-CSRF-Token``
   and, when the browser sends ``Origin``, come from this server's own origin.

Roles are checked by :func:`require_role` (``require_editor``, ``require_admin``).
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.access import EVERYTHING, NOTHING, Access, IndexView
from assistant.api.deps import AssistantDep, SettingsDep, require_token
from assistant.auth import Accounts, Role, Viewer
from assistant.index import LoadedIndex
from ingest.core.errors import ForbiddenError, NotSignedInError
from ingest.core.settings import Settings

SESSION_COOKIE = "docqa_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SIGN_IN_FIRST = "sign in first (the sign-in page is /signin; scripts send Authorization: Bearer <token>)"

_bearer = HTTPBearer(auto_error=False)
_lock = threading.Lock()


def get_accounts(request: Request) -> Accounts:
    state = request.app.state
    if getattr(state, "accounts", None) is None:
        with _lock:
            if getattr(state, "accounts", None) is None:
                state.accounts = Accounts.from_settings(state.settings)
    return state.accounts


AccountsDep = Annotated[Accounts, Depends(get_accounts)]


@lru_cache(maxsize=64)
def _networks(addresses: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(a, strict=False) for a in addresses)


def from_trusted_proxy(settings: Settings, address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.auth_proxy_addresses)))


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def _signed_in(request: Request, settings: Settings, bearer: str | None) -> Viewer | None:
    accounts = get_accounts(request)
    if bearer is not None:
        if settings.api_token and secrets.compare_digest(bearer.encode(), settings.api_token.encode()):
            return Viewer.service()
        user = accounts.users.user_of_token(bearer)
        if user is None:
            raise NotSignedInError("the API token is not valid (or its account is disabled)")
        return Viewer.of(user, "token")
    header = settings.auth_proxy_header
    if header and header in request.headers and from_trusted_proxy(settings, client_address(request)):
        user = accounts.users.get(request.headers[header].strip())
        if user is None or user.disabled:
            raise NotSignedInError("the user named by the proxy has no enabled account here (`docqa users add`)")
        return Viewer.of(user, "proxy")
    session_id = request.cookies.get(SESSION_COOKIE)
    session = accounts.sessions.get(session_id) if session_id else None
    user = accounts.users.get(session.name) if session else None
    if user is None or user.disabled:
        return None
    return Viewer.of(user, "session", csrf=session.csrf)


def check_csrf(request: Request, viewer: Viewer) -> None:
    """A session's state-changing request must carry its CSRF token and come from this origin."""
    given = request.headers.get(CSRF_HEADER, "")
    if not viewer.csrf or not secrets.compare_digest(given.encode(), viewer.csrf.encode()):
        raise ForbiddenError(f"this request needs the session's CSRF token in the {CSRF_HEADER} header")
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise ForbiddenError("a request from another site is refused")


def current_viewer(
    request: Request,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Viewer:
    """The viewer of this request, or NotSignedInError (401) / ForbiddenError (403)."""
    if settings.auth == "off":
        require_token(settings, credentials)
        return Viewer.everyone()
    viewer = _signed_in(request, settings, credentials.credentials if credentials else None)
    if viewer is None:
        raise NotSignedInError(SIGN_IN_FIRST)
    if viewer.via == "session" and request.method not in SAFE_METHODS:
        check_csrf(request, viewer)
    return viewer


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


def access_of(viewer: ViewerDep) -> Access:
    return Access.of(viewer)


AccessDep = Annotated[Access, Depends(access_of)]


def viewed_index(assistant: AssistantDep, access: AccessDep) -> LoadedIndex | IndexView:
    """The current index as the viewer sees it: every route reads documents, passages and
    facts through this (a hidden document is a 404, exactly as one that does not exist)."""
    return access.view(assistant.handle.get())


IndexDep = Annotated[LoadedIndex | IndexView, Depends(viewed_index)]


def health_access(request: Request, settings: SettingsDep) -> Access:
    """/health is open: it counts what the caller sees (with DOCQA_AUTH=local and no sign-in,
    nothing)."""
    if settings.auth == "off":
        return EVERYTHING
    authorization = request.headers.get("authorization", "")
    bearer = authorization[7:].strip() if authorization.lower().startswith("bearer ") else None
    try:
        viewer = _signed_in(request, settings, bearer)
    except NotSignedInError:
        return NOTHING
    return Access.of(viewer) if viewer is not None else NOTHING


def browser_signed_in(request: Request, settings: Settings) -> bool:
    """Whether a page request (cookies, or the proxy's header) is signed in."""
    try:
        return _signed_in(request, settings, None) is not None
    except NotSignedInError:
        return False


def require_role(needed: Role) -> Callable[[Viewer], Viewer]:
    def dependency(viewer: ViewerDep) -> Viewer:
        if not viewer.may(needed):
            raise ForbiddenError(f"this needs the {needed} role; {viewer.name or 'this account'} is {viewer.role}")
        return viewer

    dependency.__name__ = f"require_{needed}"
    return dependency


require_editor = require_role("editor")
require_admin = require_role("admin")
EditorDep = Annotated[Viewer, Depends(require_editor)]
AdminDep = Annotated[Viewer, Depends(require_admin)]
