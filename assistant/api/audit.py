"""The API's side of the audit trail (:mod:`assistant.audit`): one record per question,
sign-in and document change, and its CSV export.

With DOCQA_AUTH=local a record that cannot be written fails the request (StorageError, 507):
a question whose asking cannot be recorded is not answered. With sign-in off (one person on
one machine) the trail is kept as well as it can be, and a write that fails is logged.
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated

from fastapi import Depends, Request

from assistant.audit import AuditTrail
from assistant.auth import Viewer
from assistant.schemas import AskResponse
from ingest.core.errors import StorageError
from ingest.index.store import DataDir

log = logging.getLogger("docqa.api")
_lock = threading.Lock()
#: Characters of a name tried at sign-in kept in a failed sign-in's record.
TRIED_NAME_CHARS = 64


def get_audit(request: Request) -> AuditTrail:
    state = request.app.state
    if getattr(state, "audit", None) is None:
        with _lock:
            if getattr(state, "audit", None) is None:
                settings = state.settings
                state.audit = AuditTrail(DataDir(settings.data_dir).audit_db, settings.audit_retention_days)
    return state.audit


AuditDep = Annotated[AuditTrail, Depends(get_audit)]


def address_of(request: Request) -> str:
    return request.client.host if request.client else ""


def record(request: Request, event: str, user: str | None, **detail) -> None:
    """Append one record; see the module docstring for what a failure does."""
    try:
        get_audit(request).append(event, user, address_of(request), **detail)
    except StorageError:
        if request.app.state.settings.auth == "local":
            raise
        log.warning("docqa: the audit trail could not be written", exc_info=True)


def record_question(request: Request, viewer: Viewer, question: str, response: AskResponse) -> None:
    """The question, the answer's type, and the passages and documents shown (cited first)."""
    passages = list(dict.fromkeys([c.passage_id for c in response.citations] + [p.passage_id for p in response.passages]))
    documents = list(dict.fromkeys([c.doc for c in response.citations] + [p.doc for p in response.passages]))
    record(
        request, "question", viewer.name, question=question, answer_type=response.answer_type,
        answerable=response.answerable, documents=documents, passages=passages,
        cited=[c.passage_id for c in response.citations],
    )
