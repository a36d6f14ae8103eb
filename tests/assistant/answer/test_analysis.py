from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answer.analysis import analyse, extract_entities
from assistant.answer.followup import resolve_followup
from assistant.answer.glossary import translate_question
from assistant.answer.spans import quoted_spans
from ingest.ja.spans import typed_spans

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "answer_type", "counters"),
    [
        ("A市がB市と協定を結んだのはいつですか？", "date", ()),
        ("C町は何年に設立されましたか", "date", ()),
        ("研修には何か国から参加しましたか？", "quantity", ("か国",)),
        ("説明会の参加者は何名でしたか", "quantity", ("名",)),
        ("焼却施設の割合はどれくらい？", "quantity", ("%",)),
        ("D市はどの都市と協定を結んでいますか？", "list", ()),
        ("センター長は誰ですか", "person", ()),
        ("E計画の基本目標は何ですか？", "definition", ()),
        ("How many countries joined the program?", "quantity", ()),
    ],
)
def test_answer_types(question, answer_type, counters):
    qa = analyse(question)
    assert qa.answer_type == answer_type
    if counters:
        assert qa.counters == counters


def test_two_slots_and_two_counters():
    qa = analyse("フォーラムはいつ開催され、何件、何名が参加しましたか？")
    assert qa.slots == ("date", "quantity")
    assert qa.counters == ("件", "名")


def test_era_time_constraint():
    assert analyse("令和元年度の視察者数は何人？").years == (2019,)
    assert analyse("2012年度に策定した方針は？").years == (2012,)


def test_entities_keep_suffixes_and_drop_era_names():
    names = extract_entities("令和2年に横浜市とダナン市が覚書を交換した")
    assert "横浜市" in names and "ダナン市" in names and "令和" not in names


def test_a_question_word_with_a_suffix_is_no_name():
    assert extract_entities("2012年に登録されたのは何川流域か？") == []
    assert "何章" not in extract_entities("ノアの箱舟は創世記の何章に描かれていますか？")


def test_a_name_is_found_without_the_honorific_or_suffix_the_question_adds():
    from assistant.answer.extractive import _mentions

    assert _mentions("山田太郎氏", "2004年には山田太郎が立候補した")
    assert _mentions("ルナ党内", "ルナ党の支部は…")
    assert not _mentions("ミナモ市", "ソラ市の取組")


def test_followup_carries_entities_of_the_previous_question():
    history = [{"role": "user", "content": "横浜市とダナン市の覚書はいつ締結されましたか？"}, {"role": "assistant", "content": "2015年です。"}]
    resolved = resolve_followup("それはいつ更新されましたか？", history)
    assert "横浜市" in resolved.retrieval_query and "ダナン市" in resolved.retrieval_query
    assert resolve_followup("横浜市の人口は？", history).retrieval_query == "横浜市の人口は？"


def test_glossary_maps_english_key_terms():
    text = translate_question("Which cities has Osaka signed memoranda of understanding with?")
    assert "大阪市" in text and "覚書" in text and "どの都市" in text


def test_the_fields_vocabulary_is_translated_longest_phrase_first():
    text = translate_question("How many staff did the water bureau dispatch for the air quality survey?")
    for word in ("職員", "局", "派遣", "大気質", "調査"):
        assert word in text
    assert "テーマ" in translate_question("What was the theme of the panel discussion?")


def test_the_kind_a_which_question_asks_comes_first():
    assert translate_question("Which company implements the water project?").startswith("どの会社")
    assert translate_question("At which government meeting was the water sector taken up?").startswith("どの会議")
    assert translate_question("What companies are members?").startswith("どの会社")
    assert not translate_question("What did Osaka start in 2016?").startswith("どの")


def test_acronyms_of_common_words_are_words_not_names():
    from assistant.answer.understand import required_names

    text = translate_question("Which US city takes part in the project that Kawasaki joined with IGES?")
    assert "アメリカ" in text and "US" not in text.split()
    assert "IGES" in required_names(text, ())
    fiscal = translate_question("Into which language was the Tokyo Model translated in FY2020?")
    assert "2020年度" in fiscal and "FY" not in fiscal
    assert "アメリカ" not in translate_question("Tell us which cities Osaka signed MOUs with")


