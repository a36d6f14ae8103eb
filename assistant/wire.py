"""The one mapping from a chunk (or a retrieved passage) to what the wire shows of it.

Every citation, passage, passage record, fact row and LangChain document names a chunk
by the same fields, spelled the same way: :func:`wire_fields`. A wire model takes the
fields it declares (:func:`to_wire`), so a new field of a chunk reaches every model that
declares it from here.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TypeVar

from pydantic import BaseModel

from assistant.retrieval.base import Passage
from assistant.schemas import Citation, PassageOut
from ingest.core.models import Chunk, DocumentMeta

M = TypeVar("M", bound=BaseModel)
#: A chunk to read the wire's field names from.
_PROBE = Chunk("", "", 0, "", "", "", 0, 0, None, DocumentMeta(""))


def wire_fields(chunk: Chunk) -> dict[str, object]:
    """The chunk as the wire names it."""
    return {
        "doc": chunk.doc_id,
        "passage_id": chunk.chunk_id,
        "text": chunk.text,
        "title": chunk.meta.title,
        "section": chunk.section,
        "page": chunk.page,
        "start": chunk.start,
        "end": chunk.end,
        "publisher": chunk.meta.publisher,
        "published": chunk.meta.published,
        "kind": chunk.meta.kind,
        "series": chunk.meta.series,
        "edition": chunk.meta.edition,
        "ocr": chunk.ocr,
    }


@cache
def _undeclared(model: type[BaseModel]) -> tuple[str, ...]:
    """The wire fields ``model`` does not declare (asked once per model: this runs for every citation)."""
    return tuple(name for name in wire_fields(_PROBE) if name not in model.model_fields)


def to_wire(model: type[M], chunk: Chunk, **values: object) -> M:
    """``model`` filled with the chunk's fields that it declares; ``values`` come on top."""
    fields = wire_fields(chunk)
    for name in _undeclared(model):
        del fields[name]
    fields.update(values)
    return model(**fields)


def make_citation(
    n: int, passage: Passage, quote: str, *, quote_start: int | None = None, quote_end: int | None = None
) -> Citation:
    """Citation ``[n]``: ``quote`` (an exact substring of the passage) and where it stands;
    ``quote_start``/``quote_end`` locate the quote in the document's original text when known."""
    known = quote_start is not None and quote_end is not None and 0 <= quote_start <= quote_end
    return to_wire(Citation, passage.chunk, n=n, text=quote,
                   quote_start=quote_start if known else None, quote_end=quote_end if known else None)


def passage_out(passage: Passage) -> PassageOut:
    return to_wire(PassageOut, passage.chunk, score=round(float(passage.score), 6))


#: A line of an answer that quotes a passage: it ends with its citation marker (「… [1]」).
QUOTED_LINE = re.compile(r"\[\d+\]\s*$")


def own_words(answer: str) -> list[str]:
    """The lines of an answer in its own words: not those that quote a passage (「… [1]」)."""
    return [line for line in answer.splitlines() if not QUOTED_LINE.search(line)]


def says_short_answer(answer: str, short: str | None) -> bool:
    """Whether ``answer`` says its short answer in its own words (a fact-table answer: 「覚書の
    締結は2016年2月18日です。」), not only inside a quote (「…24年度:2,350人 / …」 [3])."""
    return bool(short) and any(short in line for line in own_words(answer))
