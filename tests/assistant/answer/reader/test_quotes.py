"""Quotes chosen from the document's structure: a section's subsections."""

from __future__ import annotations

import unicodedata

import pytest

from assistant.answer.reader.question import read_question
from assistant.answer.reader.quotes import subsections
from assistant.answer.reader.units import cut_units, passage_units
from assistant.retrieval.base import Passage
from ingest.core.models import Chunk, DocumentMeta
from ingest.ja.morphemes import fine_morphemes

pytestmark = pytest.mark.unit


def reading(text: str):
    text = unicodedata.normalize("NFKC", text)
    return read_question(text, tuple(fine_morphemes(text)))


def passage(ordinal: int, section: str, text: str) -> Passage:
    return Passage(Chunk(f"d#{ordinal}", "d", ordinal, text, text, section, 0, 0, None, DocumentMeta("題")), 1.0)


PASSAGES = [
    passage(2, "IV. 考え方 > 3. 期待する効果 > (2)職員の能力の向上", "(2)職員の能力の向上\n\n派遣を通じて職員の能力が向上する。"),
    passage(1, "IV. 考え方 > 3. 期待する効果 > (1)区内の環境の改善", "(1)区内の環境の改善\n\n研修を通じて区内の環境が改善する。"),
    passage(3, "V. 取組 > 1 研修", "1 研修\n\n研修生を受け入れる。"),
]


def test_the_subsections_of_the_section_a_question_asks_for_in_document_order():
    units = passage_units(PASSAGES, cut_units, 8)
    found = subsections(reading("こもれび区が期待する効果は何ですか？"), units)
    assert [units[i].display for i in found] == ["(1)区内の環境の改善", "(2)職員の能力の向上"]


def test_a_question_about_something_else_gets_no_subsections():
    units = passage_units(PASSAGES, cut_units, 8)
    assert subsections(reading("こもれび区の研修生は何人ですか？"), units) == []


def test_an_enumeration_of_bodies_between_commas():
    from assistant.answer.reader.quotes import _names_bodies

    assert _names_bodies("発表は、森川技研株式会社、ソラ信用金庫、株式会社ツキ銀行から行われた。")
    assert _names_bodies("ソラ市、ツキ市、ミナモ市と連携した。")
    assert not _names_bodies("研修を行い、視察を受け入れ、講義を実施した。")


def test_subsections_read_without_their_first_are_quoted_after_the_sections_opening():
    passages = [
        passage(1, "IV. 考え方", "3. 期待する効果\n\n区内の環境の改善のほか、職員の能力の向上、区の知名度の向上が期待される。"),
        passage(3, "IV. 考え方 > 3. 期待する効果 > (2)職員の能力の向上", "(2)職員の能力の向上\n\n派遣を通じて職員の能力が向上する。"),
        passage(4, "IV. 考え方 > 3. 期待する効果 > (3)区の知名度の向上", "(3)区の知名度の向上\n\n区の名が知られる。"),
    ]
    units = passage_units(passages, cut_units, 8)
    found = subsections(reading("こもれび区が期待する効果は何ですか？"), units)
    assert [units[i].display for i in found] == [
        "区内の環境の改善のほか、職員の能力の向上、区の知名度の向上が期待される。", "(2)職員の能力の向上", "(3)区の知名度の向上",
    ]


def test_two_kinds_of_bodies_asked_at_once_make_a_list_question():
    from assistant.answer.reader.quotes import is_list_question

    assert is_list_question(reading("フォーラムで発表した企業・金融機関は？"))
    assert not is_list_question(reading("フォーラムで発表した企業は何社ですか？"))


def test_the_bodies_a_sentence_names_between_commas():
    from assistant.answer.reader.quotes import bodies_asked, named_bodies

    text = "「脱炭素」をテーマに、森川技研株式会社、ソラ信用金庫、株式会社ツキ銀行、環境局の推進室から発表が行われた。"
    assert named_bodies(text) == ("森川技研株式会社", "ソラ信用金庫", "株式会社ツキ銀行", "環境局の推進室")  # the predicate cut
    assert bodies_asked(reading("発表した企業・金融機関は？"), text) == named_bodies(text)
    assert bodies_asked(reading("発表はいつ行われましたか？"), text) == ()


def test_a_list_of_labels_is_no_list_of_bodies():
    from assistant.answer.reader.quotes import _lists_bodies

    assert not _lists_bodies(["◆日程:2023年11月15日", "◆参加者:92名", "◆共催:国連環境計画"])
    assert _lists_bodies(["・ソラ市", "・ツキ州", "・森川技研株式会社"])