def test_spans():
    assert [s.text for s in typed_spans("2016年2月18日に締結、平成24年度に策定")] == ["2016年2月18日", "平成24年度"]
    assert [s.text for s in typed_spans("17か国に約70回派遣")] == ["17か国", "約70回"]
    assert [s.text for s in typed_spans("受入実績 6,230人")] == ["6,230人"]
    assert [s.text for s in quoted_spans("「A方針」と「B方針」")] == ["「A方針」", "「B方針」"]


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_analysis_never_fails_on_arbitrary_text(text):
    qa = analyse(text)
    assert qa.answer_type in {"date", "quantity", "person", "place", "list", "definition", "factoid"}


def test_a_follow_up_about_each_item_of_the_previous_answer_carries_the_items():
    history = [{"role": "user", "content": "こもれび区の基本方針は何ですか？"},
               {"role": "assistant", "content": "「官民連携による展開」と「技術協力による貢献」の2つです。"}]
    resolved = resolve_followup("それぞれ、どの取組方針に基づく取組ですか？", history)
    assert resolved.carried[:2] == ("官民連携による展開", "技術協力による貢献")
    assert "官民連携による展開" in resolved.retrieval_query and "基本方針" in resolved.retrieval_query


def test_a_follow_up_about_the_nth_item_carries_that_item_only():
    history = [{"role": "user", "content": "こもれび区の事業はどんな柱で構成されていますか？"},
               {"role": "assistant", "content": "「技術的助言」「人材の育成」「連携の推進」の3本の柱です。"}]
    resolved = resolve_followup("その3つ目の柱ではどのような会議体を設けますか？", history)
    assert "連携の推進" in resolved.carried and "技術的助言" not in resolved.carried


def test_listed_items_from_bullets():
    from assistant.answer.followup import listed_items

    assert listed_items("- ソラ市 [1]\n- ツキ州 [2]") == ["ソラ市", "ツキ州"]
    assert listed_items("2009年です。") == []


@pytest.mark.parametrize(
    ("earlier", "question", "resolved"),
    [
        ("平成25年度に清掃工場が受け入れた海外視察者は何人？", "その前の年度は何人でしたか？", "平成24年度は何人でしたか？"),
        ("平成25年度に清掃工場が受け入れた海外視察者は何人？", "翌年度は？", "平成26年度は？"),
        ("平成31年度の研修は？", "その次の年度は？", "令和2年度は？"),
        ("2019年に何がありましたか", "その前の年は？", "2018年は？"),
        ("平成25年度の受入実績は？", "前年比はどうでしたか？", "前年比はどうでしたか？"),
    ],
)
def test_a_year_named_relative_to_the_earlier_turn_is_made_absolute_in_its_calendar(earlier, question, resolved):
    from assistant.answer.followup import resolve_followup

    assert resolve_followup(question, [{"role": "user", "content": earlier}]).question == resolved


def test_a_relative_year_is_read_from_the_users_turn_not_the_years_an_answer_quotes():
    from assistant.answer.followup import resolve_followup

    history = [{"role": "user", "content": "平成25年度の受入実績は何人？"},
               {"role": "assistant", "content": "（平成23,24年度 / 平成25年度 / 平成26年度）○受入実績 3,207人 [1]"}]
    assert resolve_followup("その前の年度は何人でしたか？", history).question == "平成24年度は何人でしたか？"


def test_a_follow_up_whose_relative_year_is_made_absolute_still_carries_the_earlier_subject():
    from assistant.answer.followup import resolve_followup

    history = [{"role": "user", "content": "平成25年度に清掃工場が受け入れた海外視察者は何人？"}]
    resolved = resolve_followup("その前の年度は何人でしたか？", history)
    assert resolved.question == "平成24年度は何人でしたか？" and "視察" in resolved.retrieval_query
