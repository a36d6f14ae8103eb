"""The reader's views of a passage's answer units, and their cache between questions."""

from __future__ import annotations

import pytest

from assistant.answer.reader import units as reader_units
from assistant.answer.reader.units import cut_units, passage_units
from assistant.retrieval.base import Passage
from ingest.core.models import Chunk, DocumentMeta

pytestmark = pytest.mark.unit


def passage(text: str, score: float = 2.0, chunk_id: str = "d#1") -> Passage:
    return Passage(Chunk(chunk_id, "d", 0, text, text, "1 概要", 0, 0, None, DocumentMeta("題")), score)


def test_views_carry_the_passage_they_are_read_in_and_come_from_the_cache_the_second_time():
    reader_units._VIEWS.clear()
    first = passage("本市は2016年に覚書を締結した。翌年に更新した。", 2.0)
    again = passage("本市は2016年に覚書を締結した。翌年に更新した。", 1.0)
    calls = []

    def units_of(p):
        calls.append(p)
        return cut_units(p)

    views = passage_units([first], units_of, 8)
    later = passage_units([first, again], units_of, 8)
    assert len(calls) == 1  # the second question reads the kept views
    assert [v.text for v in views] == ["本市は2016年に覚書を締結した。", "翌年に更新した。"]
    assert [v.passage for v in later] == [first, first, again, again]
    assert [v.passage_rank for v in later] == [0, 0, 1, 1] and later[2].passage_score == 0.5
    assert later[0].keys == views[0].keys and "2016" in later[0].keys
    assert views[0].passage is first and later[2].passage is again


def test_a_chunk_whose_text_changed_gets_new_views():
    reader_units._VIEWS.clear()
    old = passage("本市は2016年に覚書を締結した。")
    new = passage("本市は2020年に覚書を更新した。")
    assert passage_units([old], cut_units, 8)[0].text != passage_units([new], cut_units, 8)[0].text
