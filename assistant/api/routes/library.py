"""Changing the documents: ``POST /api/documents`` (upload), ``PUT /api/documents/{doc}``
(replace), ``DELETE /api/documents/{doc}``, and ``GET /api/jobs[/{id}]`` (their progress).

Each change is an ingest job (:mod:`ingest.jobs`): the same stages and lock as ``docqa
ingest``, in a process of its own; the route answers 202 with the job at once. What is
received is checked first: the name (a plain file name of a format docqa knows), the size
(``DOCQA_UPLOAD_MAX_MB``) and the format, told from the bytes (``DOCQA_UPLOAD_FORMATS``);
a format docqa cannot read (一太郎, old Office, a password) is refused with what to do.
Who may change documents is :func:`assistant.api.auth.require_editor` (editors and admins; with
DOCQA_AUTH=off, anyone the API token lets in).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from assistant.api.audit import record
from assistant.api.auth import IndexDep, ViewerDep, require_editor
from assistant.api.deps import ApiError, AssistantDep, SettingsDep
from assistant.api.routes.documents import AnyPathConvertor  # noqa: F401 - registers {doc:anypath}
from assistant.api.schemas import Job
from assistant.auth import Viewer
from ingest.core.errors import ForbiddenError, LoaderError
from ingest.core.models import DocumentMeta
from ingest.groups import check_groups
from ingest.jobs import FILES, Jobs, UploadItem
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.loaders.office import REFUSED, REFUSED_SUFFIXES, refuse
from ingest.loaders.sniff import sniff
from ingest.manifest import MANIFEST_NAME

router = APIRouter(prefix="/api", tags=["documents"])
EditorDep = Depends(require_editor)
_TEXT_FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html"}
_META_CHARS = 200
_CHUNK = 1 << 20


def jobs_of(assistant) -> Jobs:
    """The jobs of the data directory the assistant reads (so a change shows in its answers)."""
    return Jobs(assistant.handle.data)


def valid_name(name: str | None) -> str:
    """A document name as received: a plain file name with a suffix docqa knows (422/415 otherwise)."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if (
        not name or len(name.encode("utf-8")) > 255 or Path(name).name != name or "\\" in name
        or name.startswith(".") or name == MANIFEST_NAME
        or any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name)
    ):
        raise ApiError(422, "invalid_request", "the file needs a plain name (no folders, no control characters, not hidden)")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ApiError(415, "unsupported_media_type", f"unsupported file type {Path(name).suffix or '(no suffix)'}; "
                       f"docqa reads {', '.join(s for s in SUPPORTED_SUFFIXES if s not in REFUSED_SUFFIXES)}")
    return name


def check_format(path: Path, allowed: list[str]) -> None:
    """415 unless the received file's format (from its bytes; for text, its name) is allowed."""
    suffix = path.suffix.lower()
    try:
        if suffix in REFUSED_SUFFIXES:
            refuse(REFUSED_SUFFIXES[suffix])
        fmt = sniff(path).format
        if fmt in REFUSED or fmt == "encrypted_office":
            refuse(fmt)
    except LoaderError as exc:
        raise ApiError(415, exc.code, str(exc)) from None
    kind = fmt if fmt in ("pdf", "docx", "xlsx") else _TEXT_FORMATS.get(suffix, suffix.lstrip("."))
    if kind not in allowed:
        raise ApiError(415, "unsupported_media_type", f"{kind} files may not be uploaded here (DOCQA_UPLOAD_FORMATS)")


def meta_from(title: str, publisher: str, published: str, kind: str, series: str, edition: str) -> DocumentMeta | None:
    values = [v.strip() for v in (title, publisher, published, kind, series, edition)]
    if any(len(v) > _META_CHARS for v in values):
        raise ApiError(422, "invalid_request", f"metadata fields hold at most {_META_CHARS} characters")
    if not any(values):
        return None
    return DocumentMeta(*values) if values[0] else DocumentMeta("", *values[1:])


async def receive(upload: UploadFile, folder: Path, name: str, limit: int) -> Path:
    """Write the uploaded file into the job's folder, 413 beyond ``limit`` bytes."""
    target = folder / FILES / name
    size = 0
    out = await run_in_threadpool(open, target, "wb")  # disk writes off the event loop
    try:
        while chunk := await upload.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "payload_too_large", f"{name} is larger than {limit // 2**20} MB (DOCQA_UPLOAD_MAX_MB)")
            await run_in_threadpool(out.write, chunk)
    finally:
        await run_in_threadpool(out.close)
    if size == 0:
        raise ApiError(422, "invalid_request", f"{name} is empty")
    return target


async def _start(
    assistant, settings, kind: str, files: list[tuple[UploadFile, str]], meta, remove: list[str],
    groups: tuple[str, ...] | None = None, *, request: Request, viewer: Viewer,
) -> JSONResponse:
    jobs = jobs_of(assistant)
    names = [name for _, name in files] + remove
    if len(set(names)) != len(names):
        raise ApiError(422, "invalid_request", "the same document name was given twice")
    state, folder = await run_in_threadpool(jobs.create, kind, names)
    try:
        for upload, name in files:
            path = await receive(upload, folder, name, settings.upload_max_mb * 2**20)
            await run_in_threadpool(check_format, path, settings.upload_formats)
    except BaseException:
        await run_in_threadpool(_discard, folder)
        raise
    items = [UploadItem(name, meta, groups) for _, name in files]
    await run_in_threadpool(jobs.start, folder, settings, items, remove, kind == "replace")
    detail = {"documents": names, "job": state.id, **({"groups": list(groups)} if groups is not None else {})}
    await run_in_threadpool(lambda: record(request, kind, viewer.name, **detail))
    return JSONResponse(Job(**state.to_json()).model_dump(), status_code=202, headers={"Location": f"/api/jobs/{state.id}"})


