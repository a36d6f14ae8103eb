"""The asked attribute and the units that state it: what the reader declines."""

from __future__ import annotations

from assistant.answer.reader.decline import absent_attribute
from tests.assistant.answer.reader.helpers import reading, unit


def test_a_name_asked_with_nani_needs_a_person():
    q = reading("ルナ市長の名前は何ですか？")
    assert absent_attribute(q, [unit("2019年5月、ルナ市と市長級政策対話を実施した。")], None) == "person"
    assert absent_attribute(q, [unit("ルナ市の山川太郎市長が来訪した。")], None) is None


def test_a_date_still_to_come_needs_a_text_about_the_future():
    q = reading("ルナ市との次回の会合はいつ開催されますか？")
    past = unit("2023年10月、ルナ市との会合を開催した。")
    assert absent_attribute(q, [past], frozenset({"開催"})) == "date"
    planned = unit("次回の会合は2025年5月に開催する予定である。")
    assert absent_attribute(q, [past, planned], frozenset({"開催"})) is None


def test_the_bare_numbers_of_a_label_line_are_no_count():
    q = reading("国際課の職員数は何人ですか？")
    assert absent_attribute(q, [unit("住所:〒545-8550 ルナ市中央1丁目5番1号", kind="label")], None) == "number"
    assert absent_attribute(q, [unit("国際課\t12", kind="row")], None) is None


def test_a_persons_name_needs_a_full_name_or_a_name_beside_a_post():
    q = reading("2022年にルナ市長が来訪した際の市長の名前は？")
    # 浮島 reads as a surname; alone beside 周辺 it names a place, and 職員 is a post, not a name.
    assert absent_attribute(q, [unit("ルナ市職員に対し、浮島周辺施設の視察を行った。")], None) == "person"
    assert absent_attribute(q, [unit("ルナ市の山川太郎市長が来訪した。")], None) is None
    assert absent_attribute(q, [unit("カンボジア王国 フン・セン首相と管理者との会談")], None) is None


def test_a_where_question_needs_a_place_the_question_does_not_name():
    q = reading("ルナ市の副市長が視察した清掃工場はどこ？")
    assert absent_attribute(q, [unit("○ルナ市副市長の清掃工場視察")], None) == "place"
    assert absent_attribute(q, [unit("ルナ市副市長が有明清掃工場を視察した。")], None) is None
    assert absent_attribute(q, [unit("会場は東京区政会館であった。")], None) is None


def test_a_count_joined_to_something_else_is_not_the_count_asked():
    q = reading("ルナ水ネットの会員企業は何社ありますか？")
    assert absent_attribute(q, [unit("会員2社と本市の共同事業体の提案が採択された。")], None) == "number"
    assert absent_attribute(q, [unit("ルナ水ネットの会員企業は45社である。")], None) is None
    q = reading("最終選考の対象は何団体でしたか？")
    assert absent_attribute(q, [unit("最終選考対象6団体の一つとして選ばれた。")], None) is None


def test_a_counter_the_span_grammar_does_not_read_is_looked_for_as_written():
    q = reading("ルナ党は選挙の目標を何票としたか？")
    assert absent_attribute(q, [unit("ルナ党は目標を300万票と表明した。")], None) is None
    assert absent_attribute(q, [unit("ルナ党は目標を表明した。")], None) == "number"


def test_a_foreign_place_name_sudachi_does_not_know_is_a_place():
    q = reading("ソラ諸島とどこが特別自治領か？")
    assert absent_attribute(q, [unit("ソラ諸島とシント・ユースタティウス島が特別自治領である。")], None) is None


def test_a_cell_states_the_year_of_its_own_column_not_every_year_of_its_title():
    from dataclasses import replace

    from assistant.answer.reader.decline import unit_years

    cell = replace(unit("○研修の実施 件数:9件", kind="cell"), lead="平成30年度 令和元年度 令和2年度 平成30年度",
                   own_lead="平成30年度")
    assert unit_years(cell, with_context=False) == {"2018"}
    row = replace(unit("9件\t20件\t7件", kind="row"), lead="平成30年度 / 令和元年度 / 令和2年度")
    assert unit_years(row, with_context=False) == {"2018", "2019", "2020"}


def test_a_language_no_unit_names_is_an_unknown_name_though_its_country_is_named():
    from assistant.answer.reader.decline import names_not_read

    units = [unit("○手引きを3カ国語(英語・タイ語・ベトナム語)に翻訳"), unit("韓国の都市と交流を始めた。")]
    assert names_not_read(reading("手引きの韓国語版はいつ翻訳されましたか？"), units) == ["韓国語"]
    assert names_not_read(reading("手引きのタイ語版はいつ翻訳されましたか？"), units) == []
