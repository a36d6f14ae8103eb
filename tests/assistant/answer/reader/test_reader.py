"""Which units may state the asked attribute of the question's subject (reader.about_subject)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answer.reader.reader import about_subject, places_of_kind
from assistant.answer.reader.units import UnitView
from ingest.ja.morphemes import fine_morphemes

pytestmark = pytest.mark.unit


def unit(text: str, passage_text: str, publisher: str = "こもれび区") -> UnitView:
    chunk = SimpleNamespace(text=passage_text, meta=SimpleNamespace(publisher=publisher))
    return UnitView(text=text, kind="sentence", passage=SimpleNamespace(chunk=chunk), passage_rank=0,
                    passage_score=1.0, index=0, n_in_passage=1, morphemes=tuple(fine_morphemes(text)))


def test_a_unit_naming_the_subject_is_about_it():
    assert about_subject(("ソラ市",), [unit("ソラ市は研修生を受け入れた。", "…")], 0)


def test_a_unit_of_a_passage_that_names_the_subject_is_about_it_unless_it_names_another_place():
    passage = "ソラ市との交流の記録。研修生を延べ300人受け入れた。ミナモ市は10億円の供与を受けた。"
    units = [unit("研修生を延べ300人受け入れた。", passage), unit("ミナモ市は10億円の供与を受けた。", passage)]
    assert about_subject(("ソラ市",), units, 0)
    assert not about_subject(("ソラ市",), units, 1)


def test_a_unit_of_a_passage_that_never_names_the_subject_is_not_about_it():
    assert not about_subject(("ソラ市",), [unit("清掃工場に約4万人を受け入れた。", "清掃工場に約4万人を受け入れた。")], 0)


def test_generic_words_ending_in_a_place_suffix_are_no_places():
    assert places_of_kind("本市は環境未来都市に選ばれ、ミナモ市と協力した。", "ソラ市") == ["ミナモ市"]


def test_a_unit_that_only_restates_the_question_comes_after_those_that_say_more():
    from assistant.answer.reader.reader import restates, saying_more_first
    from tests.assistant.answer.reader.helpers import reading

    q = reading("令和3年10月にこもれび区環境局がまとめた文書名は？")
    assert restates(q, "令和3(2021)年10月")
    assert restates(q, "こもれび区環境局")
    assert not restates(q, "国際事業推進の考え方")
    units = [unit(t, "") for t in ("令和3(2021)年10月", "こもれび区環境局", "国際事業推進の考え方")]
    assert saying_more_first(q, units, [0, 1, 2]) == [2, 0, 1]


def test_the_byline_under_a_documents_title_comes_first_for_who_wrote_it():
    from assistant.answer.reader.reader import byline_first
    from tests.assistant.answer.reader.helpers import reading, unit as invented

    units = [invented(t) for t in ("ソラ市の環境協力白書", "(公財) こもれび研究機構", "金 振、中野綾子", "白書は2013年に作成された。")]
    q = reading("「ソラ市の環境協力白書」の作成者は誰ですか？")
    assert byline_first(q, units, [3, 0, 1, 2]) == [2, 3, 0, 1]
    assert byline_first(reading("白書はいつ作成されましたか？"), units, [3, 0, 1, 2]) == [3, 0, 1, 2]
    assert byline_first(reading("「ミナモ港の計画」の作成者は誰ですか？"), units, [3, 0, 1, 2]) == [3, 0, 1, 2]


def test_a_line_says_what_is_asked_by_the_noun_asked_or_else_by_the_event():
    from assistant.answer.reader.reader import says_what_is_asked
    from tests.assistant.answer.reader.helpers import reading, unit as invented

    line = invented("○ルナ王国 フン・セン首相と管理者との会談")
    assert says_what_is_asked(reading("平成29年度に管理者と会談したルナ王国の首相は誰？"), line)
    assert not says_what_is_asked(reading("平成29年度に管理者と会談したルナ王国の大臣は誰？"), line)
    assert says_what_is_asked(reading("平成29年度に管理者と会談したルナ王国の要人は？"), line)


def test_the_line_writing_the_numbered_name_the_question_writes_comes_first():
    from assistant.answer.reader.reader import longest_echo_first
    from tests.assistant.answer.reader.helpers import reading
    from tests.assistant.answer.reader.helpers import unit as any_unit

    units = [any_unit("○ルナ国「ソラ市廃棄物セミナー」(ルナ国)"), any_unit("○第5回ツキ洋3R推進フォーラム(ミナモ国/ソラ市)で発表")]
    q = reading("平成25年度に発表した第5回ツキ洋3R推進フォーラムはどこで開かれましたか？")
    assert longest_echo_first(q, units, [0, 1]) == [1]
    q = reading("平成25年度のソラ市廃棄物の研修会はどこで開かれましたか？")
    assert longest_echo_first(q, units, [0, 1]) == []


def test_a_who_question_is_answered_from_the_line_that_names_its_proper_nouns():
    from assistant.answer.reader.reader import naming_spans
    from tests.assistant.answer.reader.helpers import reading
    from tests.assistant.answer.reader.helpers import unit as any_unit

    units = [any_unit("○パレスチナ地方自治庁 ソラ・ルナ長官と管理者との会談"), any_unit("○カンボジア王国 ツキ・ミナモ首相と管理者との会談")]
    spans = [(0.5, SimpleNamespace(text="ツキ・ミナモ首相"), 1), (-0.5, SimpleNamespace(text="ソラ・ルナ"), 0)]
    q = reading("平成28年度に管理者と会談したパレスチナ地方自治庁の長官の名前は？")
    assert [s[2] for s in naming_spans(q, units, spans)] == [0]
    assert naming_spans(reading("平成28年度に管理者と会談したのは誰？"), units, spans) == spans
