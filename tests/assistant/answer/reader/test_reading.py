"""The shipped reader on invented documents: every kind of answer the issue names."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.integration


def ask(assistant, question, history=None):
    return assistant.ask(question, history)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def test_a_table_cell_under_its_year_column(invented_assistant):
    r = ask(invented_assistant, "みどり市が令和2年度に受け入れた研修員は何人ですか？")
    assert r.answerable and "85人" in r.answer


def test_a_label_line(invented_assistant):
    r = ask(invented_assistant, "みどり市環境局国際課の電話番号は何番ですか？")
    assert r.answerable and "01-2345-6789" in r.answer


def test_an_approximate_quantity(invented_assistant):
    r = ask(invented_assistant, "第5回みどり国際環境フォーラムには何人が参加しましたか？")
    assert r.answerable and "約300人" in r.answer


def test_an_enumeration_answers_every_item(invented_assistant):
    r = ask(invented_assistant, "みどり市の主な取組を挙げてください。")
    assert r.answerable
    for item in ("上下水道の技術協力", "ごみの分別収集の指導", "環境教育教材の翻訳"):
        assert item in r.answer


def test_a_person(invented_assistant):
    r = ask(invented_assistant, "フォーラムで開会挨拶をしたのは誰ですか？")
    assert r.answerable and "山田太郎" in compact(r.answer)


def test_a_question_in_two_parts(invented_assistant):
    r = ask(invented_assistant, "第5回みどり国際環境フォーラムはいつ開催され、何人が参加しましたか？")
    assert r.answerable and "2022年11月" in r.answer and "約300人" in r.answer


def test_a_question_in_three_counted_parts_gets_each_in_the_short_answer(invented_assistant):
    r = ask(invented_assistant, "みどり市が受け入れた海外からの視察は何件、何か国、約何名ですか？")
    assert r.answerable and r.short_answer
    for part in ("18件", "7か国", "140名"):
        assert part in r.short_answer


def test_a_period_is_answered_with_both_ends(invented_assistant):
    r = ask(invented_assistant, "みどり市の海外からの視察の受入れの対象期間はいつからいつまでですか？")
    assert r.answerable and "令和2年4月~令和3年3月" in (r.short_answer or "")


def test_the_items_of_a_series_answer_a_which_question(invented_assistant):
    r = ask(invented_assistant, "かわの町はどの村の合併によって誕生しましたか？")
    assert r.answerable and all(town in (r.short_answer or "") for town in ("東山", "西川", "北浜"))


def test_a_rank_is_not_a_person(invented_assistant):
    r = ask(invented_assistant, "みどり市とルナ市の市長級政策対話には誰が出席しましたか？")
    assert not r.answerable


def test_a_date_in_the_year_the_question_is_set_in(invented_assistant):
    r = ask(invented_assistant, "令和4年にみどり市がソレイユ市と開いた環境政策対話はいつでしたか？")
    assert r.answerable and (r.short_answer or "").startswith("2022年8月")


def test_a_year_that_qualifies_a_noun_is_not_when_it_happened(invented_assistant):
    r = ask(invented_assistant, "みどり市が戦略「みどりゼロ2050」を策定したのはいつですか？")
    assert r.answerable and (r.short_answer or "").startswith("2020年11月")


def test_the_same_year_is_written_out(invented_assistant):
    r = ask(invented_assistant, "みどり市が環境モデル都市に選定されたのはいつですか？")
    assert r.answerable and "同年7月=2019年7月" in r.answer


def test_the_fax_number_not_the_telephone(invented_assistant):
    r = ask(invented_assistant, "みどり市国際交流課のFAX番号は何番ですか？")
    assert r.answerable and r.short_answer == "01-2345-2222"


def test_the_number_a_row_begins_with_is_not_its_value(invented_assistant):
    r = ask(invented_assistant, "みどり市の1人当たりのごみ排出量の目標値はいくつですか？")
    assert r.answerable and "0.8" in (r.short_answer or "") and not (r.short_answer or "").startswith("1")


def test_two_people_named_together(invented_assistant):
    r = ask(invented_assistant, "みどり市の国際交流の記録を編集したのは誰ですか？")
    assert r.answerable and "山川 花子" in (r.short_answer or "") and "森田一郎" in (r.short_answer or "")


def test_the_value_right_after_the_name_the_question_asks_about(invented_assistant):
    r = ask(invented_assistant, "みどり市民交流会のオンライン参加者は何名でしたか？")
    assert r.answerable and r.short_answer == "60名"


def test_a_question_in_parts_answered_from_two_label_lines(invented_assistant):
    r = ask(invented_assistant, "みどり市民交流会はいつ開催され、参加者は何名でしたか？")
    assert r.answerable and "2024年5月20日" in (r.short_answer or "") and "150名" in (r.short_answer or "")
    assert "2024年5月20日" in r.answer and "150名" in r.answer


def test_a_term_defined_on_its_label_line(invented_assistant):
    r = ask(invented_assistant, "みどり市の「みどり三原則」とは何ですか？")
    assert r.answerable and (r.short_answer or "").startswith("分別、削減、再生")


def test_a_heading_that_names_its_term_and_says_it(invented_assistant):
    r = ask(invented_assistant, "みどり市の国際交流の基本理念は何ですか？")
    assert r.answerable and r.short_answer == "環境と交流をつなぐ"


def test_an_absent_attribute_is_declined_with_what_the_documents_say(invented_assistant):
    r = ask(invented_assistant, "かわの町の浄水場見学の料金はいくらですか？")
    assert not r.answerable


def test_a_name_no_document_contains_is_declined(invented_assistant):
    r = ask(invented_assistant, "みどり市とホシノ市の覚書はいつ締結されましたか？")
    assert not r.answerable and "ホシノ" in r.answer


def test_a_year_no_document_states_is_declined(invented_assistant):
    r = ask(invented_assistant, "みどり市が令和5年度に受け入れた研修員は何人ですか？")
    assert not r.answerable


def test_citations_give_the_exact_quote_in_the_original_text(invented_assistant):
    r = ask(invented_assistant, "かわの町水道課が浄水場の運転管理の研修を始めたのは何年ですか？")
    assert r.answerable and "1998年" in r.answer
    index = invented_assistant.handle.get()
    for c in r.citations:
        original = index.original_text(c.doc)
        assert c.quote_start is not None and compact(original[c.quote_start : c.quote_end]) == compact(c.text)


def test_a_yes_no_question_about_an_event_in_a_year_no_unit_states_it_in_is_declined(invented_assistant):
    r = ask(invented_assistant, "みどり市民交流会は2025年に延長されましたか？")
    assert not r.answerable and "延長したという記述" in r.answer
