"""What a defining unit says its term is, as a short answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer.reader.definitions import asked_term, defined
from tests.assistant.answer.reader.helpers import reading, unit

pytestmark = pytest.mark.unit

NOTE_ALIAS = replace(unit("略称は「SW Hub」。"), lead="ソラ水ハブ")
NOTE_BODY = replace(unit("※2 下水道分野において、アジア・太平洋地域の政府機関や援助機関等に対し、政策・技術等をパッケージとした"
                         "トータルソリューションを提供するため、ルナ省が2012年4月に発足させたネットワーク。"), lead="ソラ水ハブ")


def test_the_term_asked_is_the_name_without_its_bracketed_abbreviation():
    assert asked_term(reading("「ソラ水ハブ（SW Hub）」とは何ですか？")) == "ソラ水ハブ"


def test_a_long_definition_is_its_last_clauses_and_an_alias_note_none():
    found = defined(reading("「ソラ水ハブ（SW Hub）」とは何ですか？"), [NOTE_ALIAS, NOTE_BODY], [0, 1])
    assert found is not None and found.endswith("ルナ省が2012年4月に発足させたネットワーク") and len(found) <= 80


def test_an_abbreviation_is_defined_by_its_full_name_and_what_the_next_note_says():
    found = defined(reading("SW Hubとは何ですか？"), [NOTE_ALIAS, NOTE_BODY], [0, 1])
    assert found is not None and found.startswith("ソラ水ハブ:") and "ネットワーク" in found


def test_a_definition_named_by_its_bracketed_abbreviation_says_what_it_is_before_going_on():
    text = ("ソラ都市協力事業(Sora City Cooperation,SCC)はルナ連合(LU)が2021年1月\n に開始した、各国の都市が参加する"
            "都市の交流・協力事業で、ルナ都市とルナ域外の都市がペアを組み、それぞれの持続可能な都市づくりに関する課題に応じて"
            "交流テーマを決め、相互訪問を行うものである。")
    found = defined(reading("ソラ都市協力事業（SCC）とはどのような事業ですか？"), [unit(text)], [0])
    assert found == "ルナ連合(LU)が2021年1月に開始した、各国の都市が参加する都市の交流・協力事業"
