"""The chat UI: ``/`` and its static files (ES modules, one stylesheet), served from the package (no CDN, no build step).

Only the files named in ``STATIC_FILES`` are served, so a request path is never a file path.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from assistant.api.auth import browser_signed_in
from assistant.api.deps import ApiError, SettingsDep

router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(__file__).resolve().parent.parent.parent / "web" / "static"
STATIC_FILES = {
    **{
        name: "text/javascript; charset=utf-8"
        for name in ("app.js", "api.js", "conversations.js", "dom.js", "facts.js", "i18n.js", "library.js", "panel.js")
    },
    "app.css": "text/css; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
    "signin.html": "text/html; charset=utf-8",
    "signin.js": "text/javascript; charset=utf-8",
}
CACHE = {"Cache-Control": "no-cache"}


def static_file(name: str) -> FileResponse:
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        raise ApiError(404, "not_found", "no such file")
    return FileResponse(STATIC_DIR / name, media_type=media_type, headers=CACHE)


@router.get("/")
def index(request: Request, settings: SettingsDep) -> Response:
    """The chat; with DOCQA_AUTH=local, a browser that is not signed in goes to /signin first."""
    if settings.auth == "local" and not browser_signed_in(request, settings):
        return RedirectResponse("/signin", status_code=303)
    return static_file("index.html")


@router.get("/static/{name}")
def static(name: str) -> FileResponse:
    return static_file(name)
