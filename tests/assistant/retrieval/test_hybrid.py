"""The hybrid's routing: the glossary only on the lexical side, the question as asked on the dense
side, and the dense weight of the question's language."""

from __future__ import annotations

import pytest

from assistant.answer.glossary import translate_question
from assistant.retrieval.base import Passage
from assistant.retrieval.hybrid import HybridRetriever
from ingest.core.models import Chunk, DocumentMeta

pytestmark = pytest.mark.unit


def chunk(chunk_id: str) -> Chunk:
    return Chunk(chunk_id=chunk_id, doc_id="d.txt", ordinal=0, text=chunk_id, index_text=chunk_id, section="",
                 start=0, end=1, page=None, meta=DocumentMeta(title="d"))


class Scripted:
    """Returns ``ranking`` (best first, scores 1.0, 0.5, 0.0) and records the queries it was given."""

    def __init__(self, name: str, ranking: list[str]) -> None:
        self.name = name
        self.ranking = ranking
        self.queries: list[str] = []

    def retrieve(self, query, k, filters=None):
        self.queries.append(query)
        return [Passage(chunk(c), 1.0 - i / 2, {self.name: 1.0 - i / 2}) for i, c in enumerate(self.ranking[:k])]


def hybrid(dense_weight=0.25, dense_weight_en=0.5):
    lexical = Scripted("lexical", ["a", "b", "c"])
    dense = Scripted("dense", ["c", "b", "a"])
    return HybridRetriever(lexical, dense, dense_weight=dense_weight, dense_weight_en=dense_weight_en), lexical, dense


def test_an_english_question_goes_to_bm25_with_its_glossary_terms_and_to_the_dense_side_as_asked():
    retriever, lexical, dense = hybrid()
    question = "When was the memorandum between Kawasaki and Bandung signed?"
    retriever.retrieve(question, 3)
    assert lexical.queries == [f"{translate_question(question)} {question}"]
    assert {"覚書", "川崎市", "バンドン市", "締結"} <= set(translate_question(question).split())
    assert dense.queries == [question]


def test_a_japanese_question_goes_to_both_sides_unchanged():
    retriever, lexical, dense = hybrid()
    retriever.retrieve("川崎市とバンドン市の覚書はいつ締結された？", 3)
    assert lexical.queries == dense.queries == ["川崎市とバンドン市の覚書はいつ締結された？"]


def test_the_dense_weight_follows_the_question_language():
    # Lexical ranks a > b > c, dense c > b > a; "a" wins at a low dense weight, "c" at a high one.
    retriever, _, _ = hybrid(dense_weight=0.2, dense_weight_en=0.8)
    assert retriever.retrieve("覚書の締結", 3)[0].chunk_id == "a"
    assert retriever.retrieve("signing of the memorandum", 3)[0].chunk_id == "c"
    retriever, _, _ = hybrid(dense_weight=0.8, dense_weight_en=0.2)
    assert retriever.retrieve("覚書の締結", 3)[0].chunk_id == "c"
    assert retriever.retrieve("signing of the memorandum", 3)[0].chunk_id == "a"