def _discard(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


Text = Annotated[str, Form(max_length=_META_CHARS)]


def upload_groups(given: str, viewer: Viewer) -> tuple[str, ...] | None:
    """The access groups sent with an upload (``groups``: names separated by commas; none: the
    document is visible to everyone signed in). An editor who does not see every document may
    only give groups of their own (403 otherwise), so that no upload lands where its uploader
    cannot see it."""
    groups = check_groups([g for g in given.split(",") if g.strip()], where="groups")
    if not viewer.sees_all and not set(groups) <= viewer.groups:
        raise ForbiddenError(f"groups: {viewer.name} may only give their own groups ({', '.join(sorted(viewer.groups)) or 'none'})")
    return groups


#: What the routes that change documents answer besides 202 (documented in /openapi.json).
NAME_TAKEN = {409: {"description": "A document of that name is already indexed (replace it with PUT)."}}
NOT_UPLOADED = {409: {"description": "The document is read from a folder, not uploaded: change it there."}}
NO_DOCUMENT = {404: {"description": "No such document."}}
REFUSED_FORMAT = {415: {"description": "A file type or format docqa does not take here (DOCQA_UPLOAD_FORMATS)."}}


@router.post(
    "/documents", status_code=202, response_model=Job, dependencies=[EditorDep],
    responses={**NAME_TAKEN, **REFUSED_FORMAT},
)
async def upload_documents(
    assistant: AssistantDep, settings: SettingsDep, files: Annotated[list[UploadFile], File(description="the files")],
    viewer: ViewerDep, request: Request,
    title: Text = "", publisher: Text = "", published: Text = "", kind: Text = "", series: Text = "", edition: Text = "",
    groups: Annotated[str, Form(max_length=2000, description="access groups, separated by commas")] = "",
):
    """Add documents: an ingest job for the files (202; ``Location`` names the job). The metadata
    fields apply to every file; a title only when one file is sent."""
    access_groups = upload_groups(groups, viewer)
    if not files:
        raise ApiError(422, "invalid_request", "no file was sent")
    existing = assistant.handle.get().docs
    named = []
    for upload in files:
        name = valid_name(upload.filename)
        if name in existing:
            raise ApiError(409, "conflict", f"a document named {name} is already indexed; replace it with PUT /api/documents/{name}")
        named.append((upload, name))
    meta = meta_from(title if len(files) == 1 else "", publisher, published, kind, series, edition)
    return await _start(assistant, settings, "upload", named, meta, [], access_groups, request=request, viewer=viewer)


@router.put(
    "/documents/{doc:anypath}", status_code=202, response_model=Job, dependencies=[EditorDep],
    responses={**NO_DOCUMENT, **NOT_UPLOADED, **REFUSED_FORMAT},
)
async def replace_document(
    doc: str, assistant: AssistantDep, settings: SettingsDep, file: Annotated[UploadFile, File(description="the new version")],
    index: IndexDep, viewer: ViewerDep, request: Request,
    title: Text = "", publisher: Text = "", published: Text = "", kind: Text = "", series: Text = "", edition: Text = "",
):
    """Replace an uploaded document with a new version (kept under the document's name and groups)."""
    record = index.docs.get(doc)
    if record is None:
        raise ApiError(404, "not_found", "no such document")
    if not record.uploaded:
        raise ApiError(409, "conflict", f"{doc} is read from a folder; change the file there and run `docqa ingest`")
    given = meta_from(title, publisher, published, kind, series, edition)
    changed = {k: v for k, v in given.as_dict().items() if v} if given else {}
    meta = dataclasses.replace(record.meta, **changed)
    return await _start(assistant, settings, "replace", [(file, valid_name(doc))], meta, [], request=request, viewer=viewer)


@router.delete(
    "/documents/{doc:anypath}", status_code=202, response_model=Job, dependencies=[EditorDep],
    responses={**NO_DOCUMENT, **NOT_UPLOADED},
)
async def delete_document(
    doc: str, assistant: AssistantDep, settings: SettingsDep, index: IndexDep, viewer: ViewerDep, request: Request,
):
    """Delete an uploaded document: after the job it is in no answer, list or table."""
    record = index.docs.get(doc)
    if record is None:
        raise ApiError(404, "not_found", "no such document")
    if not record.uploaded:
        raise ApiError(409, "conflict", f"{doc} is read from a folder; remove the file there and run `docqa ingest --prune`")
    return await _start(assistant, settings, "delete", [], None, [doc], request=request, viewer=viewer)


def job_shown(state, full: dict, index) -> bool:
    """A job is shown unless it names a document the viewer does not see (one that is not
    indexed, such as a refused upload, is shown)."""
    return all(name in index.docs or name not in full for name in state.docs)


@router.get("/jobs", response_model=list[Job])
def list_jobs(assistant: AssistantDep, index: IndexDep) -> list[dict]:
    """The recent ingest jobs, newest first."""
    full = assistant.handle.get().docs
    return [s.to_json() for s in jobs_of(assistant).recent() if job_shown(s, full, index)]


@router.get("/jobs/{job_id}", response_model=Job, responses={404: {"description": "No such job."}})
def get_job(job_id: str, assistant: AssistantDep, index: IndexDep) -> dict:
    state = jobs_of(assistant).get(job_id)
    if state is None or not job_shown(state, assistant.handle.get().docs, index):
        raise ApiError(404, "not_found", "no such job")
    return state.to_json()
