"""Span features that compare a candidate with the question: the kind asked, the words beside it."""

from __future__ import annotations

import pytest

from assistant.answer.reader.candidates import candidates
from assistant.answer.reader.features import SPAN_FEATURES, TermWeights, fold, span_features
from tests.assistant.answer.reader.helpers import reading, unit

pytestmark = pytest.mark.unit


def _feature(question: str, text: str, span: str, name: str) -> float:
    u = unit(text)
    found, table = span_features(reading(question), u, TermWeights(lambda t: 1, 10), 0.0, 0)
    at = next(i for i, c in enumerate(found) if c.text == span)
    return float(table[at, SPAN_FEATURES.index(name)])


def test_a_candidate_of_the_kind_asked_is_marked():
    question = "ソラ州で調査してきた技術は何ですか？"
    text = "「ミナモ発電技術」の導入に向けて「温暖化対策推進事業」を経て調査した。"
    assert _feature(question, text, "ミナモ発電技術", "asked_head") == 2.0
    assert _feature(question, text, "温暖化対策推進事業", "asked_head") == 0.0
    assert _feature("ソラ州で調査したのは誰ですか？", text, "ミナモ発電技術", "asked_head") == -1.0


def test_a_candidate_followed_by_the_noun_asked_is_marked():
    assert _feature("視察したのはどこの職員ですか？", "2023.9.4 研修 ルナ国 8 ソラ市職員", "ソラ市", "asked_head") == 1.0


def test_the_words_beside_a_candidate_are_compared_with_the_question():
    question = "全国のごみ焼却施設のうち、自治体が運営する割合は？"
    text = "全国のごみ焼却施設の75%、粗大ごみ処理施設の78%は自治体が運営する。"
    assert _feature(question, text, "75%", "left_echo") > _feature(question, text, "78%", "left_echo")
    assert _feature(question, text, "78%", "right_echo") >= len(fold("自治体が運営する"))


def test_the_question_predicate_written_right_after_a_candidate_is_measured():
    question = "ソラ市の実施方針が改定されたのはいつですか？"
    text = "ソラ市は2012年5月に実施方針を策定(2016年3月改定)した。"
    assert _feature(question, text, "2016年3月", "pred_r") < _feature(question, text, "2012年5月", "pred_r")
    assert _feature("ソラ市の人口は？", "ソラ市は2012年5月に人口10万人となった。", "2012年5月", "pred_r") == -1.0  # no predicate asked


def test_the_longest_echo_of_the_question_anchors_the_candidates_beside_it():
    from assistant.answer.reader.features import echo_anchor

    question = "広報施設「ミナモ未来館」はどこにありますか？"
    text = "ソラ浄水場内の広報施設「ミナモ未来館」、ルナ処理センター内の広報施設「アクア館」を活用する。"
    anchor, at = echo_anchor(question, text)
    assert anchor == fold("広報施設「ミナモ未来館」") and len(at) == 1
    assert text[at[0][0] : at[0][1]] == "広報施設「ミナモ未来館」"
    near, far = (_feature(question, text, s, "anchor_before") for s in ("ソラ浄水場内", "ルナ処理センター内"))
    assert near == 1.0 and far == 99.0  # 「の」 between
    assert _feature(question, text, "アクア館", "anchor_after") > 0
    assert echo_anchor("それは何ですか？", text) == ("", [])
