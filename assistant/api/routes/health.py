"""``GET /health``: the assistant's own report plus the docqa version; open without a token."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AssistantDep

router = APIRouter(tags=["health"])


def docqa_version() -> str:
    try:
        return version("docqa")
    except PackageNotFoundError:
        return "unknown"


@router.get("/health")
async def health(assistant: AssistantDep) -> dict:
    report = await run_in_threadpool(assistant.health)
    return {**report.model_dump(), "version": docqa_version()}
