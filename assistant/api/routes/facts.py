"""``GET /api/facts``: the relation table (協定・覚書一覧), filtered like ``docqa facts`` and
sorted by a column; ``GET /api/facts.csv`` and ``GET /api/facts.xlsx``: the same rows to take away."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from assistant.api.auth import IndexDep
from assistant.api.deps import ApiError
from assistant.api.schemas import FactRecord
from assistant.facts import FactFilter, select
from assistant.facts_export import SORT_KEYS, Row, sort_rows, to_csv, to_xlsx
from assistant.index import LoadedIndex
from assistant.wire import to_wire
from ingest.facts import RELATIONS, Fact, relation_named, relation_spellings

router = APIRouter(prefix="/api", tags=["facts"])

NameQuery = Annotated[str | None, Query(max_length=200)]
#: The relation names the API takes, exactly as written (the CLI also folds case and width).
SPELLINGS = relation_spellings()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_rows(
    index: IndexDep,
    subject: NameQuery = None,
    relation: Annotated[str | None, Query(
        max_length=200,
        description="a label (覚書, 協定 …) or one of its spellings (MOU, 連携協定 …); empty: any relation",
        json_schema_extra={"enum": ["", *SPELLINGS]},
    )] = None,
    partner: NameQuery = None,
    doc: NameQuery = None,
    sort: Annotated[Literal[SORT_KEYS] | None, Query(description="the column to sort by")] = None,  # type: ignore[valid-type]
    order: Literal["asc", "desc"] = "asc",
) -> list[tuple[Fact, FactRecord]]:
    """The facts that pass the filters, each with its passage, in the order asked for."""
    label = relation_named(relation) if relation in SPELLINGS else None
    if relation and label is None:
        raise ApiError(422, "invalid_request", f"relation: unknown relation; one of: {', '.join(RELATIONS)}")
    where = FactFilter(subject=subject, relation=label, partner=partner, doc=doc)
    records = {id(f): (f, _with_passage(f, index)) for f in select(index.facts, where)}
    ordered = sort_rows(_rows(list(records.values())), sort, order == "desc")
    return [records[id(row.fact)] for row in ordered]


TableRows = Annotated[list[tuple[Fact, FactRecord]], Depends(table_rows)]


@router.get("/facts", response_model=list[FactRecord])
def list_facts(rows: TableRows) -> list[FactRecord]:
    """Every relation fact of the current index that passes the filters, each with its passage."""
    return [record for _, record in rows]


def _rows(rows: list[tuple[Fact, FactRecord]]) -> list[Row]:
    return [Row(f, r.title or "", r.section or "", r.page, r.edition or "") for f, r in rows]


@router.get("/facts.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_csv(rows: TableRows) -> Response:
    return Response(to_csv(_rows(rows)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="agreements.csv"'})


@router.get("/facts.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}})
def export_xlsx(rows: TableRows) -> Response:
    return Response(to_xlsx(_rows(rows)), media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="agreements.xlsx"'})


def _with_passage(fact: Fact, index: LoadedIndex) -> FactRecord:
    """The fact, and where its passage is in its document so that a client can show it highlighted."""
    row = index.by_id.get(fact.passage_id)
    if row is None:
        return FactRecord(**fact.to_record())
    return to_wire(FactRecord, index.chunks[row], **fact.to_record())
