"""One mapping from a chunk to the wire: every model shows the chunk's fields the same way."""

from __future__ import annotations

import pytest

from assistant.api.schemas import FactRecord, PassageRecord
from assistant.retrieval.base import Passage
from assistant.retrieval.langchain import passage_to_document
from assistant.schemas import Citation, PassageOut
from assistant.wire import make_citation, passage_out, to_wire, wire_fields
from ingest.core.models import Chunk, DocumentMeta

pytestmark = pytest.mark.unit

CHUNK = Chunk("a.txt#1", "a.txt", 3, "大阪市は覚書を締結した。", "idx", "概要 > 覚書", 10, 22, 2,
              DocumentMeta("大阪市の国際協力", "大阪市", "2024-04", "web_page", "国際協力年報", "2024年度"), ocr=True)
EXPECTED = {
    "doc": "a.txt", "passage_id": "a.txt#1", "text": "大阪市は覚書を締結した。", "title": "大阪市の国際協力",
    "section": "概要 > 覚書", "page": 2, "start": 10, "end": 22, "publisher": "大阪市", "published": "2024-04",
    "kind": "web_page", "series": "国際協力年報", "edition": "2024年度", "ocr": True,
}


def _shown(model) -> dict:
    return {k: v for k, v in model.model_dump().items() if k in EXPECTED}


def test_wire_fields():
    assert wire_fields(CHUNK) == EXPECTED


def test_every_model_shows_the_fields_it_declares():
    citation = make_citation(2, Passage(CHUNK, 0.5), "覚書を締結")
    assert isinstance(citation, Citation) and citation.n == 2
    assert _shown(citation) == {**{k: v for k, v in EXPECTED.items() if k != "kind"}, "text": "覚書を締結"}
    passage = passage_out(Passage(CHUNK, 0.1234567))
    assert isinstance(passage, PassageOut) and passage.score == 0.123457
    assert _shown(passage) == {k: EXPECTED[k] for k in PassageOut.model_fields if k in EXPECTED}
    assert _shown(to_wire(PassageRecord, CHUNK)) == {k: EXPECTED[k] for k in PassageRecord.model_fields if k in EXPECTED}
    fact = to_wire(FactRecord, CHUNK, subject="大阪市", partner="ホーチミン市", relation="覚書", quote="…")
    assert (fact.title, fact.section, fact.start, fact.end, fact.page) == ("大阪市の国際協力", "概要 > 覚書", 10, 22, 2)


def test_langchain_documents_carry_the_same_fields():
    document = passage_to_document(Passage(CHUNK, 0.5))
    assert document.page_content == CHUNK.text and document.id == CHUNK.chunk_id
    assert document.metadata == {**{k: v for k, v in EXPECTED.items() if k != "text"}, "score": 0.5}
