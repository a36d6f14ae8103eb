"""Values read by their keys: label lines named by the question."""

from __future__ import annotations

from functools import partial

import pytest

from assistant.answer.reader.keyed import keyed_value
from tests.assistant.answer.reader.helpers import reading
from tests.assistant.answer.reader.helpers import unit as any_unit

pytestmark = pytest.mark.unit

unit = partial(any_unit, kind="label")


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


def test_a_label_whose_value_goes_on_in_the_lines_below_it():
    from types import SimpleNamespace

    text = "2 検討会名簿\n議長\t推進室長\n委員 (3区)\tソラ区環境課長\n\tツキ区清掃課長\n\tミナモ区資源課長\n委員 (組合)\t総務課長"
    passage = SimpleNamespace(chunk=SimpleNamespace(text=text))

    def line(s: str, kind: str):
        return any_unit(s, kind, passage=passage, start=text.index(s))

    units = [line("2 検討会名簿", "heading"), line("議長\t推進室長", "label"), line("委員 (3区)\tソラ区環境課長", "label"),
             line("ツキ区清掃課長", "row"), line("ミナモ区資源課長", "row"), line("委員 (組合)\t総務課長", "label")]
    found = keyed_value(reading("検討会に委員を出している3区はどこ？"), units, [0, 1, 2])
    assert found is not None and found.text == "ソラ区環境課長、ツキ区清掃課長、ミナモ区資源課長"
    assert found.also == (3, 4)


def test_a_numbered_heading_is_no_label():
    units = [unit("1 国際協力検討委員会")]
    assert keyed_value(reading("姉妹都市第1号はどこ？"), units, [0]) is None


def test_a_figure_under_the_name_the_question_writes_in_a_row_of_figures_alone():
    row = any_unit("40\t25\t12", "row", heads=("ソラ国", "ツキ国", "ミナモ国"))
    found = keyed_value(reading("国別の協力件数で、ツキ国は何件？"), [row], [0])
    assert found is not None and found.text == "25"


def test_a_bulleted_label_line_and_a_row_of_totals():
    found = keyed_value(reading("ソラ国の友好都市提携件数は何件？"), [unit("- ▶ 友好都市提携件数 1651", kind="item")], [0])
    assert found is not None and found.text == "1651"
    row = any_unit("合計\t1789\t1651", "row", heads=("種類", "総数", "提携件数"))
    found = keyed_value(reading("自治体の提携件数は全部で何件？"), [row], [0])
    assert found is not None and found.text == "1651"


def _ranked(text: str, rank: int, kind: str = "label"):
    return any_unit(text, kind, rank=rank)


def test_the_second_passage_is_read_for_a_label_named_by_a_proper_noun_only():
    units = [_ranked("ソラ州の事業は2020年に始まった。", 0, "sentence"), _ranked("事業は3年間続いた。", 0, "sentence"),
             _ranked("事業の報告書を作成した。", 0, "sentence"), _ranked("実施機関 森川技研株式会社", 1),
             _ranked("参加機関 日本側:こもれび区", 1), _ranked("マレーシア側:ソラ州政府、ソラ州水道公社", 1)]
    order = [0, 1, 2, 4, 3, 5]
    found = keyed_value(reading("ソラ州の事業のマレーシア側参加機関はどこ？"), units, order)
    assert found is not None and found.text == "ソラ州政府、ソラ州水道公社"
    # 「実施機関」 of the second passage is not read for 「その事業の実施機関は」: no proper noun names it.
    assert keyed_value(reading("ソラ州の事業の実施機関はどこ？"), units, order) is None


def test_a_label_named_only_by_words_the_question_says_of_something_else_is_no_answer():
    units = [_ranked("ソラ州における水資源管理支援プロジェクトを実施した。", 0, "sentence"),
             _ranked("マレーシア・ソラ州 吉田担当課長", 0, "heading")]
    assert keyed_value(reading("ソラ州の水資源管理支援プロジェクトの参加機関は？"), units, [0, 1]) is None


def test_a_label_line_inside_a_block_of_lines():
    block = unit("5.2 実施体制\n実施機関 森川技研株式会社\n参加機関 日本側:こもれび区", kind="block")
    found = keyed_value(reading("ソラ州の事業の実施機関はどこ？"), [block], [0])
    assert found is not None and found.text == "森川技研株式会社"


def test_a_row_is_named_by_a_value_the_question_quotes_whole():
    heads = ("年月", "所管", "方針・戦略")
    rows = [any_unit("2017年7月\t環境省\t環境インフラ基本戦略", "row", heads=heads),
            any_unit("2018年7月\t内閣官房\t海外展開戦略(水)", "row", heads=heads)]
    q = reading("表で「海外展開戦略(水)」の所管はどこになっていますか？")
    assert keyed_value(q, rows, [0, 1]).text == "内閣官房"


def test_a_label_the_question_names_as_its_setting_is_not_what_it_asks():
    units = [unit("表 1.ソラ市の主要な方針"), unit("視察:ごみ収集現場/ミナモ館")]
    assert keyed_value(reading("ソラ市の主要な方針の表で、所管はどこですか？"), units[:1], [0]) is None
    assert keyed_value(reading("研修・視察で来たのは、どこの職員でしたか？"), units[1:], [0]) is None


def test_a_label_the_question_asks_for_is_read_and_a_dated_label_after_its_date():
    units = [unit("視察:ごみ収集現場/ミナモ館"), unit("• 2015年12月 ソラ会議を開催")]
    found = keyed_value(reading("研修での視察はどこでしたか？"), units[:1], [0])
    assert found is not None and found.text == "ごみ収集現場/ミナモ館"
    found = keyed_value(reading("2015年12月に開催した会議の名称は？"), units[1:], [0])
    assert found is not None and "ソラ会議" in found.text
