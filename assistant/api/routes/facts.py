"""``GET /api/facts``: the relation table (協定・覚書一覧), filtered like ``docqa facts``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import ApiError, AssistantDep
from assistant.api.schemas import FactRecord
from assistant.facts import FactFilter, select
from ingest.facts import RELATIONS

router = APIRouter(prefix="/api", tags=["facts"])

NameQuery = Annotated[str | None, Query(max_length=200)]


@router.get("/facts", response_model=list[FactRecord])
def list_facts(
    assistant: AssistantDep,
    subject: NameQuery = None,
    relation: NameQuery = None,
    partner: NameQuery = None,
    doc: NameQuery = None,
) -> list[dict]:
    """Every relation fact of the current index that passes the filters, each with its passage."""
    if relation and relation not in RELATIONS:
        raise ApiError(422, "invalid_request", f"relation: unknown relation; one of: {', '.join(RELATIONS)}")
    index = assistant.handle.get()
    where = FactFilter(subject=subject, relation=relation, partner=partner, doc=doc)
    return [_with_passage(f.to_record(), index) for f in select(index.facts, where)]


def _with_passage(row: dict, index) -> dict:
    """Where the passage is in its document, so a client can show it highlighted."""
    position = index.by_id.get(row["passage_id"])
    if position is not None:
        chunk = index.chunks[position]
        row.update(title=chunk.meta.title, section=chunk.section, start=chunk.start, end=chunk.end, page=chunk.page)
    return row
