"""``GET /api/audit.csv?since=&until=``: the audit trail as CSV, for admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from assistant.api.audit import AuditDep
from assistant.api.auth import AdminDep
from assistant.audit import csv_rows

router = APIRouter(prefix="/api", tags=["audit"])

Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD (UTC), included")]


@router.get("/audit.csv", response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}})
def export_audit(audit: AuditDep, admin: AdminDep, since: Day = None, until: Day = None) -> StreamingResponse:
    """Every record from ``since`` to ``until``, oldest first, streamed."""
    return StreamingResponse(
        csv_rows(audit.records(since, until)), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"', "Cache-Control": "no-store"},
    )
