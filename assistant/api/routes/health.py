"""``GET /health``: the assistant's own report plus the docqa version; open without a token."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from assistant.access import Access
from assistant.api.auth import health_access
from assistant.api.deps import AssistantDep

router = APIRouter(tags=["health"])


def docqa_version() -> str:
    try:
        return version("docqa")
    except PackageNotFoundError:
        return "unknown"


@router.get("/health")
async def health(assistant: AssistantDep, access: Annotated[Access, Depends(health_access)]) -> dict:
    """Open to everyone; its counts are of the documents the caller sees."""
    report = await run_in_threadpool(assistant.health, access)
    return {**report.model_dump(), "version": docqa_version()}
