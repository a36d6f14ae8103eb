"""FailSoft: an unreachable service costs its passages, not the question; it is retried on a timer."""

from __future__ import annotations

import logging

import pytest

from assistant.retrieval.base import Retrieved, search
from assistant.retrieval.failsoft import FailSoft
from assistant.retrieval.hybrid import HybridRetriever
from ingest.core.errors import IndexMismatchError, VectorsUnavailableError

pytestmark = pytest.mark.unit


class Service:
    """A dense retriever stand-in whose server is up or down; counts the calls it gets."""

    name = "dense"

    def __init__(self, passages) -> None:
        self.up = True
        self.calls = 0
        self.passages = passages
        self.error: Exception = VectorsUnavailableError("the Chroma server at x cannot be reached")

    def retrieve(self, query, k, filters=None):
        self.calls += 1
        if not self.up:
            raise self.error
        return self.passages[:k]

    def ping(self) -> None:
        self.retrieve("", 1)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_down_means_no_passages_and_a_name_then_a_retry_after_the_interval(caplog):
    service, clock = Service(["p1", "p2"]), Clock()
    soft = FailSoft(service, retry_s=5, clock=clock)
    assert soft.search("q", 2) == Retrieved(["p1", "p2"]) and soft.state == "ok"
    service.up = False
    with caplog.at_level(logging.WARNING, logger="docqa.retrieval"):
        assert soft.search("q", 2) == Retrieved([], ("dense",))
        assert soft.search("q", 2) == Retrieved([], ("dense",))
    assert service.calls == 2  # the second question did not wait for the server again
    assert soft.state == "unavailable" and "cannot be reached" in soft.reason
    assert [r.message for r in caplog.records].count(
        "docqa: dense retrieval unavailable (the Chroma server at x cannot be reached); answering from lexical retrieval"
    ) == 1
    service.up = True
    clock.now += 4.9
    assert soft.search("q", 2).unavailable == ("dense",)
    clock.now += 0.2
    assert soft.search("q", 2) == Retrieved(["p1", "p2"]) and soft.state == "ok"


def test_probe_checks_now_when_a_retry_is_due():
    service, clock = Service(["p"]), Clock()
    soft = FailSoft(service, retry_s=5, clock=clock, reason="down at start-up")
    assert soft.state == "unavailable" and soft.probe() == "unavailable" and service.calls == 0
    clock.now += 5
    assert soft.probe() == "ok" and service.calls == 1


def test_other_errors_are_not_swallowed():
    service = Service(["p"])
    service.up = False
    service.error = IndexMismatchError("vectors elsewhere")
    with pytest.raises(IndexMismatchError):
        FailSoft(service).search("q", 1)


def test_the_hybrid_answers_lexically_and_says_so():
    from assistant.retrieval.base import Passage
    from ingest.core.models import Chunk, DocumentMeta

    def passage(i: int, score: float) -> Passage:
        chunk = Chunk(f"d#{i}", "d", i, "t", "t", "", 0, 1, None, DocumentMeta("", "", "", ""))
        return Passage(chunk, score, {"lexical": score})

    class Lexical:
        name = "lexical"

        def retrieve(self, query, k, filters=None):
            return [passage(1, 3.0), passage(2, 1.0)][:k]

    dense = Service([passage(2, 0.9)])
    dense.up = False
    hybrid = HybridRetriever(Lexical(), FailSoft(dense))
    found = search(hybrid, "大阪市", 2)
    assert [p.chunk_id for p in found.passages] == ["d#1", "d#2"] and found.unavailable == ("dense",)
    assert [p.score for p in found.passages] == [3.0, 1.0]  # the lexical ranking as it is


def test_the_readers_unit_similarities_pass_through_and_fail_soft():
    """Before: FailSoft had no ``units`` or ``unit_similarities``, so an English question (the
    reader's dense blend, issue 14) raised AttributeError once the dense retriever was wrapped."""
    service, clock = Service([]), Clock()
    service.units = "sentences"
    service.unit_similarities = lambda query, chunk_ids: service.retrieve(query, 1) or {"c/0": 0.5}
    soft = FailSoft(service, retry_s=5, clock=clock)
    assert soft.units == "sentences" and soft.unit_similarities("q", ["c"]) == {"c/0": 0.5}
    service.up = False
    assert soft.unit_similarities("q", ["c"]) == {} and soft.state == "unavailable"
    calls = service.calls
    assert soft.unit_similarities("q", ["c"]) == {} and service.calls == calls  # not retried before the interval
