"""``GET /api/facts``: the relation table (協定・覚書一覧), filtered like ``docqa facts``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import ApiError, AssistantDep
from assistant.api.schemas import FactRecord
from assistant.facts import FactFilter, select
from assistant.index import LoadedIndex
from assistant.wire import to_wire
from ingest.facts import RELATIONS, Fact

router = APIRouter(prefix="/api", tags=["facts"])

NameQuery = Annotated[str | None, Query(max_length=200)]


@router.get("/facts", response_model=list[FactRecord])
def list_facts(
    assistant: AssistantDep,
    subject: NameQuery = None,
    relation: NameQuery = None,
    partner: NameQuery = None,
    doc: NameQuery = None,
) -> list[FactRecord]:
    """Every relation fact of the current index that passes the filters, each with its passage."""
    if relation and relation not in RELATIONS:
        raise ApiError(422, "invalid_request", f"relation: unknown relation; one of: {', '.join(RELATIONS)}")
    index = assistant.handle.get()
    where = FactFilter(subject=subject, relation=relation, partner=partner, doc=doc)
    return [_with_passage(f, index) for f in select(index.facts, where)]


def _with_passage(fact: Fact, index: LoadedIndex) -> FactRecord:
    """The fact, and where its passage is in its document so that a client can show it highlighted."""
    row = index.by_id.get(fact.passage_id)
    if row is None:
        return FactRecord(**fact.to_record())
    return to_wire(FactRecord, index.chunks[row], **fact.to_record())
