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


def test_a_row_named_by_the_question_answers_with_the_columns_it_asks_for(invented_assistant):
    r = ask(invented_assistant, "こもれび区の検討会議の第2回はいつ開催され、何について検討しましたか？")
    assert r.answerable and r.short_answer
    assert "令和4年7月20日" in r.short_answer and "素案" in r.short_answer and "最終案" not in r.short_answer


def test_two_columns_of_the_named_row(invented_assistant):
    r = ask(invented_assistant, "こもれび区で、企業のうち協定実績のある団体数とその割合は？")
    assert r.answerable and r.short_answer == "75、30%"


def test_one_column_of_the_named_row(invented_assistant):
    r = ask(invented_assistant, "こもれび区の大学との協定件数は何件ですか？")
    assert r.answerable and r.short_answer == "18"


def test_the_value_of_a_label_the_question_names(invented_assistant):
    r = ask(invented_assistant, "こもれび区の検討会議の議長は誰（どの役職）ですか？")
    assert r.answerable and r.short_answer == "環境協力推進室長"


def test_a_dated_entry_of_a_chronology_answers_when_it_says_what_was_asked(invented_assistant):
    r = ask(invented_assistant, "こもれび区がソラ市で技術交流セミナーを開き、交流を始めたのは何年ですか？")
    assert r.answerable and "1995年" in r.answer


def test_a_person_sent_to_one_of_the_places_the_question_joins_with_ya(invented_assistant):
    r = ask(invented_assistant, "2023年度にこもれび区がソラ市やツキ州に派遣したのは誰ですか？")
    assert r.answerable and ("佐藤担当課長" in r.answer or "山本係長" in r.answer)


def test_a_footnote_defines_the_term_its_mark_follows(invented_assistant):
    r = ask(invented_assistant, "こもれび区の文書でいう「L to L 連携」とは何を意味しますか？")
    assert r.answerable and "自治体同士の連携" in (r.short_answer or "")
    assert "Local to Local" in r.answer


def test_an_abbreviation_a_footnote_gives_is_answered_with_its_term_and_what_the_note_says(invented_assistant):
    r = ask(invented_assistant, "KCNとは何ですか？")
    assert r.answerable and r.short_answer.startswith("こもれび循環ネット:") and r.short_answer.endswith("協議の場")
    assert "協議の場" in r.answer


def test_the_items_that_carry_a_mark_the_question_quotes(invented_assistant):
    r = ask(invented_assistant, "こもれび区の事業内容で【重点】とされている取組はどれですか？")
    assert r.answerable and r.short_answer
    assert "研修生の受入れ" in r.short_answer and "専門家の派遣" in r.short_answer
    assert "広報" not in r.short_answer and "【重点】" not in r.short_answer


def test_the_kinds_a_question_asks_for_are_the_headings_that_end_in_its_category(invented_assistant):
    r = ask(invented_assistant, "こもれび区の技術移転のモデルにはどんな型がありますか？")
    assert r.answerable and r.short_answer
    assert "区主導型" in r.short_answer and "住民団体型" in r.short_answer


def test_a_date_the_question_names_quotes_the_record_it_begins(invented_assistant):
    r = ask(invented_assistant, "2024年3月8日のこもれび区の視察で訪れたのは、どこの職員でしたか？")
    assert r.answerable and "ミナモ市職員" in r.answer


def test_where_an_office_is_answers_with_the_address_under_its_name(invented_assistant):
    r = ask(invented_assistant, "こもれび区の環境協力推進室はどこにありますか？")
    assert r.answerable and "森の台会館" in (r.short_answer or "") and "森の台二丁目3番4号" in r.answer


def test_a_list_question_answered_with_the_quoted_items_of_a_series(invented_assistant):
    r = ask(invented_assistant, "こもれび区の会員へのアンケートで挙げられたものは何ですか？")
    assert r.answerable and r.short_answer
    assert "L to L 連携の深化" in r.short_answer and "個別相談の充実" in r.short_answer and "※" not in r.short_answer


def test_a_date_still_to_come_is_declined_when_the_documents_give_only_past_ones(invented_assistant):
    r = ask(invented_assistant, "みどり国際環境フォーラムの次回はいつ開催されますか？")
    assert not r.answerable


def test_a_follow_up_is_not_answered_with_the_answer_before_it(invented_assistant):
    history = [{"role": "user", "content": "みどり市が国際交流推進方針を策定したのはいつですか？"},
               {"role": "assistant", "content": "2019年2月です。"}]
    r = ask(invented_assistant, "では環境モデル都市に選定されたのはいつですか？", history)
    assert r.answerable and r.short_answer and "2019年2月" not in r.short_answer


def test_a_list_of_bodies_is_answered_with_the_sentence_that_names_them(invented_assistant):
    r = ask(invented_assistant, "こもれび環境フォーラムのパネルディスカッションで発表した企業・金融機関を挙げてください。")
    assert r.answerable and all(name in r.answer for name in ("森川技研株式会社", "ソラ信用金庫", "ツキ銀行"))


def test_a_table_row_is_quoted_after_its_column_heads_once(invented_assistant):
    r = ask(invented_assistant, "こもれび区の検討会議の第3回はいつ開催されましたか？")
    assert r.answerable and "（回 / 開催日 / 検討内容）第3回" in r.answer.replace("\t", " / ")
    assert "回 開催日 検討内容 回" not in r.answer
