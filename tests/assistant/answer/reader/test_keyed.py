"""Values read by their keys: label lines named by the question."""

from __future__ import annotations

import unicodedata

import pytest

from assistant.answer.reader.keyed import keyed_value
from assistant.answer.reader.question import read_question
from assistant.answer.reader.units import UnitView
from ingest.ja.morphemes import fine_morphemes

pytestmark = pytest.mark.unit


def reading(text: str):
    text = unicodedata.normalize("NFKC", text)
    return read_question(text, tuple(fine_morphemes(text)))


def unit(text: str, kind: str = "label") -> UnitView:
    return UnitView(text=text, kind=kind, passage=None, passage_rank=0, passage_score=1.0, index=0,
                    n_in_passage=1, morphemes=tuple(fine_morphemes(text)))


BLOCK = [
    unit("実施体制", kind="heading"),
    unit("参加機関 日本側:こもれび区、ソラ大学"),
    unit("海外側:ツキ州ミナモ市、ツキ大学"),
]


def test_a_label_that_continues_the_block_the_question_asks_about():
    found = keyed_value(reading("研究プロジェクトの海外側の参加機関は？"), BLOCK, [1, 2, 0])
    assert found is not None and found.text == "ツキ州ミナモ市、ツキ大学"


def test_a_value_that_is_a_sub_label_the_question_does_not_name_is_no_answer():
    found = keyed_value(reading("研究プロジェクトの海外側の参加機関は？"), BLOCK[:2], [1, 0])
    assert found is None


def test_a_label_named_as_whose_value_is_asked_is_not_the_value():
    units = [unit("国際課 電話:01-2345-6789"), unit("FAX:01-2345-0000")]
    found = keyed_value(reading("国際課のFAX番号は？"), units, [0, 1])
    assert found is not None and found.text == "01-2345-0000"
